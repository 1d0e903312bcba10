"""Verification reports: the console text, JUnit XML and a JSON document.

The JSON report (``pactspec verify --json FILE``; :func:`to_json`) has this schema, version
``pactspec-verification/1``. Keys are always present; values that are unknown are ``null``::

    {
      "schema": "pactspec-verification/1",
      "provider": {"name": str | null, "version": str | null},
      "verifiedAt": str,              # ISO 8601 UTC time the run started, e.g. "2026-11-25T13:45:00Z"
      "durationSeconds": float,
      "success": bool,                # what the exit code says: true = 0
      "summary": {"interactions": int, "passed": int, "failed": int, "errors": int,
                  "skipped": int, "pending": int},   # pending = pending interactions that did not pass
      "problems": [{"source": str, "message": str}], # failures outside any interaction (bad pact file)
      "pacts": [{
        "source": str,                # file path or URL
        "consumer": str, "provider": str, "specification": "3.0.0" | "4.0",
        "interactions": [{
          "description": str,
          "type": "Asynchronous/Messages" | "Synchronous/Messages" | str,
          "key": str | null,
          "providerStates": [{"name": str, "params": object}],
          "pending": bool,
          "status": "passed" | "failed" | "error" | "skipped",
          "scenario": str | null,     # consumer scenario "features/users.feature:12" from the comments
          "comments": object,         # the V4 interaction comments as in the pact
          "durationSeconds": float,
          "summary": [str],           # one heading per kind of mismatch, as the Pact verifiers say it:
                                      # "Body had differences", "Metadata had differences",
                                      # "Headers had differences", "Response status did not match"
          "mismatches": [{"path": str, "kind": str, "message": str,
                          "expected": any, "actual": any}],  # JSON values; bytes as base64 text
          "errors": [str]             # producer / state-handler / contract errors, one sentence each
        }]
      }]
    }
"""

from __future__ import annotations

import base64
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pactspec.errors import ConfigurationError
from pactspec.mismatch import Mismatch, describe
from pactspec.model import NO_BODY, ProviderState
from pactspec.provider import InteractionResult, PactResult, VerificationResult
from pactspec.sources import reference_lines

__all__ = [
    "MAX_LISTED",
    "SCHEMA",
    "describe_states",
    "format_console",
    "format_duration",
    "format_failure",
    "mismatch_summary",
    "to_json",
    "to_junit",
    "write_json",
    "write_junit",
    "write_reports",
]

SCHEMA = "pactspec-verification/1"

def _comment_lines(comments: Mapping[str, Any]) -> list[str]:
    lines: list[str] = []
    text = comments.get("text")
    if isinstance(text, str):
        lines.append(text)
    elif isinstance(text, (list, tuple)):
        lines.extend(str(t) for t in text)
    testname = comments.get("testname")
    if isinstance(testname, str) and testname:
        lines.append(f"test: {testname}")
    for key, value in comments.items():
        if key == "references":
            lines.extend(reference_lines(value))
        elif key not in ("text", "testname"):
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False, default=str)}")
    return lines


def describe_states(states: tuple[ProviderState, ...]) -> str:
    """``provider state "User 127 exists" {"id": 127}``, or ``""`` for none."""
    if not states:
        return ""
    parts = []
    for state in states:
        params = f" {json.dumps(dict(state.params), default=str)}" if state.params else ""
        parts.append(f'"{state.name}"{params}')
    noun = "provider state" if len(states) == 1 else "provider states"
    return f"{noun} {', '.join(parts)}"


def _value(value: Any) -> str:
    if value is NO_BODY:
        return "no body"
    return describe(value)


# Mismatches the console lists per interaction: 338,000 of them made 47 MB of output.
MAX_LISTED = 50


def _where(mismatch: Mismatch) -> str:
    """A body mismatch's JSON path; metadata keys and the content type say what they are."""
    if mismatch.kind == "metadata":
        return f"metadata {mismatch.path}"
    if mismatch.kind == "content-type":
        return "content type"
    return mismatch.path


