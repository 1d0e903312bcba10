"""Capture verification: the provider's real publishing code, a real transport, the contract.

For each message interaction the verifier (:mod:`pactspec.provider._verifier`) sets up the provider states;
then pactspec starts listening on the transport, runs the interaction's *trigger* — a function of the
provider's that makes its real code publish — and matches the first message that arrives, body and
transport metadata (routing key, exchange, headers, message attributes; see
:mod:`pactspec.transports`), against the contract. Register triggers next to the state handlers::

    from pactspec.capture import trigger

    @trigger("a user created event")
    def user_created(transport_url, context):
        users.publisher.publish_user_created(transport_url, user_id=context["id"])

A trigger may declare any of the parameters ``transport_url`` (the transport's URL, without pactspec's
``exchange``/``routing_key``/``queue``/``topic`` parameters),
``context`` (provider-state params and values) and ``description``; ``async def`` works too. A
module may also hold ``TRIGGERS = {"a user created event": user_created}``. ``broker_url``, the
parameter's name before 0.2, still works until 0.3 and warns. Triggers are registered and called as
producers are (:mod:`pactspec.usercode`): the ``--app`` modules' triggers include those of the
modules they import, and a trigger gets the same time limit.

A synchronous (request/response) message needs no trigger where the transport has request/reply
(:class:`~pactspec.transports._base.Requester`: NATS, STOMP, MQTT 5, ``ws://``): pactspec sends the
contract's request and matches the replies against its responses (a trigger registered under the
description still runs first, to start a responder).
"""

from __future__ import annotations

import inspect
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

from pactspec.content import CONTENT_TYPE_KEY, decode_body
from pactspec.errors import (
    ConfigurationError,
    InputError,
    NothingArrived,
    ProducerError,
    TransportError,
    UserCodeError,
    UserCodeTimeout,
)
from pactspec.model import (
    AsynchronousMessage,
    Message,
    MessageContents,
    ProviderState,
    SynchronousMessage,
)
from pactspec.pactfile import load_pacts
from pactspec.provider import (
    Filters,
    InProcessBackend,
    Provider,
    StateHandle,
    VerificationResult,
    load_app,
    verify_pacts,
)
from pactspec.transports._base import (
    DEFAULT_WAIT,
    Destination,
    Requester,
    Transport,
)
from pactspec.transports._registry import open_transport, split_url
from pactspec.transports._stub import request_message
from pactspec.usercode import (
    DEFAULT_TIMEOUT,
    call_user_code,
    import_app,
    module_table,
    register,
    registered,
    where_defined,
)

__all__ = [
    "TransportBackend",
    "TriggerFunction",
    "call_trigger",
    "captured_contents",
    "load_triggers",
    "trigger",
    "verify_by_capture",
]

TriggerFunction = Callable[..., Any]
F = TypeVar("F", bound=Callable[..., Any])
_TRIGGER_PARAMETERS = ("transport_url", "context", "description")
_RENAMED_PARAMETER = "broker_url"  # transport_url's name before 0.2: accepted, with a warning, until 0.3
_WARNED: dict[str | tuple[str, type[Warning], int], int] = {}  # warnings' registry: the renamed parameter is reported once per trigger



def trigger(description: str) -> Callable[[F], F]:
    """Register the decorated function as what makes the provider publish this message."""

    def decorate(function: F) -> F:
        register("trigger", description, function, what="the message's description")
        return function

    return decorate


def load_triggers(modules: str | Iterable[str]) -> dict[str, TriggerFunction]:
    """Import the app module(s); return the triggers they, their submodules and what they import registered."""
    names = [modules] if isinstance(modules, str) else list(modules)
    found: dict[str, TriggerFunction] = {}
    for name in names:
        module = import_app(name)
        found.update(registered("trigger", [module]))
        found.update(module_table(module, "TRIGGERS", "message description"))
    return found


