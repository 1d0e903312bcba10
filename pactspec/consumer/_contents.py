"""Message contents from what the user wrote: table rows, a docstring with inline matchers, or a file.

:func:`build_contents` turns a :class:`PartBuilder` (the metadata rows plus the content of one
message, request or response) into :class:`pactspec.model.MessageContents`: the example body, its
matching rules and generators in Pact JSON form. Every error names the row or cell to fix.
"""

from __future__ import annotations

import copy
import functools
import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pactspec.consumer._inline import render_inline, resolve_value
from pactspec.consumer._language import CellMatcher, parse_generator, parse_matcher
from pactspec.consumer._userpaths import parse_user_path
from pactspec.content import (
    CONTENT_TYPE_KEY,
    base_type,
    body_kind,
    decode_body,
    is_content_type_key,
    sniff_content_type,
)
from pactspec.errors import ContractSyntaxError, InputError, RuleError
from pactspec.model import NO_BODY, MessageContents
from pactspec.paths import ANY_INDEX, format_path
from pactspec.sources import Source

__all__ = ["ContentRow", "DocContent", "FileContent", "MetadataRow", "PartBuilder", "ValueContent", "build_contents"]


@dataclass(frozen=True, slots=True)
class ContentRow:
    """One row of a content table: a JSONPath, its example, matcher words and generator words."""

    path: str
    example: Any
    matcher: str = ""
    generator: str = ""
    source: Source = field(default_factory=Source)


@dataclass(frozen=True, slots=True)
class MetadataRow:
    """One metadata entry: key, example value, matcher words and generator words."""

    key: str
    value: Any
    matcher: str = ""
    generator: str = ""
    source: Source = field(default_factory=Source)


@dataclass(frozen=True, slots=True)
class DocContent:
    """Content written as a document (JSON, XML or text) with inline matchers."""

    text: str
    content_type: str | None = None
    source: Source = field(default_factory=Source)
    first_line: int | None = None  # the file line of the document's first line, for errors inside it


@dataclass(frozen=True, slots=True)
class FileContent:
    """Content read from a file (an image, a PDF, a fixture), relative to the contract's own file."""

    path: str
    matcher: str = ""
    source: Source = field(default_factory=Source)


@dataclass(frozen=True, slots=True)
class ValueContent:
    """Content written as Python values with matchers in them (``pactspec.match``), or as text or bytes."""

    value: Any
    content_type: str | None = None
    source: Source = field(default_factory=Source)


@dataclass(slots=True)
class PartBuilder:
    """The message (or request, or one response) being written: metadata plus content."""

    source: Source = field(default_factory=Source)
    metadata: list[MetadataRow] = field(default_factory=list)
    rows: list[ContentRow] = field(default_factory=list)
    doc: DocContent | FileContent | ValueContent | None = None

    def add_rows(self, rows: Sequence[ContentRow], source: Source) -> None:
        if self.doc is not None:
            raise source.error("the content was already given as a document; give it either as a table or as a "
                               "docstring, not both")
        self.rows.extend(rows)

    def set_doc(self, doc: DocContent | FileContent | ValueContent) -> None:
        if self.rows:
            raise doc.source.error("the content was already given as a table; give it either as a table or as "
                                   "a docstring, not both")
        if self.doc is not None:
            raise doc.source.error("the content was already given; write one 'content' step per message")
        self.doc = doc


