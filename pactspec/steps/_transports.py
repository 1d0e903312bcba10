"""Steps for transports (real message brokers): capture verification (provider) and stub delivery (consumer).

Provider — verify what the app's real publishing code puts on the transport::

    Scenario: user-events publishes what its consumers expect
      Given the pacts for provider "user-events" in "pacts/"
      And the producers in "users.publisher"          # its @trigger and @provider_state functions
      And the transport at "${AMQP_URL}"
      And the messages are captured from the RabbitMQ exchange "users" with routing key "user.#"
      When the pacts are verified against the transport
      Then every interaction passes

Other sources: ``the RabbitMQ exchange "E"``, ``the RabbitMQ queue "Q"``, ``the SQS queue "Q"``,
``the Kafka topic "T"``; ``Given each captured message is awaited for 10 seconds``. The result
feeds the provider steps' ``Then every interaction passes`` / ``Then the verification fails`` /
``Then the verification report says:``.

Consumer — deliver the contracts' example messages to the transport the real consumer reads::

    When the messages of the pacts in "pacts/" are delivered to the RabbitMQ exchange "users"
    When the message "a user created event" of the pacts in "pacts/" is delivered to the SQS queue "users"
    Then "users.subscriber:has_received_ada" is true within 5 seconds

The message description is a regular expression searched in the contracts' descriptions, as
``pactspec stub --description`` ("user created" picks "a user created event"; anchor it with
``^…$`` for one exact description). ``${NAME}`` in a transport URL is read from the environment.
The steps call the same functions as the CLI: :func:`pactspec.capture.verify_by_capture` and
:func:`pactspec.stub.deliver_pacts`.

Renamed in 0.2 ("broker" is the Pact Broker's word): ``the message broker at "…"`` and ``the pacts
are verified against the broker`` still work until 0.3, and print a ``FutureWarning`` naming the
new step at the feature file's line.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from behave import given, then, when

from pactspec.errors import ConfigurationError, ContractError
from pactspec.provider import Filters, check_description
from pactspec.steps import _types  # noqa: F401  (registers the parse types before the patterns below)
from pactspec.steps._errors import reported
from pactspec.steps._provider import _setup
from pactspec.transports import DEFAULT_WAIT, Destination, deliver_pacts, verify_by_capture
from pactspec.usercode import resolve

__all__: list[str] = []


_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass
class _Transport:
    url: str | None = None
    source: Destination = field(default_factory=Destination)
    timeout: float = DEFAULT_WAIT


def _transport(context: Any) -> _Transport:
    if not hasattr(context, "pactspec_transport"):
        context.pactspec_transport = _Transport()
    transport: _Transport = context.pactspec_transport
    return transport


def _url(context: Any) -> str:
    url = _transport(context).url
    if url is None:
        raise ConfigurationError('no transport yet; add "Given the transport at \\"<url>\\"" first')
    return url


# warnings' registries, one per feature file: each old step text on a line is reported once per run
_WARNED: dict[str, dict[str | tuple[str, type[Warning], int], int]] = {}


def _renamed_step(context: Any, old: str, new: str) -> None:
    """A FutureWarning, at the feature file's line, that the step text ``old`` is now ``new``.

    FutureWarning because behave's users never see a DeprecationWarning; written to the real stderr
    because behave captures a passing step's output and drops it.
    """
    scenario = getattr(context, "scenario", None)
    steps = getattr(scenario, "all_steps", ())  # its copies of the background's steps, then its own
    # behave runs steps in order, so the one running is the first not yet run
    step = next((step for step in steps if getattr(step.status, "name", "") == "untested"), None)
    filename = getattr(step, "filename", None) or "<feature>"
    with contextlib.redirect_stderr(sys.__stderr__):
        warnings.warn_explicit(
            f"the step '{old}' is renamed '{new}' in pactspec 0.2 (the old text goes in 0.3); write '{new}'",
            FutureWarning,
            filename=filename,
            lineno=getattr(step, "line", None) or 0,
            registry=_WARNED.setdefault(filename, {}),
        )


def expand_variables(text: str) -> str:
    """``amqp://${RABBIT_HOST}/`` with the environment's values; a missing one is an error."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in os.environ:
            raise ConfigurationError(
                f"the environment variable {name} used in {text!r} is not set; set it or write the URL"
            )
        return os.environ[name]

    return _VARIABLE.sub(value, text)


@given('the transport at "{url:PactspecQuoted}"')
@reported
def transport_at(context: Any, url: str) -> None:
    _transport(context).url = expand_variables(url)


@given('the message broker at "{url:PactspecQuoted}"')
@reported
def message_broker_at(context: Any, url: str) -> None:
    """The step's text before 0.2."""
    _renamed_step(context, 'the message broker at "…"', 'the transport at "…"')
    transport_at(context, url)


