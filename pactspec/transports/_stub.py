"""Stub delivery: publish each contract's example message to a real transport, like a stub runner.

A consumer is then tested through its real subscription code: the messages it gets are the ones
its contracts promise, with the consumer-side generators applied (fresh UUIDs, dates, random
numbers), on the exchange / routing key / queue / topic the URL or the contract's metadata names.
Where the consumer connects to its provider (``ws://``), the stub is a server instead
(:func:`serve_pacts`): it sends the examples to each client and answers the synchronous messages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pactspec.content import CONTENT_TYPE_KEY, content_type_key
from pactspec.errors import InputError
from pactspec.generators import apply_generators
from pactspec.model import (
    AsynchronousMessage,
    Interaction,
    Message,
    MessageContents,
    Pact,
    SynchronousMessage,
)
from pactspec.pactfile import load_pacts
from pactspec.regex import compile_pattern
from pactspec.transports._base import Destination, StubServer, Transport
from pactspec.transports._registry import open_transport, stub_server_factory

__all__ = [
    "StubExchange",
    "StubMessage",
    "deliver",
    "deliver_pacts",
    "example_message",
    "request_message",
    "serve_pacts",
    "stub_exchanges",
    "stub_messages",
]


@dataclass(frozen=True, slots=True)
class StubMessage:
    """One contract's example message, ready to publish."""

    source: str
    consumer: str
    provider: str
    description: str
    message: Message

    def describe(self) -> str:
        return f"{self.description!r} ({self.consumer} → {self.provider}, {self.source})"


@dataclass(frozen=True, slots=True)
class StubExchange:
    """One contract's synchronous message: the request a stub server answers, and its example responses."""

    source: str
    consumer: str
    provider: str
    description: str
    request: MessageContents  # the contract's expectation, rules and all: a request is matched against it
    responses: tuple[Message, ...]

    def describe(self) -> str:
        return f"{self.description!r} ({self.consumer} → {self.provider}, {self.source})"


def example_message(contents: MessageContents) -> Message:
    """The example a contract states, consumer-side generators applied."""
    if contents.generators:
        contents = apply_generators(contents, {}, mode="consumer")
    return request_message(contents)


def request_message(contents: MessageContents) -> Message:
    """The message a contract states, as it stands (its content type named in the metadata)."""
    metadata = dict(contents.metadata)
    if contents.content_type and content_type_key(metadata) is None:
        metadata[CONTENT_TYPE_KEY] = contents.content_type
    return Message(body=contents.body, metadata=metadata, content_type=contents.content_type)


def stub_messages(
    pacts: Iterable[tuple[str, Pact]],
    *,
    provider: str | None = None,
    consumer: str | None = None,
    description: str | None = None,
) -> list[StubMessage]:
    """The asynchronous messages of the pacts, filtered; ``description`` is a regex searched."""
    return [
        StubMessage(source, pact.consumer, pact.provider, interaction.description, example_message(interaction.contents))
        for source, pact, interaction in _selected(pacts, provider, consumer, description)
        if isinstance(interaction, AsynchronousMessage)  # synchronous messages are answered, not delivered
    ]


def stub_exchanges(
    pacts: Iterable[tuple[str, Pact]],
    *,
    provider: str | None = None,
    consumer: str | None = None,
    description: str | None = None,
) -> list[StubExchange]:
    """The synchronous messages of the pacts, filtered as :func:`stub_messages` filters: what a stub server answers."""
    return [
        StubExchange(source, pact.consumer, pact.provider, interaction.description, interaction.request,
                     tuple(example_message(response) for response in interaction.responses))
        for source, pact, interaction in _selected(pacts, provider, consumer, description)
        if isinstance(interaction, SynchronousMessage)
    ]


def _selected(
    pacts: Iterable[tuple[str, Pact]], provider: str | None, consumer: str | None, description: str | None
) -> Iterator[tuple[str, Pact, Interaction]]:
    """The interactions of the pacts of ``provider`` and ``consumer`` whose description matches (HTTP is not ours)."""
    pattern = None
    if description is not None:
        pattern = compile_pattern(description, path="--description")
    for source, pact in pacts:
        if provider is not None and pact.provider != provider:
            continue
        if consumer is not None and pact.consumer != consumer:
            continue
        for interaction in pact.interactions:
            if pattern is not None and not pattern.search(interaction.description):
                continue
            yield source, pact, interaction


def deliver(
    messages: Sequence[StubMessage], transport: Transport, destination: Destination | None = None
) -> list[tuple[StubMessage, str]]:
    """Publish the messages in order, each with where it went; the first refusal stops delivery."""
    return [(stub, transport.publish(stub.message, destination or Destination())) for stub in messages]


def deliver_pacts(
    sources: Sequence[str | Path],
    url: str,
    *,
    provider: str | None = None,
    consumer: str | None = None,
    description: str | None = None,
    destination: Destination | None = None,
    allow_empty: bool = False,
) -> list[tuple[StubMessage, str]]:
    """Load pacts, pick their messages, publish them to the transport at ``url``; returns what went where.

    ``description`` is a regular expression searched in each message's description (unanchored, as
    ``pactspec stub --description``); ``destination`` overrides where the URL says to publish.
    Finding no pact file or no message is an :class:`InputError` unless ``allow_empty``; then
    nothing is delivered and the transport is not opened.
    """
    pacts = load_pacts(list(sources), allow_empty=allow_empty)
    messages = stub_messages(pacts, provider=provider, consumer=consumer, description=description)
    if not messages and allow_empty:
        return []
    if not messages:
        raise _nothing_found("asynchronous message", sources, provider, consumer, description)
    with open_transport(url) as transport:
        return deliver(messages, transport, destination)


def serve_pacts(
    sources: Sequence[str | Path],
    url: str,
    *,
    provider: str | None = None,
    consumer: str | None = None,
    description: str | None = None,
    allow_empty: bool = False,
    log: Callable[[str], None] | None = None,
) -> StubServer:
    """A stub server (``ws://``) for the pacts' messages, not started yet: use it as a context manager.

    ``with serve_pacts(["pacts"], "ws://127.0.0.1:8765/users") as stub:`` listens until the block
    ends; it sends each asynchronous message's example to every client that connects and answers
    the synchronous messages' requests. Filters and ``allow_empty`` work as in :func:`deliver_pacts`;
    ``log`` gets a line for each delivery, answer and refused request.
    """
    pacts = load_pacts(list(sources), allow_empty=allow_empty)
    messages = stub_messages(pacts, provider=provider, consumer=consumer, description=description)
    exchanges = stub_exchanges(pacts, provider=provider, consumer=consumer, description=description)
    if not messages and not exchanges and not allow_empty:
        raise _nothing_found("message", sources, provider, consumer, description)
    return stub_server_factory(url)(url, messages, exchanges, log=log)


def _nothing_found(
    what: str, sources: Sequence[str | Path], provider: str | None, consumer: str | None, description: str | None
) -> InputError:
    who = " and ".join(
        part
        for part in (
            f"provider {provider!r}" if provider else "",
            f"consumer {consumer!r}" if consumer else "",
            f"a description matching /{description}/" if description else "",
        )
        if part
    )
    where = ", ".join(str(s) for s in sources)
    return InputError(
        f"no {what} in {where}"
        + (f" for {who}" if who else "")
        + "; check the pact folder and the filters, or pass --allow-empty"
    )