def build_contents(part: PartBuilder) -> MessageContents:
    """Turn what the user wrote into :class:`MessageContents`; errors name the row to fix."""
    metadata: dict[str, Any] = {}
    meta_rules: dict[str, Any] = {}
    meta_generators: dict[str, Any] = {}
    content_type: str | None = None
    type_row: MetadataRow | None = None
    for row in part.metadata:
        if not row.key:
            raise row.source.error("the metadata key is empty; write the key in the 'key' column")
        if row.key in metadata:
            raise row.source.error(f"the metadata key {row.key!r} is given twice; keep one row for it")
        _check_finite(row.value, row.source)
        metadata[row.key] = row.value
        matcher = _matcher(row.matcher, row.source)
        if matcher is not None:
            if matcher.each_like or matcher.array_contains is not None:
                raise row.source.error(f"'{row.matcher}' does not apply to metadata; use type, regex, include, ...")
            problem = matcher.check_example(row.value)
            if problem:
                raise row.source.error(problem)
            meta_rules[row.key] = matcher.rule_list()
        generator = _generator(row.generator, row.source)
        if generator is not None:
            meta_generators[row.key] = generator
        if is_content_type_key(row.key):
            if not isinstance(row.value, str) or "/" not in row.value:
                raise row.source.error(f"{row.key} must be a media type such as application/json, "
                                       f"not {json.dumps(row.value)}")
            if content_type is not None and base_type(content_type) != base_type(row.value):
                raise row.source.error(f"{row.key} {row.value} disagrees with the content type {content_type} given "
                                       "above; keep one content type row (or make them the same)")
            content_type = row.value
            type_row = row

    rules: dict[str, Any] = {}
    generators: dict[str, Any] = {}
    body: Any = NO_BODY
    if isinstance(part.doc, FileContent):
        matcher = _matcher(part.doc.matcher, part.doc.source)
        declared = _declared_type(matcher)
        if content_type and declared and base_type(content_type) != base_type(declared):
            raise part.doc.source.error(
                f"the metadata says the content type is {content_type} but the matcher says {declared}; "
                "keep one of them (or make them the same)")
        # the type a 'content type T' matcher declares is the body's type (a CSV is text/csv, not text/plain)
        body, content_type = _file_body(part.doc, content_type or declared)
        if matcher is not None:
            rules["$"] = matcher.rule_list()
    elif part.doc is not None:
        declared = part.doc.content_type
        if type_row is not None and declared and base_type(declared) != base_type(type_row.value):
            raise type_row.source.error(
                f"{type_row.key} {type_row.value} disagrees with the content of type \"{declared}\"; keep one of "
                "them (or make them the same)")
    if isinstance(part.doc, ValueContent):
        content_type = content_type or part.doc.content_type or "application/json"
        inline = resolve_value(part.doc.value, content_type, part.doc.source)
        _check_finite(inline.body, part.doc.source)
    elif isinstance(part.doc, DocContent):
        guessed = not (content_type or declared)
        content_type = content_type or declared or _guess_doc_type(part.doc.text)
        inline = render_inline(part.doc.text, content_type, filename=part.doc.source.filename,
                               line=part.doc.first_line or part.doc.source.line)
        if guessed and isinstance(inline.body, str) and _ONE_EXPRESSION.fullmatch(part.doc.text):
            # a docstring that is only {{ regex("Hello Billy", ...) }} means a text body, not a JSON string
            content_type = "text/plain"
            inline = render_inline(part.doc.text, content_type, filename=part.doc.source.filename,
                                   line=part.doc.first_line or part.doc.source.line)
    elif part.rows:
        content_type = content_type or "application/json"
        body, body_rules, body_generators = _table_body(part.rows, content_type)
        rules.update(body_rules)
        generators.update(body_generators)

    if isinstance(part.doc, (ValueContent, DocContent)):
        body = inline.body
        rules.update(inline.rules.get("body", {}))
        generators.update(inline.generators.get("body", {}))
    if content_type and CONTENT_TYPE_KEY not in metadata:
        metadata[CONTENT_TYPE_KEY] = content_type  # the reference implementation always writes this key
    matching_rules = {k: v for k, v in (("body", rules), ("metadata", meta_rules)) if v}
    all_generators = {k: v for k, v in (("body", generators), ("metadata", meta_generators)) if v}
    return MessageContents(body, content_type, metadata, matching_rules, all_generators)


def _file_body(content: FileContent, content_type: str | None) -> tuple[Any, str]:
    base = Path(content.source.filename).parent if content.source.filename else Path()
    path = Path(content.path) if Path(content.path).is_absolute() else base / content.path
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise content.source.error(f"cannot read the content file {path} ({exc.strerror or exc}); paths are "
                                   "relative to the folder of the contract's own file") from None
    content_type = content_type or sniff_content_type(raw) or "application/octet-stream"
    try:
        return decode_body(raw, content_type), content_type
    except InputError as exc:
        raise content.source.error(f"{path}: {exc}") from None


def _check_finite(value: Any, source: Source) -> None:
    """Refuse infinity and NaN (YAML's .inf and .nan): a pact is JSON, which cannot hold them."""
    if isinstance(value, float) and not math.isfinite(value):
        raise source.error(f"the example {value} cannot be written to a pact (JSON has no infinity or NaN); "
                           "give a finite number, or text such as \"Infinity\" in quotes")
    if isinstance(value, dict):
        for item in value.values():
            _check_finite(item, source)
    elif isinstance(value, list):
        for item in value:
            _check_finite(item, source)