# The headings the Pact reference verifiers (pact-jvm, pact-reference) give a failed interaction, one
# per kind of mismatch; the compatibility suite asserts them. Query, path and method have none there.
_HEADINGS: dict[str, str] = {
    "body": "Body had differences",
    "content-type": "Body had differences",
    "metadata": "Metadata had differences",
    "header": "Headers had differences",
    "status": "Response status did not match",
    "query": "Query had differences",
    "path": "Path did not match",
    "method": "Method did not match",
}


def mismatch_summary(mismatches: Iterable[Mismatch]) -> list[str]:
    """One heading per kind of mismatch (``"Body had differences"``), in order of first appearance."""
    return list(dict.fromkeys(_HEADINGS.get(m.kind, f"{m.kind.capitalize()} had differences")
                              for m in mismatches))


def _title(pact: PactResult, result: InteractionResult) -> str:
    where = f" ({result.scenario})" if result.scenario else ""
    states = describe_states(result.provider_states)
    text = f'"{result.description}"{where} from consumer "{pact.consumer}"'
    if states:
        text += f", {states}"
    if result.pending:
        text += " [pending: does not fail the run]"
    return text


def format_console(result: VerificationResult, *, quiet: bool = False) -> str:
    """The human report: one line per interaction, then each failure with numbered mismatches.

    ``quiet`` leaves out the heading and the line per interaction: only failures and the summary remain.
    """
    lines: list[str] = []
    who = f'provider "{result.provider}"' if result.provider else "the producers"
    version = f" version {result.provider_version}" if result.provider_version else ""
    total = len(result.interactions)
    if not quiet:
        lines.append(f"Verifying {who}{version}: {total} interaction{'s' if total != 1 else ''} "
                     f"in {len(result.pacts)} pact file{'s' if len(result.pacts) != 1 else ''}")
    for pact in result.pacts:
        if not pact.interactions or quiet:
            continue
        lines.append("")
        lines.append(f"{pact.consumer} -> {pact.provider}  ({pact.source})")
        for item in pact.interactions:
            mark = {"passed": "ok", "failed": "FAILED", "error": "ERROR", "skipped": "skipped"}[item.status]
            extra = f"  [{describe_states(item.provider_states)}]" if item.provider_states else ""
            pending = "  (pending)" if item.pending else ""
            lines.append(f"  {mark:<7} {item.description}{extra}{pending}")
            for comment in _comment_lines(item.comments):
                lines.append(f"          # {comment}")
    failures = [(p, r) for p, r in result.interactions if r.failed]
    if failures or result.problems:
        if lines:
            lines.append("")
        lines.append("Failures:")
    number = 0
    for problem in result.problems:
        number += 1
        lines.append("")
        source = f"{problem.source}: " if problem.source and not problem.message.startswith(problem.source) else ""
        lines.append(f"{number}) {source}{problem.message}")
    for pact, item in failures:
        number += 1
        lines.append("")
        lines += _failure_lines(pact, item, number)
    if lines:
        lines.append("")
    lines.append(_summary(result))
    return _escaped("\n".join(lines), _CONTROL) + "\n"


def format_failure(pact: PactResult, item: InteractionResult, number: int = 1) -> str:
    """One failed interaction as :func:`format_console` lists it: its errors and numbered mismatches."""
    return _escaped("\n".join(_failure_lines(pact, item, number)), _CONTROL)


