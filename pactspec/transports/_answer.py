"""Synchronous messages over request/reply: the stub answers requests, capture verification sends one.

Where a transport has request/reply (NATS request/reply, STOMP ``reply-to``, MQTT 5 response
topic), a contract's synchronous message is a request and its response:

- stub: :func:`answer_pacts` subscribes where the requests come and answers each with the response
  of the first contract whose request it matches (consumer-side generators applied); a request no
  contract matches gets no answer, so the consumer's own time limit reports it;
- capture verification (:class:`pactspec.transports.TransportBackend`) sends the contract's request
  and matches the reply the provider's real responder sends back.

A transport that answers has ``respond(answer, destination)`` and ``request(message, destination,
timeout=…)``; Redis Streams, RabbitMQ, SQS and Kafka have neither here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pactspec.errors import InputError
from pactspec.matching import compile_contents
from pactspec.model import Message, MessageContents, SynchronousMessage
from pactspec.pactfile import load_pacts
from pactspec.transports._base import Destination, Transport
from pactspec.transports._registry import open_transport
from pactspec.transports._stub import _selected, example_message
from pactspec.transports._wire import Responder

__all__ = [
    "StubAnswer",
    "answer_pacts",
    "answering",
    "stub_answers",
]


@dataclass(frozen=True, slots=True)
class StubAnswer:
    """One contract's synchronous message: the request it expects and the response it promises."""

    source: str
    consumer: str
    provider: str
    description: str
    request: MessageContents
    response: MessageContents

    def answers(self, request: Message) -> bool:
        """Whether a received request satisfies this contract's request (its rules, as verification reads them)."""
        expected = self.request
        content_type = request.content_type or expected.content_type
        actual = MessageContents(
            body=request.body, content_type=content_type, metadata=dict(request.metadata)
        )
        # Only the body and the contract's own metadata keys decide: transport data (subject, reply
        # subject) is the transport's, not the request's.
        wanted = replace(expected, metadata={k: v for k, v in expected.metadata.items() if k in request.metadata})
        return not compile_contents(wanted).match(actual)


def stub_answers(
    pacts: Sequence[tuple[str, Any]],
    *,
    provider: str | None = None,
    consumer: str | None = None,
    description: str | None = None,
) -> list[StubAnswer]:
    """The synchronous messages of the pacts (one response each, the first), filtered as ``stub`` filters."""
    return [
        StubAnswer(source, pact.consumer, pact.provider, interaction.description,
                   interaction.request, interaction.responses[0])
        for source, pact, interaction in _selected(pacts, provider, consumer, description)
        if isinstance(interaction, SynchronousMessage) and interaction.responses
    ]


def answering(answers: Sequence[StubAnswer]) -> Callable[[Message], Message | None]:
    """The answer function a transport's ``respond`` calls: the first matching contract's response."""

    def answer(request: Message) -> Message | None:
        for stub in answers:
            if stub.answers(request):
                return example_message(stub.response)
        return None

    return answer


def answer_pacts(
    sources: Sequence[str | Path],
    url: str,
    *,
    destination: Destination | None = None,
    provider: str | None = None,
    consumer: str | None = None,
    description: str | None = None,
) -> Responder:
    """Answer the pacts' synchronous messages at ``url`` until the returned handle is closed.

    Finding no synchronous message is an :class:`InputError`; so is a transport without request/reply.
    """
    answers = stub_answers(load_pacts(list(sources)), provider=provider, consumer=consumer, description=description)
    if not answers:
        raise InputError(
            f"no synchronous message in {', '.join(str(s) for s in sources)}"
            + (f" for provider {provider!r}" if provider else "")
            + "; check the pact folder and the filters"
        )
    transport: Transport = open_transport(url)
    respond = getattr(transport, "respond", None)
    if respond is None:
        transport.close()
        raise InputError(
            f"{url.split('://', 1)[0]}:// has no request/reply in pactspec; synchronous messages are answered "
            "over NATS, STOMP (ActiveMQ) and MQTT 5"
        )
    try:
        responder: Responder = respond(answering(answers), destination or Destination())
    except Exception:
        transport.close()
        raise

    def stop() -> None:
        try:
            responder.close()
        finally:
            transport.close()

    return Responder(responder.where, stop)
