"""What the compatibility-suite steps share: reading the suite's tables, values and fixtures.

The suite's cells use a small language of their own (see the suite README): ``JSON: {...}``,
``XML: <...>``, ``file: basic.json``, ``file: xml-body.xml`` (a body description: content type and
contents), ``EMPTY``, or plain text. This module turns those cells into pactspec values; it holds no
matching or generating logic (that is pactspec's job).
"""

from __future__ import annotations

import base64
import json
import mimetypes
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import jsonpath_ng

from pactspec import NO_BODY, InputError, MessageContents, parse_pact
from pactspec.content import body_kind, decode_body
from pactspec.model import PactJson, entry_json

__all__ = [
    "Body",
    "HttpPart",
    "check_value_type",
    "generators_cell",
    "horizontal_rows",
    "load_body",
    "load_json_cell",
    "parse_headers",
    "parse_query",
    "parse_value",
    "rules_cell",
    "spec_version",
    "value_at",
]


@dataclass(frozen=True, slots=True)
class Body:
    """A body as the suite describes it: decoded for pactspec, plus its encoded bytes."""

    value: Any
    content_type: str | None
    raw: bytes


@dataclass(slots=True)
class HttpPart:
    """An HTTP request or response of the matching features, reduced to what they compare."""

    body: Any = NO_BODY
    content_type: str | None = None
    headers: dict[str, list[str]] = field(default_factory=dict)
    query: dict[str, list[str]] = field(default_factory=dict)
    status: int | None = None
    matching_rules: dict[str, Any] = field(default_factory=dict)


_EXTENSION_TYPES = {".json": "application/json", ".xml": "application/xml", ".txt": "text/plain"}


def _fixture(fixtures: Path, name: str) -> Path:
    path = fixtures / name.strip()
    if not path.is_file():
        raise AssertionError(f"the suite's fixture {name.strip()!r} is not in {fixtures}")
    return path


def _body_description(path: Path) -> tuple[bytes, str]:
    """A ``*-body.xml`` fixture: ``<body><contentType/><contents eol= encoding=/></body>``."""
    root = ElementTree.parse(path).getroot()
    content_type = (root.findtext("contentType") or "").strip() or "text/plain"
    contents = root.find("contents")
    text = (contents.text or "") if contents is not None else ""
    attributes = contents.attrib if contents is not None else {}
    if attributes.get("encoding") == "base64":
        return base64.b64decode("".join(text.split())), content_type
    text = text.strip()
    if attributes.get("eol") == "CRLF":
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    return text.encode("utf-8"), content_type


def load_body(cell: str, fixtures: Path, content_type: str | None = None) -> Body:
    """A body cell (``JSON:``, ``XML:``, ``file:``, ``EMPTY`` or text) as a pactspec body.

    ``content_type`` is the table's own "content type" column, which wins over the one the cell
    implies (as in the reference steps).
    """
    cell = cell.strip()
    if cell.startswith("JSON:"):
        raw, implied = cell[len("JSON:"):].strip().encode("utf-8"), "application/json"
    elif cell.startswith("XML:"):
        raw, implied = cell[len("XML:"):].strip().encode("utf-8"), "application/xml"
    elif cell.startswith("file:"):
        name = cell[len("file:"):].strip()
        path = _fixture(fixtures, name)
        if name.endswith("-body.xml"):
            raw, implied = _body_description(path)
        else:
            raw = path.read_bytes()
            implied = _EXTENSION_TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0]
            implied = implied or "application/octet-stream"
    elif cell == "EMPTY":
        raw, implied = b"", None
    else:
        raw, implied = cell.encode("utf-8"), "text/plain"
    ct = content_type or implied
    if not raw:
        # An empty body that is present: zero bytes for binary types, empty text otherwise.
        return Body(b"" if body_kind(ct) == "binary" else "", ct, raw)
    try:
        return Body(decode_body(raw, ct), ct, raw)
    except InputError:
        # Bytes that their content type cannot decode (the Kafka schema-registry framing): keep them.
        return Body(raw, ct, raw)


def rules_cell(cell: str, fixtures: Path) -> dict[str, dict[str, Any]]:
    """A matching-rules cell, normalised (V2, V3 or V4 form) by pactspec's pact reader."""
    return _read_as_pact(cell, matchingRules=load_json_cell(cell, fixtures)).matching_rules


def generators_cell(cell: str, fixtures: Path) -> dict[str, dict[str, Any]]:
    """A generators cell, normalised by pactspec's pact reader."""
    return _read_as_pact(cell, generators=load_json_cell(cell, fixtures)).generators


def _read_as_pact(source: str, **part: Any) -> MessageContents:
    # The public reader is the one place rules and generators are normalised and checked, so the
    # cell goes through it inside a one-message V4 pact rather than through its internals.
    pact = {"consumer": {"name": "consumer"}, "provider": {"name": "provider"},
            "metadata": {"pactSpecification": {"version": "4.0"}},
            "interactions": [{"type": "Asynchronous/Messages", "description": source, "contents": {"content": None},
                              **part}]}
    message = parse_pact(pact, source=source).interactions[0]
    return message.contents  # type: ignore[union-attr]


