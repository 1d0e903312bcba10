"""The consumer's handler: the example message it is given, conversion to its type, and calling it.

The handler receives a :class:`pactspec.Message` (generators applied in consumer mode, the body
decoded by content type, or converted with ``as``); whatever it raises is its rejection.
"""

from __future__ import annotations

import asyncio
import copy
import dataclasses
import inspect
import json
import traceback
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from typing import Any

from pactspec.content import body_kind, encode_body
from pactspec.errors import ContractError
from pactspec.model import NO_BODY, Message, MessageContents, ProviderState

__all__ = ["HandlerRejected", "call_handler", "example_message"]


class HandlerRejected(ContractError):
    """The consumer's handler raised on the example message; ``error`` is what it raised."""

    def __init__(self, message: str, error: BaseException) -> None:
        super().__init__(message)
        self.error = error


def example_message(
    contents: MessageContents, states: Sequence[ProviderState], *, as_type: Callable[..., Any] | None = None
) -> Message:
    """The message handed to the consumer: generators applied (consumer mode), body decoded."""
    generated = contents
    if contents.generators:
        from pactspec.generators import apply_generators

        context: dict[str, Any] = {}
        for state in states:
            context.update(state.params)
        generated = apply_generators(contents, context, mode="consumer")
    raw = encode_body(generated.body, generated.content_type)
    kind = body_kind(generated.content_type)
    body: Any
    if generated.body is NO_BODY:
        body = NO_BODY
    elif kind == "json":
        body = json.loads(raw) if raw else NO_BODY  # a fresh copy: the handler may mutate it
    elif kind == "xml":
        body = ET.fromstring(raw)
    elif kind == "text":
        body = raw.decode("utf-8")
    else:
        body = raw
    if as_type is not None:
        body = _convert(body, as_type)
    return Message(body=body, metadata=copy.deepcopy(dict(generated.metadata)),
                   content_type=generated.content_type, raw=raw)


def _convert(body: Any, as_type: Callable[..., Any]) -> Any:
    name = getattr(as_type, "__qualname__", repr(as_type))
    if not isinstance(body, dict):
        raise ContractError(f"the message body is {type(body).__name__}, not a JSON object, so it cannot be "
                            f"converted to {name}; remove 'as' or send an object")
    try:
        return _build(as_type, body)
    except TypeError as exc:
        raise ContractError(f"the message body cannot be converted to {name}: {exc}") from None


def _build(kind: Any, value: Any) -> Any:
    if dataclasses.is_dataclass(kind) and isinstance(kind, type) and isinstance(value, dict):
        hints = _field_types(kind)
        return kind(**{key: _build(hints.get(key), item) for key, item in value.items()})
    if isinstance(kind, type) and isinstance(value, dict) and kind not in (dict, object):
        return kind(**value)
    return value


def _field_types(kind: type) -> dict[str, Any]:
    import typing

    try:
        hints = typing.get_type_hints(kind)
    except (NameError, TypeError, AttributeError):  # unresolvable annotations: convert the top level only
        return {}
    return {name: hint for name, hint in hints.items() if dataclasses.is_dataclass(hint)}


def call_handler(handler: Callable[..., Any], args: Sequence[Any], *, label: str) -> None:
    """Call the consumer's handler (``async def`` ones too); a raise becomes :class:`HandlerRejected`."""
    try:
        result = handler(*args)
        if inspect.isawaitable(result):
            asyncio.run(_wait_for(result))
    except Exception as exc:  # noqa: BLE001 - whatever the consumer's code raises is its rejection
        frames = traceback.extract_tb(exc.__traceback__)
        where = f" (raised at {frames[-1].filename}:{frames[-1].lineno} in {frames[-1].name})" if frames else ""
        raise HandlerRejected(f"{label} rejected the message: {type(exc).__name__}: {exc}{where}", exc) from None


async def _wait_for(awaitable: Any) -> Any:
    return await awaitable

