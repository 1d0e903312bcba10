"""Inline matchers in a content docstring: jinja2 expressions such as ``{{ integer(12) }}``.

The docstring is rendered in a sandbox where each matcher function returns a marker; the marker is
written into the text as a token, the text is parsed (JSON, XML or plain text by content type) and
each token is replaced by its example while its rule is recorded at the token's path::

    {"id": {{ integer(12) }}, "tags": {{ each_like("a", min=1) }}}
    → body {"id": 12, "tags": ["a"]}, rules $.id integer, $.tags type min 1

Every function takes the example first and an optional ``generator="random int 1 9"`` in the
words of :mod:`pactspec.consumer._language`; ``match(value, "regex [a-z]+")`` takes any matcher words.
"""

from __future__ import annotations

import functools
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from pactspec.consumer._language import CellMatcher
from pactspec.consumer._markers import (
    INLINE_FUNCTIONS,
    Matcher,
    compiled_generator,
    compiled_matcher,
    parsed_rule_list,
)
from pactspec.content import MAX_DEPTH, body_kind, json_depth, json_error, too_deep
from pactspec.errors import ContractSyntaxError, InlineMarkerError, RuleError
from pactspec.paths import ANY_INDEX, Segment, format_path
from pactspec.sources import Source

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment

__all__ = ["InlineContents", "render_inline", "resolve_value"]

_TOKEN = re.compile(r'(?<!["\w])__pactspec_inline_(\d+)__(?!["\w])')
_BARE_TOKEN = re.compile(r"__pactspec_inline_(\d+)__")


@dataclass(frozen=True, slots=True)
class InlineContents:
    """A rendered docstring: the plain example body and the rules/generators found in it."""

    body: Any
    rules: Mapping[str, Mapping[str, Any]]
    generators: Mapping[str, Mapping[str, Any]]


@functools.cache
def _environment() -> SandboxedEnvironment:
    # jinja2 is imported when the first docstring is rendered: a step library or CLI run without
    # inline matchers does not pay for importing it
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True)
    env.globals.clear()
    env.globals.update(INLINE_FUNCTIONS)
    return env


class _Collector:
    """Rules and generators gathered while replacing markers, keyed by rendered path."""

    def __init__(self, *, parsed: bool = False) -> None:
        self.rules: dict[str, Any] = {}
        self.generators: dict[str, Any] = {}
        # parsed: store each path's rules parsed (one RuleList per distinct words, shared), as a pact file's
        # reader does, so that checking the example does not parse them again; else their Pact JSON
        self.parsed = parsed

    def add(self, path: tuple[Segment, ...], marker: Matcher, *, text: str | None = None) -> CellMatcher | None:
        try:
            matcher = compiled_matcher(marker.words) if not marker.parts else None
            generator = compiled_generator(marker.generator)
        except RuleError as exc:
            raise InlineMarkerError(str(exc), marker.line) from None
        text = text or _path_text(path)
        if self.parsed and matcher is not None and not marker.parts and not any(
                rule["match"] in ("eachKey", "eachValue") for rule in matcher.rules):  # those carry the example
            self.rules[text] = parsed_rule_list(marker.words)
        elif marker.parts:
            # all_of / any_of: the rules of each part at one path, combined as the caller said
            rules = [rule for part in marker.parts for rule in _part(part, marker).rule_list(marker.example)["matchers"]]
            self.rules[text] = {"combine": marker.combine, "matchers": rules}
        elif matcher is not None:
            self.rules[text] = matcher.rule_list(marker.example)
        if generator:
            self.generators[text] = generator
        return matcher


_path_text = functools.lru_cache(maxsize=4096)(format_path)  # a thousand bodies of one shape share their paths


def _part(words: str, marker: Matcher) -> CellMatcher:
    try:
        matcher = compiled_matcher(words)
    except RuleError as exc:
        raise InlineMarkerError(str(exc), marker.line) from None
    assert matcher is not None
    return matcher


@dataclass(slots=True)
class _Rendering:
    markers: list[Matcher] = field(default_factory=list)

    def finalize(self, value: Any) -> Any:
        if isinstance(value, Matcher):
            self.markers.append(value)
            return f"__pactspec_inline_{len(self.markers) - 1}__"
        if isinstance(value, (dict, list, bool)) or value is None:
            return json.dumps(value)  # {{ [1, 2] }} writes JSON, not Python's repr
        return value


