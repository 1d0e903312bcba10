"""pactspec.asyncapi._check: each code of PactFlow's comparator, from pacts written to produce it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pactspec.asyncapi import Checker, check_pacts, load_document
from pactspec.errors import AsyncAPIError
from pactspec.pactfile import load_pact
from tests.asyncapi.support import CASES, FIXTURES, JSON, USER, Case, keywords, message, write_pact


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_codes_and_causes(case: Case, tmp_path: Path) -> None:
    """Each interaction gets the codes, in order, and the causes the comparator gives it (test_oracle runs opc)."""
    pact = write_pact(tmp_path, case.id, [case.interaction])
    (check,) = Checker(load_document(FIXTURES / case.document)).check(load_pact(pact), str(pact)).interactions
    assert tuple(r.code for r in check.results) == case.codes
    assert keywords(check) == case.causes
    assert check.passed == (not any(code in ("message.no.match", "message.references.missing",
                                             "message.operation.unknown", "message.reply.missing")
                                    for code in case.codes))


class TestLocations:
    def test_payload_cause_locations(self, tmp_path: Path) -> None:
        """A cause names the pact value (ajv's instance path in dots) and the schema keyword where it broke."""
        pact = write_pact(tmp_path, "p", [message("a", USER), message("b", {**USER, "tags": [{"label": 1}]})])
        (_, check), = [(c.source, c) for c in check_pacts([pact], FIXTURES / "users-kafka.yaml")]
        (cause,) = check.interactions[1].outcome.causes
        assert (cause.mock_location, cause.spec_location, cause.keyword, cause.value) == (
            "[root].interactions[1].contents.content.tags.0.label",
            "[root].components.messages.UserSignedUp.payload.properties.tags.items.properties.label.type", "type", 1)

    def test_a_match_names_the_last_ref_of_the_chain(self, tmp_path: Path) -> None:
        """operation -> channel message -> component message: the match is located at the component."""
        pact = write_pact(tmp_path, "p", [message("a", USER)])
        (check,) = check_pacts([pact], FIXTURES / "users-kafka.yaml")
        assert check.interactions[0].outcome.spec_location == "[root].components.messages.UserSignedUp"

    def test_v3_message_pacts_are_checked_at_their_messages(self, tmp_path: Path) -> None:
        """A V3 pact's messages are checked too, located at [root].messages[i] (opc reads V4 interactions only
        and reports nothing for a V3 pact: a difference, on purpose, so V3 consumers get the check too)."""
        pact = tmp_path / "v3.json"
        pact.write_text(json.dumps({
            "consumer": {"name": "c"}, "provider": {"name": "p"},
            "messages": [{"description": "v3", "contents": {**USER, "id": "x"}, "metaData": {"contentType": JSON}}],
            "metadata": {"pactSpecification": {"version": "3.0.0"}}}))
        (check,) = check_pacts([pact], FIXTURES / "users-kafka.yaml")
        (result,) = check.interactions[0].results
        assert (result.code, result.mock_location) == ("message.references.missing",
                                                       "[root].messages[0].comments.references.AsyncAPI")

    def test_a_message_in_another_file_is_located_in_that_file(self, tmp_path: Path) -> None:
        """A message $ref into another file resolves, and its location names that file (opc cannot resolve it)."""
        (tmp_path / "messages.yaml").write_text("Signed:\n  payload:\n    type: object\n    properties:\n"
                                                "      id: {type: integer}\n")
        spec = tmp_path / "asyncapi.yaml"
        spec.write_text("asyncapi: 3.0.0\ninfo: {title: t, version: '1'}\nchannels: {c: {address: c}}\n"
                        "operations:\n  onUserSignedUp:\n"
                        "    action: send\n    channel: {$ref: '#/channels/c'}\n"
                        "    messages: [{$ref: 'messages.yaml#/Signed'}]\n")
        pact = write_pact(tmp_path, "p", [message("a", {"id": "1"})])
        (check,) = check_pacts([pact], spec)
        (cause,) = check.interactions[0].outcome.causes
        assert cause.spec_location == "[messages.yaml].Signed.payload.properties.id.type"


class TestVersion26:
    def test_the_26_document_gives_the_30_codes(self, tmp_path: Path) -> None:
        """A 2.6 document is read through its 3.0 view: a subscribe operation's message matches by operationId."""
        pact = write_pact(tmp_path, "p", [message("ok", {"id": 1, "name": "Ann"}, metadata={"contentType": JSON}),
                                          message("removed", {"id": 1, "email": "x"}),
                                          message("deleted", {"id": 1}, "onUserDeleted"),
                                          message("rename", {"newName": "Bo"}, "sendUserCommand")])
        (check,) = check_pacts([pact], FIXTURES / "users-2.6.yaml")
        assert [[r.code for r in i.results] for i in check.interactions] == [
            ["message.matched"], ["message.no.match"], ["message.payload.unknown", "message.matched"],
            ["message.matched"]]
        assert check.interactions[1].outcome.causes[0].spec_location == (
            "[root].components.messages.UserSignedUp.payload.additionalProperties")
        # an inline 2.6 message is located where the 3.0 view puts it
        assert check.interactions[2].results[-1].spec_location == "[root].channels.user~1deleted.messages.UserDeleted"


class TestBadInput:
    def test_an_unresolvable_ref_names_its_pointer(self, tmp_path: Path) -> None:
        """A $ref to nothing is one sentence with the file and the JSON pointer where it is written, found when the
        document is read (opc skips a message it cannot resolve; pactspec calls the document bad input)."""
        spec = tmp_path / "asyncapi.yaml"
        spec.write_text((FIXTURES / "users-kafka.yaml").read_text().replace("schemas/Tag'", "schemas/Tags'"))
        pact = write_pact(tmp_path, "p", [message("a", USER)])
        with pytest.raises(AsyncAPIError, match=r"asyncapi.yaml, at /components/schemas/User/properties/tags/items/"
                                                r"\$ref: has the \$ref '#/components/schemas/Tags', which cannot be "
                                                r"resolved; point it at an existing definition"):
            check_pacts([pact], spec)

    def test_a_missing_file_of_a_ref(self, tmp_path: Path) -> None:
        """A $ref to a file that does not exist says which file and which ref."""
        spec = tmp_path / "asyncapi.yaml"
        spec.write_text((FIXTURES / "split" / "asyncapi.yaml").read_text())
        pact = write_pact(tmp_path, "p", [message("a", {"id": 1})])
        with pytest.raises(AsyncAPIError, match=r"has the \$ref 'schemas/user.yaml#/User', which cannot be resolved: "
                                                r".*user.yaml: cannot be read \(No such file or directory\)"):
            check_pacts([pact], spec)

    def test_an_invalid_payload_schema(self, tmp_path: Path) -> None:
        """A payload that is no JSON Schema is bad input with its pointer, not a crash."""
        spec = tmp_path / "asyncapi.yaml"
        spec.write_text((FIXTURES / "users-kafka.yaml").read_text().replace("type: integer", "type: int"))
        pact = write_pact(tmp_path, "p", [message("a", USER)])
        with pytest.raises(AsyncAPIError, match=r"at /components/messages/UserSignedUp/payload: is not a valid JSON "
                                                r"Schema: 'int' is not valid"):
            check_pacts([pact], spec)