@given(
    'the messages are captured from the RabbitMQ exchange "{exchange:PactspecQuoted}" with routing key "{key:PactspecQuoted}"'
)
@reported
def captured_from_exchange_with_key(context: Any, exchange: str, key: str) -> None:
    _transport(context).source = Destination(exchange=exchange, routing_key=key)


@given('the messages are captured from the RabbitMQ exchange "{exchange:PactspecQuoted}"')
@reported
def captured_from_exchange(context: Any, exchange: str) -> None:
    _transport(context).source = Destination(exchange=exchange)


@given("each captured message is awaited for {seconds:g} seconds")
@reported
def captured_message_wait(context: Any, seconds: float) -> None:
    if seconds <= 0:
        raise ConfigurationError(f"the wait must be a positive number of seconds, not {seconds:g}")
    _transport(context).timeout = seconds


@when("the pacts are verified against the transport")
@reported
def pacts_verified_against_transport(context: Any) -> None:
    setup = _setup(context)
    if not setup.apps:
        raise ConfigurationError(
            'no triggers to run: add "And the producers in \\"<module>\\"" naming the module with your @trigger functions'
        )
    transport = _transport(context)
    setup.result = verify_by_capture(
        setup.sources,
        url=_url(context),
        app=setup.apps,
        source=transport.source,
        provider=setup.provider,
        filters=Filters(setup.description, setup.state, setup.no_state),
        timeout=transport.timeout,
        provider_version=setup.version,
    )


@when("the pacts are verified against the broker")
@reported
def pacts_verified_against_broker(context: Any) -> None:
    """The step's text before 0.2."""
    _renamed_step(context, "the pacts are verified against the broker", "the pacts are verified against the transport")
    pacts_verified_against_transport(context)


def _deliver(context: Any, location: str, destination: Destination, description: str | None) -> None:
    """Deliver the pacts' messages; ``description`` is a regular expression searched, as in ``pactspec stub``."""
    if description is not None:
        check_description(description, "the message description")
    context.pactspec_delivered = deliver_pacts([location], _url(context), destination=destination,
                                               description=description)


def _capture_step(words: str, place: Callable[[str], Destination]) -> None:
    """The capture step for one kind of place: ``the messages are captured from the {words} "…"``."""

    def captured_from(context: Any, name: str) -> None:
        _transport(context).source = place(name)

    given(f'the messages are captured from the {words} "{{name:PactspecQuoted}}"')(reported(captured_from))


def _delivery_steps(words: str, place: Callable[[str], Destination]) -> None:
    """The two delivery steps (all messages, the messages whose description matches) for one kind of place."""

    def deliver_all(context: Any, location: str, name: str) -> None:
        _deliver(context, location, place(name), None)

    def deliver_one(context: Any, description: str, location: str, name: str) -> None:
        _deliver(context, location, place(name), description)

    when(
        f'the messages of the pacts in "{{location:PactspecQuoted}}" are delivered to the {words} "{{name:PactspecQuoted}}"'
    )(reported(deliver_all))
    when(
        f'the message "{{description:PactspecQuoted}}" of the pacts in "{{location:PactspecQuoted}}" '
        f'is delivered to the {words} "{{name:PactspecQuoted}}"'
    )(reported(deliver_one))


# the words naming a place in a capture or delivery step -> the Destination it is
_PLACES: dict[str, Callable[[str], Destination]] = {
    "RabbitMQ exchange": lambda name: Destination(exchange=name),
    "RabbitMQ queue": lambda name: Destination(queue=name),
    "SQS queue": lambda name: Destination(queue=name),
    "Kafka topic": lambda name: Destination(topic=name),
}
for _words in ("RabbitMQ queue", "SQS queue", "Kafka topic"):  # a RabbitMQ exchange's capture steps are above
    _capture_step(_words, _PLACES[_words])
for _words in ("RabbitMQ exchange", "SQS queue", "Kafka topic"):
    _delivery_steps(_words, _PLACES[_words])


@then('"{reference:PactspecQuoted}" is true within {seconds:g} seconds')
@reported
def eventually_true(context: Any, reference: str, seconds: float) -> None:
    """Poll a check of the consumer's (``module:function``) until it returns true or time is up."""
    check = resolve(reference)
    deadline = time.monotonic() + seconds
    last: str = "it returned false"
    while True:
        try:
            if check():
                return
            last = "it returned false"
        except AssertionError as exc:
            last = f"it failed: {exc}"
        if time.monotonic() >= deadline:
            raise ContractError(f"{reference} was not true within {seconds:g} s; {last}")
        time.sleep(0.05)
