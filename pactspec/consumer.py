"""Consumer contracts: build the interaction a scenario (or a YAML entry) states, check the example
against its own matchers, hand the example message to the consumer's handler.

The front ends (behave steps, YAML contracts) only fill a :class:`ContractBuilder` with rows as the
user wrote them, each row carrying its :class:`Source` (file and line) so that every error names
the place to fix. Recording and writing the pact files is :mod:`pactspec.recorder`'s job.

Where an interaction comes from is recorded in V4 ``comments``: ``testname`` is
``"<feature>: <scenario>"`` and the first ``text`` entry is ``"source: <file>:<line>"``
(:func:`source_of` reads it back).
"""

from __future__ import annotations

import asyncio
import copy
import dataclasses
import inspect
import json
import traceback
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pactspec.content import base_type, body_kind, encode_body
from pactspec.errors import ConfigurationError, ContractError, ContractSyntaxError, RuleError
from pactspec.matcher_language import CellMatcher, parse_generator, parse_matcher
from pactspec.model import (
    NO_BODY,
    AsynchronousMessage,
    Message,
    MessageContents,
    ProviderState,
    SpecVersion,
    SynchronousMessage,
)

__all__ = [
    "SOURCE_PREFIX",
    "ContentRow",
    "ContractBuilder",
    "DocContent",
    "FileContent",
    "HandlerRejected",
    "MetadataRow",
    "PartBuilder",
    "Source",
    "build_contents",
    "example_message",
    "source_of",
    "spec_version_from_tags",
]

SOURCE_PREFIX = "source: "
_CONTENT_TYPE_KEYS = ("content-type", "contenttype")


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


class HandlerRejected(ContractError):
    """The consumer's handler raised on the example message; ``error`` is what it raised."""

    def __init__(self, message: str, error: BaseException) -> None:
        super().__init__(message)
        self.error = error


@dataclass(slots=True)
class PartBuilder:
    """The message (or request, or one response) being written: metadata plus content."""

    source: Source = field(default_factory=Source)
    metadata: list[MetadataRow] = field(default_factory=list)
    rows: list[ContentRow] = field(default_factory=list)
    doc: DocContent | FileContent | None = None

    def add_rows(self, rows: Sequence[ContentRow], source: Source) -> None:
        if self.doc is not None:
            raise source.error("the content was already given as a document; give it either as a table or as a "
                               "docstring, not both")
        self.rows.extend(rows)

    def set_doc(self, doc: DocContent | FileContent) -> None:
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
    for row in part.metadata:
        if not row.key:
            raise row.source.error("the metadata key is empty; write the key in the 'key' column")
        if row.key in metadata:
            raise row.source.error(f"the metadata key {row.key!r} is given twice; keep one row for it")
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
        if row.key.lower() in _CONTENT_TYPE_KEYS:
            if not isinstance(row.value, str) or "/" not in row.value:
                raise row.source.error(f"{row.key} must be a media type such as application/json, "
                                       f"not {json.dumps(row.value)}")
            content_type = row.value

    rules: dict[str, Any] = {}
    generators: dict[str, Any] = {}
    body: Any = NO_BODY
    if isinstance(part.doc, FileContent):
        body, content_type = _file_body(part.doc, content_type)
        matcher = _matcher(part.doc.matcher, part.doc.source)
        if matcher is not None:
            rules["$"] = matcher.rule_list()
    elif part.doc is not None:
        content_type = content_type or part.doc.content_type or _guess_doc_type(part.doc.text)
        from pactspec.inline import render_inline

        inline = render_inline(part.doc.text, content_type, filename=part.doc.source.filename,
                               line=part.doc.first_line or part.doc.source.line)
        body = inline.body
        rules.update(inline.rules.get("body", {}))
        generators.update(inline.generators.get("body", {}))
    elif part.rows:
        content_type = content_type or "application/json"
        body, body_rules, body_generators = _table_body(part.rows, content_type)
        rules.update(body_rules)
        generators.update(body_generators)

    if content_type and "contentType" not in metadata:
        metadata["contentType"] = content_type  # the reference implementation always writes this key
    matching_rules = {k: v for k, v in (("body", rules), ("metadata", meta_rules)) if v}
    all_generators = {k: v for k, v in (("body", generators), ("metadata", meta_generators)) if v}
    return MessageContents(body, content_type, metadata, matching_rules, all_generators)


def _file_body(content: FileContent, content_type: str | None) -> tuple[Any, str]:
    from pathlib import Path

    from pactspec.content import decode_body, sniff_content_type
    from pactspec.errors import InputError

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
    from pactspec.paths import ANY_INDEX, format_path
    from pactspec.userpaths import parse_user_path

    kind = body_kind(content_type)
    body: Any = NO_BODY
    rules: dict[str, Any] = {}
    generators: dict[str, Any] = {}
    seen: set[str] = set()
    for row in rows:
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
        if matcher is not None:
            problem = matcher.check_example(value)
            if problem:
                raise row.source.error(problem)
            rule_list = matcher.rule_list()
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
        body = _set(body, segments, copy.deepcopy(value), row.source, ANY_INDEX)
    return body, rules, generators