def load_json_cell(cell: str, fixtures: Path) -> Any:
    """A ``JSON: ...`` cell or the name of a JSON fixture (matching rules, generators)."""
    cell = cell.strip()
    if cell.startswith("JSON:"):
        return json.loads(cell[len("JSON:"):].strip())
    return json.loads(_fixture(fixtures, cell).read_text(encoding="utf-8"))


def parse_value(cell: str) -> Any:
    """A metadata value cell: ``JSON: ...`` is JSON (``\\"`` unescaped), anything else is text."""
    if cell.startswith("JSON:"):
        return json.loads(cell[len("JSON:"):].strip().replace('\\"', '"'))
    return cell


def horizontal_rows(table: Any) -> list[dict[str, str]]:
    """A behave table with headings as a list of ``{heading: cell}`` rows."""
    return [dict(zip(table.headings, row.cells)) for row in table.rows]


def parse_headers(cell: str) -> dict[str, list[str]]:
    """``'X-A: 1234', 'X-B: 5'`` → ``{"X-A": ["1234"], "X-B": ["5"]}``."""
    headers: dict[str, list[str]] = {}
    for item in cell.split(","):
        item = item.strip().strip("'")
        if not item:
            continue
        name, _, value = item.partition(":")
        headers.setdefault(name.strip(), []).append(value.strip())
    return headers


def parse_query(cell: str) -> dict[str, list[str]]:
    """``a=1&b=2&a=3`` → ``{"a": ["1", "3"], "b": ["2"]}`` (values kept as written)."""
    query: dict[str, list[str]] = {}
    for item in cell.strip().split("&"):
        if item:
            name, _, value = item.partition("=")
            query.setdefault(name, []).append(value)
    return query


def value_at(body: Any, path: str) -> Any:
    """The single value a JSONPath such as ``$.one`` selects in a decoded JSON body."""
    found = jsonpath_ng.parse(path).find(body)
    if len(found) != 1:
        raise AssertionError(f"{path} selects {len(found)} values in {body!r}; expected exactly one")
    return found[0].value


_HEX = "[0-9a-f]"
_UUID = f"{_HEX}{{8}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{12}}"
_TEXT_SHAPES: Mapping[str, str] = {
    "hexadecimal number": r"[0-9a-fA-F]+",
    "date": r"\d{4}-\d{2}-\d{2}",
    "time": r"\d{2}:\d{2}:\d{2}(\.\d+)?",
    "date-time": r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?",
    "UUID": _UUID,
    "lower-case-hyphenated UUID": _UUID,
    "upper-case-hyphenated UUID": _UUID.replace("a-f", "A-F"),
    "simple UUID": f"{_HEX}{{32}}",
    "URN UUID": f"urn:uuid:{_UUID}",
}


def check_value_type(kind: str, value: Any, *, generator: Mapping[str, Any] | PactJson | None = None) -> None:
    """Assert that a generated value is of the kind the suite names ("integer", "UUID"...).

    ``generator`` is the generator (parsed, or its Pact JSON) when known: its ``regex``, ``size``,
    ``digits``, ``min`` and ``max`` are checked too.
    """
    spec = entry_json(generator) if generator else {}
    ok: bool
    if kind == "integer":
        ok = (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, str) and re.fullmatch(r"-?\d+", value) is not None
        )
        if ok and "min" in spec and "max" in spec:
            ok = spec["min"] <= int(value) <= spec["max"]
    elif kind == "decimal number":
        ok = (isinstance(value, float)) or (
            isinstance(value, str) and re.fullmatch(r"-?\d+\.\d+", value) is not None
        )
    elif kind == "boolean":
        ok = isinstance(value, bool)
    elif kind == "random string":
        ok = isinstance(value, str) and len(value) == spec.get("size", len(value)) and len(value) > 0
    elif kind == "string from the regex":
        ok = isinstance(value, str) and "regex" in spec and re.fullmatch(spec["regex"], value) is not None
    elif kind in _TEXT_SHAPES:
        ok = isinstance(value, str) and re.fullmatch(_TEXT_SHAPES[kind], value) is not None
        if ok and kind == "hexadecimal number" and "digits" in spec:
            ok = len(value) == spec["digits"]
    else:
        raise AssertionError(f"the step names an unknown kind of value {kind!r}")
    if not ok:
        shown = f" from {dict(spec)}" if spec else ""
        raise AssertionError(f"expected a generated {kind}{shown}, got {value!r} ({type(value).__name__})")


def spec_version(context: Any) -> str:
    """The pact specification a scenario's feature belongs to: its V3/ or V4/ folder."""
    parts = context.feature.filename.replace("\\", "/").split("/")
    return "3.0.0" if "V3" in parts else "4.0"