def render_inline(
    template: str, content_type: str | None, *, filename: str | None = None, line: int | None = None
) -> InlineContents:
    """Render a docstring with inline matchers into body, rules and generators.

    ``line`` is the line of the docstring's first text line, so errors point into the feature file.
    """
    rendering = _Rendering()
    environment = _environment()
    import jinja2  # imported by _environment(); named here for its exception classes

    try:
        env = environment.overlay(finalize=rendering.finalize)
        text = env.from_string(template).render()
    except jinja2.TemplateSyntaxError as exc:
        raise _error(f"{exc.message}; inline matchers are written {{{{ integer(12) }}}}", filename, line, exc.lineno)
    except jinja2.UndefinedError as exc:
        raise _error(
            f"{exc.message}; the inline matchers are {', '.join(sorted(INLINE_FUNCTIONS))}", filename, line, None
        ) from None
    except RuleError as exc:
        raise _error(str(exc), filename, line, None) from None
    except TypeError as exc:
        raise _error(_call_error(exc), filename, line, None) from None
    except jinja2.exceptions.SecurityError as exc:
        raise _error(f"inline matchers can only call the listed functions ({', '.join(sorted(INLINE_FUNCTIONS))}), "
                     f"not attributes of them ({exc.message}); write e.g. {{{{ integer(12) }}}}",
                     filename, line, None) from None
    except jinja2.TemplateError as exc:
        raise _error(str(exc), filename, line, None) from None
    for found in _BARE_TOKEN.finditer(text):
        rendering.markers[int(found.group(1))].line = text.count("\n", 0, found.start()) + 1
    kind = body_kind(content_type)
    try:
        if kind == "json":
            return _resolve_json(text, rendering.markers, filename, line)
        if kind == "xml":
            return _resolve_xml(text, rendering.markers, filename, line)
        return _resolve_text(text, rendering.markers)
    except RuleError as exc:
        raise _error(str(exc), filename, line, getattr(exc, "line", None)) from None


def _call_error(exc: TypeError) -> str:
    """A wrong call of an inline function, named as the user wrote it with how to call it."""
    import inspect
    import re

    text = str(exc)
    called = re.match(r"^_?(\w+)\(\) (.*)$", text)
    if called and called.group(1) in INLINE_FUNCTIONS:
        name = called.group(1)
        try:
            params = inspect.signature(INLINE_FUNCTIONS[name]).parameters.values()
            shown = ", ".join(p.name if p.default is p.empty else f"{p.name}=…" for p in params
                              if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD))
        except (TypeError, ValueError):
            shown = "…"
        return f"{name}() {called.group(2)}; write {name}({shown})"
    return f"{text}; write e.g. integer(12), regex(\"a1\", \"[a-z][0-9]\")"


def _error(message: str, filename: str | None, first_line: int | None, offset: int | None) -> ContractSyntaxError:
    line = first_line + offset - 1 if first_line is not None and offset else first_line
    return ContractSyntaxError(message, filename=filename, line=line)


def _resolve_json(text: str, markers: list[Matcher], filename: str | None, line: int | None) -> InlineContents:
    quoted = _TOKEN.sub(lambda m: f'"__pactspec_inline_{m.group(1)}__"', text)
    depth = json_depth(quoted)
    if depth > MAX_DEPTH:
        raise _error(f"the content cannot be read: {too_deep(depth)}", filename, line, None)
    try:
        parsed = json.loads(quoted)
    except json.JSONDecodeError as exc:
        raise _error(
            f"the content is not valid JSON ({json_error(exc, line=False)}); write a JSON document, "
            "or set a Content-Type for text or XML",
            filename, line, exc.lineno,
        ) from None
    collector = _Collector()
    body = _replace(parsed, (), markers, collector)
    rules = {"body": collector.rules} if collector.rules else {}
    generators = {"body": collector.generators} if collector.generators else {}
    return InlineContents(body, rules, generators)


def _replace(value: Any, path: tuple[Segment, ...], markers: list[Matcher], collector: _Collector) -> Any:
    if isinstance(value, Matcher):
        matcher = collector.add(path, value)
        if value.variants is not None and matcher is not None:
            return _variants(value, matcher, path, markers, collector)
        if matcher is not None and matcher.each_like is not None:
            element = _replace(value.example, (*path, ANY_INDEX), markers, collector)
            return matcher.shape_example(element)
        return _replace(value.example, path, markers, collector)
    if isinstance(value, str):
        found = _BARE_TOKEN.fullmatch(value)
        if found:
            return _replace(markers[int(found.group(1))], path, markers, collector)
        if _BARE_TOKEN.search(value):
            raise RuleError(f"at {format_path(path)} an inline matcher is part of a longer string; "
                            "make the matcher the whole value, e.g. {{ regex(\"id-12\", \"id-[0-9]+\") }}")
        return value
    if isinstance(value, dict):
        return {key: _replace(item, (*path, key), markers, collector) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_replace(item, (*path, index), markers, collector) for index, item in enumerate(value)]
    return value


def _variants(
    marker: Matcher, matcher: CellMatcher, path: tuple[Segment, ...], markers: list[Matcher], collector: _Collector
) -> list[Any]:
    variants = []
    examples = []
    for index, variant in enumerate(marker.variants or ()):
        own = _Collector()
        example = _replace(variant, (), markers, own)
        rules = dict(own.rules)
        if matcher.array_contains and "$" not in rules:
            rules["$"] = {"combine": "AND", "matchers": [dict(r) for r in matcher.array_contains]}
        entry: dict[str, Any] = {"index": index, "rules": rules}
        if own.generators:
            entry["generators"] = own.generators
        variants.append(entry)
        examples.append(example)
    collector.rules[format_path(path)] = {
        "combine": "AND", "matchers": [{"match": "arrayContains", "variants": variants}],
    }
    return examples


