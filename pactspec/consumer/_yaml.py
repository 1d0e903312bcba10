"""Consumer contracts written in YAML (``contracts/*.yaml``): the same contract as the Gherkin steps.

::

    consumer: user-service
    provider: user-events
    pact: v4                       # or v3; default v4
    messages:
      - description: a user event
        given:
          - state: User with id 127 exists
            params: {id: 127}
        metadata:
          Content-Type: application/json
          topic: {value: users.v1, matcher: 'regex users\\.v[0-9]+'}
        content:
          $.datetime: {example: "2020-01-01", matcher: 'regex [0-9\\-]+'}
          $.id: {example: 12, matcher: integer}
        handler: users.consumer:handle_user

A message may give ``body`` (a document with inline matchers, plus ``content type``) instead of
``content``; ``request`` + ``responses`` make a synchronous message; ``as``, ``rejects``, ``key``,
``pending`` and ``comments`` say what the Gherkin steps of the same names say; ``lambda: sqs`` (``sns``,
``kinesis``, ``s3``, ``eventbridge``) calls the handler as a Lambda function with that event. Files are read by
:mod:`pactspec.consumer._yaml_lines` (safe loading with the line of every key; dates and yes/no stay text).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pactspec.consumer._builder import ContractBuilder
from pactspec.consumer._contents import (
    ContentRow,
    DocContent,
    FileContent,
    MetadataRow,
    PartBuilder,
)
from pactspec.consumer._lambda import LambdaSource, lambda_source
from pactspec.consumer._yaml_lines import (
    LineMapping,
    LineSequence,
    describe_kind,
    load_yaml,
    plain,
)
from pactspec.errors import ContractSyntaxError, InputError
from pactspec.model import NO_BODY, ProviderState
from pactspec.sources import Source

__all__ = ["YamlContract", "contract_files", "load_contract_file", "load_contracts"]

_FILE_KEYS = {"consumer", "provider", "pact", "messages"}
_MESSAGE_KEYS = {"description", "given", "metadata", "content", "body", "content type", "file", "file matcher",
                 "request", "responses",
                 "handler", "as", "rejects", "key", "pending", "comments", "asyncapi", "lambda"}
_PART_KEYS = {"metadata", "content", "body", "content type", "file", "file matcher"}
_CELL_KEYS = {"example", "matcher", "generator"}
_META_KEYS = {"value", "matcher", "generator"}


@dataclass(frozen=True, slots=True)
class YamlContract:
    """One message of a YAML contract file, ready to run like a scenario."""

    builder: ContractBuilder
    handler: str | None
    as_type: str | None
    rejects: str | None
    source: Source
    lambda_source: LambdaSource | None = None  # ``lambda: sqs``: the handler is a Lambda function


def contract_files(paths: list[str | Path]) -> list[Path]:
    """The ``*.yaml``/``*.yml`` files named or found (sorted) in the given files and folders."""
    found: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
        elif path.is_file() and path.suffix == ".feature":
            raise ContractSyntaxError(f"this is a Gherkin feature: run behave (e.g. behave {path}); pactspec run "
                                      "runs YAML contracts (*.yaml)", filename=str(path))
        elif path.is_file():
            found.append(path)
        else:
            raise ContractSyntaxError(f"there is no file or folder {str(path)!r}; give the contracts folder, "
                                      "e.g. contracts/")
    return found


def load_contract_file(path: str | Path) -> Iterator[YamlContract | ContractSyntaxError]:
    """The messages of one file; a message written wrongly yields its error and the others still load."""
    path = Path(path)
    name = str(path)
    data = load_yaml(path)
    if data is None:
        raise ContractSyntaxError("the contract file is empty; write consumer:, provider: and messages: in it",
                                  filename=name, line=1)
    if not isinstance(data, LineMapping):
        raise ContractSyntaxError("a contract file is a mapping with consumer, provider and messages",
                                  filename=name, line=getattr(data, "line", 1) or 1)
    _check_keys(data, _FILE_KEYS, "a contract file", name)
    consumer = _required(data, "consumer", name)
    provider = _required(data, "provider", name)
    version = str(data.get("pact", "v4")).lower().lstrip("v")
    if version not in ("3", "4", "3.0.0", "4.0"):
        raise ContractSyntaxError(f"pact: {data['pact']} is not a version pactspec writes; write pact: v3 or pact: v4",
                                  filename=name, line=data.lines.get("pact"))
    spec = "3.0.0" if version.startswith("3") else "4.0"
    messages = data.get("messages")
    if not isinstance(messages, LineSequence) or not messages:
        raise ContractSyntaxError("'messages' must be a list of messages (- description: ...)",
                                  filename=name, line=data.lines.get("messages", data.line))
    for entry, line in zip(messages, messages.lines):
        try:
            yield _message(entry, line, consumer, provider, spec, name)
        except ContractSyntaxError as exc:
            yield exc


def load_contracts(paths: list[str | Path]) -> list[YamlContract | ContractSyntaxError]:
    """Every message of every contract file; file-level errors come back as errors too."""
    loaded: list[YamlContract | ContractSyntaxError] = []
    for path in contract_files(paths):
        try:
            loaded.extend(load_contract_file(path))
        except ContractSyntaxError as exc:
            loaded.append(exc)
    return loaded


def _message(entry: Any, line: int, consumer: str, provider: str, spec: Any, name: str) -> YamlContract:
    if not isinstance(entry, LineMapping):
        raise ContractSyntaxError("each message is a mapping starting with description:", filename=name, line=line)
    _check_keys(entry, _MESSAGE_KEYS, "a message", name)
    description = _required(entry, "description", name)
    source = Source(name, entry.line)
    builder = ContractBuilder(consumer, provider, source=source, spec_version=spec,
                              testname=f"{Path(name).stem}: {description}",
                              to_v4="write pact: v4 at the top of the file (or leave pact: out)")
    for state in _states(entry, name):
        builder.states.append(state)
    synchronous = "request" in entry or "responses" in entry
    builder.start(description, synchronous=synchronous, source=source)
    if synchronous:
        for key in _PART_KEYS & set(entry):
            raise ContractSyntaxError(f"'{key}' of a request/response message goes under request: or responses:",
                                      filename=name, line=entry.lines[key])
        builder.message = _part(entry.get("request") or LineMapping(), name, entry.lines.get("request", entry.line))
        responses = entry.get("responses")
        where = entry.lines.get("responses", entry.line)
        if "responses" not in entry:
            raise ContractSyntaxError("the request message has no responses; add responses: next to request:, a list "
                                      "of response messages (- content: ...)", filename=name, line=where)
        if not isinstance(responses, LineSequence):
            raise ContractSyntaxError(f"'responses' is {describe_kind(responses)}, not a list; write it as a list of "
                                      "response messages (- content: ...)", filename=name, line=where)
        if not responses:
            raise ContractSyntaxError("'responses' is an empty list; give at least one response message "
                                      "(- content: ...)", filename=name, line=where)
        builder.responses = [_part(item, name, item_line) for item, item_line in zip(responses, responses.lines)]
    else:
        builder.message = _part(entry, name, entry.line, in_message=True)
    if "key" in entry:
        builder.set_v4_only(Source(name, entry.lines["key"]), "an interaction key")
        builder.key = _text(entry, "key", name)
    if entry.get("pending") is not None:
        if not isinstance(entry["pending"], bool):
            raise ContractSyntaxError(f"pending must be true or false, not {describe_kind(entry['pending'])}",
                                      filename=name, line=entry.lines["pending"])
        if entry["pending"]:
            builder.set_v4_only(Source(name, entry.lines["pending"]), "a pending interaction")
        builder.pending = entry["pending"]
    comments = entry.get("comments", [])
    if isinstance(comments, str):
        comments = [comments]
    if not isinstance(comments, list) or not all(isinstance(c, str) for c in comments):
        raise ContractSyntaxError(f"comments must be a list of text lines, not {describe_kind(comments)}; write "
                                  "comments: [first line, second line]", filename=name, line=entry.lines["comments"])
    if comments:
        builder.set_v4_only(Source(name, entry.lines["comments"]), "an interaction comment")
    builder.comments.extend(comments)
    if "asyncapi" in entry:
        _asyncapi(builder, entry, name)
    handler = _text(entry, "handler", name)
    if handler is None:
        raise ContractSyntaxError(f'the message "{description}" has no handler; add handler: module:function '
                                  "(the consumer code that must accept the message)", filename=name, line=entry.line)
    if handler.startswith("TODO"):
        raise ContractSyntaxError(f'the message "{description}" still has the handler placeholder that pactspec '
                                  "asyncapi import wrote; replace it with handler: module:function (the consumer "
                                  "code that must accept the message)", filename=name, line=entry.lines["handler"])
    as_type = _text(entry, "as", name)
    kind = _text(entry, "lambda", name)
    lambda_kind = None
    if kind is not None:
        if as_type is not None:
            raise ContractSyntaxError("a Lambda handler gets the event, not a converted body; remove as: or lambda:",
                                      filename=name, line=entry.lines["lambda"])
        try:
            lambda_kind = lambda_source(kind)
        except InputError as exc:
            raise ContractSyntaxError(f"lambda: {exc}", filename=name, line=entry.lines["lambda"]) from None
    return YamlContract(builder, handler, as_type, _text(entry, "rejects", name), source, lambda_kind)


def _asyncapi(builder: ContractBuilder, entry: LineMapping, name: str) -> None:
    """``asyncapi: {operationId: onUserSignedUp}``: the provider's AsyncAPI operation this message is."""
    value, line = entry["asyncapi"], entry.lines["asyncapi"]
    operation = value.get("operationId") if isinstance(value, LineMapping) else None
    if not isinstance(operation, str) or set(value) != {"operationId"}:
        raise ContractSyntaxError(f"asyncapi must be a mapping with just the operation's id, not "
                                  f"{describe_kind(value)}; write asyncapi: {{operationId: onUserSignedUp}}",
                                  filename=name, line=line)
    builder.reference_asyncapi_operation(operation, Source(name, line))


