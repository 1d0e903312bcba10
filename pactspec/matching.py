"""Deciding whether an actual message satisfies an expected one.

``match_message(expected, actual)`` is the entry point other tools call: both are dicts in the
shape of a pact file (V3 ``messages[]`` entry or V4 ``interactions[]`` entry) and of the
pact-specification testcases. ``compile_contents`` compiles an interaction's rules once; the
compiled form matches any number of actual messages. Bodies go to the engine their content type
names: JSON (:mod:`pactspec.jsonbody`), XML (:mod:`pactspec.xmlbody`), text, or binary.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pactspec.content import base_type, body_kind, guess_content_type
from pactspec.jsonbody import match_json
from pactspec.metadata_matching import (
    compile_metadata_rules,
    content_types_equal,
    is_content_type_key,
    match_metadata,
)
from pactspec.mismatch import Mismatch
from pactspec.model import NO_BODY, MessageContents
from pactspec.rules import RuleList
from pactspec.ruletree import RuleTree, compile_rules
from pactspec.xmlbody import match_xml

__all__ = [
    "CompiledContents",
    "compile_contents",
    "contents_from_message_json",
    "match_body",
    "match_contents",
    "match_message",
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
    if contents.content_type:
        return contents.content_type
    for key, value in contents.metadata.items():
        if is_content_type_key(key) and isinstance(value, str) and value:
            return value
    return None


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


_V4_BODY_KEYS = frozenset({"content", "contentType", "encoded", "contentTypeHint"})


def _is_v4_body(value: Any) -> bool:
    return (
        isinstance(value, Mapping)
        and bool(value)
        and set(value) <= _V4_BODY_KEYS
        and ("content" in value or "contentType" in value)
    )


def contents_from_message_json(message: Mapping[str, Any]) -> MessageContents:
    """A V3 message / V4 message interaction dict (or ``{"contents", "metadata"}``) as contents."""
    metadata = message.get("metadata")
    if metadata is None:
        metadata = message.get("metaData")
    metadata = dict(metadata or {})
    raw_rules = dict(message.get("matchingRules") or {})
    rules: dict[str, Any] = {}
    aliases = {"content": "body", "contents": "body", "metaData": "metadata"}
    for category, value in raw_rules.items():
        name = aliases.get(str(category), str(category))
        if isinstance(value, Mapping):
            rules[name] = value
    contents = message.get("contents", NO_BODY)
    content_type = None
    if _is_v4_body(contents):
        content_type = contents.get("contentType")
        body = _v4_content(contents)
    else:
        body = contents
    if content_type is None:
        content_type = next(
            (v for k, v in metadata.items() if is_content_type_key(k) and isinstance(v, str)), None
        )
    return MessageContents(body=body, content_type=content_type, metadata=metadata, matching_rules=rules)


def _v4_content(contents: Mapping[str, Any]) -> Any:
    if "content" not in contents:
        return NO_BODY
    content = contents["content"]
    encoded = contents.get("encoded")
    if isinstance(encoded, str) and encoded.lower() == "base64" and isinstance(content, str):
        try:
            data = base64.b64decode(content, validate=True)
        except (binascii.Error, ValueError):
            return content
        kind = body_kind(contents.get("contentType"))
        if kind == "binary":
            return data
        text = data.decode("utf-8", "replace")
        return _decode_json(data) if kind == "json" else text
    if isinstance(encoded, str) and encoded.lower() == "json" and isinstance(content, str):
        return _decode_json(content.encode("utf-8"))
    return content


def match_message(expected: Mapping[str, Any], actual: Mapping[str, Any]) -> list[Mismatch]:
    """Whether an actual message satisfies an expected message interaction; empty list: it does.

    ``expected`` is a V3 ``messages[]`` entry or a V4 ``Asynchronous/Messages`` interaction;
    ``actual`` is ``{"contents": …, "metadata"/"metaData": {…}}`` in the same version's shape.
    """
    return compile_contents(contents_from_message_json(expected)).match(contents_from_message_json(actual))
