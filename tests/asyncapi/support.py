"""Shared helpers for the AsyncAPI tests: the documents, pacts that produce each code, and the oracle.

The oracle is PactFlow's comparator, ``opc`` (npm ``@pactflow/openapi-pact-comparator``), found at
``$PACTSPEC_OPC`` (its ``dist/cli.cjs``) or in ``.cache/opc``, where ``.ci/opc.py`` installs it. The
official AsyncAPI JSON Schemas are read from ``$PACTSPEC_ASYNCAPI_SCHEMAS`` or ``<repo>/../shared/asyncapi``
(``.ci/asyncapi_schemas.py`` fetches them when both are absent); they are never copied here.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from pactspec.asyncapi import InteractionCheck
from tests.services import unavailable

REPO = Path(__file__).resolve().parent.parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "asyncapi"
OPC_CLI = REPO / ".cache" / "opc" / "node_modules" / "@pactflow" / "openapi-pact-comparator" / "dist" / "cli.cjs"
JSON = "application/json"


def schemas_dir() -> Path:
    """The folder of the official AsyncAPI JSON Schemas; fails the test with the way to get them."""
    folder = Path(os.environ.get("PACTSPEC_ASYNCAPI_SCHEMAS") or REPO.parent / "shared" / "asyncapi")
    if not (folder / "3.0.0-without-$id.json").is_file():
        pytest.fail(f"the AsyncAPI JSON Schemas are not at {folder}; set PACTSPEC_ASYNCAPI_SCHEMAS to a copy of "
                    "../shared/asyncapi, or run `make unit` (.ci/asyncapi_schemas.py fetches them)", pytrace=False)
    return folder


def opc_command() -> list[str]:
    """How to run opc; skips (fails under CI=true) when it is not installed."""
    cli = Path(os.environ.get("PACTSPEC_OPC") or OPC_CLI)
    if not cli.is_file() or shutil.which("node") is None:
        unavailable(f"PactFlow's comparator (opc) is not at {cli} or node is missing; run .ci/opc.py (needs node "
                    "and npm) or set PACTSPEC_OPC to its dist/cli.cjs")
    return ["node", str(cli)]


def message(description: str, content: Any, operation: str | None = "onUserSignedUp", *,
            content_type: str = JSON, metadata: Mapping[str, str] | None = None,
            references: Any = None) -> dict[str, Any]:
    """A V4 asynchronous message interaction naming ``operation`` in comments.references.AsyncAPI."""
    interaction: dict[str, Any] = {
        "type": "Asynchronous/Messages", "description": description, "pending": False,
        "contents": {"content": content, "contentType": content_type, "encoded": False},
    }
    if metadata is not None:
        interaction["metadata"] = dict(metadata)
    if references is not None:
        interaction["comments"] = {"references": {"AsyncAPI": references}}
    elif operation is not None:
        interaction["comments"] = {"references": {"AsyncAPI": {"operationId": operation}}}
    return interaction


def sync(description: str, request: Any, responses: list[Any], operation: str = "getUser") -> dict[str, Any]:
    """A V4 synchronous message interaction: a JSON request and JSON responses."""
    def part(content: Any) -> dict[str, Any]:
        return {"contents": {"content": content, "contentType": JSON, "encoded": False}}

    return {"type": "Synchronous/Messages", "description": description, "pending": False,
            "request": part(request), "response": [part(r) for r in responses],
            "comments": {"references": {"AsyncAPI": {"operationId": operation}}}}


def write_pact(folder: Path, name: str, interactions: list[dict[str, Any]]) -> Path:
    """A V4 pact file holding ``interactions``."""
    path = folder / f"{name}.json"
    path.write_text(json.dumps({"consumer": {"name": "consumer"}, "provider": {"name": "provider"},
                                "interactions": interactions,
                                "metadata": {"pactSpecification": {"version": "4.0"}}}, indent=2))
    return path


Row = tuple[str, str | None, str, tuple[tuple[str, str | None, str], ...]]


def pactspec_rows(checks: list[InteractionCheck]) -> list[Row]:
    """pactspec's results as (code, pact location, document location, sorted causes)."""
    return [(r.code, r.mock_location, r.spec_location,
             tuple(sorted((c.code, c.mock_location, c.spec_location) for c in r.causes)))
            for check in checks for r in check.results]


