"""pactspec.asyncapi._import: consumer contracts from a provider's AsyncAPI document, and their round trip."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pactspec.asyncapi import check_pacts, example_for, import_messages, load_document, matcher_word
from pactspec.errors import InputError
from tests.asyncapi.support import FIXTURES, REPO
from tests.asyncapi.test_document import official_errors

# (document, what it covers)
DOCUMENTS = {
    "users-kafka.yaml": "3.0, Kafka, an array of objects, a message without payload",
    "rpc-requestreply.yaml": "3.0, request/reply with two reply messages",
    "users-2.6.yaml": "2.6, subscribe and publish",
    "shipments-2.6.yaml": "2.6, Kafka key and topic, oneOf messages, nested objects, arrays of objects, examples",
}


def pactspec(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pactspec", *args], capture_output=True, text=True, cwd=cwd,
                          check=False, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin",
                                            "PACT_DO_NOT_TRACK": "true"})


def imported(tmp_path: Path, document: str, *extra: str) -> Path:
    """The contract `pactspec asyncapi import` writes for ``document`` (consumer "shop")."""
    done = pactspec("asyncapi", "import", str(FIXTURES / document), "--consumer", "shop", "--out",
                    str(tmp_path / "contracts"), *extra)
    assert done.returncode == 0, done.stderr
    (contract,) = (tmp_path / "contracts").glob("*.yaml")
    return contract


def run_with_trivial_handler(tmp_path: Path, contract: Path) -> Path:
    """The contract's handlers filled in with one that accepts every message, run; the pact folder."""
    (tmp_path / "shop_handlers.py").write_text("def accept(*args, **kwargs):\n    return None\n")
    contract.write_text(re.sub(r"handler: .*TODO.*", "handler: shop_handlers:accept", contract.read_text()))
    done = pactspec("run", str(contract.parent), "--pact-dir", str(tmp_path / "pacts"), "--path", str(tmp_path),
                    cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    return tmp_path / "pacts"


class TestRoundTrip:
    @pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: f"{d} ({DOCUMENTS[d]})")
    def test_import_run_check_passes(self, document: str, tmp_path: Path) -> None:
        """import → run with a trivial handler → check against the same document: every interaction matches."""
        pacts = run_with_trivial_handler(tmp_path, imported(tmp_path, document))
        (check,) = check_pacts([pacts], FIXTURES / document)
        assert check.interactions and check.passed, [i.outcome for i in check.interactions if not i.passed]

    def test_amqp_round_trip_fails_only_where_the_document_forbids_content_type(self, tmp_path: Path) -> None:
        """orders-amqp.yaml's headers do not declare contentType, which every pact carries: the comparator fails
        that, and only that (the payloads and the routing key in the metadata match)."""
        pacts = run_with_trivial_handler(tmp_path, imported(tmp_path, "orders-amqp.yaml"))
        (check,) = check_pacts([pacts], FIXTURES / "orders-amqp.yaml")
        own = {i.interaction.description.split(": ")[1]: i.outcome.causes for i in check.interactions}
        assert set(own) == {"OrderCreated", "OrderCancelled"}
        for name, causes in own.items():
            at_own = [c for c in causes if f"messages.{name}." in c.spec_location]
            assert [(c.code, c.value) for c in at_own if c.code == "message.headers.incompatible"] != []
            assert all(c.code == "message.headers.incompatible" for c in at_own), at_own


    def test_amqp_round_trip_passes_once_the_headers_declare_content_type(self, tmp_path: Path) -> None:
        """The same AMQP document with contentType declared in its headers: import → run → check passes, the
        routing key in the metadata included."""
        document = yaml.safe_load((FIXTURES / "orders-amqp.yaml").read_text())
        for message in document["components"]["messages"].values():
            message.setdefault("headers", {"type": "object", "properties": {}})["properties"]["contentType"] = {
                "type": "string"}
        spec = tmp_path / "orders-amqp.yaml"
        spec.write_text(yaml.safe_dump(document, sort_keys=False))
        done = pactspec("asyncapi", "import", str(spec), "--consumer", "shop", "--out", str(tmp_path / "contracts"))
        assert done.returncode == 0, done.stderr
        (contract,) = (tmp_path / "contracts").glob("*.yaml")
        assert yaml.safe_load(contract.read_text())["messages"][0]["metadata"] == {"routingKey": "orders"}
        (check,) = check_pacts([run_with_trivial_handler(tmp_path, contract)], spec)
        assert len(check.interactions) == 2 and check.passed, [i.outcome for i in check.interactions]


    def test_the_feature_file_runs_with_behave_and_passes_the_check(self, tmp_path: Path) -> None:
        """The imported .feature, its handler filled in, runs with behave; its pact passes the check."""
        features = tmp_path / "features"
        imported(tmp_path, "shipments-2.6.yaml", "--features", str(features))
        (features / "steps").mkdir()
        (features / "steps" / "pactspec_steps.py").write_text("from pactspec.steps import *\n")
        (tmp_path / "shop_handlers.py").write_text("def accept(*args, **kwargs):\n    return None\n")
        for feature in features.glob("*.feature"):
            feature.write_text(feature.read_text().replace('"TODO: module:function"', '"shop_handlers:accept"'))
        done = subprocess.run([sys.executable, "-m", "behave", "--format", "plain", "--no-color", "features"],
                              cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False,
                              env={"PYTHONPATH": f"{REPO}:{tmp_path}", "PATH": "/usr/bin:/bin",
                                   "PACT_DO_NOT_TRACK": "true"})
        assert done.returncode == 0, done.stdout + done.stderr
        (check,) = check_pacts([tmp_path / "pacts"], FIXTURES / "shipments-2.6.yaml")
        assert len(check.interactions) == 2 and check.passed


