"""What ``pactspec asyncapi check`` prints and writes: a line per interaction, and verify's JUnit/JSON reports.

The console shows each interaction with its code (``message.matched``, ``message.no.match``…) and,
under it, each cause or warning with its code, the pact location, the schema keyword and the
document location. The reports are ``verify``'s (:func:`pactspec.report.write_reports`): each
interaction is a test case whose mismatches are the causes, ``path`` the pact location, ``expected``
the document location and ``message`` the code and its words.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence

from pactspec.asyncapi._check import CheckResult, InteractionCheck, PactCheck
from pactspec.mismatch import Mismatch, MismatchKind
from pactspec.provider import InteractionResult, PactResult, VerificationResult
from pactspec.report import describe_states, format_duration

__all__ = [
    "format_checks",
    "to_verification_result",
]


def _cause_line(result: CheckResult) -> str:
    keyword = f" ({result.keyword})" if result.keyword else ""
    return f"{result.code} at {result.mock_location}{keyword}, {result.spec_location}: {result.message}"


def _interaction_lines(check: InteractionCheck) -> list[str]:
    outcome = check.outcome
    mark = "ok" if check.passed else "FAILED"
    states = f" [{describe_states(check.interaction.provider_states)}]" if check.interaction.provider_states else ""
    operation = f" -> {check.operation_id}" if check.operation_id else ""
    where = outcome.spec_location if outcome.code == "message.matched" else outcome.mock_location
    lines = [f"  {mark:<7} {check.interaction.description}{states}{operation}: {outcome.code} {where}"]
    for result in check.results:
        if result.type == "warning":
            lines.append(f"          warning: {_cause_line(result)}")
    for cause in outcome.causes:
        lines.append(f"          {_cause_line(cause)}")
    if not outcome.causes and outcome.type == "error":
        lines.append(f"          {outcome.message}")
    return lines


def format_checks(checks: Sequence[PactCheck], spec: str, duration: float) -> str:
    """The console text: a heading per pact, a line per interaction with its causes, and the verdict."""
    lines: list[str] = []
    for check in checks:
        lines.append(f"{check.pact.consumer} -> {check.pact.provider}  ({check.source}) against {spec}")
        lines += [line for item in check.interactions for line in _interaction_lines(item)]
        if not check.interactions:
            lines.append("  (no message interactions)")
    items = [i for c in checks for i in c.interactions]
    failed = sum(1 for i in items if not i.passed)
    warnings = sum(1 for i in items for r in i.results if r.type == "warning")
    parts = [f"{len(items) - failed} passed", f"{failed} failed"] + ([f"{warnings} warnings"] if warnings else [])
    verdict = "OK" if not failed else "FAILED"
    return "\n".join([*lines, "", f"{verdict}: {', '.join(parts)} in {format_duration(duration)}"]) + "\n"


def _mismatch(result: CheckResult) -> Mismatch:
    kind: MismatchKind = "metadata" if result.code == "message.headers.incompatible" else "body"
    return Mismatch(result.mock_location or "", result.spec_location, result.value, f"{result.code}: {result.message}",
                    kind)


def _result(check: InteractionCheck) -> InteractionResult:
    interaction = check.interaction
    outcome = check.outcome
    mismatches = tuple(_mismatch(r) for r in (outcome.causes or (outcome,))) if not check.passed else ()
    return InteractionResult(interaction.description, interaction.type, "passed" if check.passed else "failed",
                             interaction.provider_states, interaction.key, False, interaction.comments, mismatches)


def to_verification_result(checks: Sequence[PactCheck], started_at: _dt.datetime,
                           duration: float) -> VerificationResult:
    """The check as verify's result, for :func:`pactspec.report.write_reports` (JUnit, JSON)."""
    pacts = tuple(PactResult(c.source, c.pact.consumer, c.pact.provider, c.pact.spec_version,
                             tuple(_result(i) for i in c.interactions)) for c in checks)
    return VerificationResult(None, None, started_at, duration, pacts)
