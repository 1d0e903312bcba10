"""Steps for a WebSocket stub (consumer): a server that plays the provider for one scenario.

::

    Scenario: the feed shows every user the provider pushes
      Given the messages of the pacts in "pacts" are served on the WebSocket "ws://127.0.0.1:${PORT}/users"
      And the user feed is connected                 # the consumer's own step: its real client connects
      Then "user_feed.client:has_user_127" is true within 5 seconds
      And the WebSocket stub has served 1 client within 5 seconds

The stub starts listening at its step, before the consumer connects, and stops when the scenario
ends. ``Given the message "RE" of the pacts in "pacts" is served on the WebSocket "URL"`` serves the
messages whose description matches RE, as ``pactspec stub --description``. ``${NAME}`` in the URL
is read from the environment; with port 0 the system picks a free port, and
``context.pactspec_stub_url`` is the URL the stub listens at. Capture (provider) needs no step of
its own: ``Given the transport at "ws://…"`` and ``When the pacts are verified against the
transport``. The steps call :func:`pactspec.stub.serve_pacts`.
"""

from __future__ import annotations

from typing import Any

from behave import given, then

from pactspec.errors import ConfigurationError, ContractError
from pactspec.provider import check_description
from pactspec.steps import _types  # noqa: F401  (registers the parse types before the patterns below)
from pactspec.steps._errors import reported
from pactspec.steps._transports import expand_variables
from pactspec.transports import StubServer, serve_pacts

__all__: list[str] = []


def _serve(context: Any, location: str, url: str, description: str | None) -> None:
    if description is not None:
        check_description(description, "the message description")
    if getattr(context, "pactspec_stub", None) is not None:
        raise ConfigurationError("a WebSocket stub already runs in this scenario; serve all the pacts from one step")
    stub = serve_pacts([location], expand_variables(url), description=description).start()
    context.pactspec_stub = stub
    context.pactspec_stub_url = stub.url

    def stop() -> None:
        stub.stop()
        context.pactspec_stub = None

    context.add_cleanup(stop)  # at the end of the scenario, passed or failed


@given('the messages of the pacts in "{location:PactspecQuoted}" are served on the WebSocket "{url:PactspecQuoted}"')
@reported
def serve_all_on_websocket(context: Any, location: str, url: str) -> None:
    _serve(context, location, url, None)


@given(
    'the message "{description:PactspecQuoted}" of the pacts in "{location:PactspecQuoted}" '
    'is served on the WebSocket "{url:PactspecQuoted}"'
)
@reported
def serve_one_on_websocket(context: Any, description: str, location: str, url: str) -> None:
    _serve(context, location, url, description)


@then("the WebSocket stub has served {clients:d} client within {seconds:g} seconds")
@then("the WebSocket stub has served {clients:d} clients within {seconds:g} seconds")
@reported
def stub_has_served(context: Any, clients: int, seconds: float) -> None:
    """Every message meant for them reached ``clients`` clients (their requests answered too)."""
    stub: StubServer | None = getattr(context, "pactspec_stub", None)
    if stub is None:
        raise ConfigurationError(
            'no WebSocket stub in this scenario; add "Given the messages of the pacts in \\"<folder>\\" are served '
            'on the WebSocket \\"ws://…\\"" first'
        )
    if not stub.wait_for_clients(clients, seconds):
        raise ContractError(
            f"the WebSocket stub at {stub.url} served {stub.served()} of {clients} client(s) within {seconds:g} s; "
            "a client is served once it got every message and had every request answered"
        )