class TestContract:
    def test_rows_matchers_metadata_and_reference(self, tmp_path: Path) -> None:
        """The 2.6 Kafka document: the example's rows, matcher words from the schema, arrays of objects as [*]
        rows, nested objects as dotted paths, topic and key from the bindings, the operation filled in."""
        contract = yaml.safe_load(imported(tmp_path, "shipments-2.6.yaml").read_text())
        assert contract["consumer"] == "shop" and contract["provider"] == "shipments"
        dispatched, delivered = contract["messages"]
        assert dispatched["description"] == "onShipmentEvent: a shipment was dispatched"
        assert dispatched["asyncapi"] == {"operationId": "onShipmentEvent"}
        assert dispatched["metadata"]["topic"] == "shipments.v1"
        assert re.fullmatch(r"S-[0-9]{4}", dispatched["metadata"]["key"])
        content = dispatched["content"]
        assert content["$.shipmentId"] == {"example": "S-0042", "matcher": "regex S-[0-9]{4}"}
        assert content["$.carrier"] == {"example": "UPS", "matcher": "regex UPS|DHL"}
        assert content["$.address.city.name"] == {"example": "Oslo", "matcher": "type"}
        assert content["$.parcels"] == {"matcher": "each like min 1"}
        assert content["$.parcels[*].items[*].quantity"] == {"example": 2, "matcher": "integer"}
        assert delivered["content"]["$.deliveredAt"]["matcher"] == "datetime yyyy-MM-dd'T'HH:mm:ssXXX"
        assert "TODO" in delivered["handler"]

    def test_request_reply_is_a_synchronous_message_per_reply(self, tmp_path: Path) -> None:
        """A receive operation with a reply: the request, and one response per reply message."""
        contract = yaml.safe_load(imported(tmp_path, "rpc-requestreply.yaml").read_text())
        assert [(m["description"], list(m["responses"][0]["content"])) for m in contract["messages"]] == [
            ("getUser: UserFound", ["$.id", "$.name"]), ("getUser: UserNotFound", ["$.error"])]
        assert contract["messages"][0]["request"]["content"]["$.id"] == {"example": 1, "matcher": "integer"}

    def test_operation_selects_and_unknown_is_bad_input(self, tmp_path: Path) -> None:
        """--operation keeps one operation; an unknown one is one sentence listing the known ones."""
        messages = import_messages(load_document(FIXTURES / "users-kafka.yaml"), ["onUserDeleted"])
        assert [m.operation_id for m in messages] == ["onUserDeleted"]
        with pytest.raises(InputError, match="no operation 'nope' .*onUserSignedUp"):
            import_messages(load_document(FIXTURES / "users-kafka.yaml"), ["nope"])

    def test_the_import_is_the_same_each_time(self, tmp_path: Path) -> None:
        """Generated examples (a pattern's draw) are seeded: importing twice writes the same file."""
        first = imported(tmp_path / "a", "shipments-2.6.yaml").read_text()
        assert imported(tmp_path / "b", "shipments-2.6.yaml").read_text() == first

    def test_the_placeholder_handler_fails_clearly(self, tmp_path: Path) -> None:
        """Running an imported contract before filling in the handler is exit 2 naming the file, line and fix."""
        contract = imported(tmp_path, "users-kafka.yaml")
        done = pactspec("run", str(contract.parent), "--pact-dir", str(tmp_path / "pacts"), cwd=tmp_path)
        assert done.returncode == 2
        assert f"{contract.name}:" in done.stdout and "replace it with handler: module:function" in done.stdout
        assert "Traceback" not in done.stdout + done.stderr

    def test_features_are_written_as_gherkin_tables(self, tmp_path: Path) -> None:
        """--features writes a scenario per message with the reference and a content table (pipes escaped)."""
        imported(tmp_path, "shipments-2.6.yaml", "--features", str(tmp_path / "features"))
        (feature,) = (tmp_path / "features").glob("*.feature")
        text = feature.read_text()
        assert 'And the message is the AsyncAPI operation "onShipmentEvent"' in text
        assert re.search(r"\| \$\.carrier +\| UPS +\| regex UPS\\\|DHL +\|", text)
        assert text.count("Scenario:") == 2