def _states(entry: LineMapping, name: str) -> list[ProviderState]:
    given = entry.get("given")
    if given is None:
        return []
    if isinstance(given, (str, LineMapping)):
        given = LineSequence([given])
        given.lines = [entry.lines["given"]]
    if not isinstance(given, LineSequence):
        raise ContractSyntaxError(f"given must be a list of provider states, not {describe_kind(given)}; write e.g. "
                                  "given: [the shop is open] or - state: User exists with params: {id: 127}",
                                  filename=name, line=entry.lines["given"])
    states = []
    for item, line in zip(given, given.lines):
        if isinstance(item, str):
            states.append(ProviderState(item, {}))
            continue
        if not isinstance(item, LineMapping) or not isinstance(item.get("state"), str):
            raise ContractSyntaxError("a provider state is its name, or state: NAME with params: {...}",
                                      filename=name, line=line)
        _check_keys(item, {"state", "params"}, "a provider state", name)
        params = item.get("params") or {}
        if not isinstance(params, Mapping):
            raise ContractSyntaxError(f"params must be a mapping of parameter names to values, not {describe_kind(params)}; "
                                      "write e.g. params: {id: 127}", filename=name, line=item.lines["params"])
        states.append(ProviderState(item["state"], plain(params)))
    return states


def _part(data: Any, name: str, line: int, *, in_message: bool = False) -> PartBuilder:
    if not isinstance(data, LineMapping):
        raise ContractSyntaxError("a message part is a mapping with metadata and content (or body)",
                                  filename=name, line=line)
    _check_keys(data, _PART_KEYS, "a message part", name, allowed_extra=_MESSAGE_KEYS if in_message else set())
    part = PartBuilder(source=Source(name, data.line))
    metadata = data.get("metadata") or LineMapping()
    if not isinstance(metadata, LineMapping):
        raise ContractSyntaxError(f"metadata must be a mapping of keys to values, not {describe_kind(metadata)}; write "
                                  "e.g. metadata: {Content-Type: application/json}", filename=name,
                                  line=data.lines.get("metadata", line))
    for key, value in metadata.items():
        where = Source(name, metadata.lines[key], f"metadata {key}")
        if isinstance(value, LineMapping):
            _check_keys(value, _META_KEYS, f"the metadata entry {key}", name)
            if "value" not in value:
                raise where.error("write the example under value:, e.g. {value: users.v1, matcher: type}")
            part.metadata.append(MetadataRow(str(key), plain(value["value"]), _words(value, "matcher", name),
                                             _words(value, "generator", name), where))
        else:
            part.metadata.append(MetadataRow(str(key), plain(value), source=where))
    given = [key for key in ("content", "body", "file") if key in data]
    if len(given) > 1:
        raise ContractSyntaxError(f"give one of content (paths with examples), body (a document) or file, not "
                                  f"{' and '.join(given)}", filename=name, line=data.lines[given[1]])
    if "file" in data:
        line = data.lines["file"]
        part.set_doc(FileContent(_required(data, "file", name), _words(data, "file matcher", name), Source(name, line)))
    content = data.get("content")
    if content is not None:
        if not isinstance(content, LineMapping):
            raise ContractSyntaxError(f"content must be a mapping of JSONPaths to examples, not {describe_kind(content)}; "
                                      "write e.g. content: {$.id: {example: 12, matcher: integer}}",
                                      filename=name, line=data.lines["content"])
        rows = []
        for path, value in content.items():
            where = Source(name, content.lines[path], str(path))
            if isinstance(value, LineMapping) and set(value) <= _CELL_KEYS and (
                    "example" in value or _is_each_like(value, name)):
                # an 'each like' entry without an example takes its element from the entries under path[*]
                example = plain(value["example"]) if "example" in value else NO_BODY
                rows.append(ContentRow(str(path), example, _words(value, "matcher", name),
                                       _words(value, "generator", name), where))
            elif isinstance(value, LineMapping) and set(value) & _CELL_KEYS:
                unknown = sorted(set(value) - _CELL_KEYS)
                hint = f"unknown key {unknown[0]!r}" if unknown else "no example"
                raise where.error(f"{hint}; write {{example: ..., matcher: ..., generator: ...}}")
            else:
                rows.append(ContentRow(str(path), plain(value), source=where))
        part.add_rows(rows, Source(name, data.lines["content"]))
    if "body" in data:
        body = data["body"]
        if not isinstance(body, str):
            raise ContractSyntaxError(f"body must be a document written as text, not {describe_kind(body)}; write body: | "
                                      "and the document indented under it", filename=name, line=data.lines["body"])
        content_type = _text(data, "content type", name)
        # the document starts on the line after "body: |"
        line = data.lines["body"]
        # "body: |" ends the text with a newline that a Gherkin docstring does not have; drop it so
        # that the same contract gives the same pact in both forms
        text = body.removesuffix("\n")
        part.set_doc(DocContent(text, content_type, Source(name, line), first_line=line + 1))
    return part


