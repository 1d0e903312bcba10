"""A pact file's matching rules and generators: parsed once where they are read, written back as read."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import pactspec.generators._apply as generators_apply
import pactspec.rules._registry as rules_registry
from pactspec.errors import PactFileError
from pactspec.generators import Generator
from pactspec.model import Message
from pactspec.pactfile._rules import generators_from_json, generators_to_json, rules_from_json, rules_to_json
from pactspec.pactfile._where import Where
from pactspec.provider._producing import InProcessBackend
from pactspec.provider._registry import Provider
from pactspec.provider._verifier import verify
from pactspec.rules import RuleList


def _count_calls(monkeypatch: pytest.MonkeyPatch, original: Callable[..., Any]) -> list[Any]:
    """Count every call of ``original`` wherever pactspec bound it (module globals and imported names)."""
    calls: list[Any] = []

    def counting(data: Any, **options: Any) -> Any:
        calls.append(data)
        return original(data, **options)

    for module in list(sys.modules.values()):
        if module.__name__.startswith("pactspec") and vars(module).get(original.__name__) is original:
            monkeypatch.setattr(module, original.__name__, counting)
    return calls


def _pact(folder: Path) -> Path:
    path = folder / "orders-user-events.json"
    path.write_text(json.dumps({
        "consumer": {"name": "orders"},
        "provider": {"name": "user-events"},
        "metadata": {"pactSpecification": {"version": "4.0"}},
        "interactions": [{
            "type": "Asynchronous/Messages",
            "description": "a user event",
            "providerStates": [{"name": "a user"}],
            "contents": {"content": {"id": 1, "name": "Ann", "tags": ["a"]}, "contentType": "application/json",
                         "encoded": False},
            "metadata": {"topic": "users"},
            "matchingRules": {
                "body": {
                    "$.id": {"combine": "AND", "matchers": [{"match": "integer"}]},
                    "$.name": {"combine": "AND", "matchers": [{"match": "regex", "regex": "[A-Z][a-z]+"}]},
                    "$.tags": {"combine": "AND", "matchers": [{"match": "type", "min": 1}]},
                },
                "metadata": {"topic": {"combine": "AND", "matchers": [{"match": "regex", "regex": "users|orders"}]}},
            },
            "generators": {"body": {"$.id": {"type": "ProviderState", "expression": "${id}", "dataType": "INTEGER"}}},
        }],
    }))
    return path


class TestParsedOnce:
    def test_loading_then_verifying_parses_each_rule_and_generator_once(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Verifying a pact parses each of its four matchers and its generator exactly once, when reading it."""
        matchers = _count_calls(monkeypatch, rules_registry.parse_rule)
        generators = _count_calls(monkeypatch, generators_apply.from_json)
        provider = Provider()
        provider.provider_state("a user")(lambda: {"id": 7})
        provider.producer("a user event")(
            lambda: Message({"id": 7, "name": "Bea", "tags": ["b"]}, metadata={"topic": "orders"})
        )
        _pact(tmp_path)

        result = verify([tmp_path], InProcessBackend(provider), provider="user-events")

        assert result.passed, result
        assert sorted(m.get("match") for m in matchers) == ["integer", "regex", "regex", "type"]
        assert [g["type"] for g in generators] == ["ProviderState"]


    def test_one_rule_list_written_at_many_paths_is_parsed_once_and_shared(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The same rule list under a hundred paths of one source: one parse, one frozen object."""
        matchers = _count_calls(monkeypatch, rules_registry.parse_rule)
        same = {f"$.f{i}": {"combine": "AND", "matchers": [{"match": "regex", "regex": "^[a-z]+$"}]} for i in range(100)}
        rules = rules_from_json({"body": same}, Where("p.json"))["body"]
        assert len(matchers) == 1
        assert len({id(rule_list) for rule_list in rules.values()}) == 1
        assert rules_to_json({"body": rules}) == {"body": same}

    @pytest.mark.parametrize("other", [True, 1.0, [1]])
    def test_a_list_that_differs_only_in_json_type_is_not_taken_for_a_valid_one(self, other: Any) -> None:
        """``1`` is a valid ``min``; ``true``, ``1.0`` and ``[1]`` are not, even after a ``1`` was parsed."""
        written = {"$.a": {"combine": "AND", "matchers": [{"match": "type", "min": 1}]},
                   "$.b": {"combine": "AND", "matchers": [{"match": "type", "min": other}]}}
        with pytest.raises(PactFileError, match="'min' must be a whole number") as caught:
            rules_from_json({"body": written}, Where("p.json"))
        assert caught.value.path == '$.body["$.b"].matchers[0]'

    def test_text_and_a_number_are_parsed_apart(self) -> None:
        """``"1"`` (accepted as a min) is its own rule list, written back as text."""
        written = {"$.a": {"combine": "AND", "matchers": [{"match": "type", "min": 1}]},
                   "$.b": {"combine": "AND", "matchers": [{"match": "type", "min": "1"}]}}
        rules = rules_from_json({"body": written}, Where("p.json"))["body"]
        assert rules["$.a"] is not rules["$.b"]
        assert rules_to_json({"body": rules}) == {"body": written}


class TestRules:
    def test_rules_are_read_as_rule_lists(self) -> None:
        """Each path's rules are a RuleList, parsed with its combine."""
        rules = rules_from_json({"body": {"$.id": {"combine": "or", "matchers": [{"match": "integer"},
                                                                                  {"match": "null"}]}}}, Where("x"))
        rule_list = rules["body"]["$.id"]
        assert isinstance(rule_list, RuleList)
        assert (rule_list.combine, [rule.name for rule in rule_list.rules]) == ("OR", ["integer", "null"])

    @pytest.mark.parametrize(
        ("read", "written"),
        [
            pytest.param({"body": {"$.a": {"matchers": [{"match": "type", "min": "2", "value": [1]}]}}},
                         {"body": {"$.a": {"combine": "AND", "matchers": [{"match": "type", "min": "2", "value": [1]}]}}},
                         id="keys pactspec does not model"),
            pytest.param({"$.body.a": {"regex": "\\d+"}},
                         {"body": {"$.a": {"combine": "AND", "matchers": [{"regex": "\\d+"}]}}},
                         id="a V2 matcher without match"),
            pytest.param({"metaData": {"topic": {"match": "content-type", "value": "a/b"}}},
                         {"metadata": {"topic": {"combine": "AND", "matchers": [{"match": "content-type",
                                                                                 "value": "a/b"}]}}},
                         id="an alias of a match name"),
            pytest.param({"status": {"combine": "AND", "matchers": [{"match": "statusCode", "status": "success"}]}},
                         {"status": {"combine": "AND", "matchers": [{"match": "statusCode", "status": "success"}]}},
                         id="a category without paths"),
        ],
    )
    def test_rules_are_written_back_as_read(self, read: dict[str, Any], written: dict[str, Any]) -> None:
        """Writing parsed rules gives each matcher's JSON as it was read, in the normalised layout."""
        assert rules_to_json(rules_from_json(read, Where("x"))) == written

    def test_rules_given_as_json_are_written_as_given(self) -> None:
        """Rules built by hand in their Pact JSON form are written unchanged."""
        rules = {"body": {"$.id": {"combine": "AND", "matchers": [{"match": "integer"}]}}}
        assert rules_to_json(rules) == rules


class TestGenerators:
    def test_generators_are_read_as_generator_objects(self) -> None:
        """Each path's generator is a Generator of its Pact type."""
        generators = generators_from_json({"body": {"$.id": {"type": "RandomInt", "min": 1, "max": 9}}}, Where("x"))
        generator = generators["body"]["$.id"]
        assert isinstance(generator, Generator)
        assert (generator.TYPE, generator.min, generator.max) == ("RandomInt", 1, 9)  # type: ignore[attr-defined]

    def test_generators_are_written_back_as_read(self) -> None:
        """A generator with numbers written as text and a key pactspec does not model is written as it was read."""
        data = {"body": {"$.id": {"type": "RandomInt", "min": "1", "max": 9, "note": "pact-jvm"}},
                "status": {"type": "RandomInt", "min": 200, "max": 299}}
        assert generators_to_json(generators_from_json(data, Where("x"))) == data