def call_trigger(
    function: TriggerFunction,
    *,
    transport_url: str,
    context: Mapping[str, Any],
    description: str,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> None:
    """Call a trigger with the parameters it declares; what it raises is a :class:`UserCodeError`."""
    offered = {"transport_url": transport_url, "context": dict(context), "description": description}
    try:
        parameters = inspect.signature(function).parameters
    except (TypeError, ValueError):
        parameters = {}  # type: ignore[assignment]
    if _RENAMED_PARAMETER in parameters:
        _warn_renamed_parameter(function)
        offered[_RENAMED_PARAMETER] = transport_url
    unknown = [
        p.name
        for p in parameters.values()
        if p.name not in offered
        and p.default is inspect.Parameter.empty
        and p.kind not in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
    ]
    if unknown:
        raise ConfigurationError(
            f"the trigger {where_defined(function)} for {description!r} asks for "
            f"{unknown[0]!r}; a trigger can take {', '.join(_TRIGGER_PARAMETERS)}"
        )
    accepts_all = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values())
    arguments = {k: v for k, v in offered.items() if accepts_all or k in parameters}
    call_user_code(function, (), arguments, what=f"the trigger of {description!r}", timeout=timeout)


def _warn_renamed_parameter(function: TriggerFunction) -> None:
    """A FutureWarning at the trigger's ``def`` line: whoever runs ``pactspec capture`` or behave sees it.

    (A DeprecationWarning would be hidden: Python shows those only in ``__main__`` and under test runners.)
    """
    code = getattr(function, "__code__", None)
    warnings.warn_explicit(
        f"the trigger {getattr(function, '__qualname__', function)!r} takes broker_url, renamed "
        "transport_url in pactspec 0.2 (broker_url goes in 0.3); rename the parameter transport_url",
        FutureWarning,
        filename=code.co_filename if code else "<trigger>",
        lineno=code.co_firstlineno if code else 0,
        module=getattr(function, "__module__", None) or "<trigger>",
        registry=_WARNED,
    )


def captured_contents(
    message: Message, expected: MessageContents, *, where: str, typed: bool
) -> MessageContents:
    """A captured message as contents to match; ``typed``: the transport has a content-type field.

    Without such a field (SQS, Kafka) and without a ``contentType`` attribute or header, the body
    is read as the contract's content type, as an in-process producer's would be.
    """
    metadata = dict(message.metadata)
    content_type = message.content_type
    if content_type is None and not typed and expected.content_type is not None:
        content_type = expected.content_type
        metadata.setdefault(CONTENT_TYPE_KEY, content_type)
    raw = message.raw if message.raw is not None else b""
    try:
        body = decode_body(raw, content_type or expected.content_type)
    except InputError as exc:
        raise ProducerError(f"the message captured from {where} cannot be read: {exc}") from None
    return MessageContents(body=body, content_type=content_type, metadata=metadata)