def _declared_type(matcher: CellMatcher | None) -> str | None:
    """The media type a ``content type T`` matcher names, if the matcher is one."""
    if matcher is None:
        return None
    for rule in matcher.rules:
        if rule.get("match") == "contentType" and isinstance(rule.get("value"), str):
            return str(rule["value"])
    return None


_ONE_EXPRESSION = re.compile(r"\s*\{\{(?:(?!\}\}|\{\{).)*\}\}\s*", re.DOTALL)


def _guess_doc_type(text: str) -> str:
    stripped = text.lstrip()
    if stripped.startswith("<"):
        return "application/xml"
    if stripped[:1] in ("{", "[", '"') or stripped[:1].isdigit() or stripped.split(None, 1)[:1] in (
        ["true"], ["false"], ["null"],
    ):
        return "application/json"
    return "text/plain"


def _matcher(words: str, source: Source) -> CellMatcher | None:
    try:
        return parse_matcher(words)
    except RuleError as exc:
        raise source.error(str(exc)) from None


def _generator(words: str, source: Source) -> dict[str, Any] | None:
    try:
        return parse_generator(words)
    except RuleError as exc:
        raise source.error(str(exc)) from None


def _table_body(rows: Sequence[ContentRow], content_type: str) -> tuple[Any, dict[str, Any], dict[str, Any]]:
    kind = body_kind(content_type)
    body: Any = NO_BODY
    rules: dict[str, Any] = {}
    generators: dict[str, Any] = {}
    seen: set[str] = set()
    written: list[tuple[tuple[Any, ...], ContentRow]] = []
    for index, row in enumerate(rows):
        try:
            segments = parse_user_path(row.path)
        except RuleError as exc:
            raise row.source.error(f"{exc}") from None
        path = format_path(segments)
        if path in seen:
            raise row.source.error(f"the path {path} is given twice; keep one row for it")
        seen.add(path)
        matcher = _matcher(row.matcher, row.source)
        value = row.example
        if matcher is not None and matcher.each_like is not None and value in ("", NO_BODY):
            value = _element_from_rows(segments, rows[index + 1:], row, path, matcher)
        else:
            _check_finite(value, row.source)
            if matcher is not None:
                problem = matcher.check_example(value)
                if problem:
                    raise row.source.error(problem)
        if matcher is not None:
            rule_list = matcher.rule_list(value)
            if matcher.array_contains is not None:
                rule_list = _array_contains_rules(value, matcher)
            rules[path] = rule_list
            value = matcher.shape_example(value)
        generator = _generator(row.generator, row.source)
        if generator is not None:
            generators[path] = generator
        if kind != "json" and segments:
            raise row.source.error(f"a {base_type(content_type)} body has no fields, so {path} cannot be set; "
                                   "write the whole body at path $ or give it as a docstring")
        clash = functools.partial(_clash_error, row=row, path=path, segments=segments, written=written)
        body = _set(body, segments, copy.deepcopy(value), row.source, ANY_INDEX, clash)
        written.append((segments, row))
    return body, rules, generators


def _element_from_rows(segments: tuple[Any, ...], later: Sequence[ContentRow], row: ContentRow, path: str,
                       matcher: CellMatcher) -> Any:
    """The element of an ``each like`` row left without an example: built by the rows under ``path[*]``.

    Without such rows an empty cell keeps its old meaning (the element is the empty string); a YAML
    entry with no ``example`` at all has nothing to build from.
    """
    for other in later:
        try:
            other_segments = parse_user_path(other.path)
        except RuleError:
            continue  # reported when that row is read
        if len(other_segments) > len(segments) and other_segments[: len(segments)] == segments \
                and other_segments[len(segments)] is ANY_INDEX:
            return _ELEMENT_FROM_ROWS
    if row.example is NO_BODY:
        raise row.source.error(f"'{matcher.text}' on {path} has no example; give the element's example, or a "
                               f"row for each field of the element below it, e.g. {path}[*].id")
    return row.example


class _FromRows:
    """The element an ``each like`` row leaves to the rows under ``path[*]`` (each of them fills it in)."""

    def __repr__(self) -> str:
        return "<element from rows>"

    def __deepcopy__(self, memo: dict[int, Any]) -> _FromRows:
        return self  # one marker, recognised by identity wherever the element is copied to


_ELEMENT_FROM_ROWS: Any = _FromRows()


