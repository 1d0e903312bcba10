"""Calling the provider's producers in this process, and turning what they return into contents.

A producer returns a body (dict, list, str, bytes, an ``ElementTree`` element, a dataclass, a
pydantic model) or a :class:`~pactspec.model.Message`; :func:`to_contents` turns it into
:class:`~pactspec.model.MessageContents` as a transport would carry it, so that what could not
be sent (a ``datetime`` in a JSON body, say) fails verification too. :class:`InProcessBackend` is
the verifier backend for producers registered in this Python process.

:func:`producer_arguments` works out what a producer's signature asks for (the rules are in
:mod:`pactspec.provider._registry`'s docstring) before it is called, and :func:`call_producer` calls it
through :func:`pactspec.usercode.call_user_code` (awaited when ``async def``, with its time limit); the
in-process backend and the message proxy both call producers so.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree as ET

from pactspec.content import (
    CONTENT_TYPE_KEY,
    MAX_DEPTH,
    body_kind,
    declared_content_type,
    decode_body,
    encode_body,
    guess_content_type,
    not_json,
    too_deep,
    value_depth,
)
from pactspec.errors import (
    ConfigurationError,
    ProducerError,
    StateSetupError,
    UserCodeError,
    UserCodeTimeout,
)
from pactspec.model import (
    NO_BODY,
    AsynchronousMessage,
    Message,
    MessageContents,
    ProviderState,
    SynchronousMessage,
)
from pactspec.provider._registry import ProducerFunction, Provider
from pactspec.provider._states import ActiveState, set_up_state
from pactspec.usercode import (
    DEFAULT_TIMEOUT,
    call_user_code,
    registered_elsewhere,
    signature_of,
    where_defined,
)

__all__ = [
    "InProcessBackend",
    "call_producer",
    "producer_arguments",
    "to_contents",
]


_PRODUCER_SIGNATURES = ("def m()", "def m(context)", "def m(request)", "def m(request, context)")


def producer_arguments(function: ProducerFunction, *, request: Any, context: Mapping[str, Any],
                       synchronous: bool, description: str, states: Sequence[ProviderState] = (),
                       ) -> tuple[list[Any], dict[str, Any]]:
    """The arguments a producer's signature asks for; ``ConfigurationError`` when none fit.

    The rules: no parameters; a first positional parameter of any name without a default gets the
    request of a synchronous message, or the provider-state context of an asynchronous one;
    parameters named ``request`` and ``context`` get those by name; ``**kwargs`` gets both by
    name; a parameter named ``states`` gets the interaction's provider states (a list of
    :class:`~pactspec.model.ProviderState`, pact-go's ``[]ProviderState``); any other parameter with a
    default keeps it.
    """
    try:
        parameters = list(signature_of(function).parameters.values())
    except (TypeError, ValueError):  # a builtin or C callable: keep the old calling convention
        return ([request] if synchronous else []), {}
    by_name: dict[str, Any] = {"context": dict(context)}
    if synchronous:
        by_name["request"] = request
    positional_name = "request" if synchronous else "context"
    positional_value = by_name[positional_name]
    # the positional rule is for a parameter of another name; one named for it takes it by name
    used_positional = any(p.name == positional_name for p in parameters)
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    problem = ""
    for index, parameter in enumerate(parameters):
        if parameter.kind is parameter.VAR_POSITIONAL:
            if not used_positional and index == 0:
                args.append(positional_value)
                used_positional = True
            continue
        if parameter.kind is parameter.VAR_KEYWORD:
            for name, value in by_name.items():
                if name not in kwargs and not (name == positional_name and used_positional):
                    kwargs[name] = value
            continue
        if parameter.name == "states" and parameter.kind is not parameter.POSITIONAL_ONLY:
            value = list(states)  # by name only: **kwargs keeps getting request and context alone
        elif parameter.name in by_name:
            value = by_name[parameter.name]
            used_positional = used_positional or parameter.name == positional_name
        elif parameter.name == "request":
            problem = "an asynchronous message has no request"
            break
        elif (index == 0 and not used_positional and parameter.default is parameter.empty
              and parameter.kind in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD)):
            # only a required parameter: one with a default keeps it (``lambda body=body: body``)
            value = positional_value
            used_positional = True
        elif parameter.default is not parameter.empty:
            continue
        else:
            problem = f"nothing is given to its parameter {parameter.name!r}"
            break
        if parameter.kind is parameter.POSITIONAL_ONLY:
            args.append(value)
        else:
            kwargs[parameter.name] = value
    if not problem:
        return args, kwargs
    kind = "synchronous" if synchronous else "asynchronous"
    raise ConfigurationError(
        f"the producer {where_defined(function)} of the {kind} message {description!r} cannot be called "
        f"({problem}); write it as {', '.join(_PRODUCER_SIGNATURES[:-1])} or {_PRODUCER_SIGNATURES[-1]}: "
        f"one positional parameter gets the request of a synchronous message or the provider-state "
        f"context of an asynchronous one, and parameters named request and context get those"
    )


def call_producer(function: ProducerFunction, args: list[Any], kwargs: dict[str, Any], *, description: str,
                  timeout: float | None = DEFAULT_TIMEOUT) -> Any:
    """Call a producer with the arguments :func:`producer_arguments` chose; its failure is a :class:`ProducerError`."""
    try:
        return call_user_code(function, tuple(args), kwargs, what=f"the producer of {description!r}", timeout=timeout)
    except (UserCodeError, UserCodeTimeout) as exc:
        raise ProducerError(str(exc)) from exc.__cause__


@dataclass(slots=True)
class InProcessBackend:
    """Calls the producers and state handlers registered in this Python process."""

    provider: Provider
    timeout: float | None = field(default=DEFAULT_TIMEOUT)  # seconds each call may take; None: no limit

    def set_up(self, state: ProviderState) -> ActiveState:
        handler = self.provider.find_state(state.name)
        if handler is None:
            raise StateSetupError(self._missing("handler for provider state", "provider_state", state.name,
                                                self.provider.states))
        return set_up_state(handler, state, timeout=self.timeout)

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
        args, kwargs = producer_arguments(function, request=request_message, context=context,
                                         synchronous=synchronous, description=interaction.description,
                                         states=interaction.provider_states)
        value = call_producer(function, args, kwargs, description=interaction.description, timeout=self.timeout)
        if isinstance(interaction, SynchronousMessage):
            values = value if isinstance(value, (list, tuple)) else [value]
            expected = list(interaction.responses) or [MessageContents()]
            return [to_contents(v, expected[min(i, len(expected) - 1)]) for i, v in enumerate(values)]
        return [to_contents(value, interaction.contents)]

    def _missing(self, noun: str, decorator: str, name: str, registered: Mapping[str, Any]) -> str:
        where = ", ".join(self.provider.sources) or "your app module"
        elsewhere = registered_elsewhere(decorator, name)
        if elsewhere:  # registered in this process, by a module the app modules do not import
            found = elsewhere[-1]
            return (f"no {noun} {name!r} in {where}: {where_defined(found.function)} registers one, but "
                    f"{where} does not import {found.module}; add that module to the app modules "
                    f"(--app {found.module}), or import it from {where}")
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
    depth = value_depth(body)
    if depth > MAX_DEPTH:  # encoding it would end in RecursionError
        raise ProducerError(f"the producer returned a body that cannot be sent: {too_deep(depth)}")
    if content_type is None:
        content_type = declared_content_type(metadata)
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
            f"the producer returned a body that cannot be sent as {content_type}: {not_json(body) or exc}"
        ) from exc
    if content_type and CONTENT_TYPE_KEY not in metadata:
        metadata = {CONTENT_TYPE_KEY: content_type, **metadata}
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
