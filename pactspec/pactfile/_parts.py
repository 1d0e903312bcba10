"""Message parts of a pact file: bodies, metadata, matching rules and generators, JSON <-> model.

Reading normalises what the Pact versions spell differently into the model's one form:
V2 flat rule paths (``$.body.id``), V3/V4 categories (``content``/``contents`` -> ``body``,
``metaData`` -> ``metadata``), rule lists without ``combine`` (-> ``AND``), and bodies (V3 plain
values or base64 strings; V4 ``{"content", "contentType", "encoded"}``). Every malformed value
raises :class:`~pactspec.errors.PactFileError` naming the source and the JSON path.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from typing import Any, NoReturn

from pactspec.content import CONTENT_TYPE_KEY, body_kind, decode_body, is_content_type_key, reject_constant
from pactspec.errors import InputError, PactFileError, PactWriteError, RuleError
from pactspec.generators import from_json
from pactspec.mismatch import type_name as pact_type_name
from pactspec.model import NO_BODY, MessageContents, SpecVersion
from pactspec.paths import parse_path
from pactspec.rules import parse_rule

__all__ = [
    "V4_BODY_KEYS",
    "Where",
    "contents_from_json",
    "contents_to_json",
    "expect_object",
    "expect_text",
    "generators_from_json",
    "generators_to_json",
    "metadata_content_type",
    "rules_from_json",
    "rules_to_json",
    "type_name",
]

_CATEGORY_ALIASES = {"content": "body", "contents": "body", "metaData": "metadata", "headers": "header"}
_LEGACY_MATCHER_KEYS = ("regex", "min", "max", "timestamp", "date", "time")
# The keys of a V4 body: {"content": ..., "contentType": ..., "encoded": ...}
V4_BODY_KEYS = frozenset({"content", "contentType", "encoded", "contentTypeHint"})


class Where:
    """Where a JSON value sits: the source (file, URL) and the JSON path, for error messages.

    The path text is built only when asked for (an error), since every value read gets a Where.
    """

    __slots__ = ("_parent", "_step", "source")

    def __init__(self, source: str, path: str = "$", *, _parent: Where | None = None,
                 _step: str | int | None = None) -> None:
        self.source = source
        self._parent = _parent
        self._step: str | int = path if _parent is None else _step  # type: ignore[assignment]

    @property
    def path(self) -> str:
        if self._parent is None:
            return str(self._step)
        step = self._step
        if isinstance(step, int):
            return f"{self._parent.path}[{step}]"
        if step.isidentifier():
            return f"{self._parent.path}.{step}"
        return f"{self._parent.path}[{json.dumps(step, ensure_ascii=False)}]"

    def key(self, name: str) -> Where:
        return Where(self.source, _parent=self, _step=name)

    def index(self, i: int) -> Where:
        return Where(self.source, _parent=self, _step=i)

    def fail(self, message: str) -> NoReturn:
        raise PactFileError(message, source=self.source, path=self.path)


_JSON_NAMES = {"Null": "null", "Boolean": "a boolean", "Integer": "a number", "Decimal": "a number",
               "String": "text", "Array": "an array", "Object": "an object"}


def type_name(value: Any) -> str:
    """The JSON name of a value's type, for messages about a pact file (``a number``, ``text``)."""
    pact_name = pact_type_name(value)
    return _JSON_NAMES.get(pact_name, pact_name)