def _clash_error(found: Any, wanted: str, row: ContentRow, path: str, segments: tuple[Any, ...],
                 written: Sequence[tuple[tuple[Any, ...], ContentRow]]) -> ContractSyntaxError:
    """A row sets a place an earlier row filled with something else (``wanted``: object, array or value).

    One sentence names both rows: which earlier row filled the place and what to write instead.
    """
    def covers(shorter: tuple[Any, ...], longer: tuple[Any, ...]) -> bool:
        return len(shorter) <= len(longer) and all(
            a == b or _is_wildcard(a) or _is_wildcard(b) for a, b in zip(shorter, longer))

    existing = _shown(found)
    outer = [(s, r) for s, r in written if covers(s, segments)]
    if outer:
        other_segments, other = max(outer, key=lambda entry: len(entry[0]))
        other_path = format_path(other_segments)
        where = _line_of(other)
        if wanted == "value":
            return row.source.error(
                f"the example of {other_path} ({where}) already gives {path} as {existing}, but this row gives "
                f"{_shown(row.example)}; give the example in one place: write {existing} here too, or leave the "
                f"example of {other_path} empty and give each field its own row")
        return row.source.error(
            f"the example of {other_path} ({where}) puts {existing} where {path} needs an {wanted}; leave "
            f"the example of {other_path} empty and give each field its own row, or remove this row")
    inner = [(s, r) for s, r in written if covers(segments, s)]
    if inner:
        other_segments, other = inner[0]
        return row.source.error(
            f"{path} is given after rows that fill it ({format_path(other_segments)}, {_line_of(other)}); "
            f"put the {path} row before them")
    # nothing to name: the place was made by an earlier row's [*] or [N]
    return row.source.error(f"{path} needs {'an ' if wanted != 'value' else ''}{wanted} here but the "
                            f"example so far has {existing}; check the paths of the rows above")


def _is_wildcard(segment: Any) -> bool:
    return not isinstance(segment, (str, int))


def _line_of(row: ContentRow) -> str:
    return f"line {row.source.line}" if row.source.line else f"row {row.path}"


def _shown(value: Any) -> str:
    if value is NO_BODY or value is _ELEMENT_FROM_ROWS:
        return "nothing"
    return json.dumps(value, ensure_ascii=False)


def _array_contains_rules(value: list[Any], matcher: CellMatcher) -> dict[str, Any]:
    variant_rules: dict[str, Any] = {}
    if matcher.array_contains:
        variant_rules = {"$": {"combine": "AND", "matchers": [dict(r) for r in matcher.array_contains]}}
    variants = [{"index": index, "rules": copy.deepcopy(variant_rules)} for index in range(len(value))]
    return {"combine": "AND", "matchers": [{"match": "arrayContains", "variants": variants}]}


def _set(body: Any, segments: Sequence[Any], value: Any, source: Source, any_index: Any,
         clash: Callable[[Any, str], ContractSyntaxError]) -> Any:
    """Put ``value`` at ``segments`` inside ``body``, creating objects and arrays on the way.

    Where an earlier row already filled the place with something else, raises ``clash(what, wanted)``.
    """
    if body is _ELEMENT_FROM_ROWS:
        body = NO_BODY  # an 'each like' element the rows under [*] build
    if not segments:
        if body is not NO_BODY and _differs(body, value):
            raise clash(body, "value")
        return value
    head, rest = segments[0], segments[1:]
    if head is any_index:
        if body is NO_BODY or body is None:
            body = [NO_BODY]
        if not isinstance(body, list):
            raise clash(body, "array")
        if not body:
            body.append(NO_BODY)
        for index, item in enumerate(body):
            body[index] = _set(item, rest, copy.deepcopy(value), source, any_index, clash)
        return body
    if isinstance(head, int):
        if body is NO_BODY or body is None:
            body = []
        if not isinstance(body, list):
            raise clash(body, "array")
        if head > len(body):
            raise source.error(f"[{head}] leaves a gap in the array; write the rows for [{len(body)}] first")
        if head == len(body):
            body.append(NO_BODY)
        body[head] = _set(body[head], rest, value, source, any_index, clash)
        return body
    if not isinstance(head, str):
        raise source.error("a wildcard .* cannot build an example; write the key itself, e.g. $.items.first")
    if body is NO_BODY or body is None:
        body = {}
    if not isinstance(body, dict):
        raise clash(body, "object")
    body[head] = _set(body.get(head, NO_BODY), rest, value, source, any_index, clash)
    return body


def _differs(old: Any, new: Any) -> bool:
    """Two examples differ when their JSON differs (1 and 1.0 and true are three examples)."""
    try:
        return json.dumps(old, sort_keys=True, default=repr) != json.dumps(new, sort_keys=True, default=repr)
    except (TypeError, ValueError):
        return old is not new
