"""The message-contract model: pacts, interactions, message contents, provider states.

All classes are frozen. Matching rules and generators are keyed by category and path
(``{category: {path: entry}}``); each entry is one of two forms:

- parsed: a rule list or generator object, as a pact file's reader leaves it. Each is parsed once,
  where it is read, and compiling uses it as it is; it writes itself back with ``to_json()``.
- Pact JSON (``{"combine": "AND", "matchers": [...]}``, ``{"type": "RandomInt"}``), as users and the
  consumer builders write it: compiling parses it.

The model sits below :mod:`pactspec.rules` and :mod:`pactspec.generators`, so it knows a parsed entry
only as :class:`PactJson`, anything with ``to_json()``; :func:`entry_json` gives either form's JSON.
Contents compare their rules and generators by this JSON, so the two forms of a rule are equal.
The mappings are not copied defensively: treat them as read-only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal, Protocol, Self

__all__ = [
    "NO_BODY",
    "AsynchronousMessage",
    "Interaction",
    "Message",
    "MessageContents",
    "MessageInteraction",
    "Pact",
    "PactJson",
    "ProviderState",
    "RawInteraction",
    "SpecVersion",
    "SynchronousMessage",
    "entry_json",
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


class PactJson(Protocol):
    """A parsed rule list or generator, as the model stores it: it writes itself back as Pact JSON."""

    def to_json(self) -> dict[str, Any]: ...


def entry_json(entry: Mapping[str, Any] | PactJson) -> Mapping[str, Any]:
    """The Pact JSON of a rule list or generator, whichever form the model holds it in."""
    return entry if isinstance(entry, Mapping) else entry.to_json()


def _as_json(entries: Mapping[str, Mapping[str, Mapping[str, Any] | PactJson]]) -> dict[str, dict[str, Any]]:
    return {category: {path: entry_json(e) for path, e in paths.items()} for category, paths in entries.items()}


@dataclass(frozen=True, slots=True)
class ProviderState:
    """A state the provider must be in, with its parameters (``{"id": 127}``)."""

    name: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, eq=False)
class MessageContents:
    """A message as a contract states it.

    ``body`` is the decoded body: a JSON value for JSON content types, ``str`` for text and XML,
    ``bytes`` for anything else, or :data:`NO_BODY`. ``matching_rules`` and ``generators`` are keyed
    by category (``"body"``, ``"metadata"``; HTTP adds ``"header"``, ``"query"``, ``"path"``,
    ``"status"``) and then by path; each entry is parsed or Pact JSON (see the module docstring).
    Two contents are equal when they say the same, whichever form their rules and generators are in.
    """

    body: Any = NO_BODY
    content_type: str | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)
    matching_rules: Mapping[str, Mapping[str, Mapping[str, Any] | PactJson]] = field(default_factory=dict)
    generators: Mapping[str, Mapping[str, Mapping[str, Any] | PactJson]] = field(default_factory=dict)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MessageContents):
            return NotImplemented
        return (
            (self.body, self.content_type, self.metadata) == (other.body, other.content_type, other.metadata)
            and _as_json(self.matching_rules) == _as_json(other.matching_rules)
            and _as_json(self.generators) == _as_json(other.generators)
        )

    def rules_for(self, category: str) -> Mapping[str, Mapping[str, Any] | PactJson]:
        """The rules of one category, ``{}`` when there are none."""
        return self.matching_rules.get(category, {})

    def generators_for(self, category: str) -> Mapping[str, Mapping[str, Any] | PactJson]:
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
