"""The consumer's handler: the example message it is given, conversion to its type, and calling it.

The handler receives a :class:`pactspec.Message` (generators applied in consumer mode, the body
decoded by content type, or converted with ``as``); whatever it raises is its rejection.
"""

from __future__ import annotations

import copy
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pactspec.consumer._convert import convert
from pactspec.content import body_kind, encode_body
from pactspec.errors import (
    ConfigurationError,
    HandlerRejected,
    UserCodeError,
)
from pactspec.generators import apply_generators
from pactspec.model import NO_BODY, Message, MessageContents, ProviderState
from pactspec.usercode import DEFAULT_TIMEOUT, call_user_code, raised_at, resolve, signature_of

__all__ = ["call_handler", "dispatch", "example_message", "resolve_handler", "resolve_type", "takes_message"]

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
        body = convert(body, as_type)
    return Message(body=body, metadata=copy.deepcopy(dict(generated.metadata)),
                   content_type=generated.content_type, raw=raw)


def resolve_handler(handler_ref: str, as_ref: str | None) -> tuple[Callable[..., Any], Callable[..., Any] | None]:
    """Import the handler and the ``as`` type; ``ConfigurationError`` says what to fix."""
    handler = _resolve(handler_ref)
    if not callable(handler):
        raise ConfigurationError(f"{handler_ref} is a {type(handler).__name__}, not a function; point at the "
                                 'handler function, e.g. "users.consumer:handle_user"')
    return handler, resolve_type(as_ref) if as_ref else None


def resolve_type(as_ref: str) -> Callable[..., Any]:
    """Import the ``as`` type; ``ConfigurationError`` says what to fix."""
    as_type = _resolve(as_ref)
    if not callable(as_type):
        raise ConfigurationError(f"{as_ref} is a {type(as_type).__name__}, not a type; point at a dataclass or "
                                 'a class taking keyword arguments, e.g. "users.model:User"')
    return as_type


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


def takes_message(handler: Callable[..., Any]) -> bool:
    """Whether the handler's first parameter is annotated ``Message`` (``pactspec.Message`` or by name)."""
    try:
        parameters = list(signature_of(handler).parameters.values())
    except (TypeError, ValueError):  # builtins without a signature: today's behaviour
        return True
    if not parameters:
        return False
    annotation = parameters[0].annotation
    if annotation is Message:
        return True
    return isinstance(annotation, str) and annotation.rpartition(".")[2] == "Message"


def dispatch(handler: Callable[..., Any], message: Message, *, converted: bool
             ) -> tuple[tuple[Any, ...], Mapping[str, Any]]:
    """What an asynchronous message's handler is called with: one rule for every front end.

    Without ``as`` the handler gets the :class:`Message`, and so does a handler whose first parameter is
    annotated ``Message`` (its body is the converted object). Any other handler of a converted message gets
    the object itself, and the :class:`Message` as keyword ``message`` if it declares that parameter.
    """
    if not converted or takes_message(handler):
        return (message,), {}
    try:
        parameters = signature_of(handler).parameters
    except (TypeError, ValueError):
        return (message.body,), {}
    named = parameters.get("message")
    declared = named is not None and list(parameters).index("message") > 0 and named.kind in (
        named.POSITIONAL_OR_KEYWORD, named.KEYWORD_ONLY)
    return (message.body,), ({"message": message} if declared else {})


def call_handler(handler: Callable[..., Any], args: Sequence[Any], *, label: str,
                 timeout: float | None = DEFAULT_TIMEOUT, kwargs: Mapping[str, Any] | None = None) -> None:
    """Call the consumer's handler (``async def`` ones too); a raise becomes :class:`HandlerRejected`.

    One that runs longer than ``timeout`` seconds raises :class:`~pactspec.errors.UserCodeTimeout`:
    that is no rejection, and fails the scenario even when it expects one.
    """
    try:
        call_user_code(handler, tuple(args), kwargs, what=label, timeout=timeout)
    except UserCodeError as exc:  # whatever the consumer's code raises (or exits with) is its rejection
        raise HandlerRejected(f"{label} rejected the message: {exc.reason}", exc.error) from exc.error