def _is_each_like(data: LineMapping, name: str) -> bool:
    words = _words(data, "matcher", name).strip().lower()
    return words == "each like" or words.startswith("each like ")


def _words(data: LineMapping, key: str, name: str) -> str:
    value = data.get(key)
    if value is None and key in data:
        # YAML reads `matcher: null` (and `matcher: ~`, `matcher:`) as no value at all
        null = " for the null matcher write matcher: 'null' (quoted);" if key == "matcher" else ""
        raise ContractSyntaxError(f"{key} has no value (YAML reads null, ~ and nothing as empty);{null} "
                                  f"leave {key} out when there is none", filename=name, line=data.lines[key])
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ContractSyntaxError(f"{key} must be words such as 'integer' or 'regex [0-9]+', not {describe_kind(value)}; "
                                  "quote it if it looks like a number", filename=name, line=data.lines[key])
    return value


def _required(data: LineMapping, key: str, name: str) -> str:
    value = _text(data, key, name, required=True)
    assert value is not None
    return value


def _text(data: LineMapping, key: str, name: str, *, required: bool = False) -> str | None:
    value = data.get(key)
    if value is None:
        if required:
            raise ContractSyntaxError(f"'{key}' is missing; add {key}: ...", filename=name, line=data.line)
        return None
    if not isinstance(value, str) or not value.strip():
        raise ContractSyntaxError(f"{key} must be text, not {describe_kind(value)}; write {key}: followed by text "
                                  "(quote it if it looks like a number)", filename=name, line=data.lines[key])
    return value


def _check_keys(data: LineMapping, allowed: set[str], what: str, name: str, *,
                allowed_extra: set[str] | None = None) -> None:
    for key in data:
        if key not in allowed and key not in (allowed_extra or ()):
            import difflib

            close = difflib.get_close_matches(str(key), sorted(allowed), n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise ContractSyntaxError(f"unknown key '{key}' in {what}; {hint}the keys are {', '.join(sorted(allowed))}",
                                      filename=name, line=data.lines[key])
