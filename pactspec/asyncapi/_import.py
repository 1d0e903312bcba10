"""Consumer contract skeletons from a provider's AsyncAPI document: YAML contracts and Gherkin features.

One contract message per message of each operation the provider sends (``action: send``); an operation
the provider receives with a ``reply`` is request/reply, one synchronous message per reply message.
Each message gets:

- content rows (``$.path: {example, matcher}``) with the document's example (a message's
  ``examples``, a schema's ``examples``/``example``/``default``/``const``/``enum``) or one generated
  from the schema, and the matcher word the schema implies (``integer``, ``number``, ``boolean``,
  ``regex P`` for a pattern or an enum, ``datetime …`` / ``date …`` / ``uuid`` for formats, else
  ``type``); nested objects are dotted paths, arrays ``each like`` with a row per field under ``[*]``;
  of a ``oneOf``/``anyOf`` the branch the example fits (else the first);
- metadata from the headers (their example, else generated) and from the bindings (Kafka ``topic`` and
  ``key``, AMQP ``routingKey``), the latter only where the headers schema would accept them;
- ``asyncapi: {operationId: …}``, so the pact names the operation and the check can find it;
- ``handler: TODO …``, a placeholder that stops ``pactspec run`` with the line to fill in.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml
from jsonschema import Draft201909Validator

from pactspec.asyncapi._document import AsyncAPIDocument
from pactspec.asyncapi._schema import inline_refs
from pactspec.errors import InputError
from pactspec.generators import from_json

__all__ = [
    "HANDLER_PLACEHOLDER",
    "ImportedMessage",
    "contract_yaml",
    "example_for",
    "feature_text",
    "import_messages",
    "matcher_word",
]

HANDLER_PLACEHOLDER = "TODO: module:function"
_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?(Z|[+-]\d\d:\d\d)$")
_EXAMPLE_STRINGS = {"date-time": "2026-01-01T12:00:00Z", "date": "2026-01-01", "time": "12:00:00",
                    "uuid": "6c3a7c49-8d4e-4f59-9a21-8f5e0b6f6d10", "email": "ann@example.com",
                    "uri": "https://example.com/", "hostname": "example.com", "ipv4": "192.0.2.1"}
_REGEX_SPECIAL = re.compile(r"[.^$*+?{}\[\]\\|()]")
_SKIPPED_HEADERS = ("contenttype", "content-type")  # pactspec writes the content type itself


@dataclass(frozen=True, slots=True)
class ImportedMessage:
    """One contract message: its operation, description, metadata and content rows (or request/responses)."""

    operation_id: str
    description: str
    content_type: str
    metadata: Mapping[str, Any]
    rows: tuple[tuple[str, Mapping[str, Any]], ...]  # ($.path, {example, matcher})
    reply: ImportedMessage | None = None  # request/reply: this message is the request, reply the response
    summary: str | None = None


def _type(schema: Mapping[str, Any]) -> str | None:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if isinstance(kind, str):
        return kind
    if "properties" in schema:
        return "object"
    if "items" in schema:
        return "array"
    return None


def _branch(schema: Mapping[str, Any], example: Any = None) -> Mapping[str, Any]:
    """The schema with ``allOf`` merged and, of a ``oneOf``/``anyOf``, the branch ``example`` fits (else the first)."""
    if isinstance(schema.get("allOf"), list):
        merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
        for part in schema["allOf"]:
            part = _branch(part, example)
            merged.setdefault("properties", {}).update(part.get("properties", {}))
            merged.update({k: v for k, v in part.items() if k not in ("properties", "required")})
        return merged
    for key in ("oneOf", "anyOf"):
        branches = [b for b in schema.get(key) or [] if isinstance(b, Mapping)]
        if branches:
            fitting = [b for b in branches if example is not None
                       and not any(Draft201909Validator(b).iter_errors(example))]
            rest = {k: v for k, v in schema.items() if k != key}
            return _branch({**rest, **(fitting or branches)[0]}, example)
    return schema


def example_for(schema: Any) -> Any:
    """An example for a schema: the one it gives, else one generated from its type, format and bounds."""
    if not isinstance(schema, Mapping):
        return "text"
    for key in ("examples",):
        if isinstance(schema.get(key), list) and schema[key]:
            return schema[key][0]
    for key in ("example", "default", "const"):
        if key in schema:
            return schema[key]
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        return schema["enum"][0]
    schema = _branch(schema)
    kind = _type(schema)
    if kind == "object":
        return {str(k): example_for(v) for k, v in (schema.get("properties") or {}).items()}
    if kind == "array":
        return [example_for(schema.get("items", {})) for _ in range(max(1, int(schema.get("minItems", 1))))]
    if kind == "integer":
        return int(schema.get("minimum", schema.get("exclusiveMinimum", 0) + 1 if "exclusiveMinimum" in schema
                              else 1))
    if kind == "number":
        return float(schema.get("minimum", 1.5))
    if kind == "boolean":
        return True
    if kind == "null":
        return None
    if isinstance(schema.get("format"), str) and schema["format"] in _EXAMPLE_STRINGS:
        return _EXAMPLE_STRINGS[schema["format"]]
    if isinstance(schema.get("pattern"), str):
        return _pattern_example(schema["pattern"])
    text = "text"
    return text + "x" * max(0, int(schema.get("minLength", 0)) - len(text))


def _pattern_example(pattern: str) -> str:
    """A string the pattern accepts (the Pact Regex generator's draw), or the pattern's own text."""
    seeded = {"random": random.Random(pattern)}  # the same document imports to the same contract
    for _ in range(20):
        drawn = from_json({"type": "Regex", "regex": _full(pattern)}).generate(seeded)
        if re.search(pattern, drawn):
            return str(drawn)
    return pattern


def _full(pattern: str) -> str:
    """A JSON Schema pattern (found anywhere) as a Pact regex (matching the whole value)."""
    if pattern.startswith("^") and pattern.endswith("$") and not pattern.endswith("\\$"):
        return pattern[1:-1]
    return f".*(?:{pattern.removeprefix('^')}).*" if not pattern.startswith("^") else f"(?:{pattern[1:]}).*"


def matcher_word(schema: Mapping[str, Any], example: Any) -> str | None:
    """The matcher word for a scalar: what the schema asks of a value, in the contract tables' language."""
    if "const" in schema:
        return None  # equality: the example is the value
    if isinstance(schema.get("enum"), list) and all(isinstance(v, str) for v in schema["enum"]):
        return "regex " + "|".join(_REGEX_SPECIAL.sub(r"\\\g<0>", v) for v in schema["enum"])
    kind = _type(schema)
    if kind == "integer" and isinstance(example, int):
        return "integer"
    if kind == "number" and isinstance(example, (int, float)):
        return "number"
    if kind == "boolean":
        return "boolean"
    if kind == "null" or example is None:
        return "null"
    if isinstance(example, str):
        fmt = schema.get("format")
        if fmt == "date-time" and _DATETIME.match(example):
            fraction = ".SSS" if "." in example else ""
            return f"datetime yyyy-MM-dd'T'HH:mm:ss{fraction}XXX"
        if fmt == "date" and re.fullmatch(r"\d{4}-\d\d-\d\d", example):
            return "date yyyy-MM-dd"
        if fmt == "uuid" and re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", example):
            return "uuid"
        if isinstance(schema.get("pattern"), str) and re.search(schema["pattern"], example):
            return "regex " + _full(schema["pattern"])
    return "type"


def _rows(schema: Any, example: Any, path: str) -> Iterator[tuple[str, dict[str, Any]]]:
    schema = _branch(schema if isinstance(schema, Mapping) else {}, example)
    if isinstance(example, Mapping) and example:
        properties = schema.get("properties") or {}
        for key, value in example.items():
            if key in properties or not properties:
                yield from _rows(properties.get(key, {}), value, _child(path, str(key)))
        return
    if isinstance(example, list) and example:
        items = schema.get("items") if isinstance(schema.get("items"), Mapping) else {}
        minimum = schema.get("minItems")
        yield path, {"matcher": "each like" + (f" min {minimum}" if isinstance(minimum, int) and minimum else "")}
        yield from _rows(items, example[0], f"{path}[*]")
        return
    if isinstance(example, (Mapping, list)):
        yield path, {"example": example, "matcher": "type"}
        return
    word = matcher_word(schema, example)
    yield path, {"example": example, **({"matcher": word} if word else {})}


def _child(path: str, key: str) -> str:
    return f"{path}.{key}" if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", key) else f"{path}['{key}']"


@dataclass
class _Reader:
    document: AsyncAPIDocument
    seen: set[str] = field(default_factory=set)

    def inline(self, node: Any, where: tuple[str | int, ...]) -> Any:
        return inline_refs(node, self.document, self.document.resolver(), self.document.uri, where)

    def message(self, operation_id: str, message: Mapping[str, Any], channel: Mapping[str, Any], count: int,
                summary: str | None, key: str | None = None) -> ImportedMessage:
        examples = [e for e in message.get("examples") or [] if isinstance(e, Mapping)]
        payload_schema = message.get("payload") if isinstance(message.get("payload"), Mapping) else {}
        payload = (examples[0]["payload"] if examples and "payload" in examples[0]
                   else example_for(payload_schema) if payload_schema else None)
        headers_schema = message.get("headers") if isinstance(message.get("headers"), Mapping) else None
        headers = (examples[0]["headers"] if examples and "headers" in examples[0]
                   else example_for(headers_schema) if headers_schema else {})
        metadata = {str(k): v for k, v in (headers if isinstance(headers, Mapping) else {}).items()
                    if str(k).lower() not in _SKIPPED_HEADERS}
        declared = (headers_schema or {}).get("properties") or {}
        from_example = bool(examples and "headers" in examples[0])
        for header, value in _binding_metadata(message, channel).items():
            if headers_schema is None or header in declared:
                # the binding knows the address; a value generated from the headers schema is only a placeholder
                metadata[header] = metadata.get(header, value) if from_example else value
        name = str(message.get("title") or message.get("name") or key or operation_id)
        description = name if count == 1 and name not in self.seen else f"{operation_id}: {name}"
        self.seen.add(description)
        content_type = str(message.get("contentType") or self.document.view.get("defaultContentType")
                           or "application/json")
        return ImportedMessage(operation_id, description, content_type, metadata,
                               tuple(_rows(payload_schema, payload, "$")) if payload is not None else (),
                               summary=summary or (str(message["summary"]) if message.get("summary") else None))


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _binding_metadata(message: Mapping[str, Any], channel: Mapping[str, Any]) -> dict[str, Any]:
    """Kafka topic and key, AMQP routing key: where the message travels, as the transports' metadata names it."""
    bindings, channel_bindings = _mapping(message.get("bindings")), _mapping(channel.get("bindings"))
    address = channel.get("address")
    out: dict[str, Any] = {}
    if "kafka" in bindings or "kafka" in channel_bindings:
        if isinstance(address, str):
            out["topic"] = address
        key = _mapping(bindings.get("kafka")).get("key")
        if isinstance(key, Mapping):
            out["key"] = str(example_for(key))
    if ("amqp" in bindings or "amqp" in channel_bindings) and isinstance(address, str):
        out["routingKey"] = address
    return out


def _ref_names(messages: Any) -> list[str | None]:
    """The last segment of each message's ``$ref`` (its name in the document), as written before inlining."""
    return [str(m["$ref"]).rsplit("/", 1)[-1] if isinstance(m, Mapping) and isinstance(m.get("$ref"), str) else None
            for m in (messages if isinstance(messages, list) else [])]


def import_messages(document: AsyncAPIDocument, operations: Sequence[str] = ()) -> list[ImportedMessage]:
    """The contract messages for the operations the provider sends (all, or those named in ``operations``)."""
    known = document.operations
    unknown = [o for o in operations if o not in known]
    if unknown:
        raise InputError(f"{document.source}: has no operation {unknown[0]!r} (it has: {', '.join(known) or 'none'});"
                         " pass --operation with one of those ids")
    reader = _Reader(document)
    out: list[ImportedMessage] = []
    for operation_id, raw in known.items():
        if operations and operation_id not in operations:
            continue
        operation = reader.inline(raw, ("operations", operation_id))
        if not isinstance(operation, Mapping):
            continue
        channel = _mapping(operation.get("channel"))
        messages = [m for m in operation.get("messages") or [] if isinstance(m, Mapping)]
        keys = _ref_names(raw.get("messages"))
        summary = operation.get("summary") or operation.get("description")
        reply = operation.get("reply") if isinstance(operation.get("reply"), Mapping) else None
        if operation.get("action") == "send":
            out += [reader.message(operation_id, m, channel, len(messages), summary, k)
                    for m, k in zip(messages, keys, strict=False)]
        elif reply and messages and reply.get("messages"):
            replies = [m for m in reply["messages"] if isinstance(m, Mapping)]
            reply_keys = _ref_names((raw.get("reply") or {}).get("messages"))
            reply_channel = _mapping(reply.get("channel"))
            for m, k in zip(replies, reply_keys, strict=False):
                response = reader.message(operation_id, m, reply_channel, len(replies), summary, k)
                request = reader.message(operation_id, messages[0], channel, 1, summary, keys[0])
                out.append(ImportedMessage(operation_id, response.description, request.content_type,
                                           request.metadata, request.rows, response, summary))
    if not out:
        raise InputError(f"{document.source}: has no operation the provider sends (action: send, or receive with a "
                         "reply) to write a contract for")
    return out


def _part(message: ImportedMessage) -> dict[str, Any]:
    part: dict[str, Any] = {}
    if message.content_type != "application/json":
        part["content type"] = message.content_type
    if message.metadata:
        part["metadata"] = dict(message.metadata)
    if message.rows:
        part["content"] = {path: dict(cell) for path, cell in message.rows}
    return part


def contract_yaml(messages: Sequence[ImportedMessage], consumer: str, provider: str, source: str) -> str:
    """The YAML contract (``pactspec run``'s format) for the imported messages."""
    entries = []
    for message in messages:
        entry: dict[str, Any] = {"description": message.description}
        if message.reply is None:
            entry.update(_part(message))
        else:
            entry["request"] = _part(message)
            entry["responses"] = [_part(message.reply)]
        entry["asyncapi"] = {"operationId": message.operation_id}
        entry["handler"] = f"{HANDLER_PLACEHOLDER} that handles {message.description!r}"
        entries.append(entry)
    header = (f"# Imported by `pactspec asyncapi import` from {source}: finish each message (keep the rows your code\n"
              "# reads, remove the others) and replace each handler with your module:function.\n")
    body = yaml.safe_dump({"consumer": consumer, "provider": provider, "pact": "v4", "messages": entries},
                          sort_keys=False, allow_unicode=True, width=110)
    return header + body


def _cell(value: Any) -> str:
    if isinstance(value, str):
        text = value if not _json_like(value) else f'"{value}"'
    else:
        text = "null" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
    return text.replace("|", "\\|")


def _json_like(text: str) -> bool:
    """Whether a table would read the text as JSON (a number, true, null, …): then it is quoted."""
    return bool(re.fullmatch(r"-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null|[\[{\"].*", text))


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], indent: str) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    return [indent + "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |" for r in [header, *rows]]


