"""An operation of an AsyncAPI document as people read it: its channel, and each message's schema as rows.

The living docs show these beside an interaction that names the operation; a schema becomes one row
per field (``$.lines[*].quantity | integer | required | minimum 1``), nested objects and arrays of
objects flattened the way contract tables write paths, and each branch of a ``oneOf``/``anyOf`` its
own rows (``$.total (any of 2)``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pactspec.asyncapi._document import AsyncAPIDocument
from pactspec.asyncapi._schema import inline_refs

__all__ = [
    "MessageView",
    "OperationView",
    "SchemaRow",
    "operation_view",
    "schema_rows",
]

_DETAILS = ("format", "pattern", "enum", "const", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
            "minLength", "maxLength", "minItems", "maxItems", "default")


@dataclass(frozen=True, slots=True)
class SchemaRow:
    """One field of a schema: its path, type, whether the provider must send it, and its constraints in words."""

    path: str
    type: str
    required: bool
    details: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class MessageView:
    name: str
    title: str
    content_type: str
    payload: tuple[SchemaRow, ...]
    headers: tuple[SchemaRow, ...]


@dataclass(frozen=True, slots=True)
class OperationView:
    operation_id: str
    action: str
    summary: str
    channel: str  # the channel's name in the document
    address: str  # its address ("" when null: not known until run time)
    messages: tuple[MessageView, ...]
    replies: tuple[MessageView, ...]  # request/reply: the reply's messages


def _type(schema: Mapping[str, Any]) -> str:
    kind = schema.get("type")
    if isinstance(kind, list):
        return " or ".join(str(k) for k in kind)
    if isinstance(kind, str):
        return kind
    return "object" if "properties" in schema else "array" if "items" in schema else "any"


def _details(schema: Mapping[str, Any]) -> str:
    words = []
    for key in _DETAILS:
        if key in schema:
            value = schema[key]
            text = " | ".join(map(str, value)) if key == "enum" and isinstance(value, list) else (
                value if isinstance(value, str) else json.dumps(value))
            words.append(f"{key} {text}")
    return ", ".join(words)


def _child(path: str, key: str) -> str:
    return f"{path}.{key}" if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", key) else f"{path}['{key}']"


def schema_rows(schema: Any, path: str = "$", required: bool = True) -> Iterator[SchemaRow]:
    """The rows of an inlined schema, the root first; objects and arrays are walked into."""
    if not isinstance(schema, Mapping):
        return
    for key in ("oneOf", "anyOf"):
        branches = schema.get(key)
        if isinstance(branches, list):
            word = "one of" if key == "oneOf" else "any of"
            yield SchemaRow(path, f"{word} {len(branches)}", required, _details(schema),
                            str(schema.get("description") or ""))
            for n, branch in enumerate(branches, start=1):
                yield from schema_rows(branch, f"{path} ({word} {n})", required)
            return
    merged: dict[str, Any] = dict(schema)
    for part in schema.get("allOf") or []:
        if isinstance(part, Mapping):
            merged.setdefault("properties", {})
            merged["properties"] = {**merged["properties"], **(part.get("properties") or {})}
            merged["required"] = [*merged.get("required", []), *(part.get("required") or [])]
            merged.update({k: v for k, v in part.items() if k not in ("properties", "required")})
    kind = _type(merged)
    if path != "$" or kind not in ("object",):
        yield SchemaRow(path, kind, required, _details(merged), str(merged.get("description") or ""))
    properties = merged.get("properties")
    if isinstance(properties, Mapping):
        needed = set(merged.get("required") or [])
        for name, sub in properties.items():
            yield from schema_rows(sub, _child(path, str(name)), str(name) in needed)
    items = merged.get("items")
    if isinstance(items, Mapping) and _type(items) in ("object", "array") or isinstance(items, Mapping) and any(
            k in items for k in ("oneOf", "anyOf")):
        yield from schema_rows(items, f"{path}[*]", True)
    elif isinstance(items, Mapping):
        yield SchemaRow(f"{path}[*]", _type(items), True, _details(items), str(items.get("description") or ""))


def _messages(messages: Any, names: Any) -> tuple[MessageView, ...]:
    out = []
    refs = names if isinstance(names, list) else []
    for index, message in enumerate(messages if isinstance(messages, list) else []):
        if not isinstance(message, Mapping):
            continue
        ref = refs[index].get("$ref") if index < len(refs) and isinstance(refs[index], Mapping) else None
        name = str(message.get("name") or (ref.rsplit("/", 1)[-1] if isinstance(ref, str) else f"message {index}"))
        out.append(MessageView(name, str(message.get("title") or message.get("summary") or ""),
                               str(message.get("contentType") or ""),
                               tuple(schema_rows(message.get("payload"))), tuple(schema_rows(message.get("headers")))))
    return tuple(out)


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def operation_view(document: AsyncAPIDocument, operation_id: str) -> OperationView | None:
    """The operation, its channel and its messages' schemas; ``None`` when the document has no such operation."""
    raw = document.operations.get(operation_id)
    if not isinstance(raw, Mapping):
        return None
    operation = inline_refs(raw, document, document.resolver(), document.uri, ("operations", operation_id))
    channel_ref = raw.get("channel")
    channel_name = (str(channel_ref["$ref"]).rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
                    if isinstance(channel_ref, Mapping) and "$ref" in channel_ref else "")
    channel, reply, raw_reply = _mapping(operation.get("channel")), _mapping(operation.get("reply")), _mapping(
        raw.get("reply"))
    return OperationView(
        operation_id, str(operation.get("action") or ""),
        str(operation.get("summary") or operation.get("description") or ""), channel_name,
        str(channel.get("address") or ""), _messages(operation.get("messages"), raw.get("messages")),
        _messages(reply.get("messages"), raw_reply.get("messages")))
