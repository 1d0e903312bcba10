"""Turn verification outcomes into the ``testResults`` the broker stores, with the broker's interaction ids."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

from ._models import InteractionOutcome, ResultMismatch

__all__ = [
    "VerifiedInteraction",
    "outcomes_for",
]


class _MismatchLike(Protocol):
    @property
    def path(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def kind(self) -> str: ...


class _StateLike(Protocol):
    @property
    def name(self) -> str: ...


class VerifiedInteraction(Protocol):
    """What the broker needs of one verified interaction (``pactspec.verifier.InteractionResult`` fits)."""

    @property
    def description(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def provider_states(self) -> Sequence[_StateLike]: ...
    @property
    def mismatches(self) -> Sequence[_MismatchLike]: ...
    @property
    def errors(self) -> Sequence[str]: ...


def _states(raw: Mapping[str, Any]) -> tuple[str, ...]:
    states = raw.get("providerStates")
    if isinstance(states, list):
        return tuple(str(s.get("name")) for s in states if isinstance(s, Mapping))
    if isinstance(raw.get("providerState"), str):
        return (raw["providerState"],)
    return ()


def _ids(content: Mapping[str, Any]) -> dict[tuple[str, tuple[str, ...]], str]:
    """The broker's ``_id`` of each interaction in the pact it served, by description and states."""
    ids: dict[tuple[str, tuple[str, ...]], str] = {}
    for key in ("interactions", "messages"):
        for raw in content.get(key) or []:
            if isinstance(raw, Mapping) and isinstance(raw.get("_id"), str):
                ids.setdefault((str(raw.get("description")), _states(raw)), raw["_id"])
    return ids


def outcomes_for(content: Mapping[str, Any], results: Iterable[VerifiedInteraction]) -> tuple[InteractionOutcome, ...]:
    """One outcome per verified interaction (skipped ones are left out), named by the broker's ids."""
    ids = _ids(content)
    outcomes = []
    for result in results:
        if result.status == "skipped":
            continue
        states = tuple(s.name for s in result.provider_states)
        mismatches = [ResultMismatch(m.kind, m.message, m.path) for m in result.mismatches]
        mismatches += [ResultMismatch("error", error) for error in result.errors]
        outcomes.append(InteractionOutcome(result.description, result.status == "passed",
                                           ids.get((result.description, states)), tuple(mismatches)))
    return tuple(outcomes)
