from typing import Any

from behave import given

from pactspec.steps import *  # registers the pactspec steps


@given("the user feed is connected to the stub")
def user_feed_connected(context: Any) -> None:
    from user_feed import client

    client.start(context.pactspec_stub_url)