def _array_contains_rules(value: list[Any], matcher: CellMatcher) -> dict[str, Any]:
    variant_rules: dict[str, Any] = {}
    if matcher.array_contains:
        variant_rules = {"$": {"combine": "AND", "matchers": [dict(r) for r in matcher.array_contains]}}
    variants = [{"index": index, "rules": copy.deepcopy(variant_rules)} for index in range(len(value))]
    return {"combine": "AND", "matchers": [{"match": "arrayContains", "variants": variants}]}


def _set(body: Any, segments: Sequence[Any], value: Any, source: Source, any_index: Any) -> Any:
    """Put ``value`` at ``segments`` inside ``body``, creating objects and arrays on the way."""
    if not segments:
        if body is not NO_BODY and isinstance(body, (dict, list)) and isinstance(value, (dict, list)):
            raise source.error("the root $ is given after rows that fill it; put the $ row first")
        return value
    head, rest = segments[0], segments[1:]
    if head is any_index:
        if body is NO_BODY or body is None:
            body = [NO_BODY]
        if not isinstance(body, list):
            raise source.error(f"[*] needs an array here but the example so far has {json.dumps(body)}; "
                               "check the paths of the rows above")
        if not body:
            body.append(NO_BODY)
        for index, item in enumerate(body):
            body[index] = _set(item, rest, copy.deepcopy(value), source, any_index)
        return body
    if isinstance(head, int):
        if body is NO_BODY or body is None:
            body = []
        if not isinstance(body, list):
            raise source.error(f"[{head}] needs an array here but the example so far has {json.dumps(body)}")
        if head > len(body):
            raise source.error(f"[{head}] leaves a gap in the array; write the rows for [{len(body)}] first")
        if head == len(body):
            body.append(NO_BODY)
        body[head] = _set(body[head], rest, value, source, any_index)
        return body
    if not isinstance(head, str):
        raise source.error("a wildcard .* cannot build an example; write the key itself, e.g. $.items.first")
    if body is NO_BODY or body is None:
        body = {}
    if not isinstance(body, dict):
        raise source.error(f".{head} needs an object here but the example so far has {json.dumps(body)}; "
                           "check the paths of the rows above")
    body[head] = _set(body.get(head, NO_BODY), rest, value, source, any_index)
    return body


def check_example(contents: MessageContents, part: PartBuilder) -> None:
    """Fail when the example (or what its generators make) breaks the contract's own matchers."""
    from pactspec.matching import match_contents

    _check_no_gaps(contents.body, part.source)
    mismatches = match_contents(contents, contents)
    if mismatches:
        first = mismatches[0]
        raise _source_for(first.path, first.kind, part).error(
            f"the example breaks its own matcher at {first.path}: {first.message}; "
            "change the example or the matcher so that they agree"
        )


def _check_no_gaps(body: Any, source: Source) -> None:
    if body is NO_BODY:
        return
    if isinstance(body, dict):
        for item in body.values():
            _check_no_gaps(item, source)
    elif isinstance(body, list):
        for item in body:
            if item is NO_BODY:
                raise source.error("an array in the example has an element without a value; give each [*] or "
                                   "[N] a row with an example")
            _check_no_gaps(item, source)


def _source_for(path: str, kind: str, part: PartBuilder) -> Source:
    if kind == "metadata":
        for meta in part.metadata:
            if meta.key in path:
                return meta.source
    if part.doc is not None:
        return part.doc.source
    from pactspec.paths import parse_path, path_weight
    from pactspec.userpaths import parse_user_path

    try:
        actual = [s for s in parse_path(path) if isinstance(s, (str, int))]
    except RuleError:
        actual = []
    best, weight = None, 0
    for row in part.rows:
        try:
            segments = parse_user_path(row.path)
        except RuleError:
            continue
        if len(segments) > len(actual):
            continue
        score = path_weight(segments, actual[: len(segments)]) * 100 + len(segments)
        if score > weight:
            best, weight = row, score
    return best.source if best else part.source


