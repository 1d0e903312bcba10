"""User-written paths (Gherkin tables, YAML contracts) → Pact path segments, read with jsonpath-ng.

Users write JSONPath as they know it: ``$.items[*].sku``, ``$['first name']``, ``$.list[0]``,
``$["a.b"]``. :func:`parse_user_path` reads it with ``jsonpath_ng.parse`` and turns the syntax tree
into :mod:`pactspec.paths` segments, so :func:`pactspec.paths.format_path` renders the canonical
Pact path (``$['first name']``, ``$.items[*].sku``). JSONPath that Pact paths cannot express
(filters ``[?(...)]``, recursive descent ``..``, slices, unions, negative indices, ``where``,
```this```/```parent```) is refused with one sentence saying what to write instead.

The Pact dialect's own spellings that JSONPath's grammar lacks (unquoted XML markers ``$.a.#text``
and ``$.a.@id``, namespace colons ``$.ns:tag``, non-ASCII names ``$.prénom``) are read by
:func:`pactspec.paths.parse_path` when jsonpath-ng refuses the text, so paths copied out of a pact
file keep working. Quoted XML markers (``$.order['@id']``, ``$.a['#text']``) are plain JSONPath.
"""

from __future__ import annotations

import warnings
from functools import lru_cache

from jsonpath_ng import jsonpath as jp
from jsonpath_ng import parse as jsonpath_parse
from jsonpath_ng.exceptions import JSONPathError
from jsonpath_ng.lexer import JsonPathLexer

from pactspec.errors import RuleError, UnsupportedJsonPath
from pactspec.paths import ANY, ANY_INDEX, Segment, parse_path

__all__ = ["parse_user_path"]

_HINT = "write paths like $.items[*].id, $['a key'] or $.list[0]"


def _jsonpath(source: str) -> jp.JSONPath:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # jsonpath-ng deprecation notices (e.g. for '|') are not ours to show
        return jsonpath_parse(source)


def _wildcard_kinds(source: str) -> list[Segment]:
    """For each ``*`` token in order: ``[*]`` (any index) after '[', ``.*`` (any key or index) after '.'."""
    kinds: list[Segment] = []
    previous = None
    for token in JsonPathLexer().tokenize(source):
        if token.type == "*":
            kinds.append(ANY_INDEX if previous == "[" else ANY)
        previous = token.type
    return kinds


def _segments(node: jp.JSONPath, wildcards: list[Segment], out: list[Segment], top: bool) -> None:
    if isinstance(node, jp.Child):
        _segments(node.left, wildcards, out, top)
        _segments(node.right, wildcards, out, False)
    elif isinstance(node, jp.Root):
        if not top or out:
            raise UnsupportedJsonPath("has '$' in the middle", "'$' only starts a path, e.g. $.a.b")
    elif isinstance(node, jp.Fields):
        if len(node.fields) != 1:
            names = ", ".join(repr(f) for f in node.fields)
            raise UnsupportedJsonPath(f"names several fields at once ({names})", "write one row per field")
        out.append(node.fields[0])
    elif isinstance(node, jp.Wildcard):
        out.append(wildcards.pop(0) if wildcards else ANY)
    elif isinstance(node, jp.Index):
        indices = getattr(node, "indices", None) or (node.index,)  # type: ignore[attr-defined]  # before 1.6.1
        if len(indices) != 1:
            raise UnsupportedJsonPath(f"names several indices at once ({', '.join(map(str, indices))})",
                               "write one row per index, or [*] for every element")
        if indices[0] < 0:
            raise UnsupportedJsonPath(f"counts from the end ([{indices[0]}])",
                               "write the index from the start, e.g. [0], or [*] for every element")
        out.append(indices[0])
    elif isinstance(node, jp.Slice):
        if node.start is None and node.end is None and node.step is None:
            out.append(ANY_INDEX)  # [:] is every element, as [*]
        else:
            raise UnsupportedJsonPath("takes a slice of an array", "write [*] for every element or [N] for one")
    elif isinstance(node, jp.Descendants):
        raise UnsupportedJsonPath("uses recursive descent ('..')",
                           "name each level ($.a.b), or use * for one level ($.*.b or $.list[*].b)")
    elif isinstance(node, (jp.Where, jp.WhereNot)):
        raise UnsupportedJsonPath("uses a 'where' filter", "name the field itself, e.g. $.items[*].id")
    elif isinstance(node, (jp.This, jp.Parent)):
        raise UnsupportedJsonPath("uses `this` or `parent`", "name each level from '$' down, e.g. $.a.b")
    else:
        what = type(node).__name__.strip("_").lower()
        raise UnsupportedJsonPath(f"uses a JSONPath {what} expression", "name one place per row, e.g. $.a.b")


def _refuse(text: str, why: str, instead: str) -> RuleError:
    return RuleError(f"matching-rule path {text!r} {why}, which Pact paths cannot express; {instead}")


@lru_cache(maxsize=4096)
def parse_user_path(text: str) -> tuple[Segment, ...]:
    """Parse a user-written JSONPath into Pact path segments (the root ``$`` implied); raises ``RuleError``."""
    if not isinstance(text, str):
        raise RuleError(f"a matching-rule path must be a string, not {type(text).__name__}; {_HINT}")
    source = text.strip()
    if not source.startswith("$"):
        raise RuleError(f"matching-rule path {text!r} does not start with '$'; {_HINT}")
    try:
        tree = _jsonpath(source)
    except JSONPathError as exc:
        try:
            return parse_path(source)  # the Pact dialect: #text, @id, ns:tag, non-ASCII names unquoted
        except RuleError:
            pass
        if "?(" in source or "[?" in source:
            raise _refuse(text, "uses a filter ([?(...)])", "a rule applies to places, not to values "
                          "that pass a test, so name the place, e.g. $.items[*].price") from exc
        raise RuleError(f"cannot read matching-rule path {text!r} ({exc}); {_HINT}") from exc
    out: list[Segment] = []
    try:
        _segments(tree, _wildcard_kinds(source), out, top=True)
    except UnsupportedJsonPath as exc:
        raise _refuse(text, exc.what, exc.instead) from None
    return tuple(out)
