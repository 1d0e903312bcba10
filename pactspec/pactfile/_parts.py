"""Message parts of a pact file: bodies and metadata, JSON <-> model.

Reading normalises what the Pact versions spell differently into the model's one form: bodies (V3
plain values or base64 strings; V4 ``{"content", "contentType", "encoded"}``) and ``metaData`` ->
``metadata``; the matching rules and generators are :mod:`pactspec.pactfile._rules`'. Every
malformed value raises :class:`~pactspec.errors.PactFileError` naming the source and the JSON path.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from typing import Any

from pactspec.content import CONTENT_TYPE_KEY, body_kind, decode_body, is_content_type_key, reject_constant
from pactspec.errors import InputError, PactWriteError
from pactspec.model import NO_BODY, MessageContents, SpecVersion
from pactspec.pactfile._rules import generators_from_json, generators_to_json, rules_from_json, rules_to_json
from pactspec.pactfile._where import Where, expect_object, expect_text, type_name

__all__ = [
    "V4_BODY_KEYS",
    "contents_from_json",
    "contents_to_json",
    "metadata_content_type",
]

# The keys of a V4 body: {"content": ..., "contentType": ..., "encoded": ...}
V4_BODY_KEYS = frozenset({"content", "contentType", "encoded", "contentTypeHint"})


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