def example_message(
    contents: MessageContents, states: Sequence[ProviderState], *, as_type: Callable[..., Any] | None = None
) -> Message:
    """The message handed to the consumer: generators applied (consumer mode), body decoded."""
    generated = contents
    if contents.generators:
        from pactspec.generators import apply_generators

        context: dict[str, Any] = {}
        for state in states:
            context.update(state.params)
        generated = apply_generators(contents, context, mode="consumer")
    raw = encode_body(generated.body, generated.content_type)
    kind = body_kind(generated.content_type)
    body: Any
    if generated.body is NO_BODY:
        body = NO_BODY
    elif kind == "json":
        body = json.loads(raw) if raw else NO_BODY  # a fresh copy: the handler may mutate it
    elif kind == "xml":
        body = ET.fromstring(raw)
    elif kind == "text":
        body = raw.decode("utf-8")
    else:
        body = raw
    if as_type is not None:
        body = _convert(body, as_type)
    return Message(body=body, metadata=copy.deepcopy(dict(generated.metadata)),
                   content_type=generated.content_type, raw=raw)


def _convert(body: Any, as_type: Callable[..., Any]) -> Any:
    name = getattr(as_type, "__qualname__", repr(as_type))
    if not isinstance(body, dict):
        raise ContractError(f"the message body is {type(body).__name__}, not a JSON object, so it cannot be "
                            f"converted to {name}; remove 'as' or send an object")
    try:
        return _build(as_type, body)
    except TypeError as exc:
        raise ContractError(f"the message body cannot be converted to {name}: {exc}") from None


def _build(kind: Any, value: Any) -> Any:
    if dataclasses.is_dataclass(kind) and isinstance(kind, type) and isinstance(value, dict):
        hints = _field_types(kind)
        return kind(**{key: _build(hints.get(key), item) for key, item in value.items()})
    if isinstance(kind, type) and isinstance(value, dict) and kind not in (dict, object):
        return kind(**value)
    return value


def _field_types(kind: type) -> dict[str, Any]:
    import typing

    try:
        hints = typing.get_type_hints(kind)
    except (NameError, TypeError, AttributeError):  # unresolvable annotations: convert the top level only
        return {}
    return {name: hint for name, hint in hints.items() if dataclasses.is_dataclass(hint)}


def call_handler(handler: Callable[..., Any], args: Sequence[Any], *, label: str) -> None:
    """Call the consumer's handler (``async def`` ones too); a raise becomes :class:`HandlerRejected`."""
    try:
        result = handler(*args)
        if inspect.isawaitable(result):
            asyncio.run(_wait_for(result))
    except Exception as exc:  # noqa: BLE001 - whatever the consumer's code raises is its rejection
        frames = traceback.extract_tb(exc.__traceback__)
        where = f" (raised at {frames[-1].filename}:{frames[-1].lineno} in {frames[-1].name})" if frames else ""
        raise HandlerRejected(f"{label} rejected the message: {type(exc).__name__}: {exc}{where}", exc) from None


async def _wait_for(awaitable: Any) -> Any:
    return await awaitable


