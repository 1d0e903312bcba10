"""The consumer's handler: the example message it is given, conversion to its type, and calling it.

The handler receives a :class:`pactspec.Message` (generators applied in consumer mode, the body
decoded by content type, or converted with ``as``); whatever it raises is its rejection.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from typing import Any

from pactspec.content import body_kind, encode_body
from pactspec.errors import (
    ConfigurationError,
    HandlerRejected,
    InputError,
    UserCodeError,
)
from pactspec.generators import apply_generators
from pactspec.model import NO_BODY, Message, MessageContents, ProviderState
from pactspec.usercode import DEFAULT_TIMEOUT, call_user_code, raised_at, resolve

__all__ = ["call_handler", "example_message", "resolve_handler"]

def example_message(
    contents: MessageContents, states: Sequence[ProviderState], *, as_type: Callable[..., Any] | None = None
) -> Message:
    """The message handed to the consumer: generators applied (consumer mode), body decoded."""
    generated = contents
    if contents.generators:
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
    name = f"{getattr(as_type, '__module__', '?')}:{getattr(as_type, '__qualname__', repr(as_type))}"
    if not isinstance(body, dict):
        raise InputError(f"the message body is {type(body).__name__}, not a JSON object, so it cannot be "
                         f'converted to {name}; remove as "{name}" or make the content a JSON object')
    try:
        if not dataclasses.is_dataclass(as_type) and isinstance(as_type, type) and as_type not in (dict, object):
            return as_type(**body)  # a plain class taking keyword arguments: its fields are not typed for us
        return _build(as_type, body)
    except TypeError as exc:
        raise InputError(f"the example cannot be converted to {name} ({exc}); make the example's fields "
                         f'the parameters {name} takes, or remove as "{name}"') from exc


def _build(kind: Any, value: Any) -> Any:
    """``value`` converted to the type ``kind`` names, through Optional, unions, lists, dicts and tuples."""
    import types
    import typing

    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin is typing.Annotated:
        return _build(args[0], value)
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        # the first dataclass (or class) alternative that the value fits
        for option in args:
            if option is type(None):
                continue
            if isinstance(value, dict) and dataclasses.is_dataclass(option):
                return _build(option, value)
            if isinstance(value, list) and typing.get_origin(option) in (list, tuple, set, frozenset):
                return _build(option, value)
            if isinstance(value, dict) and typing.get_origin(option) is dict:
                return _build(option, value)
        return value
    if isinstance(value, list) and origin in (list, set, frozenset) and args:
        return origin(_build(args[0], item) for item in value)
    if isinstance(value, list) and origin is tuple and args:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_build(args[0], item) for item in value)
        return tuple(_build(args[i], item) if i < len(args) else item for i, item in enumerate(value))
    if isinstance(value, dict) and origin is dict and len(args) == 2:
        return {key: _build(args[1], item) for key, item in value.items()}
    if dataclasses.is_dataclass(kind) and isinstance(kind, type) and isinstance(value, dict):
        hints = _field_types(kind)
        return kind(**{key: _build(hints.get(key), item) for key, item in value.items()})
    return value


def _field_types(kind: type) -> dict[str, Any]:
    import typing

    try:
        return typing.get_type_hints(kind)
    except (NameError, TypeError, AttributeError):  # unresolvable annotations: convert the top level only
        return {}


def resolve_handler(handler_ref: str, as_ref: str | None) -> tuple[Callable[..., Any], Callable[..., Any] | None]:
    """Import the handler and the ``as`` type; ``ConfigurationError`` says what to fix."""
    handler = _resolve(handler_ref)
    if not callable(handler):
        raise ConfigurationError(f"{handler_ref} is a {type(handler).__name__}, not a function; point at the "
                                 'handler function, e.g. "users.consumer:handle_user"')
    as_type = _resolve(as_ref) if as_ref else None
    if as_ref and not callable(as_type):
        raise ConfigurationError(f"{as_ref} is a {type(as_type).__name__}, not a type; point at a dataclass or "
                                 'a class taking keyword arguments, e.g. "users.model:User"')
    return handler, as_type


def _resolve(reference: str) -> Any:
    try:
        return resolve(reference)
    except ConfigurationError as exc:
        where = raised_at(exc.__cause__) if exc.__cause__ is not None else ""
        if not where or isinstance(exc.__cause__, AttributeError):
            raise
        module = reference.partition(":")[0]
        raise ConfigurationError(f"{exc}{where}; fix that module so that python -c \"import {module}\" "
                                 "works (install what it imports, or correct the import)") from exc.__cause__


def call_handler(handler: Callable[..., Any], args: Sequence[Any], *, label: str,
                 timeout: float | None = DEFAULT_TIMEOUT) -> None:
    """Call the consumer's handler (``async def`` ones too); a raise becomes :class:`HandlerRejected`.

    One that runs longer than ``timeout`` seconds raises :class:`~pactspec.errors.UserCodeTimeout`:
    that is no rejection, and fails the scenario even when it expects one.
    """
    try:
        call_user_code(handler, tuple(args), what=label, timeout=timeout)
    except UserCodeError as exc:  # whatever the consumer's code raises (or exits with) is its rejection
        raise HandlerRejected(f"{label} rejected the message: {exc.reason}", exc.error) from exc.error
