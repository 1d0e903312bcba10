"""Verification results (``pactspec verify --json FILE``) read for the living documentation.

The schema is :mod:`pactspec.report._report`'s ``pactspec-verification/1``: ``provider.version``,
``verifiedAt``, and ``pacts[].interactions[]`` with ``description``, ``key``, ``providerStates``,
``pending``, ``status`` (passed / failed / error / skipped), ``mismatches`` and ``errors``.
Skipped interactions count as not verified. A failed pending interaction shows as ``pending``.
When several files verify the same interaction, the latest ``verifiedAt`` wins (then the file
given last).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pactspec.docs._model import MismatchDoc, VerificationDoc
from pactspec.errors import InputError

__all__ = ["ResultIndex", "load_results", "parse_results"]

_HINT = "give --results the file written by `pactspec verify --json FILE`"


@dataclass(frozen=True, slots=True)
class _Result:
    consumer: str
    provider: str
    description: str
    key: str | None
    states: tuple[str, ...]
    doc: VerificationDoc
    order: int


@dataclass(slots=True)
class ResultIndex:
    """Verification results, looked up per interaction."""

    results: list[_Result] = field(default_factory=list)
    used: set[int] = field(default_factory=set)

    def __len__(self) -> int:
        return len(self.results)

    def latest(
        self, consumer: str, provider: str, description: str, key: str | None, states: Sequence[str]
    ) -> VerificationDoc | None:
        """The newest result for this interaction, or ``None`` when it was not verified."""
        candidates = []
        for number, result in enumerate(self.results):
            if result.provider != provider or result.consumer != consumer:
                continue
            if key and result.key:
                if result.key != key:
                    continue
            elif result.description != description or result.states != tuple(states):
                continue
            candidates.append((number, result))
        if not candidates:
            return None
        self.used.update(number for number, _ in candidates)
        return max((r for _, r in candidates), key=lambda r: (r.doc.verified_at, r.order)).doc

    def add(self, consumer: str, provider: str, description: str, states: Sequence[str],
            doc: VerificationDoc) -> None:
        """Add one interaction's result (the docs from a Pact Broker build the index this way)."""
        self.results.append(_Result(consumer, provider, description, None, tuple(states), doc, len(self.results)))

    @property
    def unmatched(self) -> int:
        """How many results named no interaction looked up so far."""
        return len(self.results) - len(self.used)


def load_results(paths: Iterable[str | Path]) -> ResultIndex:
    """Read verification result files; a file that is not such JSON is an ``InputError`` naming it."""
    index = ResultIndex()
    for path in paths:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{path}: cannot read this results file ({exc}); {_HINT}") from exc
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{exc.lineno}: not JSON ({exc.msg}); {_HINT}") from exc
        parse_results(data, source=str(path), into=index)
    return index


def _expect(value: Any, kind: type | tuple[type, ...], where: str, what: str) -> Any:
    if not isinstance(value, kind):
        raise InputError(f"{where}: expected {what}, got {json.dumps(value)[:60]}; {_HINT}")
    return value


def parse_results(data: Any, *, source: str, into: ResultIndex | None = None) -> ResultIndex:
    """Add the results of one decoded ``--json`` document to an index (a new one by default)."""
    index = into if into is not None else ResultIndex()
    _expect(data, Mapping, f"{source}: $", "a JSON object")
    pacts = _expect(data.get("pacts"), list, f"{source}: $.pacts", "a list of verified pacts")
    provider_info = data.get("provider")
    version = provider_info.get("version") if isinstance(provider_info, Mapping) else None
    when = data.get("verifiedAt") or ""
    for p_number, pact in enumerate(pacts):
        where = f"{source}: $.pacts[{p_number}]"
        _expect(pact, Mapping, where, "an object")
        consumer = _expect(pact.get("consumer"), str, f"{where}.consumer", "the consumer's name")
        provider = _expect(pact.get("provider"), str, f"{where}.provider", "the provider's name")
        entries = _expect(pact.get("interactions"), list, f"{where}.interactions", "a list")
        for i_number, entry in enumerate(entries):
            at = f"{where}.interactions[{i_number}]"
            _expect(entry, Mapping, at, "an object")
            result = _result(entry, at, source, consumer, provider, str(version or ""), str(when),
                             len(index.results))
            if result is not None:
                index.results.append(result)
    return index


def _result(entry: Mapping[str, Any], at: str, source: str, consumer: str, provider: str, version: str,
            when: str, order: int) -> _Result | None:
    description = _expect(entry.get("description"), str, f"{at}.description", "the interaction's description")
    given = entry.get("status")
    if given == "skipped":
        return None
    if given not in ("passed", "failed", "error"):
        raise InputError(f"{at}.status: expected passed, failed, error or skipped, got {json.dumps(given)}")
    status: Literal["passed", "failed", "pending", "error"] = given
    if entry.get("pending") is True and status != "passed":
        status = "pending"
    states = tuple(
        str(s.get("name", "")) if isinstance(s, Mapping) else str(s) for s in entry.get("providerStates") or ()
    )
    mismatches = tuple(
        MismatchDoc(path=str(m.get("path", "")), message=str(m.get("message", "")))
        if isinstance(m, Mapping) else MismatchDoc(path="", message=str(m))
        for m in entry.get("mismatches") or ()
    )
    errors = entry.get("errors") or []
    doc = VerificationDoc(
        status=status,
        provider_version=version,
        verified_at=when,
        mismatches=mismatches,
        errors=tuple(str(e) for e in errors) if isinstance(errors, list) else (str(errors),),
        source=source,
    )
    key = entry.get("key")
    return _Result(consumer, provider, description, key if isinstance(key, str) and key else None, states,
                   doc, order)
