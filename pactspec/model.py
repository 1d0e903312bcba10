"""The message-contract model: pacts, interactions, message contents, provider states.

All classes are frozen. Matching rules and generators are kept in their normalised Pact JSON form
(``{category: {path: {"combine": "AND", "matchers": [...]}}}`` and ``{category: {path: {...}}}``)
so they round-trip untouched; :mod:`pactspec.rules._registry` and :mod:`pactspec.generators._apply` compile them.
The mappings are not copied defensively: treat them as read-only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal, Self

__all__ = [
    "NO_BODY",
    "AsynchronousMessage",
    "Interaction",
    "Message",
    "MessageContents",
    "MessageInteraction",
    "Pact",
    "ProviderState",
    "RawInteraction",
    "SpecVersion",
    "SynchronousMessage",
]

SpecVersion = Literal["3.0.0", "4.0"]


class _NoBody:
    """Marks a message without a body (as opposed to a JSON ``null`` or an empty string)."""

    _instance: Any = None

    def __new__(cls) -> Self:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NO_BODY"

    def __bool__(self) -> bool:
        return False

    def __reduce__(self) -> str:
        return "NO_BODY"


NO_BODY: Any = _NoBody()


@dataclass(frozen=True, slots=True)
class ProviderState:
    """A state the provider must be in, with its parameters (``{"id": 127}``)."""

    name: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class MessageContents:
    """A message as a contract states it.

    ``body`` is the decoded body: a JSON value for JSON content types, ``str`` for text and XML,
    ``bytes`` for anything else, or :data:`NO_BODY`. ``matching_rules`` and ``generators`` are keyed
    by category (``"body"``, ``"metadata"``; HTTP adds ``"header"``, ``"query"``, ``"path"``,
    ``"status"``) and then by path.
    """

    body: Any = NO_BODY
    content_type: str | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)
    matching_rules: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    generators: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def rules_for(self, category: str) -> Mapping[str, Any]:
        """The rules of one category, ``{}`` when there are none."""
        return self.matching_rules.get(category, {})

    def generators_for(self, category: str) -> Mapping[str, Any]:
        """The generators of one category, ``{}`` when there are none."""
        return self.generators.get(category, {})


@dataclass(frozen=True, slots=True)
class AsynchronousMessage:
    """A message the provider sends and the consumer receives (V3 message, V4 Asynchronous/Messages)."""

    description: str
    contents: MessageContents = field(default_factory=MessageContents)
    provider_states: tuple[ProviderState, ...] = ()
    key: str | None = None
    pending: bool = False
    comments: Mapping[str, Any] = field(default_factory=dict)
    extra: Mapping[str, Any] = field(default_factory=dict)  # unknown keys, written back as read

    type: Literal["Asynchronous/Messages"] = field(default="Asynchronous/Messages", init=False)

    def with_changes(self, **changes: Any) -> AsynchronousMessage:
        return replace(self, **changes)


@dataclass(frozen=True, slots=True)
class SynchronousMessage:
    """A request message answered by one or more response messages (V4 Synchronous/Messages)."""

    description: str
    request: MessageContents = field(default_factory=MessageContents)
    responses: tuple[MessageContents, ...] = ()
    provider_states: tuple[ProviderState, ...] = ()
    key: str | None = None
    pending: bool = False
    comments: Mapping[str, Any] = field(default_factory=dict)
    extra: Mapping[str, Any] = field(default_factory=dict)

    type: Literal["Synchronous/Messages"] = field(default="Synchronous/Messages", init=False)

    def with_changes(self, **changes: Any) -> SynchronousMessage:
        return replace(self, **changes)


@dataclass(frozen=True, slots=True)
class RawInteraction:
    """An interaction pactspec does not model (V4 HTTP, plugins): kept and written back untouched."""

    data: Mapping[str, Any]

    @property
    def description(self) -> str:
        return str(self.data.get("description", ""))

    @property
    def type(self) -> str:
        return str(self.data.get("type", "Synchronous/HTTP"))

    @property
    def key(self) -> str | None:
        key = self.data.get("key")
        return key if isinstance(key, str) else None

    @property
    def provider_states(self) -> tuple[ProviderState, ...]:
        states = self.data.get("providerStates") or []
        return tuple(ProviderState(s.get("name", ""), s.get("params") or {}) for s in states)


MessageInteraction = AsynchronousMessage | SynchronousMessage
Interaction = AsynchronousMessage | SynchronousMessage | RawInteraction


@dataclass(frozen=True, slots=True)
class Pact:
    """A consumer's contract with a provider: the content of one pact file."""

    consumer: str
    provider: str
    interactions: tuple[Interaction, ...] = ()
    spec_version: SpecVersion = "4.0"
    metadata: Mapping[str, Any] = field(default_factory=dict)

    @property
    def messages(self) -> tuple[MessageInteraction, ...]:
        """The message interactions, leaving out HTTP and plugin ones."""
        return tuple(i for i in self.interactions if not isinstance(i, RawInteraction))

    def with_changes(self, **changes: Any) -> Pact:
        return replace(self, **changes)


@dataclass(frozen=True, slots=True)
class Message:
    """A concrete message at run time: what a producer returns and what a consumer handler receives.

    ``body`` is decoded (dict/list for JSON, ``str`` for text, an element tree for XML, bytes
    otherwise, or a converted object); ``raw`` holds the encoded bytes when known.
    """

    body: Any = NO_BODY
    metadata: Mapping[str, Any] = field(default_factory=dict)
    content_type: str | None = None
    raw: bytes | None = None
