"""Contracts written in Python: MessagePact's chain builds, checks, calls the handler and writes the pact."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from pactspec import ContractError, Message, MessagePact, ProviderState, format_console, generate, match
from pactspec.cli import main
from pactspec.errors import ContractSyntaxError, HandlerRejected
from pactspec.model import AsynchronousMessage, MessageContents, SynchronousMessage, entry_json
from pactspec.provider import InProcessBackend, Provider
from pactspec.provider import verify as verify_pacts

HERE = Path(__file__).name
REPO = Path(__file__).resolve().parents[2]


@dataclass
class User:
    id: int
    name: str
    lastName: str
    date: str = field(metadata={"alias": "datetime"})


def user_event(pact: MessagePact, handler: Any) -> Any:
    return (pact.given("User with id 127 exists", id=127)
            .expects_to_receive("a user event")
            .with_metadata({"Content-Type": "application/json", "topic": match.regex("users.v1", r"users\.v[0-9]+")})
            .with_content({"datetime": match.regex("2020-01-01", r"[0-9\-]+"), "name": match.like("Billy"),
                           "lastName": match.like("Sampson"), "id": match.integer(12)})
            .consumed_by(handler))


def line_of(text: str) -> int:
    """The line of this file holding ``text`` (errors name the caller's line)."""
    return next(n for n, line in enumerate(Path(__file__).read_text().splitlines(), 1) if text in line)



def rules_json(contents: MessageContents, category: str = "body") -> dict[str, Any]:
    """A category's rules as Pact JSON, whichever form (parsed or JSON) the contents hold them in."""
    return {path: dict(entry_json(entry)) for path, entry in contents.matching_rules.get(category, {}).items()}

class TestVerify:
    def test_the_pact_go_example_records_and_writes(self, tmp_path: Path) -> None:
        """The pact-go chain gives the handler a User (aliased field) and the Message, and writes the pact."""
        got: list[Any] = []

        def handle(user: User, message: Message) -> None:
            got.append((user, message.metadata["topic"]))

        pact = MessagePact("user-service", "user-events", version="4.0", pact_dir=tmp_path)
        interaction = user_event(pact, handle).as_type(User).verify()
        assert isinstance(interaction, AsynchronousMessage)
        assert got == [(User(12, "Billy", "Sampson", "2020-01-01"), "users.v1")]
        [path] = pact.write()
        written = json.loads(path.read_text())["interactions"][0]
        assert written["matchingRules"]["body"]["$.id"] == {"combine": "AND", "matchers": [{"match": "integer"}]}
        assert written["matchingRules"]["metadata"]["topic"]["matchers"] == [{"match": "regex",
                                                                               "regex": r"users\.v[0-9]+"}]
        assert written["providerStates"] == [{"name": "User with id 127 exists", "params": {"id": 127}}]

    def test_a_handler_annotated_message_gets_the_message_with_the_converted_body(self, tmp_path: Path) -> None:
        """A first parameter annotated Message keeps today's behaviour: Message.body is the object."""
        got: list[Any] = []

        def handle(message: Message) -> None:
            got.append(message.body)

        user_event(MessagePact("c", "p", pact_dir=tmp_path), handle).as_type(User).verify()
        assert got == [User(12, "Billy", "Sampson", "2020-01-01")]

    def test_the_context_manager_writes_on_a_clean_exit_only(self, tmp_path: Path) -> None:
        """Leaving the with block writes; an error inside it writes nothing."""
        with MessagePact("c", "p", pact_dir=tmp_path / "ok") as pact:
            user_event(pact, lambda message: None).verify()
        assert (tmp_path / "ok" / "c-p.json").exists()
        with pytest.raises(RuntimeError), MessagePact("c", "p", pact_dir=tmp_path / "failed") as pact:
            user_event(pact, lambda message: None).verify()
            raise RuntimeError("the test failed")
        assert not (tmp_path / "failed").exists()

    def test_a_raising_handler_is_a_contract_error_with_where_it_raised(self, tmp_path: Path) -> None:
        """The handler's error and its raised-at line; nothing is recorded."""
        def handle(message: Message) -> None:
            raise ValueError("no such user")

        pact = MessagePact("c", "p", pact_dir=tmp_path)
        with pytest.raises(ContractError) as caught:
            user_event(pact, handle).verify()
        assert isinstance(caught.value, HandlerRejected)
        assert "ValueError: no such user" in str(caught.value)
        assert f"(raised at tests/consumer/{HERE}:{line_of('no such user')}" in str(caught.value)
        assert pact.write() == []

    def test_rejects_with_passes_only_when_the_handler_rejects_with_that_text(self, tmp_path: Path) -> None:
        """A negative case is not recorded; a handler that accepts it fails."""
        def handle(message: Message) -> None:
            if message.body["id"] < 0:
                raise ValueError(f"invalid user id {message.body['id']}")

        pact = MessagePact("c", "p", pact_dir=tmp_path)
        negative = (pact.expects_to_receive("an impossible id").with_content({"id": match.integer(-1)})
                    .consumed_by(handle).rejects_with("invalid user id -1"))
        assert negative.verify() is None
        accepted = (pact.expects_to_receive("a fine id").with_content({"id": match.integer(1)})
                    .consumed_by(handle).rejects_with("invalid user id"))
        with pytest.raises(ContractError, match="accepted"):
            accepted.verify()
        assert pact.interactions == []

    def test_generators_apply_to_the_handlers_example(self, tmp_path: Path) -> None:
        """generate values are generated for the handler and written as generators."""
        got: list[Any] = []
        pact = MessagePact("c", "p", pact_dir=tmp_path)
        interaction = (pact.given("a user", id=5).expects_to_receive("generated")
                       .with_content({"n": match.integer(1, generator=generate.random_int(5, 6)),
                                      "id": generate.provider_state("${id}", example=7)})
                       .consumed_by(lambda message: got.append(message.body)).verify())
        assert got[0]["n"] in (5, 6) and got[0]["id"] == 7
        assert interaction is not None
        assert dict(interaction.contents.generators["body"]) == {
            "$.n": {"type": "RandomInt", "min": 5, "max": 6},
            "$.id": {"type": "ProviderState", "expression": "${id}"}}

    def test_text_xml_and_binary_bodies(self, tmp_path: Path) -> None:
        """with_text, with_xml (inline matchers) and with_binary give the bodies the Gherkin forms give."""
        pact = MessagePact("c", "p", pact_dir=tmp_path)
        got: list[Any] = []
        text = (pact.expects_to_receive("a greeting").with_text(match.regex("Hello Billy", r"Hello \w+"))
                .consumed_by(lambda message: got.append(message.body)).verify())
        xml = (pact.expects_to_receive("a shipment").with_xml('<s><n>{{ integer(3) }}</n></s>')
               .consumed_by(lambda message: got.append(message.body.find("n").text)).verify())
        binary = (pact.expects_to_receive("a picture").with_binary(b"\x89PNG", "image/png")
                  .consumed_by(lambda message: got.append(message.body)).verify())
        assert got == ["Hello Billy", "3", b"\x89PNG"]
        assert text is not None and text.contents.content_type == "text/plain"
        assert rules_json(text.contents) == {
            "$": {"combine": "AND", "matchers": [{"match": "regex", "regex": r"Hello \w+"}]}}
        assert xml is not None and "$.s.n['#text']" in xml.contents.matching_rules["body"]
        assert binary is not None and binary.contents.content_type == "image/png"

    def test_file_bodies_and_with_content_type(self, tmp_path: Path) -> None:
        """with_file reads a file with its matcher; with_content_type types a body given without one."""
        picture = tmp_path / "picture.png"
        picture.write_bytes(b"\x89PNG\r\n\x1a\n")
        pact = MessagePact("c", "p", pact_dir=tmp_path)
        got: list[Any] = []
        image = (pact.expects_to_receive("an avatar").with_file(picture, "content type image/png")
                 .consumed_by(lambda message: got.append(message.body)).verify())
        csv = (pact.expects_to_receive("a report").with_content("a,b\n1,2\n").with_content_type("text/csv")
               .consumed_by(lambda message: got.append(message.body)).verify())
        assert got == [b"\x89PNG\r\n\x1a\n", "a,b\n1,2\n"]
        assert image is not None and image.contents.content_type == "image/png"
        assert rules_json(image.contents) == {"$": {"combine": "AND", "matchers": [{"match": "contentType",
                                                                                   "value": "image/png"}]}}
        assert csv is not None and csv.contents.metadata["contentType"] == "text/csv"

    def test_state_params_as_a_mapping_and_as_keywords(self, tmp_path: Path) -> None:
        """given() takes params as a mapping, as keywords, or both."""
        interaction = (MessagePact("c", "p", pact_dir=tmp_path).given("s", {"a": 1}, b=2).given("t")
                       .expects_to_receive("x").with_content({"a": 1}).consumed_by(print).verify())
        assert interaction is not None
        assert [(s.name, dict(s.params)) for s in interaction.provider_states] == [("s", {"a": 1, "b": 2}), ("t", {})]

    def test_matchers_compose(self, tmp_path: Path) -> None:
        """each_key/each_value take a match value as their inner matcher; each_like nests matchers."""
        interaction = (MessagePact("c", "p", pact_dir=tmp_path).expects_to_receive("x")
                       .with_content({"prices": match.each_key({"EUR": 1}, match.regex("EUR", "[A-Z]{3}")),
                                      "lines": match.each_like({"qty": match.integer(2)}, min=2)})
                       .consumed_by(print).verify())
        assert interaction is not None
        assert interaction.contents.body["lines"] == [{"qty": 2}, {"qty": 2}]
        assert rules_json(interaction.contents)["$.prices"]["matchers"][0]["rules"] == [
            {"match": "regex", "regex": "[A-Z]{3}"}]
        assert rules_json(interaction.contents)["$.lines[*].qty"] == {"combine": "AND", "matchers": [{"match": "integer"}]}

    def test_a_synchronous_message_gets_the_request_and_the_responses(self, tmp_path: Path) -> None:
        """expects_request + will_respond_with make a V4 synchronous message; the handler gets both."""
        got: list[Any] = []
        pact = MessagePact("c", "p", pact_dir=tmp_path)
        interaction = (pact.given("AB-1 is in stock", sku="AB-1").expects_request("a stock check")
                       .with_content({"sku": match.regex("AB-1", "[A-Z]{2}-[0-9]+")})
                       .will_respond_with({"sku": match.like("AB-1"), "available": match.boolean(True)},
                                          metadata={"Content-Type": "application/json"})
                       .consumed_by(lambda request, responses: got.append((request.body, responses[0].body)))
                       .verify())
        assert isinstance(interaction, SynchronousMessage)
        assert got == [({"sku": "AB-1"}, {"sku": "AB-1", "available": True})]

    def test_v4_key_pending_and_comment_are_written(self, tmp_path: Path) -> None:
        """key(), pending() and comment() land in the V4 interaction."""
        pact = MessagePact("c", "p", pact_dir=tmp_path)
        interaction = (pact.expects_to_receive("keyed").with_content({"a": 1}).key("k-1").pending()
                       .comment("owned by team A").consumed_by(lambda message: None).verify())
        assert interaction is not None
        assert (interaction.key, interaction.pending) == ("k-1", True)
        assert "owned by team A" in interaction.comments["text"]


class TestErrors:
    def test_a_matcher_given_an_example_it_rejects(self) -> None:
        """match.integer("12") names the function, the caller's file:line and the argument."""
        with pytest.raises(ContractSyntaxError) as caught:
            match.integer("12")  # the bad example
        text = str(caught.value)
        assert text.startswith(f"tests/consumer/{HERE}:{line_of('the bad example')}: match.integer(example='12')")
        assert "Expected '12' (String) to be an integer" in text and "\n" not in text

    def test_an_unknown_keyword(self) -> None:
        """A misspelt keyword names it, where it was written, and the arguments the function takes."""
        with pytest.raises(ContractSyntaxError) as caught:
            match.integer(12, generater="random int 1 9")  # type: ignore[call-arg]  # the typo
        assert str(caught.value) == (f"tests/consumer/{HERE}:{line_of('the typo')}: match.integer() has no argument "
                                     "'generater'; it takes (example, generator=…)")

    def test_an_unknown_keyword_of_a_builder_method(self, tmp_path: Path) -> None:
        """The builder's methods say the same for their own arguments."""
        pact = MessagePact("c", "p", pact_dir=tmp_path)
        with pytest.raises(ContractSyntaxError) as caught:
            pact.expects_to_receive("x").with_content({}, contenttype="application/json")  # type: ignore[call-arg]
        assert "MessageBuilder.with_content() has no argument 'contenttype'; it takes (content, content_type=…)" \
            in str(caught.value)
        with pytest.raises(ContractSyntaxError, match="MessagePact\\(\\) has no argument 'pactdir'"):
            MessagePact("c", "p", pactdir="x")  # type: ignore[call-arg]

    def test_a_handler_of_the_wrong_signature(self, tmp_path: Path) -> None:
        """A handler that cannot take the message says how it is called and what to write."""
        def handle(a: Any, b: Any) -> None:
            pass

        pact = MessagePact("c", "p", pact_dir=tmp_path)
        with pytest.raises(ContractSyntaxError) as caught:
            pact.expects_to_receive("x").with_content({"a": 1}).consumed_by(handle).verify()  # the wrong handler
        text = str(caught.value)
        assert text.startswith(f"tests/consumer/{HERE}:{line_of('the wrong handler')}: ")
        assert "handle" in text and "takes (a, b) but a message handler is called with (message)" in text

    def test_verify_called_twice(self, tmp_path: Path) -> None:
        """The second verify() names the first."""
        built = MessagePact("c", "p", pact_dir=tmp_path).expects_to_receive("x").with_content({"a": 1})
        built.consumed_by(lambda message: None).verify()  # the first verify
        with pytest.raises(ContractSyntaxError) as caught:
            built.verify()
        assert f'verify() was already called for "x" at tests/consumer/{HERE}:{line_of("the first verify")}' \
            in str(caught.value)

    def test_an_interaction_with_no_content(self, tmp_path: Path) -> None:
        """verify() without a body says which method gives one."""
        with pytest.raises(ContractSyntaxError, match=r'verify\(\): the message of "x" has no content; give it with'):
            MessagePact("c", "p", pact_dir=tmp_path).expects_to_receive("x").consumed_by(print).verify()

    def test_v4_only_things_in_a_v3_pact(self, tmp_path: Path) -> None:
        """A key in a V3 pact names the call and how to switch to V4."""
        pact = MessagePact("c", "p", version="3.0.0", pact_dir=tmp_path)
        with pytest.raises(ContractSyntaxError, match=r'key\(\) exists only in Pact V4; write MessagePact\(\.\.\., '
                                                      r'version="4.0"\)'):
            pact.expects_to_receive("x").with_content({"a": 1}).key("k").consumed_by(print).verify()

    def test_verify_checks_the_whole_example_against_its_matchers(self, tmp_path: Path) -> None:
        """A container example its matcher rejects (fewer items than min) fails at verify(), naming the path."""
        built = (MessagePact("c", "p", pact_dir=tmp_path).expects_to_receive("x")
                 .with_content({"tags": match.like(["a"], min=2)}))  # the short list
        with pytest.raises(ContractSyntaxError) as caught:
            built.consumed_by(print).verify()
        text = str(caught.value)
        assert text.startswith(f"tests/consumer/{HERE}:{line_of('the short list')}: ")  # with_content()'s line
        assert "the example breaks its own matcher at $.tags" in text

    def test_a_converted_field_of_the_wrong_type_names_its_json_path(self, tmp_path: Path) -> None:
        """"1" does not go into an int field: the error names $.id."""
        pact = MessagePact("c", "p", pact_dir=tmp_path)
        with pytest.raises(ContractSyntaxError) as caught:
            (pact.expects_to_receive("x")
             .with_content({"id": "1", "name": "B", "lastName": "S", "datetime": "2020-01-01"})
             .as_type(User).consumed_by(lambda user: None).verify())
        assert "$.id is '1' (str), not an int" in str(caught.value)


class TestEquivalence:
    def test_the_example_in_gherkin_yaml_and_python_gives_identical_pact_json(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """features/*.feature, contracts/*.yaml and contracts/example.py write equal pacts, apart from comments."""
        monkeypatch.syspath_prepend(str(REPO / "features" / "app"))
        spec = importlib.util.spec_from_file_location("_example_contracts", REPO / "contracts" / "example.py")
        assert spec and spec.loader
        example = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(example)
        example.write_pacts(tmp_path / "python")
        assert main(["run", str(REPO / "contracts"), "--path", str(REPO / "features" / "app"),
                     "--pact-dir", str(tmp_path / "yaml")]) == 0
        done = subprocess.run(
            [sys.executable, "-m", "behave", "--no-capture", "--format", "null", "--tags", "not @provider",
             "-D", f"pact_dir={tmp_path / 'gherkin'}", "features/users.feature", "features/orders.feature"],
            check=False, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        for name in ("shipping-service-order-service.json", "user-service-user-events.json"):
            python = _without_comments(tmp_path / "python" / name)
            assert len(python["interactions"]) == (3 if name.startswith("user") else 4)
            assert python == _without_comments(tmp_path / "yaml" / name) == _without_comments(
                tmp_path / "gherkin" / name)


def _without_comments(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text())
    for interaction in data["interactions"]:
        interaction.pop("comments", None)  # testname and source: differ by design
    data["interactions"].sort(key=lambda i: i["description"])
    return data


class TestRoundTrip:
    def test_a_python_pact_verifies_against_a_provider_written_in_pact_gos_forms(self, tmp_path: Path) -> None:
        """Consumer in MessagePact, provider with a setup: bool state handler and a producer asking for states."""
        pact = MessagePact("user-service", "user-events", pact_dir=tmp_path)
        user_event(pact, lambda message: None).verify()
        pact.write()
        calls: list[Any] = []
        provider = Provider()

        @provider.provider_state("User with id 127 exists")
        def user_exists(setup: bool, id: int) -> dict[str, Any] | None:
            calls.append(("setup" if setup else "teardown", id))
            return {"id": id} if setup else None

        @provider.producer("a user event")
        def user_event_producer(context: dict[str, Any], states: list[ProviderState]) -> Message:
            calls.append(("states", [s.name for s in states]))
            return Message({"datetime": "2024-01-02", "name": "Ann", "lastName": "Smith", "id": context["id"]},
                           metadata={"topic": "users.v1"}, content_type="application/json")

        result = verify_pacts([tmp_path], InProcessBackend(provider), provider="user-events")
        assert result.exit_code == 0, format_console(result)
        assert calls == [("setup", 127), ("states", ["User with id 127 exists"]), ("teardown", 127)]
