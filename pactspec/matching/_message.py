"""Deciding whether an actual message satisfies an expected one.

``match_message(expected, actual)`` is the entry point other tools call: both are dicts in the
shape of a pact file (V3 ``messages[]`` entry or V4 ``interactions[]`` entry) and of the
pact-specification testcases. ``compile_contents`` compiles an interaction's rules once; the
compiled form matches any number of actual messages. Bodies go to the engine their content type
names: JSON (:mod:`pactspec.matching._json`), XML (:mod:`pactspec.matching._xml`), text, or binary.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pactspec.content import (
    base_type,
    body_kind,
    declared_content_type,
    guess_content_type,
    is_content_type_key,
)
from pactspec.errors import InputError, PactFileError
from pactspec.matching._json import match_json
from pactspec.matching._metadata import (
    compile_metadata_rules,
    content_types_equal,
    match_metadata,
)
from pactspec.matching._xml import match_xml
from pactspec.mismatch import Mismatch
from pactspec.model import NO_BODY, MessageContents, SpecVersion
from pactspec.pactfile import V4_BODY_KEYS, Where, contents_from_json
from pactspec.rules import RuleList, RuleTree, compile_rules

__all__ = [
    "CompiledContents",
    "compile_contents",
    "contents_from_message_json",
    "match_body",
    "match_contents",
    "match_message",
    "message_version",
]


@dataclass(frozen=True, slots=True)
class CompiledContents:
    """An expected message with its rules compiled once; ``match`` checks actual messages against it."""

    expected: MessageContents
    body_rules: RuleTree
    metadata_rules: Mapping[str, RuleList]

    def match(self, actual: MessageContents, *, allow_unexpected_keys: bool = True) -> list[Mismatch]:
        """Body, content type and metadata differences (empty: the message satisfies the contract)."""
        expected = self.expected
        mismatches: list[Mismatch] = []
        want_type = _declared_type(expected)
        got_type = _declared_type(actual)
        skip: frozenset[str] = frozenset()
        if want_type and got_type and not _same_kind_of_body(want_type, got_type):
            want, got = base_type(want_type), base_type(got_type)
            message = f"Expected a body of '{want}' but the actual content type was '{got}'"
            mismatches.append(Mismatch("$", want_type, got_type, message, "content-type"))
            skip = frozenset(k for k in expected.metadata if is_content_type_key(k))
        elif expected.body is not NO_BODY:
            mismatches += _match_body(
                expected.body,
                actual.body,
                self.body_rules,
                want_type or guess_content_type(expected.body),
                allow_unexpected_keys=allow_unexpected_keys,
            )
        mismatches += match_metadata(expected.metadata, actual.metadata, self.metadata_rules, skip=skip)
        return mismatches


def _declared_type(contents: MessageContents) -> str | None:
    return contents.content_type or declared_content_type(contents.metadata)


def _same_kind_of_body(expected: str, actual: str) -> bool:
    if content_types_equal(base_type(expected), actual):
        return True
    kind = body_kind(expected)
    return kind in ("json", "xml") and kind == body_kind(actual)


def compile_contents(expected: MessageContents) -> CompiledContents:
    """Compile the body and metadata rules of an expected message (raises ``RuleError`` on a bad rule)."""
    return CompiledContents(
        expected,
        compile_rules(expected.rules_for("body")),
        compile_metadata_rules(expected.rules_for("metadata")),
    )


def match_contents(expected: MessageContents, actual: MessageContents) -> list[Mismatch]:
    """Compile and match in one call; cache :func:`compile_contents` when matching many messages."""
    return compile_contents(expected).match(actual)


def match_body(
    expected_body: Any,
    actual_body: Any,
    rules: Mapping[str, Any] | RuleTree | None = None,
    content_type: str | None = None,
    *,
    allow_unexpected_keys: bool = True,
) -> list[Mismatch]:
    """Match one body by its content type (JSON, XML, text, binary); rules are ``{path: rule list}``.

    ``allow_unexpected_keys=False`` gives HTTP-request semantics: extra object keys, XML attributes
    and children are mismatches.
    """
    tree = rules if isinstance(rules, RuleTree) else compile_rules(rules)
    if expected_body is NO_BODY:
        return []
    kind_type = content_type or guess_content_type(expected_body)
    return _match_body(
        expected_body, actual_body, tree, kind_type, allow_unexpected_keys=allow_unexpected_keys
    )


def _match_body(
    expected: Any, actual: Any, tree: RuleTree, content_type: str | None, *, allow_unexpected_keys: bool
) -> list[Mismatch]:
    kind = body_kind(content_type)
    if actual is NO_BODY:
        if _is_empty(expected) and tree.root.rules is None:
            return []
        shown = _preview(expected)
        return [Mismatch("$", expected, None, f"Expected body {shown} but was missing", "body")]
    if tree.whole_body is not None:
        # a contentType rule at `$` judges the body's bytes as they are (before any parsing) and
        # is not cascaded to the values inside: the body is any document of that type
        return tree.match_whole_body(_as_bytes(expected), _as_bytes(actual), shown=(expected, actual))
    if kind == "json":
        if isinstance(expected, (bytes, bytearray)):
            expected = _decode_json(expected)
        if isinstance(actual, (bytes, bytearray)) or (
            isinstance(actual, str) and not isinstance(expected, str)
        ):
            # an undecoded body (bytes, or JSON text where the contract has structure) is parsed first
            try:
                actual = json.loads(actual)
            except ValueError as exc:
                return [Mismatch("$", expected, actual, f"Failed to parse the actual body: '{exc}'", "body")]
        return match_json(expected, actual, tree, allow_unexpected_keys=allow_unexpected_keys)
    if kind == "xml":
        if _is_empty(expected):
            return []
        return match_xml(
            _as_text(expected), _as_text(actual), tree, allow_unexpected_keys=allow_unexpected_keys
        )
    if kind == "text":
        return _match_text(_as_text(expected), _as_text(actual), tree)
    return _match_binary(_as_bytes(expected), _as_bytes(actual), tree, content_type)


def _is_empty(body: Any) -> bool:
    return body is None or body == "" or body == b""


def _preview(body: Any) -> str:
    text = (
        body
        if isinstance(body, str)
        else json.dumps(body)
        if not isinstance(body, bytes)
        else f"{len(body)} bytes"
    )
    return f"'{text[:80]}…'" if len(text) > 80 else f"'{text}'"


def _decode_json(data: bytes | bytearray) -> Any:
    try:
        return json.loads(data)
    except ValueError:
        return bytes(data).decode("utf-8", "replace")


def _as_text(body: Any) -> str:
    if isinstance(body, str):
        return body
    if isinstance(body, (bytes, bytearray)):
        return bytes(body).decode("utf-8", "replace")
    if body is None or body is NO_BODY:
        return ""
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False)


def _as_bytes(body: Any) -> bytes:
    if isinstance(body, (bytes, bytearray)):
        return bytes(body)
    return _as_text(body).encode("utf-8")


def _match_text(expected: str, actual: str, tree: RuleTree) -> list[Mismatch]:
    rules = tree.root.rules
    if rules is None:
        if expected == actual:
            return []
        message = f"Expected body '{expected}' to match '{actual}' using equality but did not match"
        return [Mismatch("$", expected, actual, message, "body")]
    return [
        Mismatch("$", expected, actual, m, "body")
        for m in rules.apply(lambda r: r.check_text(expected, actual, False))
    ]


def _match_binary(expected: bytes, actual: bytes, tree: RuleTree, content_type: str | None) -> list[Mismatch]:
    rules = tree.root.rules
    if rules is None:
        if expected == actual:
            return []
        media = base_type(content_type) or "application/octet-stream"
        message = (
            f"Actual body [{media}, {len(actual)} bytes, starting with {actual[:32].hex()}] is not equal to "
            f"the expected body [{media}, {len(expected)} bytes, starting with {expected[:32].hex()}]"
        )
        return [Mismatch("$", expected, actual, message, "body")]
    return [
        Mismatch("$", expected, actual, m, "body")
        for m in rules.apply(lambda r: r.check_bytes(expected, actual, False))
    ]


# --- message dicts in pact-file shape


def message_version(message: Mapping[str, Any]) -> SpecVersion:
    """Which Pact version's shape a message dict is in: ``"4.0"`` or ``"3.0.0"``.

    A V4 interaction says ``type``; V3 spells ``metaData``; otherwise the contents decide: V4 wraps
    the body as ``{"content", "contentType" and/or "encoded"}``, a V3 body is the value itself (so a
    V3 body with a field named ``content`` alone is read as V3).
    """
    if not isinstance(message, Mapping) or "metaData" in message:
        return "3.0.0"  # not a message at all: the reader says so
    if "type" in message:
        return "4.0"
    contents = message.get("contents")
    if (
        isinstance(contents, Mapping)
        and "content" in contents
        and ("contentType" in contents or "encoded" in contents)
        and set(contents) <= V4_BODY_KEYS
    ):
        return "4.0"
    return "3.0.0"


def contents_from_message_json(
    message: Mapping[str, Any], version: SpecVersion | None = None, *, source: str = "<message>"
) -> MessageContents:
    """A V3 message / V4 message interaction dict (or ``{"contents", "metadata"}``) as contents.

    Read by the pact-file reader, so a message means the same here as in a pact file;
    ``PactFileError`` naming ``source`` and the JSON path when it is malformed.
    """
    if not isinstance(message, Mapping):
        raise PactFileError(
            f"expected a message object like {{\"contents\": ..., \"metadata\": {{...}}}}, got {message!r}",
            source=source, path="$",
        )
    return contents_from_json(message, spec_version=version or message_version(message), where=Where(source))


def match_message(
    expected: Mapping[str, Any], actual: Mapping[str, Any], *, version: SpecVersion | None = None
) -> list[Mismatch]:
    """Whether an actual message satisfies an expected message interaction; empty list: it does.

    ``expected`` is a V3 ``messages[]`` entry or a V4 ``Asynchronous/Messages`` interaction;
    ``actual`` is ``{"contents": …, "metadata"/"metaData": {…}}`` in the same version's shape.
    ``version`` (``"3.0.0"`` or ``"4.0"``) says which; by default ``expected``'s shape tells
    (:func:`message_version`). Malformed input raises ``PactFileError`` naming the side and path.
    """
    version = version or message_version(expected)
    try:
        compiled = compile_contents(contents_from_message_json(expected, version, source="expected"))
        return compiled.match(contents_from_message_json(actual, version, source="actual"))
    except RecursionError:
        raise InputError("the message bodies are nested too deeply to match (deeper than Python's recursion "
                         "limit); flatten them, or raise the limit with sys.setrecursionlimit") from None