def _scalar_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return str(value)


def _resolve_xml(text: str, markers: list[Matcher], filename: str | None, line: int | None) -> InlineContents:
    try:
        root = ET.fromstring(text.strip())
    except ET.ParseError as exc:
        row, _col = exc.position
        raise _error(f"the content is not well-formed XML ({exc}); fix the XML or declare another content type",
                     filename, line, row) from None
    collector = _Collector()

    def walk(element: ET.Element, path: tuple[Segment, ...]) -> None:
        for name, value in element.attrib.items():
            found = _BARE_TOKEN.fullmatch(value.strip())
            if found:
                marker = markers[int(found.group(1))]
                if marker.words.startswith("each like"):
                    raise InlineMarkerError(f"each_like() in the attribute {name!r} of <{element.tag}> has no meaning: an "
                                       "attribute is one value; put each_like() in the element's text to say "
                                       "how many such elements there are", marker.line)
                collector.add(path, marker, text=f"{format_path(path)}['@{name}']")
        found = _BARE_TOKEN.fullmatch((element.text or "").strip())
        if found:
            marker = markers[int(found.group(1))]
            if marker.words.startswith("each like"):
                # Pact counts XML list items as the children of their parent: <items><item>{{ each_like("x",
                # min=1) }}</item></items> is a type rule with min/max at $.items, and "x" the item's text.
                if len(path) < 2:
                    raise InlineMarkerError(f"each_like() in the root element <{element.tag}> has nothing to count; "
                                       "put it in the text of a repeated child element", marker.line)
                bounds = marker.words[len("each like"):]
                collector.add(path[:-1], replace(marker, words="type" + bounds), text=format_path(path[:-1]))
            else:
                collector.add(path, marker, text=f"{format_path(path)}['#text']")
        for child in element:
            walk(child, (*path, child.tag))

    walk(root, (root.tag,))
    for marker in markers:
        if isinstance(marker.example, (dict, list)) or marker.variants is not None:
            raise RuleError(f"the inline matcher {marker.words!r} needs a single value in XML, not "
                            f"{json.dumps(marker.example)}; XML elements and attributes hold text")
    used = {int(m.group(1)) for m in _BARE_TOKEN.finditer(text)}
    if len(collector.rules) < len(used):
        raise RuleError("an inline matcher in XML must be a whole element text or attribute value, "
                        'e.g. <id>{{ integer(12) }}</id> or <user id="{{ integer(12) }}"/>')
    body = _BARE_TOKEN.sub(lambda m: _xml_escape(_scalar_text(markers[int(m.group(1))].example)), text)
    return InlineContents(body, {"body": collector.rules} if collector.rules else {},
                          {"body": collector.generators} if collector.generators else {})


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _resolve_text(text: str, markers: list[Matcher]) -> InlineContents:
    tokens = list(_BARE_TOKEN.finditer(text))
    if not tokens:
        return InlineContents(text, {}, {})
    found = _BARE_TOKEN.fullmatch(text.strip())
    if len(tokens) > 1 or not found:
        raise RuleError("in a text body an inline matcher must be the whole content, "
                        'e.g. {{ regex("Hello Billy", "Hello \\\\w+") }}; text bodies have one rule, at $')
    collector = _Collector()
    marker = markers[int(found.group(1))]
    collector.add((), marker)
    return InlineContents(_scalar_text(marker.example), {"body": collector.rules},
                          {"body": collector.generators} if collector.generators else {})


def resolve_value(value: Any, content_type: str | None, source: Source) -> InlineContents:
    """A body written as Python values with matchers in it (``pactspec.match``): body, rules, generators.

    For JSON every matcher stands where it is in the value; a text or XML body may be one matcher
    as a whole (its rule is at ``$``), and any other body (bytes) is taken as it is. Errors name ``source``.
    """
    try:
        return _resolve_value(value, content_type)
    except RuleError as exc:
        raise source.error(str(exc)) from None


def _resolve_value(value: Any, content_type: str | None) -> InlineContents:
    collector = _Collector(parsed=True)
    if body_kind(content_type) == "json":
        body = _replace(value, (), [], collector)
    elif isinstance(value, Matcher):
        if isinstance(value.example, (dict, list)) or value.variants is not None:
            raise RuleError(f"a {content_type} body is text, so the matcher {value.words!r} needs a text example, "
                            f"not {json.dumps(value.example)}")
        collector.add((), value)
        body = value.example if isinstance(value.example, bytes) else _scalar_text(value.example)
    else:
        body = value
    return InlineContents(body, {"body": collector.rules} if collector.rules else {},
                          {"body": collector.generators} if collector.generators else {})
