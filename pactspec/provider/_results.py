"""What provider verification works with and gives back: the backend protocol, filters and results."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from pactspec.mismatch import Mismatch
from pactspec.model import (
    AsynchronousMessage,
    MessageContents,
    ProviderState,
    SynchronousMessage,
)
from pactspec.regex import compile_pattern
from pactspec.sources import scenario_location

__all__ = [
    "Backend",
    "Filters",
    "InteractionResult",
    "PactResult",
    "Problem",
    "StateHandle",
    "Status",
    "VerificationResult",
]

Status = Literal["passed", "failed", "error", "skipped"]


class StateHandle(Protocol):
    @property
    def values(self) -> Mapping[str, Any]: ...

    def teardown(self) -> None: ...


class Backend(Protocol):
    """Where the producers live: two methods, one per step of an interaction."""

    def set_up(self, state: ProviderState) -> StateHandle | None:
        """Put the provider in a state; ``None`` when nothing needed doing."""

    def produce(self, interaction: AsynchronousMessage | SynchronousMessage,
                request: MessageContents | None, context: Mapping[str, Any]) -> list[MessageContents]:
        """The message(s) the producer emits for an interaction, as contents."""


@dataclass(frozen=True, slots=True)
class Filters:
    """Which interactions to verify (all when empty)."""

    description: str | None = None  # a regular expression searched in the description
    state: str | None = None  # an exact provider-state name
    no_state: bool = False  # only interactions without provider states
    consumers: tuple[str, ...] = ()  # only the pacts of these consumers

    def accepts(self, interaction: Any) -> bool:
        if self.description is not None and not compile_pattern(
                self.description, path="--description").search(interaction.description):
            return False
        states = interaction.provider_states
        if self.no_state and states:
            return False
        return self.state is None or any(s.name == self.state for s in states)


@dataclass(frozen=True, slots=True)
class InteractionResult:
    """The outcome of verifying one interaction."""

    description: str
    type: str
    status: Status
    provider_states: tuple[ProviderState, ...] = ()
    key: str | None = None
    pending: bool = False
    comments: Mapping[str, Any] = field(default_factory=dict)
    mismatches: tuple[Mismatch, ...] = ()
    errors: tuple[str, ...] = ()
    duration: float = 0.0

    @property
    def failed(self) -> bool:
        return self.status in ("failed", "error")

    @property
    def counts(self) -> bool:
        """Whether this result can fail the run (pending ones never do)."""
        return self.failed and not self.pending

    @property
    def scenario(self) -> str | None:
        """The consumer scenario (``features/x.feature:12``) recorded in the V4 comments."""
        return scenario_location(self.comments)


@dataclass(frozen=True, slots=True)
class PactResult:
    source: str
    consumer: str
    provider: str
    spec_version: str
    interactions: tuple[InteractionResult, ...]


@dataclass(frozen=True, slots=True)
class Problem:
    """Something that fails the run without belonging to one interaction (a malformed pact file)."""

    source: str
    message: str


@dataclass(frozen=True, slots=True)
class VerificationResult:
    provider: str | None
    provider_version: str | None
    started_at: _dt.datetime
    duration: float
    pacts: tuple[PactResult, ...] = ()
    problems: tuple[Problem, ...] = ()
    usable: bool = True  # False when sources were given but none could be read

    @property
    def interactions(self) -> list[tuple[PactResult, InteractionResult]]:
        return [(p, r) for p in self.pacts for r in p.interactions]

    @property
    def passed(self) -> bool:
        return not self.problems and not any(r.counts for _, r in self.interactions)

    @property
    def exit_code(self) -> int:
        if not self.usable:
            return 2
        return 0 if self.passed else 1

    def count(self, status: Status, *, pending: bool | None = None) -> int:
        return sum(1 for _, r in self.interactions
                   if r.status == status and (pending is None or r.pending == pending))
