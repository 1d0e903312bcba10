"""pactspec.asyncapi._document and _normalise: reading documents, the 3.0 view of 2.x, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from pactspec.asyncapi import load_document, to_v3_view
from pactspec.errors import AsyncAPIError
from tests.asyncapi.support import FIXTURES, schemas_dir

DOCUMENTS = ["users-kafka.yaml", "orders-amqp.yaml", "rpc-requestreply.yaml", "split/asyncapi.yaml"]


def official_errors(document: object, version: str) -> list[str]:
    schema = json.loads((schemas_dir() / f"{version}-without-$id.json").read_text())
    validator = jsonschema.validators.validator_for(schema)(schema)
    return [f"{list(e.absolute_path)}: {e.message[:120]}" for e in validator.iter_errors(document)]


class TestOfficialSchemas:
    @pytest.mark.parametrize("name", DOCUMENTS)
    def test_the_test_documents_are_valid_asyncapi_30(self, name: str) -> None:
        """The documents the tests check against are valid AsyncAPI 3.0, by the official JSON Schema."""
        assert official_errors(yaml.safe_load((FIXTURES / name).read_text()), "3.0.0") == []

    def test_the_26_document_is_valid_asyncapi_26(self) -> None:
        """The 2.6 test document is valid AsyncAPI 2.6."""
        assert official_errors(yaml.safe_load((FIXTURES / "users-2.6.yaml").read_text()), "2.6.0") == []

    def test_the_official_schema_would_catch_a_broken_document(self) -> None:
        """The validation above can fail: an operation with an unknown action is reported."""
        document = yaml.safe_load((FIXTURES / "users-kafka.yaml").read_text())
        document["operations"]["onUserSignedUp"]["action"] = "emit"
        assert official_errors(document, "3.0.0") != []

    def test_the_30_view_of_the_26_document_is_valid_asyncapi_30(self) -> None:
        """What 2.6 is normalised to is itself a valid AsyncAPI 3.0 document."""
        assert official_errors(dict(load_document(FIXTURES / "users-2.6.yaml").view), "3.0.0") == []


class TestNormalise:
    def test_subscribe_becomes_send_and_publish_receive(self) -> None:
        """2.x verbs are the other side's: subscribe (we send) is action send, publish is receive."""
        view = load_document(FIXTURES / "users-2.6.yaml").view
        assert view["operations"]["onUserSignedUp"]["action"] == "send"
        assert view["operations"]["sendUserCommand"]["action"] == "receive"
        assert view["operations"]["onUserSignedUp"]["channel"] == {"$ref": "#/channels/user~1signedup"}

    def test_one_of_messages_become_the_operation_messages(self) -> None:
        """message: {oneOf: [...]} lists each message on the channel and the operation."""
        view = load_document(FIXTURES / "users-2.6.yaml").view
        assert view["operations"]["sendUserCommand"]["messages"] == [
            {"$ref": "#/channels/user~1commands/messages/Rename"}, {"$ref": "#/channels/user~1commands/messages/Close"}]
        assert view["channels"]["user/commands"]["messages"]["Rename"] == {"$ref": "#/components/messages/Rename"}

    def test_an_operation_without_id_is_named_by_verb_and_channel(self) -> None:
        """A 2.x operation with no operationId can still be referred to: publish:<channel>."""
        view = to_v3_view({"asyncapi": "2.6.0", "channels": {"a": {"publish": {"message": {"payload": {}}}}}}, "x")
        assert list(view["operations"]) == ["publish:a"]

    def test_a_30_document_is_its_own_view(self) -> None:
        """A 3.x document is read as written, and its version kept."""
        document = load_document(FIXTURES / "users-kafka.yaml")
        assert (document.version, document.view) == ("3.0.0", yaml.safe_load((FIXTURES / "users-kafka.yaml").read_text()))


class TestBadInput:
    @pytest.mark.parametrize(("text", "expected"), [
        ("asyncapi: 3.0.0\ninfo: [\n", r"doc.yaml:3: is not valid YAML"),
        ("- a list\n", r"doc.yaml: is not an AsyncAPI document: its top level is list"),
        ("info: {title: t}\n", r"doc.yaml, at /asyncapi: is not an AsyncAPI document: it has no 'asyncapi' version"),
        ("asyncapi: 1.2.0\n", (r"doc.yaml, at /asyncapi: declares AsyncAPI 1.2.0, which pactspec cannot read; it "
                              r"reads 3.x documents and 2.x ones")),
        ("asyncapi: 3.0.0\noperations: [a]\n", r"doc.yaml, at /operations: has 'operations' that is not a mapping"),
        ("asyncapi: 3.0.0\noperations:\n  a: {messages: {x: 1}}\n",
         r"doc.yaml, at /operations/a/messages: has 'messages' that is not a list"),
        ("asyncapi: 2.6.0\nchannels:\n  a: {subscribe: 3}\n",
         r"doc.yaml, at /channels/a/subscribe: is a subscribe operation that is not a mapping"),
    ])
    def test_one_sentence_with_file_and_line_or_pointer(self, text: str, expected: str, tmp_path: Path) -> None:
        """A malformed document or an unreadable version is an AsyncAPIError naming the file and where."""
        path = tmp_path / "doc.yaml"
        path.write_text(text)
        with pytest.raises(AsyncAPIError, match=expected):
            load_document(path)

    def test_json_syntax_errors_name_the_line(self, tmp_path: Path) -> None:
        """A JSON document's syntax error names its line."""
        path = tmp_path / "doc.json"
        path.write_text('{\n  "asyncapi": "3.0.0",\n  "info": }\n')
        with pytest.raises(AsyncAPIError, match=r"doc.json:3: is not valid JSON"):
            load_document(path)

    def test_a_missing_file(self, tmp_path: Path) -> None:
        """A path that does not exist says so, with what to give instead."""
        with pytest.raises(AsyncAPIError, match=r"nope.yaml: cannot be read \(No such file or directory\); give"):
            load_document(tmp_path / "nope.yaml")