def _failure_lines(pact: PactResult, item: InteractionResult, number: int) -> list[str]:
    lines: list[str] = []
    if item.errors:
        noun = "error" if len(item.errors) == 1 else "errors"
        lines.append(f"{number}) {len(item.errors)} {noun} in {_title(pact, item)}:")
        lines += [f"  - {error}" for error in item.errors]
    if item.mismatches:
        count = len(item.mismatches)
        prefix = f"{number}) " if not item.errors else "  "
        lines.append(f"{prefix}{count} mismatch{'es' if count != 1 else ''} in {_title(pact, item)}:")
        lines += [f"  {heading}" for heading in mismatch_summary(item.mismatches)]
        for index, mismatch in enumerate(item.mismatches[:MAX_LISTED], start=1):
            lines.append(f"  ({index}) {_where(mismatch)}: {mismatch.message}")
            lines.append(f"      expected: {_value(mismatch.expected)}")
            lines.append(f"      actual:   {_value(mismatch.actual)}")
        if count > MAX_LISTED:
            lines.append(f"  … and {count - MAX_LISTED:,} more ({count:,} mismatches in all; the JSON report "
                         "(--json) lists every one)")
    return lines


def _summary(result: VerificationResult) -> str:
    passed = result.count("passed")
    failed = sum(1 for _, r in result.interactions if r.counts)
    pending = sum(1 for _, r in result.interactions if r.pending and r.failed)
    skipped = result.count("skipped")
    parts = [f"{passed} passed", f"{failed} failed"]
    if pending:
        parts.append(f"{pending} pending failed (not counted)")
    if skipped:
        parts.append(f"{skipped} skipped")
    if result.problems:
        parts.append(f"{len(result.problems)} problem{'s' if len(result.problems) != 1 else ''}")
    verdict = "OK" if result.passed else "FAILED"
    return f"{verdict}: {', '.join(parts)} in {format_duration(result.duration)}"


def format_duration(seconds: float) -> str:
    """``0.42s`` from a tenth of a second up, milliseconds below (a fast run is not ``0.00s``)."""
    if seconds >= 0.1:
        return f"{seconds:.2f}s"
    milliseconds = seconds * 1000
    if milliseconds >= 10:
        return f"{milliseconds:.0f}ms"
    return f"{milliseconds:.1f}ms" if milliseconds >= 0.1 else "<0.1ms"


def _jsonable(value: Any) -> Any:
    if value is NO_BODY:
        return None
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _mismatch_json(mismatch: Mismatch) -> dict[str, Any]:
    return {"path": mismatch.path, "kind": mismatch.kind, "message": mismatch.message,
            "expected": _jsonable(mismatch.expected), "actual": _jsonable(mismatch.actual)}


def to_json(result: VerificationResult) -> dict[str, Any]:
    """The JSON report as a dict (schema in the module docstring)."""
    verified_at = result.started_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    interactions = [r for _, r in result.interactions]
    return {
        "schema": SCHEMA,
        "provider": {"name": result.provider, "version": result.provider_version},
        "verifiedAt": verified_at,
        "durationSeconds": round(result.duration, 6),
        "success": result.exit_code == 0,
        "summary": {
            "interactions": len(interactions),
            "passed": sum(1 for r in interactions if r.status == "passed"),
            "failed": sum(1 for r in interactions if r.status == "failed"),
            "errors": sum(1 for r in interactions if r.status == "error"),
            "skipped": sum(1 for r in interactions if r.status == "skipped"),
            "pending": sum(1 for r in interactions if r.pending and r.failed),
        },
        "problems": [{"source": p.source, "message": p.message} for p in result.problems],
        "pacts": [
            {
                "source": pact.source,
                "consumer": pact.consumer,
                "provider": pact.provider,
                "specification": pact.spec_version,
                "interactions": [
                    {
                        "description": item.description,
                        "type": item.type,
                        "key": item.key,
                        "providerStates": [{"name": s.name, "params": _jsonable(dict(s.params))}
                                           for s in item.provider_states],
                        "pending": item.pending,
                        "status": item.status,
                        "scenario": item.scenario,
                        "comments": _jsonable(dict(item.comments)),
                        "durationSeconds": round(item.duration, 6),
                        "summary": mismatch_summary(item.mismatches),
                        "mismatches": [_mismatch_json(m) for m in item.mismatches],
                        "errors": list(item.errors),
                    }
                    for item in pact.interactions
                ],
            }
            for pact in result.pacts
        ],
    }


