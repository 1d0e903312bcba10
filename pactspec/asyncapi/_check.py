"""Checking message pacts against an AsyncAPI document: PactFlow's comparator, in Python.

The semantics, result codes and locations are those of ``@pactflow/openapi-pact-comparator``
(``opc --asyncapi``), which the tests run on the same documents and pacts:

- an interaction names its operation in ``comments.references.AsyncAPI.operationId``; without it
  the result is ``message.references.missing``, with an unknown one ``message.operation.unknown``;
- an asynchronous message matches (``message.matched``) when its content validates against the
  payload schema, and its metadata against the headers schema, of *any* of the operation's
  messages; otherwise ``message.no.match`` carries every message's errors as ``causes``
  (``message.payload.incompatible``, ``message.headers.incompatible``);
- a synchronous message's request is checked against the operation's messages as written (the
  consumer sends it), then each response against ``reply.messages`` with the consumer's tightened
  schema (``message.reply.missing`` when the operation has no reply);
- what the consumer receives is checked against :func:`~pactspec.asyncapi._schema.consumer_schema`;
- a body whose content type is not JSON (nor form data) is not validated: ``message.payload.unvalidatable``,
  a warning. The metadata is validated as it is, ``contentType`` included: a headers schema of
  ``type: object`` that does not declare ``contentType`` fails the message, as in the comparator.

Where pactspec differs from opc it is in what opc cannot read: V3 message pacts (``messages``,
located ``[root].messages[i]``; opc reads only V4 ``interactions``), 2.x documents (read through
their 3.0 view) and ``$ref``s to other files (resolved; opc resolves local ones only); a ``$ref`` that
resolves nowhere is bad input when the document is read (opc skips a message it cannot resolve).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from jsonschema import Draft201909Validator

from pactspec.asyncapi._document import AsyncAPIDocument, Resolved
from pactspec.asyncapi._schema import compile_validator, consumer_schema, inline_refs, schema_violations
from pactspec.model import NO_BODY, AsynchronousMessage, MessageContents, Pact, SynchronousMessage

__all__ = [
    "CheckResult",
    "Checker",
    "InteractionCheck",
    "PactCheck",
    "ResultType",
    "operation_reference",
]

ResultType = Literal["error", "warning", "info"]
Direction = Literal["request", "response"]

# The content types whose bodies the comparator validates (its VALIDATABLE_CONTENT_TYPES).
_VALIDATABLE = ("application/json", "application/x-www-form-urlencoded", "multipart/form-data")


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One finding, as the comparator reports it: a code, where in the pact, where in the document."""

    code: str
    type: ResultType
    message: str
    mock_location: str | None  # where in the pact ([root].interactions[0].contents.content.id); None for a match
    spec_location: str  # where in the AsyncAPI document ([root].components.messages.X.payload.properties.id.type)
    causes: tuple[CheckResult, ...] = ()
    keyword: str | None = None  # the schema keyword a payload/headers cause broke
    value: Any = None  # the pact's value at mock_location


@dataclass(frozen=True, slots=True)
class InteractionCheck:
    """The results for one interaction of a pact."""

    index: int
    location: str  # [root].interactions[i]
    interaction: AsynchronousMessage | SynchronousMessage
    operation_id: str | None
    results: tuple[CheckResult, ...]

    @property
    def passed(self) -> bool:
        return not any(r.type == "error" for r in self.results)

    @property
    def outcome(self) -> CheckResult:
        """The result that decides the interaction: its error, else its match."""
        errors = [r for r in self.results if r.type == "error"]
        return errors[0] if errors else next((r for r in reversed(self.results) if r.type == "info"), self.results[-1])


@dataclass(frozen=True, slots=True)
class PactCheck:
    source: str
    pact: Pact
    interactions: tuple[InteractionCheck, ...] = ()

    @property
    def passed(self) -> bool:
        return all(i.passed for i in self.interactions)


def operation_reference(comments: Mapping[str, Any]) -> Any:
    """What ``comments.references.AsyncAPI`` holds (``None`` when absent), read as the comparator reads it."""
    references = comments.get("references") if isinstance(comments, Mapping) else None
    return references.get("AsyncAPI") if isinstance(references, Mapping) else None


def _media(text: str) -> tuple[str, str]:
    kind, _, subtype = text.split(";", 1)[0].strip().lower().partition("/")
    return kind, subtype.rsplit("+", 1)[-1]


