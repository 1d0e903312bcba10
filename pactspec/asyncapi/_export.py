"""The AsyncAPI 3.0 document a provider's consumers need, derived from their message pacts.

- Channels come from the metadata that names where a message travels (``topic``, ``queue``,
  ``routingKey``/``routing-key``, ``subject``); a message without one gets a channel of its own with
  ``address: null`` (AsyncAPI's "not known yet").
- One message per interaction description: its payload schema is derived from the example and the
  matching rules (:func:`payload_schema`), its headers schema from the metadata, and each consumer's
  example is attached. Several consumers of one message get one schema that accepts every example
  (:func:`merge_schemas`): properties are united, ``required`` keeps what all of them send.
- An operation per message (``action: send``, the provider's point of view), named by the
  interaction's ``comments.references.AsyncAPI.operationId`` when it has one, else by a stable id
  derived from the description (``sendAnOrderCreatedEvent``). A synchronous message is an operation the
  provider receives (``action: receive``) with a ``reply`` on a channel of its own.

The pacts are read, never changed. The export passes :func:`~pactspec.asyncapi.check_pacts` for the
pacts it came from: every example is valid against its message's schema as the consumer sees it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from jsonschema import Draft201909Validator

from pactspec.asyncapi._check import operation_reference
from pactspec.asyncapi._schema import consumer_schema
from pactspec.content import body_kind
from pactspec.errors import InputError
from pactspec.model import NO_BODY, AsynchronousMessage, MessageContents, Pact, SynchronousMessage, entry_json
from pactspec.paths import parse_path, path_weight

__all__ = [
    "CHANNEL_KEYS",
    "derived_name",
    "export_document",
    "merge_schemas",
    "payload_schema",
    "unreferenced",
]

# Metadata keys that name where a message travels, as the transports write them (compared without case,
# '-' and '_').
CHANNEL_KEYS = ("topic", "queue", "routingkey", "subject", "channel", "destination")
# Pact datetime formats (Java DateTimeFormatter letters) whose text is RFC 3339 date-time: a date, a
# 'T', a time and a zone; fractions optional.
_ISO_DATETIME = re.compile(r"^yyyy-MM-dd'T'HH:mm(:ss(\.S+)?)?(XXX|XX|X|Z|'Z'|xxx)$")
_ISO_DATE = "yyyy-MM-dd"
_FORMAT_CHECKER = Draft201909Validator.FORMAT_CHECKER


def _fold(key: str) -> str:
    return key.lower().replace("-", "").replace("_", "")


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _rules_at(rules: Mapping[str, Any], path: tuple[str | int, ...]) -> list[Mapping[str, Any]]:
    """The matchers of the rule written for exactly this node (the heaviest of the same length)."""
    best: tuple[int, Sequence[Mapping[str, Any]]] = (0, ())
    for text, entry in rules.items():
        try:
            segments = parse_path(text)
        except InputError:
            continue
        if len(segments) != len(path):
            continue
        weight = path_weight(segments, path)
        if weight > best[0]:
            best = (weight, entry_json(entry).get("matchers") or ())
    return [m for m in best[1] if isinstance(m, Mapping)]


def _formatted(schema: dict[str, Any], value: Any, name: str) -> dict[str, Any]:
    """``schema`` with ``format: name`` when the example satisfies it (else the format would reject it)."""
    return {**schema, "format": name} if _FORMAT_CHECKER.conforms(value, name) else schema


def _from_matcher(matcher: Mapping[str, Any], value: Any, base: dict[str, Any]) -> dict[str, Any]:
    match = matcher.get("match")
    if match == "integer":
        return {"type": "integer"}
    if match in ("decimal", "number"):
        return {"type": "number"}
    if match == "boolean":
        return {"type": "boolean"}
    if match == "null":
        return {"type": "null"}
    if match == "regex" and isinstance(value, str) and isinstance(matcher.get("regex"), str):
        return {"type": "string", "pattern": f"^(?:{matcher['regex']})$"}
    if match in ("datetime", "timestamp") and isinstance(value, str):
        fmt = str(matcher.get("format") or matcher.get("datetime") or matcher.get("timestamp") or "")
        return _formatted({"type": "string"}, value, "date-time") if _ISO_DATETIME.match(fmt) else base
    if match == "date" and isinstance(value, str):
        fmt = str(matcher.get("format") or matcher.get("date") or "")
        return _formatted({"type": "string"}, value, "date") if fmt == _ISO_DATE else base
    if match == "uuid" and isinstance(value, str):
        return _formatted({"type": "string"}, value, "uuid")
    if match == "type" and isinstance(value, list):  # each like / array like: type, with bounds
        bounds = {"minItems": matcher["min"]} if isinstance(matcher.get("min"), int) else {}
        if isinstance(matcher.get("max"), int):
            bounds["maxItems"] = matcher["max"]
        return {**base, **bounds}
    if match == "values" and isinstance(value, Mapping):
        items = [v for v in value.values()]
        additional = merge_schemas([_plain(v) for v in items]) if items else {}
        return {"type": "object", "additionalProperties": additional}
    return base


def _plain(value: Any) -> dict[str, Any]:
    """The schema of a value without rules: its JSON type, all the way down."""
    return payload_schema(value, {})


def payload_schema(value: Any, rules: Mapping[str, Any], path: tuple[str | int, ...] = ()) -> dict[str, Any]:
    """The JSON Schema a provider must meet for one example and its matching rules (body category).

    ``integer`` → ``type: integer``; ``regex`` → ``pattern`` (anchored, as Pact's regex matches whole);
    ``type`` with ``min``/``max`` → ``minItems``/``maxItems``; ``type`` → the example's JSON type;
    ``datetime`` in an ISO 8601 format → ``format: date-time``. A value without a rule is typed by its
    example too: the provider's value changes, its type does not.
    """
    kind = _json_type(value)
    schema: dict[str, Any] = {"type": kind}
    if isinstance(value, Mapping):
        schema["properties"] = {str(k): payload_schema(v, rules, (*path, str(k))) for k, v in value.items()}
        if value:
            schema["required"] = [str(k) for k in value]
    elif isinstance(value, list):
        items = [payload_schema(v, rules, (*path, i)) for i, v in enumerate(value)]
        if items:
            schema["items"] = merge_schemas(items)
    for matcher in _rules_at(rules, path):
        schema = _from_matcher(matcher, value, schema)
    return schema


def _types(schema: Mapping[str, Any]) -> tuple[str, ...]:
    kind = schema.get("type")
    return tuple(kind) if isinstance(kind, list) else ((kind,) if isinstance(kind, str) else ())


def merge_schemas(schemas: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """One schema that accepts whatever each of ``schemas`` accepts (for the examples they came from).

    Objects unite their properties (``required``: those in all); arrays merge their items and keep
    the loosest bounds; an integer and a number are a number; differing patterns or formats are
    dropped; schemas of different types become ``anyOf``.
    """
    merged = dict(schemas[0])
    for other in schemas[1:]:
        merged = _merge_two(merged, dict(other))
    return merged


def _merge_two(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    if a == b:
        return a
    if "anyOf" in a:
        branches = list(a["anyOf"])
        for i, branch in enumerate(branches):
            if _types(branch) == _types(b):
                branches[i] = _merge_two(dict(branch), b)
                return {"anyOf": branches}
        return {"anyOf": [*branches, b]}
    ta, tb = _types(a), _types(b)
    if {*ta, *tb} == {"integer", "number"} and len(ta) == len(tb) == 1:
        return {"type": "number"}
    if ta != tb or "anyOf" in b:
        return _merge_two({"anyOf": [a]}, b)
    merged: dict[str, Any] = {"type": a["type"]}
    if "object" in ta:
        pa, pb = a.get("properties", {}), b.get("properties", {})
        properties = {k: _merge_two(dict(pa[k]), dict(pb[k])) if k in pa and k in pb else dict(pa.get(k) or pb[k])
                      for k in [*pa, *[k for k in pb if k not in pa]]}
        if "properties" in a or "properties" in b:
            merged["properties"] = properties
        required = [k for k in a.get("required", []) if k in b.get("required", [])]
        if required:
            merged["required"] = required
        if "additionalProperties" in a and "additionalProperties" in b:
            merged["additionalProperties"] = _merge_two(dict(a["additionalProperties"]),
                                                        dict(b["additionalProperties"]))
    if "array" in ta:
        if "items" in a and "items" in b:
            merged["items"] = _merge_two(dict(a["items"]), dict(b["items"]))
        elif "items" in a or "items" in b:
            merged["items"] = a.get("items") or b.get("items")
        if "minItems" in a and "minItems" in b:
            merged["minItems"] = min(a["minItems"], b["minItems"])
        if "maxItems" in a and "maxItems" in b:
            merged["maxItems"] = max(a["maxItems"], b["maxItems"])
    for keyword in ("pattern", "format"):
        if keyword in a and a.get(keyword) == b.get(keyword):
            merged[keyword] = a[keyword]
    return merged


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[^0-9A-Za-z]+", text) if w]


def derived_name(text: str, prefix: str = "") -> str:
    """A stable identifier from a description: ``an order created event`` → ``AnOrderCreatedEvent``."""
    name = "".join(w[:1].upper() + w[1:] for w in _words(text)) or "Message"
    return f"{prefix}{name}" if prefix else name


def _channel_address(metadata: Mapping[str, Any]) -> str | None:
    folded = {_fold(str(k)): v for k, v in metadata.items()}
    for key in CHANNEL_KEYS:
        if isinstance(folded.get(key), str):
            return str(folded[key])
    return None


@dataclass
class _Message:
    name: str
    description: str
    content_type: str | None = None
    payloads: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, Any]] = field(default_factory=list)
    examples: list[dict[str, Any]] = field(default_factory=list)

    def add(self, contents: MessageContents, consumer: str) -> None:
        self.content_type = self.content_type or contents.content_type
        example: dict[str, Any] = {"name": derived_name(consumer), "summary": f"what {consumer} expects"}
        if contents.body is not NO_BODY and contents.body is not None and body_kind(contents.content_type) == "json":
            # only JSON bodies get a schema and an example: the check validates nothing else
            self.payloads.append(payload_schema(contents.body, contents.rules_for("body")))
            example["payload"] = contents.body
        metadata = {str(k): v for k, v in contents.metadata.items()}
        if metadata:
            self.headers.append(payload_schema(metadata, contents.rules_for("metadata")))
            example["headers"] = metadata
        if not any(e == example for e in self.examples):
            self.examples.append(example)

    def component(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "title": self.description}
        if self.content_type:
            out["contentType"] = self.content_type
        if self.headers:
            headers = merge_schemas(self.headers)
            headers.pop("required", None)  # a consumer's metadata is what it reads, not what every one must get
            out["headers"] = headers
        if self.payloads:
            out["payload"] = merge_schemas(self.payloads)
        out["examples"] = self.examples
        return out


@dataclass
class _Operation:
    id: str
    action: str
    channel: str
    summary: str
    messages: list[str] = field(default_factory=list)
    reply_messages: list[str] = field(default_factory=list)


def _escape(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")


class _Exporter:
    def __init__(self) -> None:
        self.messages: dict[str, _Message] = {}  # by name
        self.by_description: dict[tuple[str, str], str] = {}  # (role, description) -> message name
        self.channels: dict[str, dict[str, Any]] = {}
        self.operations: dict[str, _Operation] = {}

    def _channel(self, address: str | None, fallback: str) -> str:
        name = derived_name(address) if address else fallback
        name = name[:1].lower() + name[1:]
        channel = self.channels.setdefault(name, {"address": address, "messages": {}})
        if channel["address"] != address:  # two addresses that derive the same name: keep both apart
            return self._channel(address, f"{name}{len(self.channels)}")
        return name

    def _message(self, role: str, description: str, contents: MessageContents, consumer: str) -> str:
        key = (role, description)
        if key not in self.by_description:
            name = derived_name(description) + ("Reply" if role == "reply" else "")
            while name in self.messages:
                name += "_"
            self.by_description[key] = name
            self.messages[name] = _Message(name, description if role != "reply" else f"the reply to {description}")
        name = self.by_description[key]
        self.messages[name].add(contents, consumer)
        return name

    def add(self, interaction: AsynchronousMessage | SynchronousMessage, consumer: str) -> None:
        sync = isinstance(interaction, SynchronousMessage)
        first = interaction.request if isinstance(interaction, SynchronousMessage) else interaction.contents
        operation_id = _operation_id(interaction)[0]
        operation = self.operations.get(operation_id)
        if operation is None:
            channel = self._channel(_channel_address(first.metadata), operation_id[:1].lower() + operation_id[1:])
            operation = _Operation(operation_id, "receive" if sync else "send", channel, interaction.description)
            self.operations[operation_id] = operation
        name = self._message("request" if sync else "message", interaction.description, first, consumer)
        self.channels[operation.channel]["messages"][name] = {"$ref": f"#/components/messages/{_escape(name)}"}
        if name not in operation.messages:
            operation.messages.append(name)
        if isinstance(interaction, SynchronousMessage):
            for response in interaction.responses:
                reply = self._message("reply", interaction.description, response, consumer)
                if reply not in operation.reply_messages:
                    operation.reply_messages.append(reply)

    def document(self, provider: str, consumers: Iterable[str]) -> dict[str, Any]:
        operations: dict[str, Any] = {}
        for operation in self.operations.values():
            channel = f"#/channels/{_escape(operation.channel)}"
            body: dict[str, Any] = {
                "action": operation.action, "channel": {"$ref": channel}, "summary": operation.summary,
                "messages": [{"$ref": f"{channel}/messages/{_escape(m)}"} for m in operation.messages]}
            if operation.reply_messages:
                reply_channel = f"{operation.id[:1].lower()}{operation.id[1:]}Reply"
                self.channels[reply_channel] = {"address": None, "messages": {
                    m: {"$ref": f"#/components/messages/{_escape(m)}"} for m in operation.reply_messages}}
                body["reply"] = {"channel": {"$ref": f"#/channels/{_escape(reply_channel)}"},
                                 "messages": [{"$ref": f"#/channels/{_escape(reply_channel)}/messages/{_escape(m)}"}
                                              for m in operation.reply_messages]}
            operations[operation.id] = body
        names = ", ".join(sorted(set(consumers)))
        return {
            "asyncapi": "3.0.0",
            "info": {"title": provider, "version": "1.0.0",
                     "description": f"What {provider} sends, as its consumers ({names}) expect it; derived by "
                                    "pactspec from their pacts."},
            "channels": self.channels,
            "operations": operations,
            "components": {"messages": {name: m.component() for name, m in self.messages.items()}},
        }


def _operation_id(interaction: AsynchronousMessage | SynchronousMessage) -> tuple[str, bool]:
    """The interaction's operationId and whether the pact names it (else the stable id derived for it)."""
    reference = operation_reference(interaction.comments)
    existing = reference.get("operationId") if isinstance(reference, Mapping) else None
    if isinstance(existing, str) and existing:
        return existing, True
    sync = isinstance(interaction, SynchronousMessage)
    return derived_name(interaction.description, "receive" if sync else "send"), False


def unreferenced(pacts: Iterable[Pact], provider: str) -> list[tuple[str, str, str]]:
    """(consumer, description, derived operationId) for each message of ``provider``'s pacts that names no
    operation: the check cannot find those until the contract names the id (``asyncapi: {operationId: …}``)."""
    return [(pact.consumer, i.description, _operation_id(i)[0]) for pact in pacts if pact.provider == provider
            for i in pact.interactions if isinstance(i, (AsynchronousMessage, SynchronousMessage))
            and not _operation_id(i)[1]]


def export_document(pacts: Iterable[Pact], provider: str) -> dict[str, Any]:
    """The AsyncAPI 3.0 document (as data) for the message interactions of ``provider``'s pacts.

    Raises :class:`~pactspec.errors.InputError` when no pact is with ``provider`` or none has a message.
    """
    exporter = _Exporter()
    consumers: list[str] = []
    providers: set[str] = set()
    for pact in pacts:
        providers.add(pact.provider)
        if pact.provider != provider:
            continue
        consumers.append(pact.consumer)
        for interaction in pact.interactions:
            if isinstance(interaction, (AsynchronousMessage, SynchronousMessage)):
                exporter.add(interaction, pact.consumer)
    if not consumers:
        known = ", ".join(sorted(providers)) or "none"
        raise InputError(f'no pact is with the provider "{provider}" (the pacts name: {known}); '
                         "pass --provider as a pact's provider.name says it")
    if not exporter.operations:
        raise InputError(f'the pacts with "{provider}" have no message interactions to export')
    document = exporter.document(provider, consumers)
    _check_examples(document)
    return document


def _check_examples(document: Mapping[str, Any]) -> None:
    """Every example is valid against its message's schemas as a consumer sees them (else a merge is wrong)."""
    for name, message in document["components"]["messages"].items():
        for example in message["examples"]:
            for key in ("payload", "headers"):
                if key in example and key in message:
                    validator = Draft201909Validator(consumer_schema(message[key]), format_checker=_FORMAT_CHECKER)
                    error = next(iter(validator.iter_errors(example[key])), None)
                    if error is not None:  # pragma: no cover - a bug in the derivation, not bad input
                        raise AssertionError(f"the derived {key} schema of {name} rejects {example['name']}'s "
                                             f"example: {error.message}")
