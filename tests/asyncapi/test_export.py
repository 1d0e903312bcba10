"""pactspec.asyncapi._export: the AsyncAPI 3.0 document derived from a provider's message pacts."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from pactspec.asyncapi import check_pacts, export_pacts, merge_schemas, payload_schema
from pactspec.errors import InputError
from tests.asyncapi.support import JSON, REPO, message, sync
from tests.asyncapi.test_document import official_errors


def rules(**paths: dict[str, Any]) -> dict[str, Any]:
    """Body matching rules in Pact JSON, one matcher per path (``_`` in a keyword stands for ``.``)."""
    return {"body": {path: {"combine": "AND", "matchers": [m]} for path, m in paths.items()}}


def with_rules(interaction: dict[str, Any], matching: dict[str, Any], **metadata: str) -> dict[str, Any]:
    interaction = copy.deepcopy(interaction)
    interaction["matchingRules"] = matching
    interaction["metadata"] = {"contentType": JSON, **metadata}
    return interaction


ORDER_RULES = rules(**{"$.orderId": {"match": "regex", "regex": "o-[0-9]+"},
                       "$.total": {"match": "decimal"},
                       "$.lines": {"match": "type", "min": 1},
                       "$.lines[*].quantity": {"match": "integer"},
                       "$.createdAt": {"match": "datetime", "format": "yyyy-MM-dd'T'HH:mm:ssXXX"}})
ORDER = {"orderId": "o-1", "total": 12.5, "createdAt": "2026-11-25T13:45:00+01:00",
         "lines": [{"sku": "A1", "quantity": 2}], "customer": {"name": "Ann"}}


def pact(folder: Path, consumer: str, interactions: list[dict[str, Any]], provider: str = "orders") -> Path:
    path = folder / f"{consumer}-{provider}.json"
    path.write_text(json.dumps({"consumer": {"name": consumer}, "provider": {"name": provider},
                                "interactions": interactions,
                                "metadata": {"pactSpecification": {"version": "4.0"}}}))
    return path


@pytest.fixture
def pacts(tmp_path: Path) -> list[Path]:
    """Two consumers of one order event (different fields), a keyed reference, and a request/reply."""
    shipping = pact(tmp_path, "shipping", [
        with_rules(message("an order created event", ORDER, None), ORDER_RULES, topic="orders.created"),
        with_rules(message("an order cancelled event", {"orderId": "o-2", "reason": "late"}, "onOrderCancelled"),
                   rules(), routingKey="orders.cancelled"),
    ])
    billing = pact(tmp_path, "billing", [
        with_rules(message("an order created event", {"orderId": "o-7", "total": 3, "coupon": None,
                                                      "lines": [{"sku": "B2", "quantity": 1, "gift": True}]}, None),
                   ORDER_RULES, topic="orders.created"),
        {**sync("an order lookup", {"orderId": "o-1"}, [{"orderId": "o-1", "total": 12.5}], "getOrder")},
    ])
    return [shipping, billing]


def referenced(path: Path, document: dict[str, Any]) -> Path:
    """The pact with each unreferenced interaction naming the operation the export derived for it, as its
    consumer's contract would once it adopts the document (the export itself leaves pact files alone)."""
    data = json.loads(path.read_text())
    by_summary = {op["summary"]: op_id for op_id, op in document["operations"].items()}
    for interaction in data["interactions"]:
        interaction.setdefault("comments", {"references": {"AsyncAPI": {
            "operationId": by_summary[interaction["description"]]}}})
    out = path.with_name("referenced-" + path.name)
    out.write_text(json.dumps(data))
    return out


class TestPayloadSchema:
    def test_matchers_become_schema_keywords(self) -> None:
        """integer → integer, regex → anchored pattern, min → minItems, datetime ISO → date-time, else the type."""
        schema = payload_schema(ORDER, ORDER_RULES["body"])
        properties = schema["properties"]
        assert properties["orderId"] == {"type": "string", "pattern": "^(?:o-[0-9]+)$"}
        assert properties["total"] == {"type": "number"}
        assert properties["createdAt"] == {"type": "string", "format": "date-time"}
        assert properties["lines"]["minItems"] == 1
        assert properties["lines"]["items"]["properties"]["quantity"] == {"type": "integer"}
        assert properties["customer"] == {"type": "object", "properties": {"name": {"type": "string"}},
                                          "required": ["name"]}

    def test_a_non_iso_datetime_is_only_a_string(self) -> None:
        """A datetime format that is not IS 8601 (dd/MM/yyyy) gives no format: date-time, which would reject it."""
        schema = payload_schema({"at": "25/11/2026"}, rules(**{"$.at": {"match": "datetime",
                                                                        "format": "dd/MM/yyyy"}})["body"])
        assert schema["properties"]["at"] == {"type": "string"}

    def test_merging_accepts_both_examples(self) -> None:
        """Merged: properties united, required only what both send, integer and number a number, null an anyOf."""
        merged = merge_schemas([payload_schema({"a": 1, "b": "x"}, {}), payload_schema({"a": 1.5, "c": None}, {})])
        assert merged["properties"]["a"] == {"type": "number"}
        assert merged["required"] == ["a"]
        assert set(merged["properties"]) == {"a", "b", "c"}
        assert merge_schemas([{"type": "string"}, {"type": "null"}]) == {"anyOf": [{"type": "string"},
                                                                                  {"type": "null"}]}