def opc_rows(results: list[dict[str, Any]]) -> list[Row]:
    """opc's results in the same shape. Causes are compared as a set: ajv orders one object's errors by
    its own keyword groups, jsonschema by the schema's keys; which errors there are is the same."""
    def row(result: dict[str, Any]) -> tuple[str, str | None, str]:
        return (result["code"], (result.get("mockDetails") or {}).get("location"),
                result["specDetails"]["location"])

    return [(*row(r), tuple(sorted(row(c) for c in r.get("causes", [])))) for r in results]


def run_opc(spec: Path, pact: Path) -> list[dict[str, Any]]:
    """opc's results for one pact, or the error it printed (as ``[{"error": ...}]``)."""
    done = subprocess.run([*opc_command(), "--asyncapi", str(spec), str(pact)], capture_output=True, text=True,
                          timeout=120, check=False)
    if not done.stdout.strip():
        return [{"error": done.stderr.strip() or f"exit {done.returncode}"}]
    return json.loads(done.stdout.splitlines()[0])


def bundled(path: Path, into: Path) -> Path:
    """A copy of a multi-file document with every ref to another file inlined, for opc (it resolves local
    refs only); the refs inside the document stay as written, so locations do not change."""
    def inline(node: Any, base: Path, local: bool) -> Any:
        if isinstance(node, list):
            return [inline(n, base, local) for n in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and (not local or not ref.startswith("#")):
            file, _, pointer = ref.partition("#")
            target_file = (base.parent / file).resolve() if file else base
            target: Any = yaml.safe_load(target_file.read_text())
            for part in [p for p in pointer.split("/") if p]:
                target = target[part.replace("~1", "/").replace("~0", "~")]
            return inline(target, target_file, False)
        return {k: inline(v, base, local) for k, v in node.items()}

    document = inline(yaml.safe_load(path.read_text()), path, True)
    into.write_text(yaml.safe_dump(document, sort_keys=False))
    return into


@dataclass(frozen=True)
class Case:
    """A pact interaction checked against a document, and the codes it must give (pactspec and opc alike)."""

    id: str
    document: str
    interaction: dict[str, Any]
    codes: tuple[str, ...]  # the codes of the interaction's results, in order
    causes: tuple[str, ...] = ()  # the keywords (or codes) of the decisive result's causes, sorted


USER = {"id": 1, "name": "Ann", "signedUpAt": "2026-11-25T13:45:00Z", "plan": "pro", "tags": [{"label": "vip"}]}
HEADERS = {"contentType": JSON, "correlationId": "0b1e54b4-8a8f-4a4e-9bd5-21e3f4d3a9c1"}
ORDER = {"orderId": "o-1", "total": 12.5, "lines": [{"sku": "A1", "quantity": 2}]}

CASES = [
    # users-kafka.yaml: one message, payload and headers
    Case("matched", "users-kafka.yaml", message("a user signed up", USER, metadata=HEADERS), ("message.matched",)),
    Case("required-dropped-for-the-consumer", "users-kafka.yaml", message("only the name", {"name": "Ann"}),
         ("message.matched",)),
    Case("field-the-provider-removed", "users-kafka.yaml", message("with an email", {**USER, "email": "a@b.c"}),
         ("message.no.match",), ("additionalProperties",)),
    Case("wrong-type", "users-kafka.yaml", message("id as text", {**USER, "id": "1"}), ("message.no.match",),
         ("type",)),
    Case("nested-undeclared-field", "users-kafka.yaml",
         message("tag colour", {**USER, "tags": [{"label": "vip", "colour": "red"}]}), ("message.no.match",),
         ("additionalProperties",)),
    Case("enum-and-format", "users-kafka.yaml",
         message("odd plan", {**USER, "plan": "gold", "signedUpAt": "yesterday"}), ("message.no.match",),
         ("enum", "format")),
    Case("headers-undeclared", "users-kafka.yaml",
         message("with a trace header", USER, metadata={**HEADERS, "traceId": "t-1"}), ("message.no.match",),
         ("additionalProperties",)),
    Case("headers-format", "users-kafka.yaml",
         message("bad correlation id", USER, metadata={**HEADERS, "correlationId": "nope"}), ("message.no.match",),
         ("format",)),
    Case("references-missing", "users-kafka.yaml", message("no reference", USER, None),
         ("message.references.missing",)),
    Case("references-malformed", "users-kafka.yaml", message("a bare name", USER, references="onUserSignedUp"),
         ("message.references.missing",)),
    Case("references-without-operation-id", "users-kafka.yaml",
         message("a wrong key", USER, references={"operation": "onUserSignedUp"}), ("message.references.missing",)),
    Case("operation-unknown", "users-kafka.yaml", message("an old operation", USER, "onUserCreated"),
         ("message.operation.unknown",)),
    Case("not-json", "users-kafka.yaml", message("as text", "Ann signed up", content_type="text/plain"),
         ("message.payload.unvalidatable", "message.matched")),
    Case("no-payload-schema", "users-kafka.yaml", message("deleted", {"id": 1}, "onUserDeleted"),
         ("message.payload.unknown", "message.matched")),
    # orders-amqp.yaml: two messages in one operation; headers that do not declare contentType
    Case("second-message-matches", "orders-amqp.yaml",
         message("cancelled", {"orderId": "o-1", "reason": "late"}, "onOrderEvent"), ("message.matched",)),
    Case("no-message-matches", "orders-amqp.yaml",
         message("refunded", {"orderId": "o-1", "refund": 3}, "onOrderEvent"), ("message.no.match",),
         ("additionalProperties", "additionalProperties")),
    Case("any-of-branches", "orders-amqp.yaml",
         message("total as words", {**ORDER, "total": "twelve"}, "onOrderEvent"), ("message.no.match",),
         ("additionalProperties", "additionalProperties", "anyOf", "pattern", "type")),
    Case("array-item-minimum", "orders-amqp.yaml",
         message("zero quantity", {**ORDER, "lines": [{"sku": "A1", "quantity": 0}]}, "onOrderEvent"),
         ("message.no.match",), ("additionalProperties", "additionalProperties", "minimum")),
    # Every pact carries contentType in the metadata; a headers schema of type object that does not declare it
    # fails the message, as in the comparator (its tightening adds additionalProperties: false to headers too).
    Case("content-type-not-in-headers", "orders-amqp.yaml",
         message("an order, with metadata", {"orderId": "o-1"}, "onOrderEvent", metadata={"contentType": JSON}),
         ("message.no.match",), ("additionalProperties",) * 2),
    Case("routing-key-in-headers", "orders-amqp.yaml",
         message("created, with its routing key", ORDER, "onOrderEvent", metadata={"routingKey": "orders.created"}),
         ("message.matched",)),
    # rpc-requestreply.yaml: request/reply
    Case("request-and-reply", "rpc-requestreply.yaml", sync("get user 1", {"id": 1}, [{"id": 1, "name": "Ann"}]),
         ("message.matched", "message.matched")),
    Case("second-reply-message", "rpc-requestreply.yaml", sync("get user 9", {"id": 9}, [{"error": "not found"}]),
         ("message.matched", "message.matched")),
    Case("request-keeps-required", "rpc-requestreply.yaml", sync("get nobody", {}, [{"id": 1, "name": "Ann"}]),
         ("message.no.match",), ("required",)),
    Case("request-may-add-fields", "rpc-requestreply.yaml",
         sync("get with a trace", {"id": 1, "trace": "t"}, [{"id": 1}]), ("message.matched", "message.matched")),
    Case("reply-field-removed", "rpc-requestreply.yaml",
         sync("get user with email", {"id": 1}, [{"id": 1, "name": "Ann", "email": "a@b.c"}]),
         ("message.matched", "message.no.match"), ("additionalProperties",) * 4),
    Case("reply-missing", "rpc-requestreply.yaml", sync("look up", {"id": 1}, [{"id": 1}], "lookupUser"),
         ("message.matched", "message.reply.missing")),
    Case("reply-without-messages", "rpc-requestreply.yaml", sync("ping", {"id": 1}, [{"id": 1}], "pingUser"),
         ("message.matched", "message.reply.missing")),
    Case("no-responses", "rpc-requestreply.yaml", sync("fire and forget", {"id": 1}, []),
         ("message.matched", "message.response.missing")),
    # split/asyncapi.yaml: refs across files (opc reads a bundled copy)
    Case("split-matched", "split/asyncapi.yaml",
         message("split ok", {"id": 3, "address": {"city": "Oslo", "postcode": "N 0150"}}), ("message.matched",)),
    Case("split-multi-hop", "split/asyncapi.yaml",
         message("split bad", {"id": 0, "address": {"postcode": "n0150", "street": "x"}}), ("message.no.match",),
         ("additionalProperties", "minimum", "pattern")),
]


def keywords(check: InteractionCheck) -> tuple[str, ...]:
    """The schema keywords (else the codes) of the causes of an interaction's decisive result."""
    return tuple(sorted(c.keyword or c.code for c in check.outcome.causes))