def _validatable(content_type: str) -> bool:
    """The comparator's content negotiation, reduced to the question it asks: is this JSON or form data?"""
    wanted = [_media(t) for t in content_type.split(",")]
    return any(w == _media(v) or w == ("*", "*") or (w[1] == "*" and w[0] == _media(v)[0])
               for w in wanted for v in _VALIDATABLE)


@dataclass(frozen=True, slots=True)
class _Part:
    """One message of the pact (an async message, a request, a response) and where it sits."""

    contents: MessageContents
    payload_at: str
    metadata_at: str


@dataclass(slots=True)
class Checker:
    """Checks pacts against one document; message schemas are inlined and compiled once per run."""

    document: AsyncAPIDocument
    _validators: dict[tuple[str, Direction], Draft201909Validator] = field(default_factory=dict)
    _messages: dict[str, tuple[Resolved, str]] = field(default_factory=dict)

    def check(self, pact: Pact, source: str) -> PactCheck:
        """Every message interaction of ``pact`` against the document (HTTP ones are not the document's)."""
        v4 = pact.spec_version == "4.0"
        checks = []
        for index, interaction in enumerate(pact.interactions):
            if not isinstance(interaction, (AsynchronousMessage, SynchronousMessage)):
                continue
            base = f"[root].interactions[{index}]" if v4 else f"[root].messages[{index}]"
            results = tuple(self._interaction(interaction, base, v4))
            reference = operation_reference(interaction.comments)
            operation = reference.get("operationId") if isinstance(reference, Mapping) else None
            checks.append(InteractionCheck(index, base, interaction, operation if isinstance(operation, str) else None,
                                           results))
        return PactCheck(source, pact, tuple(checks))

    def _interaction(self, interaction: AsynchronousMessage | SynchronousMessage, base: str,
                     v4: bool) -> Iterator[CheckResult]:
        sync = isinstance(interaction, SynchronousMessage)
        kind = "Sync" if sync else "Async"
        reference = operation_reference(interaction.comments)
        at_reference = f"{base}.comments.references.AsyncAPI"
        if not reference:
            yield CheckResult("message.references.missing", "error",
                              f"{kind} interaction has no AsyncAPI references in comments.references.AsyncAPI",
                              at_reference, "[root]")
            return
        operation_id = reference.get("operationId") if isinstance(reference, Mapping) else None
        if not operation_id:
            yield CheckResult("message.references.missing", "error",
                              f"{kind} interaction has a malformed AsyncAPI reference in comments.references.AsyncAPI:"
                              ' expected an "operationId" property', at_reference, "[root]", value=reference)
            return
        operation = self.document.operations.get(operation_id) if isinstance(operation_id, str) else None
        if not operation:
            yield CheckResult("message.operation.unknown", "error", f"Operation not defined in AsyncAPI spec: "
                              f"{operation_id}", f"{at_reference}.operationId", "[root].operations", value=operation_id)
            return
        at_operation = f"[root].operations.{operation_id}"
        metadata_key = "metadata" if v4 else "metaData"
        if isinstance(interaction, AsynchronousMessage):
            part = _Part(interaction.contents, f"{base}.contents.content", f"{base}.{metadata_key}")
            yield from self._match(operation.get("messages"), f"{at_operation}.messages", part, "response", base)
            return
        request = _Part(interaction.request, f"{base}.request.contents.content", f"{base}.request.metadata")
        at_operation_id = f"{at_reference}.operationId"
        matched = False
        for result in self._match(operation.get("messages"), f"{at_operation}.messages", request, "request",
                                  at_operation_id):
            matched = matched or result.code == "message.matched"
            yield result
        if not matched:
            return
        reply = operation.get("reply")
        if not reply:
            yield CheckResult("message.reply.missing", "error", f'Operation "{operation_id}" has no reply field in '
                              "AsyncAPI spec", at_reference, at_operation, value=operation_id)
            return
        messages = reply.get("messages") if isinstance(reply, Mapping) else None
        if not messages:
            yield CheckResult("message.reply.missing", "error", f'Operation "{operation_id}" reply defines no '
                              "messages in AsyncAPI spec", at_reference, f"{at_operation}.reply.messages",
                              value=operation_id)
            return
        if not interaction.responses:
            yield CheckResult("message.response.missing", "warning", "Sync interaction defines no responses to "
                              "validate against the reply", f"{base}.response", f"{at_operation}.reply.messages")
            return
        for j, response in enumerate(interaction.responses):
            part = _Part(response, f"{base}.response[{j}].contents.content", f"{base}.response[{j}].metadata")
            yield from self._match(messages, f"{at_operation}.reply.messages", part, "response", at_operation_id)

    def _candidates(self, messages: Any, at: str) -> Iterator[tuple[Resolved | None, Any, str]]:
        """Each message of a list: (its resolution, its content, its location as the comparator names it)."""
        document = self.document
        pointer = tuple(at.removeprefix("[root].").split("."))
        for index, message in enumerate(messages if isinstance(messages, list) else []):
            if not isinstance(message, Mapping):
                continue
            if "$ref" not in message:
                yield None, message, f"{at}[{index}]"
                continue
            ref = message["$ref"]
            if ref not in self._messages:
                where: tuple[str | int, ...] = (*pointer, index, "$ref")
                resolver, base = document.resolver(), document.uri
                found = document.lookup(ref, resolver, base, where)
                while isinstance(found.contents, Mapping) and "$ref" in found.contents:  # a chain: the last ref names it
                    found = document.lookup(found.contents["$ref"], found.resolver, found.base, where)
                self._messages[ref] = (found, _location(found.uri, document.uri))
            found, location = self._messages[ref]
            yield found, found.contents, location

    def _match(self, messages: Any, at: str, part: _Part, direction: Direction,
               no_match_at: str) -> Iterator[CheckResult]:
        causes: list[CheckResult] = []
        for found, message, location in self._candidates(messages, at):
            results = list(self._message(found, message, location, part, direction))
            errors = [r for r in results if r.type == "error"]
            if not errors:
                yield from results
                yield CheckResult("message.matched", "info", f"Matched message at {location}", None, location)
                return
            causes += errors
        yield CheckResult("message.no.match", "error", "No message in the operation matched the interaction",
                          no_match_at, at, tuple(causes))

    def _message(self, found: Resolved | None, message: Any, location: str, part: _Part,
                 direction: Direction) -> Iterator[CheckResult]:
        contents = part.contents
        payload = None if contents.body is NO_BODY else contents.body
        content_type = contents.content_type
        if content_type is not None and not _validatable(content_type):
            if payload is not None:
                yield CheckResult("message.payload.unvalidatable", "warning", f"Body with content type "
                                  f"'{content_type}' is not supported by the spec comparator: it is not checked",
                                  part.payload_at, location, value=payload)
        elif content_type is not None:
            if not message.get("payload"):
                if payload is not None:
                    yield CheckResult("message.payload.unknown", "warning", "No schema found for message payload",
                                      part.payload_at, location, value=payload)
            else:
                yield from self._validate(found, message, "payload", location, payload, part.payload_at, direction)
        # The comparator skips headers when the pact has no metadata; the model reads absent metadata as {}.
        if message.get("headers") and contents.metadata:
            yield from self._validate(found, message, "headers", location, dict(contents.metadata),
                                      part.metadata_at, direction)

    def _validate(self, found: Resolved | None, message: Mapping[str, Any], key: str, location: str,
                  instance: Any, instance_at: str, direction: Direction) -> Iterator[CheckResult]:
        document = self.document
        where = tuple(location.removeprefix("[root].").split(".")) + (key,)
        cache_key = (f"{location}.{key}", direction)
        if cache_key not in self._validators:
            resolver = found.resolver if found else document.resolver()
            schema = inline_refs(message[key], document, resolver, found.base if found else document.uri, where)
            if direction == "response":
                schema = consumer_schema(schema)
            self._validators[cache_key] = compile_validator(schema, document, where)
        code = "message.payload.incompatible" if key == "payload" else "message.headers.incompatible"
        for violation in schema_violations(self._validators[cache_key], instance, document, where):
            yield CheckResult(code, "error", violation.message, f"{instance_at}{violation.instance_location}",
                              f"{location}.{key}.{violation.schema_location}", keyword=violation.keyword,
                              value=violation.value)


def _location(uri: str, document_uri: str) -> str:
    """``[root].components.messages.X`` for a ref into the document; ``[other.yaml].X`` for one into another file."""
    file, _, fragment = uri.partition("#")
    path = fragment.lstrip("/").replace("/", ".")
    if file == document_uri:
        return f"[root].{path}"
    return f"[{file.rsplit('/', 1)[-1]}].{path}"
