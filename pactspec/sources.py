"""Where a piece of a contract was written (file, line, row) and how an interaction records it.

Where an interaction comes from is recorded in V4 ``comments``: ``testname`` is
``"<feature>: <scenario>"`` and the first ``text`` entry is ``"source: <file>:<line>"``. This
module is the one reader of those records: :func:`scenario_locations` finds every location a
``comments`` object mentions (pactspec's ``source:`` entry first, then other tools'
``file.feature:line`` mentions and ``{"file": …, "line": …}`` objects), and :func:`scenario_location`
and :func:`source_of` give the first.

An interaction that implements an AsyncAPI operation says so in ``comments.references.AsyncAPI``
as ``{"operationId": "onUserSignedUp"}``, spelled as PactFlow reads it (:func:`asyncapi_reference`
writes it, :func:`asyncapi_operation` reads it, :func:`reference_lines` shows it in reports).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pactspec.errors import ContractSyntaxError

__all__ = [
    "SOURCE_PREFIX",
    "Source",
    "asyncapi_operation",
    "asyncapi_reference",
    "reference_lines",
    "scenario_location",
    "scenario_locations",
    "source_of",
]

SOURCE_PREFIX = "source: "

# In parentheses a path may hold spaces: "(features/a b/x.feature:3)"; elsewhere a space ends it.
_FEATURE_MENTION = re.compile(r"\(([^()]+\.feature):(\d+)\)|([^\s'\"()\[\],:]+\.feature):(\d+)")


@dataclass(frozen=True, slots=True)
class Source:
    """Where a piece of a contract was written: file, line and (for tables) which row/cell."""

    filename: str | None = None
    line: int | None = None
    where: str = ""

    def __str__(self) -> str:
        if self.filename and self.line:
            return f"{self.filename}:{self.line}"
        return self.filename or "<contract>"

    def error(self, message: str) -> ContractSyntaxError:
        """A one-sentence syntax error located here."""
        text = f"{self.where}: {message}" if self.where else message
        return ContractSyntaxError(text, filename=self.filename or "<contract>", line=self.line)


def scenario_locations(comments: Mapping[str, Any] | None) -> list[tuple[str, int]]:
    """Every ``(file, line)`` a V4 ``comments`` object records, pactspec's own ``source:`` first."""
    if not isinstance(comments, Mapping):
        return []
    found: list[tuple[str, int]] = []
    texts = comments.get("text")
    for text in texts if isinstance(texts, list) else [texts]:
        if isinstance(text, str) and text.startswith(SOURCE_PREFIX):
            filename, _, line = text[len(SOURCE_PREFIX):].strip().rpartition(":")
            if filename and line.isdigit():
                found.append((filename, int(line)))

    def visit(value: Any) -> None:
        if isinstance(value, str):
            if not value.startswith(SOURCE_PREFIX):
                for m in _FEATURE_MENTION.finditer(value):
                    file, line = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
                    found.append((file, int(line)))
        elif isinstance(value, Mapping):
            file = value.get("file") or value.get("feature") or value.get("filename")
            line = value.get("line")
            if isinstance(file, str) and isinstance(line, int) and not isinstance(line, bool):
                found.append((file, line))
            # testname first: it is where pact implementations put the test that wrote the interaction
            for key in sorted(value, key=lambda k: (k != "testname", str(k))):
                visit(value[key])
        elif isinstance(value, (list, tuple)):
            for item in value:
                visit(item)

    visit(comments)
    return list(dict.fromkeys(found))


def scenario_location(comments: Mapping[str, Any] | None) -> str | None:
    """Where the consumer wrote the interaction (``features/users.feature:12``), or ``None``."""
    found = scenario_locations(comments)
    return f"{found[0][0]}:{found[0][1]}" if found else None


def source_of(interaction: Any) -> tuple[str, int] | None:
    """The ``(file, line)`` an interaction (model object or pact JSON) was written at."""
    comments = getattr(interaction, "comments", None)
    if comments is None and isinstance(interaction, Mapping):
        comments = interaction.get("comments")
    found = scenario_locations(comments)
    return found[0] if found else None


def asyncapi_reference(operation_id: str) -> dict[str, Any]:
    """The ``comments.references`` entry naming an AsyncAPI operation (the capitalisation PactFlow reads)."""
    return {"AsyncAPI": {"operationId": operation_id}}


def asyncapi_operation(comments: Mapping[str, Any] | None) -> str | None:
    """The AsyncAPI operation an interaction names in ``comments.references.AsyncAPI.operationId``, if any."""
    references = comments.get("references") if isinstance(comments, Mapping) else None
    asyncapi = references.get("AsyncAPI") if isinstance(references, Mapping) else None
    operation = asyncapi.get("operationId") if isinstance(asyncapi, Mapping) else None
    return operation if isinstance(operation, str) and operation else None


def reference_lines(references: Any) -> list[str]:
    """``comments.references`` as report lines: ``AsyncAPI operation: onUserSignedUp``, others as JSON."""
    if not isinstance(references, Mapping):
        return [f"references: {json.dumps(references, ensure_ascii=False, default=str)}"]
    lines = []
    for kind, value in references.items():
        operation = asyncapi_operation({"references": {kind: value}}) if kind == "AsyncAPI" else None
        lines.append(f"AsyncAPI operation: {operation}" if operation else
                     f"{kind} reference: {json.dumps(value, ensure_ascii=False, default=str)}")
    return lines