def feature_text(messages: Sequence[ImportedMessage], consumer: str, provider: str, source: str) -> str:
    """The Gherkin feature for the imported asynchronous messages (request/reply is written in YAML only)."""
    lines = [f"Feature: {provider} messages", f"  Imported by `pactspec asyncapi import` from {source}.", "",
             "  Background:", f'    Given "{consumer}" consumes messages from "{provider}"']
    for message in messages:
        if message.reply is not None:
            continue
        lines += ["", f"  Scenario: {message.description}",
                  f'    When the message "{message.description}" is received',
                  f'    And the message is the AsyncAPI operation "{message.operation_id}"']
        if message.metadata:
            lines.append("    And the message metadata is:")
            lines += _table(["key", "value"], [[k, _cell(v)] for k, v in message.metadata.items()], "      ")
        if not message.rows:
            lines.append(f'    Then it is handled by "{HANDLER_PLACEHOLDER}"')
            continue
        lines.append("    Then the content matches:")
        lines += _table(["path", "example", "matcher"],
                        [[p, _cell(c["example"]) if "example" in c else "", str(c.get("matcher", "")).replace("|", "\\|")]
                         for p, c in message.rows], "      ")
        lines.append(f'    And it is handled by "{HANDLER_PLACEHOLDER}"')
    return "\n".join(lines) + "\n"
