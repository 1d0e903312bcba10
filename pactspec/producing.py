"""Calling the provider's producers in this process, and turning what they return into contents.

A producer returns a body (dict, list, str, bytes, an ``ElementTree`` element, a dataclass, a
pydantic model) or a :class:`~pactspec.model.Message`; :func:`to_contents` turns it into
:class:`~pactspec.model.MessageContents` as a transport would carry it, so that what could not
be sent (a ``datetime`` in a JSON body, say) fails verification too. :class:`InProcessBackend` is
the verifier backend for producers registered in this Python process.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree as ET

from pactspec.content import body_kind, decode_body, encode_body, guess_content_type
from pactspec.errors import PactSpecError
from pactspec.model import (
    NO_BODY,
    AsynchronousMessage,
    Message,
    MessageContents,
    ProviderState,
    SynchronousMessage,
)
from pactspec.provider import (
    ActiveState,
    Provider,
    StateSetupError,
    call_with,
    producer_arguments,
    raised_at,
    set_up_state,
)

__all__ = ["InProcessBackend", "ProducerError", "to_contents"]


class ProducerError(PactSpecError):
    """A producer could not be called, raised, or returned something that is not a message."""


@dataclass(slots=True)
class InProcessBackend:
    """Calls the producers and state handlers registered in this Python process."""

    provider: Provider

    def set_up(self, state: ProviderState) -> ActiveState:
        handler = self.provider.find_state(state.name)
        if handler is None:
            raise StateSetupError(self._missing("handler for provider state", "provider_state", state.name,
                                                self.provider.states))
        return set_up_state(handler, state)

    def produce(self, interaction: AsynchronousMessage | SynchronousMessage,
                request: MessageContents | None, context: Mapping[str, Any]) -> list[MessageContents]:
        function = self.provider.find_producer(interaction.description)
        if function is None:
            raise ProducerError(self._missing("producer for message", "producer", interaction.description,
                                              self.provider.producers))
        synchronous = isinstance(interaction, SynchronousMessage)
        request_message = None
        if request is not None:
            request_message = Message(request.body, dict(request.metadata), request.content_type,
                                      encode_body(request.body, request.content_type))
        arguments = producer_arguments(function, request=request_message, context=context,
                                       synchronous=synchronous, description=interaction.description)
        try:
            value = call_with(function, *arguments)
        except Exception as exc:
            raise ProducerError(
                f"the producer of {interaction.description!r} raised {type(exc).__name__}: {exc}{raised_at(exc)}"
            ) from exc
        if isinstance(interaction, SynchronousMessage):
            values = value if isinstance(value, (list, tuple)) else [value]
            expected = list(interaction.responses) or [MessageContents()]
            return [to_contents(v, expected[min(i, len(expected) - 1)]) for i, v in enumerate(values)]
        return [to_contents(value, interaction.contents)]

    def _missing(self, noun: str, decorator: str, name: str, registered: Mapping[str, Any]) -> str:
        where = ", ".join(self.provider.sources) or "your app module"
        return f"no {noun} {name!r} ({_known(name, registered)}); add @{decorator}({name!r}) to a function in {where}"


def _known(name: str, registered: Mapping[str, Any]) -> str:
    """``did you mean 'x'?`` when a registered name is close, else a short list of what is there."""
    close = difflib.get_close_matches(name, list(registered), n=1, cutoff=0.75)
    if close:
        return f"did you mean {close[0]!r}?"
    names = sorted(registered)
    if not names:
        return "none are registered"
    more = f" and {len(names) - 5} more" if len(names) > 5 else ""
    return "registered: " + ", ".join(repr(n) for n in names[:5]) + more


def to_contents(value: Any, expected: MessageContents) -> MessageContents:
    """Turn what a producer returned (a body or a Message) into contents, as on the wire.

    The body goes through encode/decode by content type so that anything a real transport could
    not carry (a ``datetime`` in a JSON body, say) fails here too.
    """
    if isinstance(value, Message):
        body, metadata, content_type = value.body, dict(value.metadata), value.content_type
        if body is NO_BODY and value.raw is not None:
            body = value.raw
    elif isinstance(value, MessageContents):
        body, metadata, content_type = value.body, dict(value.metadata), value.content_type
    else:
        body, metadata, content_type = value, {}, None
    if body is None and not isinstance(value, Message):
        body = NO_BODY if expected.body is NO_BODY else None
    body = _plain(body)
    if content_type is None:
        declared = metadata.get("contentType") or metadata.get("content-type") or metadata.get("Content-Type")
        content_type = declared if isinstance(declared, str) else None
    if content_type is None:
        content_type = _implied_type(body, expected)
    try:
        if isinstance(body, str) and body_kind(content_type) == "json" and not isinstance(expected.body, str):
            raw = body.encode("utf-8")  # JSON text the producer serialised itself (json.dumps)
        else:
            raw = encode_body(body, content_type)
        decoded = decode_body(raw, content_type) if raw or body is NO_BODY else body
    except (TypeError, ValueError) as exc:
        raise ProducerError(
            f"the producer returned a body that cannot be sent as {content_type}: {exc}"
        ) from exc
    if content_type and "contentType" not in metadata:
        metadata = {"contentType": content_type, **metadata}
    return MessageContents(body=decoded, content_type=content_type, metadata=metadata)


def _plain(body: Any) -> Any:
    """Objects producers commonly build, as the data a transport would carry."""
    if isinstance(body, ET.Element):
        return '<?xml version="1.0" encoding="UTF-8"?>' + ET.tostring(body, encoding="unicode")
    if dataclasses.is_dataclass(body) and not isinstance(body, type):
        return dataclasses.asdict(body)
    dump = getattr(body, "model_dump", None)  # pydantic v2 models
    if callable(dump):
        return dump(mode="json")
    return body


def _implied_type(body: Any, expected: MessageContents) -> str | None:
    wanted = expected.content_type
    if body is NO_BODY:
        return wanted
    if isinstance(body, (bytes, bytearray)) or (isinstance(body, str) and wanted
                                                  and body_kind(wanted) != "json"):
        return wanted or guess_content_type(body)
    if isinstance(body, str):
        # A str for a JSON contract is JSON text (json.dumps(...)), as it would be on the wire.
        return wanted or guess_content_type(body)
    return wanted if wanted and body_kind(wanted) == "json" else "application/json"