@dataclass(slots=True)
class TransportBackend:
    """A verifier backend: states set up in-process, messages captured from a real transport."""

    provider: Provider
    transport: Transport
    transport_url: str
    triggers: Mapping[str, TriggerFunction] = field(default_factory=dict)
    source: Destination = field(default_factory=Destination)
    timeout: float = DEFAULT_WAIT
    default_trigger: TriggerFunction | None = None
    captured: list[tuple[str, Message]] = field(default_factory=list)
    call_timeout: float | None = DEFAULT_TIMEOUT  # seconds each trigger and state handler may take

    def set_up(self, state: ProviderState) -> StateHandle | None:
        # ActiveState satisfies StateHandle at run time; its dict `values` trips mypy's invariance.
        return cast(StateHandle, InProcessBackend(self.provider, self.call_timeout).set_up(state))

    def produce(
        self,
        interaction: AsynchronousMessage | SynchronousMessage,
        request: MessageContents | None,
        context: Mapping[str, Any],
    ) -> list[MessageContents]:
        description = interaction.description
        if isinstance(interaction, SynchronousMessage):
            return self._request_reply(interaction, request or interaction.request, context)
        function = self.triggers.get(description) or self.default_trigger
        if function is None:
            known = ", ".join(repr(d) for d in sorted(self.triggers)) or "none"
            raise ProducerError(
                f"no trigger for message {description!r} (registered: {known}); add @trigger({description!r}) "
                "from pactspec.capture to a function that makes your code publish it"
            )
        try:
            capture = self.transport.capture(self.source, timeout=self.timeout)
        except TransportError as exc:  # the transport's own words; the verifier would call it a crash
            raise ProducerError(f"cannot capture {description!r}: {exc}") from None
        with capture:
            try:
                call_trigger(function, transport_url=self.transport_url, context=context, description=description,
                             timeout=self.call_timeout)
            except (UserCodeError, UserCodeTimeout) as exc:
                raise ProducerError(str(exc)) from exc.__cause__
            try:
                message = capture.next()
            except NothingArrived as exc:
                raise ProducerError(f"{description!r} was triggered, but {exc}") from None
            except TransportError as exc:
                raise ProducerError(f"capturing {description!r} failed: {exc}") from None
        self.captured.append((description, message))
        typed = self.transport.carries_content_type
        return [captured_contents(message, interaction.contents, where=capture.where, typed=typed)]


    def _request_reply(
        self, interaction: SynchronousMessage, request: MessageContents, context: Mapping[str, Any]
    ) -> list[MessageContents]:
        """Send the contract's request over the transport's request/reply and match the replies.

        The provider's real responder is already listening (a provider state starts it), or a trigger
        registered for the description starts it; then the request goes.
        """
        description = interaction.description
        if not isinstance(self.transport, Requester):
            raise ProducerError(
                f"{description!r} is a synchronous (request/response) message and this transport has no "
                "request/reply in pactspec (NATS, STOMP, MQTT 5 and WebSocket do): verify it with "
                "`pactspec verify` and its producer"
            )
        function = self.triggers.get(description)
        if function is not None:
            try:
                call_trigger(function, transport_url=self.transport_url, context=context, description=description,
                             timeout=self.call_timeout)
            except (UserCodeError, UserCodeTimeout) as exc:
                raise ProducerError(str(exc)) from exc.__cause__
        try:
            where, replies = self.transport.request(request_message(request), self.source,
                                                    replies=max(1, len(interaction.responses)), timeout=self.timeout)
        except NothingArrived as exc:
            raise ProducerError(f"the request of {description!r} was sent, but {exc}") from None
        except (TransportError, InputError) as exc:  # the provider refused the contract's request: its failure
            raise ProducerError(f"sending the request of {description!r} failed: {exc}") from None
        if not replies:
            raise ProducerError(f"the request of {description!r} was sent to {where}, but no reply arrived within "
                                f"{self.timeout:g} s; check that the provider answers it or allow a longer wait")
        self.captured.extend((description, reply) for reply in replies)
        typed = self.transport.carries_content_type
        expected = list(interaction.responses) or [MessageContents()]
        return [captured_contents(reply, expected[min(i, len(expected) - 1)], where=where, typed=typed)
                for i, reply in enumerate(replies)]


def verify_by_capture(
    sources: Sequence[str | Path],
    *,
    url: str,
    app: str | Iterable[str],
    source: Destination | None = None,
    provider: str | None = None,
    filters: Filters | None = None,
    timeout: float = DEFAULT_WAIT,
    default_trigger: TriggerFunction | None = None,
    provider_version: str | None = None,
    allow_empty: bool = False,
    call_timeout: float | None = DEFAULT_TIMEOUT,
) -> VerificationResult:
    """Verify the pacts for ``provider`` by capturing what the app's triggers publish at ``url``.

    ``timeout`` is how long to wait for each message; ``call_timeout`` how long each trigger and
    state handler may take (``None``: no limit).

    The pacts and the app are read before the transport is opened, so a broken pact file or app module
    is reported as itself (:class:`~pactspec.errors.PactFileError`, :class:`InputError`), not as
    the transport being out of reach. Finding no pact file is an :class:`InputError` unless
    ``allow_empty``; then there is nothing to capture and the transport is not opened.
    """
    pacts = load_pacts(list(sources), allow_empty=allow_empty)
    states = load_app(app)
    triggers = load_triggers(app)
    if not pacts:
        return verify_pacts([], InProcessBackend(states, call_timeout), provider=provider, allow_empty=True,
                            provider_version=provider_version)
    with open_transport(url) as transport:
        backend = TransportBackend(
            provider=states,
            transport=transport,
            transport_url=split_url(url)[0],
            triggers=triggers,
            source=source or Destination(),
            timeout=timeout,
            default_trigger=default_trigger,
            call_timeout=call_timeout,
        )
        return verify_pacts(
            pacts,
            backend,
            provider=provider,
            filters=filters or Filters(),
            allow_empty=allow_empty,
            provider_version=provider_version,
        )