class TestExport:
    def test_the_export_is_valid_asyncapi_30(self, pacts: list[Path]) -> None:
        """The official AsyncAPI 3.0 JSON Schema accepts the exported document."""
        assert official_errors(json.loads(json.dumps(export_pacts(pacts, "orders"))), "3.0.0") == []

    def test_each_pact_passes_the_check_against_its_export(self, pacts: list[Path]) -> None:
        """Both consumers' pacts (their unreferenced messages naming the derived operations) pass the check."""
        document = export_pacts(pacts, "orders")
        spec = pacts[0].with_name("asyncapi.yaml")
        spec.write_text(yaml.safe_dump(document, sort_keys=False))
        for path in pacts:
            (result,) = check_pacts([referenced(path, document)], spec)
            assert [(i.interaction.description, i.passed) for i in result.interactions] == [
                (i.interaction.description, True) for i in result.interactions]
            assert {r.code for i in result.interactions for r in i.results} == {"message.matched"}

    def test_the_check_still_catches_what_no_consumer_sent(self, pacts: list[Path], tmp_path: Path) -> None:
        """The export is not a blank cheque: a field neither consumer expects fails the check."""
        spec = tmp_path / "asyncapi.yaml"
        spec.write_text(yaml.safe_dump(export_pacts(pacts, "orders")))
        odd = pact(tmp_path, "odd", [message("x", {"orderId": "o-1", "colour": "red"}, "getOrder")])
        (result,) = check_pacts([odd], spec)
        assert not result.passed

    def test_channels_operations_and_reply(self, pacts: list[Path]) -> None:
        """Channels come from topic / routingKey; a reference keeps its operationId, others get a derived
        one; one message for both consumers' event; the synchronous message is a receive with a reply."""
        document = export_pacts(pacts, "orders")
        assert {c["address"] for c in document["channels"].values()} >= {"orders.created", "orders.cancelled"}
        operations = document["operations"]
        assert set(operations) == {"sendAnOrderCreatedEvent", "onOrderCancelled", "getOrder"}
        assert operations["sendAnOrderCreatedEvent"]["action"] == "send"
        assert operations["getOrder"]["action"] == "receive"
        assert operations["getOrder"]["reply"]["messages"] == [
            {"$ref": "#/channels/getOrderReply/messages/AnOrderLookupReply"}]
        created = document["components"]["messages"]["AnOrderCreatedEvent"]
        assert [e["name"] for e in created["examples"]] == ["Shipping", "Billing"]
        assert created["payload"]["required"] == ["orderId", "total", "lines"]

    def test_the_pact_files_are_not_changed(self, pacts: list[Path]) -> None:
        """Exporting reads the pacts and leaves them as they were."""
        before = [p.read_bytes() for p in pacts]
        export_pacts(pacts, "orders")
        assert [p.read_bytes() for p in pacts] == before

    def test_an_unknown_provider_is_bad_input(self, pacts: list[Path]) -> None:
        """A provider no pact names is one sentence listing the providers the pacts do name."""
        with pytest.raises(InputError, match='no pact is with the provider "order" .*orders'):
            export_pacts(pacts, "order")


class TestCommand:
    def test_export_writes_the_file_and_check_passes_on_it(self, pacts: list[Path], tmp_path: Path) -> None:
        """`pactspec asyncapi export … --out FILE` writes YAML that `asyncapi check` reads (exit 0 for references)."""
        out = tmp_path / "out" / "asyncapi.yaml"
        done = subprocess.run([sys.executable, "-m", "pactspec", "asyncapi", "export", *map(str, pacts),
                               "--provider", "orders", "--out", str(out)], capture_output=True, text=True,
                              cwd=REPO, check=False)
        assert done.returncode == 0, done.stderr
        document = yaml.safe_load(out.read_text())
        assert document["asyncapi"] == "3.0.0"
        checked = subprocess.run([sys.executable, "-m", "pactspec", "asyncapi", "check",
                                  str(referenced(pacts[1], document)), "--spec", str(out)],
                                 capture_output=True, text=True, cwd=REPO, check=False)
        assert checked.returncode == 0, checked.stdout
        assert ('note: shipping\'s "an order created event" names no AsyncAPI operation; add asyncapi: '
                "{operationId: sendAnOrderCreatedEvent}") in done.stderr
        assert "onOrderCancelled" not in done.stderr  # a referenced one needs no note

    def test_an_unknown_provider_exits_2_without_a_traceback(self, pacts: list[Path]) -> None:
        """Bad input is exit 2 and one sentence."""
        done = subprocess.run([sys.executable, "-m", "pactspec", "asyncapi", "export", *map(str, pacts),
                               "--provider", "nobody"], capture_output=True, text=True, cwd=REPO, check=False)
        assert done.returncode == 2
        assert "Traceback" not in done.stderr and "nobody" in done.stderr
