"""Transport steps for Redis Streams, NATS, MQTT and ActiveMQ, worded as the RabbitMQ, SQS and Kafka ones::

    Given the messages are captured from the NATS subject "users.created"
    When the messages of the pacts in "pacts" are delivered to the MQTT topic "users/created"
    When the message "user created" of the pacts in "pacts" is delivered to the Redis stream "users"

Places: ``the Redis stream "S"``, ``the NATS subject "S"``, ``the MQTT topic "T"``, ``the ActiveMQ
queue "Q"``, ``the ActiveMQ topic "T"``. The rest (the transport's URL, the wait, the verification
and its result) are the steps of :mod:`pactspec.steps._transports`.

Synchronous messages (request/reply on NATS, ActiveMQ and MQTT 5): a consumer's scenario starts a
stub that answers its requests with the contracts' responses until the scenario ends::

    Given the requests of the pacts in "pacts" are answered on the NATS subject "users.lookup"

Capture verification of a synchronous message sends the contract's request to the place the
messages are captured from and matches the reply (``When the pacts are verified against the transport``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from behave import given

from pactspec.steps import _types  # noqa: F401  (registers the parse types before the patterns below)
from pactspec.steps._errors import reported
from pactspec.steps._transports import _capture_step, _delivery_steps, _url
from pactspec.transports import Destination, answer_pacts

__all__: list[str] = []

# the words naming a place in a step -> the Destination it is
_PLACES: dict[str, Callable[[str], Destination]] = {
    "Redis stream": lambda name: Destination(topic=name),
    "NATS subject": lambda name: Destination(topic=name),
    "MQTT topic": lambda name: Destination(topic=name),
    "ActiveMQ queue": lambda name: Destination(queue=name),
    "ActiveMQ topic": lambda name: Destination(topic=name),
}


def _register(words: str, place: Callable[[str], Destination]) -> None:
    """The capture step, the answering step and the two delivery steps for one kind of place."""

    def answered_on(context: Any, location: str, name: str) -> None:
        responder = answer_pacts([location], _url(context), destination=place(name))
        context.add_cleanup(responder.close)

    _capture_step(words, place)
    if words != "Redis stream":  # Redis Streams has no request/reply
        given(
            f'the requests of the pacts in "{{location:PactspecQuoted}}" are answered on the {words} "{{name:PactspecQuoted}}"'
        )(reported(answered_on))
    _delivery_steps(words, place)


for _words, _place in _PLACES.items():
    _register(_words, _place)
