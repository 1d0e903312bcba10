import os

from behave import given

from pactspec.steps import *  # registers the pactspec steps


@given("the user directory is subscribed")
def user_directory_subscribed(context: object) -> None:
    from user_directory import subscriber

    subscriber.start(os.environ["STOMP_URL"])
