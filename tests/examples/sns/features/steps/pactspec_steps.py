import os

from behave import given

from pactspec.steps import *  # registers the pactspec steps


@given("notifications is subscribed")
def notifications_subscribed(context: object) -> None:
    from notifications import subscriber

    subscriber.start(os.environ["SNS_URL"].replace("sns+http://", "http://"))