def write_json(result: VerificationResult, path: str | Path) -> None:
    # backslashreplace turns a lone surrogate (from a producer's text) into its JSON escape, \udXXX
    Path(path).write_text(json.dumps(to_json(result), indent=2, ensure_ascii=False) + "\n", encoding="utf-8",
                          errors="backslashreplace")


# Characters XML 1.0 cannot hold at all, even escaped: C0 controls but tab/newline/CR, surrogates, U+FFFE/F.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# What must not reach a terminal raw (a pact from a URL could move the cursor or recolour the screen).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _escaped(text: str, unsafe: re.Pattern[str] = _NOT_XML) -> str:
    """``text`` with the ``unsafe`` characters written as visible escapes (``\\x1b``, ``\\ud800``)."""
    return unsafe.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                      else f"\\u{ord(m.group()):04x}", text)


def _clean_xml(root: ET.Element) -> None:
    for element in root.iter():
        for key, value in element.attrib.items():
            element.set(key, _escaped(value))
        if element.text:
            element.text = _escaped(element.text)


def to_junit(result: VerificationResult) -> str:
    """JUnit XML: a testsuite per pact file, a testcase per interaction, problems as errors."""
    root = ET.Element("testsuites", name=f"pactspec verify {result.provider or ''}".strip())
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    if result.problems:
        suite = ET.SubElement(root, "testsuite", name="pact files", tests=str(len(result.problems)),
                              failures="0", errors=str(len(result.problems)), skipped="0")
        for problem in result.problems:
            case = ET.SubElement(suite, "testcase", classname="pact files", name=problem.source or "verification")
            ET.SubElement(case, "error", message=problem.message).text = problem.message
        totals["tests"] += len(result.problems)
        totals["errors"] += len(result.problems)
    for pact in result.pacts:
        counts = {"tests": len(pact.interactions), "failures": 0, "errors": 0, "skipped": 0}
        suite = ET.SubElement(root, "testsuite", name=f"{pact.consumer} -> {pact.provider}",
                              file=pact.source)
        for item in pact.interactions:
            name = item.description
            if item.provider_states:
                name += f" [{describe_states(item.provider_states)}]"
            case = ET.SubElement(suite, "testcase", classname=f"{pact.consumer}.{pact.provider}", name=name,
                                 time=f"{item.duration:.6f}")
            if item.scenario:
                case.set("file", item.scenario.rsplit(":", 1)[0])
                case.set("line", item.scenario.rsplit(":", 1)[1])
            detail = "\n".join([*item.errors,
                                *(f"({i}) {_where(m)}: {m.message}" for i, m in enumerate(item.mismatches, 1))])
            if item.status == "skipped" or (item.pending and item.failed):
                reason = "pending interaction failed (does not fail the run)" if item.pending else "skipped"
                ET.SubElement(case, "skipped", message=reason).text = detail or reason
                counts["skipped"] += 1
            elif item.status == "error":
                ET.SubElement(case, "error", message=item.errors[0]).text = detail
                counts["errors"] += 1
            elif item.status == "failed":
                first = item.mismatches[0]
                ET.SubElement(case, "failure", message=f"{_where(first)}: {first.message}").text = detail
                counts["failures"] += 1
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", f"{result.duration:.6f}")
    _clean_xml(root)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def write_junit(result: VerificationResult, path: str | Path) -> None:
    Path(path).write_text(to_junit(result), encoding="utf-8")


def write_reports(result: VerificationResult, *, junit: str | Path | None = None, json: str | Path | None = None) -> None:
    """Write the JUnit and/or JSON reports asked for, creating their folders.

    A path that cannot be written is a :class:`~pactspec.errors.ConfigurationError` in one sentence.
    """
    for path, write in ((junit, write_junit), (json, write_json)):
        if path:
            try:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
                write(result, path)
            except OSError as exc:
                raise ConfigurationError(f"cannot write the report {path}: {exc.strerror or exc}; "
                                         "give a path in a writable folder") from exc