class TestSchemaWords:
    @pytest.mark.parametrize(("schema", "example", "word"), [
        ({"type": "integer"}, 3, "integer"),
        ({"type": "number"}, 2.5, "number"),
        ({"type": "boolean"}, True, "boolean"),
        ({"type": "string", "format": "date-time"}, "2026-01-01T12:00:00.123+01:00",
         "datetime yyyy-MM-dd'T'HH:mm:ss.SSSXXX"),
        ({"type": "string", "format": "date"}, "2026-01-01", "date yyyy-MM-dd"),
        ({"type": "string", "pattern": "^[A-Z]+$"}, "AB", "regex [A-Z]+"),
        ({"type": "string", "pattern": "[0-9]"}, "a1", "regex .*(?:[0-9]).*"),
        ({"type": "string", "enum": ["a.b", "c"]}, "a.b", "regex a\\.b|c"),
        ({"type": "string"}, "x", "type"),
        ({"const": "fixed"}, "fixed", None),
    ])
    def test_matcher_words(self, schema: dict[str, object], example: object, word: str | None) -> None:
        """Each schema gives the matcher word a contract table would use for it."""
        assert matcher_word(schema, example) == word

    def test_generated_examples_follow_the_schema(self) -> None:
        """Without examples, one is generated from types, formats, bounds, patterns and the first oneOf branch."""
        generated = example_for({"type": "object", "properties": {
            "n": {"type": "integer", "minimum": 5}, "at": {"type": "string", "format": "date-time"},
            "code": {"type": "string", "pattern": "^[A-Z]{3}$"}, "tags": {"type": "array", "items": {"type": "string"}},
            "either": {"oneOf": [{"type": "boolean"}, {"type": "string"}]}}})
        assert generated["n"] == 5 and generated["at"] == "2026-01-01T12:00:00Z"
        assert re.fullmatch("[A-Z]{3}", generated["code"]) and generated["tags"] == ["text"]
        assert generated["either"] is True
        assert json.loads(json.dumps(generated)) == generated


def test_the_shipments_document_is_valid_asyncapi_26() -> None:
    """The 2.6 document the import tests read is valid AsyncAPI 2.6, by the official JSON Schema."""
    assert official_errors(yaml.safe_load((FIXTURES / "shipments-2.6.yaml").read_text()), "2.6.0") == []