def expect_object(value: Any, where: Where, example: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        where.fail(f"expected an object, got {type_name(value)}; write it like {example}")
    return value


def expect_text(value: Any, where: Where, example: str) -> str:
    if not isinstance(value, str):
        where.fail(f"expected text, got {type_name(value)}; write it like {example}")
    return value


def metadata_content_type(metadata: Mapping[str, Any], where: Where | None = None) -> str | None:
    """The content type a message's metadata declares (``contentType``, ``content-type``, any case)."""
    for name, value in metadata.items():
        if is_content_type_key(name):
            if not isinstance(value, str):
                if where is not None:
                    where.key(name).fail(
                        f"expected the content type as text, got {type_name(value)}; "
                        'write it like "application/json"'
                    )
                return None
            return value
    return None


# --- matching rules ----------------------------------------------------------------------------


def _matcher(value: Any, where: Where) -> dict[str, Any]:
    matcher = expect_object(value, where, '{"match": "type"}')
    kind = matcher.get("match")
    if kind is None:
        if not any(k in matcher for k in _LEGACY_MATCHER_KEYS):
            where.fail('a matcher needs "match" to say which rule it is; write it like {"match": "type"}')
    elif not isinstance(kind, str) or not kind:
        where.key("match").fail(f'expected the rule name as text, got {type_name(kind)}; e.g. "match": "regex"')
    try:
        parse_rule(matcher)  # no path: building where.path for every matcher read costs more than the parse
    except RuleError as exc:
        raise PactFileError(_rule_message(exc), source=where.source, path=where.path) from exc
    return matcher


def _rule_message(exc: RuleError) -> str:
    text = str(exc)
    prefix = f"{exc.path}: " if exc.path else ""
    return text[len(prefix):] if prefix and text.startswith(prefix) else text


def _rule_list(value: Any, where: Where) -> dict[str, Any]:
    example = '{"combine": "AND", "matchers": [{"match": "type"}]}'
    data = expect_object(value, where, example)
    if "matchers" not in data:
        if "match" in data or any(k in data for k in _LEGACY_MATCHER_KEYS):
            # A bare matcher where a list belongs (V2 style): the reference implementations accept it.
            return {"combine": "AND", "matchers": [_matcher(data, where)]}
        where.fail(f'a rule list needs "matchers"; write it like {example}')
    matchers = data["matchers"]
    if not isinstance(matchers, list):
        where.key("matchers").fail(f"expected an array of matchers, got {type_name(matchers)}; e.g. {example}")
    combine = data.get("combine", "AND")
    if not isinstance(combine, str) or combine.upper() not in ("AND", "OR"):
        where.key("combine").fail(f'expected "AND" or "OR", got {json.dumps(combine)}')
    rules = [_matcher(m, where.key("matchers").index(i)) for i, m in enumerate(matchers)]
    return {"combine": combine.upper(), "matchers": rules}


def _category_name(name: str) -> str:
    return _CATEGORY_ALIASES.get(name, name)


def _check_path(category: str, path: str, where: Where) -> None:
    """A body rule or generator path must parse now, so a bad one names the file, not a failed match."""
    if category == "body" and path != "":
        try:
            parse_path(path)
        except RuleError as exc:
            raise PactFileError(_rule_message(exc), source=where.source, path=where.path) from exc


def _v2_rules(data: dict[str, Any], where: Where) -> dict[str, dict[str, Any]]:
    rules: dict[str, dict[str, Any]] = {}
    for key, value in data.items():
        here = where.key(key)
        if not key.startswith("$."):
            here.fail(
                "mixes V2 paths ($.body.x) with V3 categories; write every rule under a category, "
                'e.g. "matchingRules": {"body": {"$.x": {"matchers": [...]}}}'
            )
        rest = key[2:]
        category, _, name = rest.partition(".")
        bracket = category.find("[")
        if bracket >= 0:
            category, name = category[:bracket], rest[bracket:]
        if not category:
            here.fail('a V2 rule path names its category first, e.g. "$.body.id" or "$.metadata.topic"')
        category = _category_name(category)
        if category == "body":
            path = "$" + rest[4:]
            if path != "$" and not path.startswith(("$.", "$[")):
                here.fail('a V2 body rule path looks like "$.body.id" or "$.body[0]"')
        else:
            path = name
        _check_path(category, path, here)
        rules.setdefault(category, {})[path] = _rule_list(value, here)
    return rules


def rules_from_json(value: Any, where: Where) -> dict[str, dict[str, Any]]:
    """Normalise ``matchingRules`` (V2 flat, V3, V4) to ``{category: {path: rule list}}``."""
    data = expect_object(value, where, '{"body": {"$.id": {"matchers": [{"match": "integer"}]}}}')
    if any(key.startswith("$") for key in data):
        return _v2_rules(data, where)
    rules: dict[str, dict[str, Any]] = {}
    for name, entries in data.items():
        here = where.key(name)
        category_name = _category_name(name)
        category = rules.setdefault(category_name, {})
        entries = expect_object(entries, here, '{"$.id": {"matchers": [{"match": "integer"}]}}')
        if "matchers" in entries:
            # Categories without sub-paths (HTTP path, status) hold the rule list directly.
            category[""] = _rule_list(entries, here)
            continue
        for path, rule_list in entries.items():
            at = here.key(path)
            _check_path(category_name, path, at)
            category[path] = _rule_list(rule_list, at)
    return {name: category for name, category in rules.items() if category}


def rules_to_json(rules: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for category, entries in rules.items():
        if not entries:
            continue
        if set(entries) == {""}:
            out[category] = dict(entries[""])
        else:
            out[category] = {path: dict(rule_list) for path, rule_list in entries.items()}
    return out


# --- generators ---------------------------------------------------------------------------------


def _generator(value: Any, where: Where) -> dict[str, Any]:
    data = expect_object(value, where, '{"type": "RandomInt", "min": 1, "max": 9}')
    kind = data.get("type")
    if not isinstance(kind, str) or not kind:
        where.fail('a generator needs "type" as text; write it like {"type": "RandomInt", "min": 1, "max": 9}')
    try:
        from_json(data, path=where.path)
    except RuleError as exc:
        raise PactFileError(_rule_message(exc), source=where.source, path=where.path) from exc
    return data


def generators_from_json(value: Any, where: Where) -> dict[str, dict[str, Any]]:
    """Normalise ``generators`` to ``{category: {path: generator}}``."""
    data = expect_object(value, where, '{"body": {"$.id": {"type": "RandomInt"}}}')
    generators: dict[str, dict[str, Any]] = {}
    for name, entries in data.items():
        here = where.key(name)
        category_name = _category_name(name)
        category = generators.setdefault(category_name, {})
        entries = expect_object(entries, here, '{"$.id": {"type": "RandomInt"}}')
        if "type" in entries and not isinstance(entries["type"], dict):
            # HTTP status and path generators sit directly under the category.
            category[""] = _generator(entries, here)
            continue
        for path, generator in entries.items():
            at = here.key(path)
            _check_path(category_name, path, at)
            category[path] = _generator(generator, at)
    return {name: category for name, category in generators.items() if category}


generators_to_json = rules_to_json


# --- bodies -------------------------------------------------------------------------------------


def _b64decode(text: Any, where: Where, content_type: str | None) -> bytes:
    if not isinstance(text, str):
        where.fail(f"expected base64 text, got {type_name(text)}")
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        declared = f" (the content type is {content_type})" if content_type else ""
        where.fail(
            f"is not valid base64{declared}; encode the bytes as base64, or declare a text content "
            'type and write "encoded": false'
        )


def _from_bytes(raw: bytes, content_type: str | None, where: Where) -> Any:
    """Bytes from an encoded body, turned into the model's form for the content type."""
    kind = body_kind(content_type)
    if content_type is None or kind == "binary":
        return raw
    if not raw:  # an empty text body is "", an empty JSON body is no body
        return NO_BODY if kind == "json" else ""
    try:
        return decode_body(raw, content_type)
    except InputError as exc:
        if isinstance(exc.__cause__, UnicodeDecodeError):
            where.fail(
                f"decodes to bytes that are not UTF-8 text, but the content type is {content_type}; "
                "declare a binary content type such as application/octet-stream"
            )
        where.fail(
            f"is declared as {content_type} but is not valid JSON ({exc.__cause__}); "
            "write the JSON value itself, or declare a text content type"
        )


def _parse_json_text(text: str, where: Where, content_type: str | None) -> Any:
    try:
        return json.loads(text, parse_constant=reject_constant)
    except (ValueError, RecursionError) as exc:
        where.fail(
            f"is declared as {content_type or 'JSON'} but is not valid JSON ({exc}); "
            "write the JSON value itself, or declare a text content type"
        )


def _text_of(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _v3_body(value: Any, content_type: str | None, where: Where) -> Any:
    if content_type is None or value is None:
        return value
    kind = body_kind(content_type)
    if kind == "binary":
        return _b64decode(value, where, content_type)
    if kind in ("text", "xml"):
        return _text_of(value)
    if isinstance(value, str) and value:
        # As pact-reference does: a string that is itself a JSON object or string literal is the
        # body's JSON text; any other string is a JSON string value.
        stripped = value.strip()
        if stripped[:1] in ("{", '"'):
            try:
                return json.loads(stripped, parse_constant=reject_constant)
            except (ValueError, RecursionError):
                return value
    return value


def _v4_body(value: Any, metadata_type: str | None, where: Where) -> tuple[Any, str | None]:
    example = '{"content": {...}, "contentType": "application/json", "encoded": false}'
    if value is None:
        return NO_BODY, metadata_type
    data = expect_object(value, where, example)
    declared = data.get("contentType")
    if declared is not None:
        content_type: str | None = expect_text(declared, where.key("contentType"), '"application/json"')
    else:
        content_type = metadata_type
    if "content" not in data:
        if set(data) - V4_BODY_KEYS:
            where.fail(f'holds the body without "content"; V4 wraps it: write {example}')
        return NO_BODY, content_type
    content = data["content"]
    here = where.key("content")
    encoded = data.get("encoded", False)
    if isinstance(encoded, str):
        encoded = encoded.lower()
    if encoded is True or encoded == "base64":
        return _from_bytes(_b64decode(content, here, content_type), content_type, here), content_type
    if encoded == "json":
        if isinstance(content, str):
            return _parse_json_text(content, here, content_type), content_type
        return content, content_type
    if encoded is not False:
        where.key("encoded").fail(
            f'expected false, "base64" or "json", got {json.dumps(encoded)}; '
            'write "encoded": false for a plain body or "base64" for bytes'
        )
    if content is None:
        return None, content_type
    if content_type is None:
        return content, None
    kind = body_kind(content_type)
    if kind == "binary":
        return _text_of(content).encode("utf-8"), content_type
    if kind in ("text", "xml"):
        return _text_of(content), content_type
    return content, content_type


def contents_from_json(
    data: Mapping[str, Any], *, spec_version: SpecVersion, where: Where | None = None
) -> MessageContents:
    """One message part (``contents``, ``metadata``, ``matchingRules``, ``generators``) as the model.

    ``data`` is a V3 ``messages[]`` entry, a V4 Asynchronous/Messages interaction, or a V4
    synchronous ``request`` / ``response[]`` entry.
    """
    where = where or Where("<json>")
    metadata_key = "metadata" if "metadata" in data else "metaData"
    metadata: dict[str, Any] = {}
    if metadata_key in data and data[metadata_key] is not None:
        metadata = expect_object(data[metadata_key], where.key(metadata_key), '{"topic": "users"}')
    metadata_type = metadata_content_type(metadata, where.key(metadata_key))
    if spec_version == "3.0.0":
        content_type = metadata_type
        body = _v3_body(data["contents"], content_type, where.key("contents")) if "contents" in data else NO_BODY
    else:
        body, content_type = _v4_body(data.get("contents"), metadata_type, where.key("contents"))
    rules = {}
    if data.get("matchingRules") is not None:
        rules = rules_from_json(data["matchingRules"], where.key("matchingRules"))
    generators = {}
    if data.get("generators") is not None:
        generators = generators_from_json(data["generators"], where.key("generators"))
    return MessageContents(
        body=body, content_type=content_type, metadata=metadata, matching_rules=rules, generators=generators
    )


def _normal_body(body: Any, content_type: str | None) -> Any:
    """The body in the form its content type implies, so it reads back the same."""
    if not isinstance(body, (bytes, bytearray)) or content_type is None:
        return body
    kind = body_kind(content_type)
    if kind == "binary":
        return bytes(body)
    try:
        text = bytes(body).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PactWriteError(
            f"a body of bytes that are not UTF-8 cannot be written as {content_type}; "
            "declare a binary content type such as application/octet-stream"
        ) from exc
    if kind != "json":
        return text
    try:
        return json.loads(text) if text else NO_BODY
    except ValueError as exc:
        raise PactWriteError(
            f"a body declared as {content_type} is not valid JSON ({exc}); fix the body or its content type"
        ) from exc


def contents_to_json(contents: MessageContents, *, spec_version: SpecVersion) -> dict[str, Any]:
    """The inverse of :func:`contents_from_json`; empty parts are left out."""
    out: dict[str, Any] = {}
    content_type = contents.content_type
    body = _normal_body(contents.body, content_type)
    metadata = dict(contents.metadata)
    if spec_version == "3.0.0":
        if body is not NO_BODY:
            if isinstance(body, bytes):
                out["contents"] = base64.b64encode(body).decode("ascii")
                # V3 has nowhere but the metadata to say the string is base64.
                content_type = content_type or "application/octet-stream"
            else:
                out["contents"] = body
        if content_type and metadata_content_type(metadata) is None:
            metadata[CONTENT_TYPE_KEY] = content_type
    elif body is not NO_BODY:
        if isinstance(body, bytes):
            part: dict[str, Any] = {"content": base64.b64encode(body).decode("ascii"), "encoded": "base64"}
        else:
            part = {"content": body, "encoded": False}
        if content_type:
            part["contentType"] = content_type
        out["contents"] = part
    if metadata:
        out["metadata"] = metadata
    rules = rules_to_json(contents.matching_rules)
    if rules:
        out["matchingRules"] = rules
    generators = generators_to_json(contents.generators)
    if generators:
        out["generators"] = generators
    return out