@dataclass(slots=True)
class ContractBuilder:
    """Everything one scenario (or YAML message entry) says about one interaction."""

    consumer: str
    provider: str
    source: Source = field(default_factory=Source)
    spec_version: SpecVersion = "4.0"
    testname: str | None = None
    description: str | None = None
    kind: Literal["async", "sync"] = "async"
    states: list[ProviderState] = field(default_factory=list)
    message: PartBuilder = field(default_factory=PartBuilder)
    responses: list[PartBuilder] = field(default_factory=list)
    key: str | None = None
    pending: bool = False
    comments: list[str] = field(default_factory=list)
    handled: bool = False
    rejection: HandlerRejected | None = None

    def start(self, description: str, *, synchronous: bool, source: Source) -> None:
        if self.description is not None:
            raise source.error(f'this scenario already describes the message "{self.description}"; '
                               "write one message per scenario")
        if not description.strip():
            raise source.error("the message description is empty; describe the message in the quotes")
        if synchronous and self.spec_version != "4.0":
            raise source.error("synchronous request/response messages exist only in Pact V4; "
                               "remove the @pact:v3 tag or tag the scenario @pact:v4")
        self.description = description
        self.kind = "sync" if synchronous else "async"
        self.message = PartBuilder(source=source)

    def require_message(self, source: Source, what: str) -> None:
        if self.description is None:
            raise source.error(f'{what} comes before the message; start with When the message "…" is received')
        if self.handled:
            raise source.error(f'{what} comes after "it is handled by"; move it before that step')

    def add_response(self, source: Source) -> PartBuilder:
        self.require_message(source, "a response")
        if self.kind != "sync":
            raise source.error('responses belong to synchronous messages; write When the request message "…" '
                               "is sent")
        part = PartBuilder(source=source)
        self.responses.append(part)
        return part

    def last_response(self, source: Source) -> PartBuilder:
        if not self.responses:
            raise source.error("there is no response message yet; write a 'the response message …' step first")
        return self.responses[-1]

    def set_v4_only(self, source: Source, what: str) -> None:
        if self.spec_version != "4.0":
            raise source.error(f"{what} exists only in Pact V4; remove the @pact:v3 tag")

    def build(self) -> AsynchronousMessage | SynchronousMessage:
        """The interaction, after checking each example against its own matchers."""
        if self.description is None:
            raise self.source.error('the scenario has no message; write When the message "…" is received')
        request = build_contents(self.message)
        check_example(request, self.message)
        comments: dict[str, Any] = {}
        if self.spec_version == "4.0":
            if self.testname:
                comments["testname"] = self.testname
            if self.source.filename:
                comments["text"] = [f"{SOURCE_PREFIX}{self.source}", *self.comments]
            elif self.comments:
                comments["text"] = list(self.comments)
        states = tuple(self.states)
        if self.kind == "sync":
            if not self.responses:
                raise self.source.error("a synchronous message needs at least one response; write "
                                        "Then the response message matches: (or 'is:')")
            responses = []
            for part in self.responses:
                contents = build_contents(part)
                check_example(contents, part)
                responses.append(contents)
            return SynchronousMessage(self.description, request, tuple(responses), states, self.key,
                                      self.pending, comments)
        return AsynchronousMessage(self.description, request, states, self.key, self.pending, comments)

    def handler_arguments(
        self, interaction: AsynchronousMessage | SynchronousMessage, as_type: Callable[..., Any] | None
    ) -> tuple[Any, ...]:
        """What the handler is called with: the message, or the request and the expected responses."""
        if isinstance(interaction, SynchronousMessage):
            request = example_message(interaction.request, interaction.provider_states)
            responses = [example_message(c, interaction.provider_states, as_type=as_type)
                         for c in interaction.responses]
            return (request, responses)
        return (example_message(interaction.contents, interaction.provider_states, as_type=as_type),)

    def handle(self, handler_ref: str, as_ref: str | None, *, expect_rejection: bool, source: Source
               ) -> AsynchronousMessage | SynchronousMessage | None:
        """Build, call the handler, and return the interaction to record (``None`` when rejected)."""
        from pactspec.importing import resolve

        self.require_message(source, '"it is handled by"')
        interaction = self.build()
        try:
            handler = resolve(handler_ref)
            as_type = resolve(as_ref) if as_ref else None
        except ConfigurationError as exc:
            raise source.error(str(exc)) from None
        if not callable(handler):
            raise source.error(f"{handler_ref} is a {type(handler).__name__}, not a function; point at the "
                               'handler function, e.g. "users.consumer:handle_user"')
        arguments = self.handler_arguments(interaction, as_type)
        label = f'the handler {handler_ref} for "{self.description}" ({self.source})'
        self.handled = True
        try:
            call_handler(handler, arguments, label=label)
        except HandlerRejected as exc:
            if expect_rejection:
                self.rejection = exc
                return None
            raise
        return None if expect_rejection else interaction

    def expect_rejection(self, text: str, source: Source) -> None:
        """Pass only if the handler raised with ``text`` in its message."""
        if not self.handled:
            raise source.error('"the handler rejects it" needs "it is handled by …" before it')
        if self.rejection is None:
            raise ContractError(f'the handler accepted "{self.description}" ({self.source}) but the scenario '
                                f'expects it to reject it with "{text}"')
        said = str(self.rejection.error)
        if text not in said:
            raise ContractError(f'the handler rejected "{self.description}" with "{said}", which does not '
                                f'contain "{text}"')


def spec_version_from_tags(tags: Sequence[str], source: Source, default: SpecVersion = "4.0") -> SpecVersion:
    """``@pact:v3`` → "3.0.0", ``@pact:v4`` → "4.0"; the last one wins (scenario tags after feature tags)."""
    version: SpecVersion = default
    for tag in tags:
        lowered = tag.lower().lstrip("@")
        if not lowered.startswith("pact:"):
            continue
        if lowered in ("pact:v3", "pact:v3.0.0", "pact:3"):
            version = "3.0.0"
        elif lowered in ("pact:v4", "pact:v4.0", "pact:4"):
            version = "4.0"
        else:
            raise source.error(f"unknown tag @{tag.lstrip('@')}; pactspec writes message pacts as "
                               "@pact:v3 or @pact:v4")
    return version


def source_of(interaction: Any) -> tuple[str, int] | None:
    """The ``(file, line)`` an interaction was written at, read from its V4 comments."""
    comments = getattr(interaction, "comments", None)
    if comments is None and isinstance(interaction, Mapping):
        comments = interaction.get("comments")
    texts = (comments or {}).get("text") or []
    for text in texts if isinstance(texts, list) else []:
        if isinstance(text, str) and text.startswith(SOURCE_PREFIX):
            filename, _, line = text[len(SOURCE_PREFIX):].rpartition(":")
            if filename and line.isdigit():
                return filename, int(line)
    return None
