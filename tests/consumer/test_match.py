"""pactspec.match and pactspec.generate: the table's words as functions, the same rules as tables and docstrings."""

from __future__ import annotations

from typing import Any

import pytest

from pactspec import generate, match
from pactspec.consumer._contents import ContentRow, DocContent, PartBuilder, ValueContent, build_contents
from pactspec.consumer._markers import INLINE_FUNCTIONS, Matcher
from pactspec.errors import ContractSyntaxError
from pactspec.model import MessageContents, entry_json


def from_value(value: Any) -> MessageContents:
    part = PartBuilder()
    part.set_doc(ValueContent(value))
    return build_contents(part)


def from_rows(*rows: tuple[str, Any, str, str]) -> MessageContents:
    part = PartBuilder()
    part.add_rows([ContentRow(*row) for row in rows], part.source)
    return build_contents(part)


def from_docstring(text: str) -> MessageContents:
    part = PartBuilder()
    part.set_doc(DocContent(text, "application/json"))
    return build_contents(part)



def rules_json(contents: MessageContents, category: str = "body") -> dict[str, Any]:
    """A category's rules as Pact JSON, whichever form (parsed or JSON) the contents hold them in."""
    return {path: dict(entry_json(entry)) for path, entry in contents.matching_rules.get(category, {}).items()}

class TestOneImplementation:
    @pytest.mark.parametrize("name", sorted(set(match.__all__) - {"min", "max", "words"}))
    def test_each_function_is_the_inline_function_of_its_name(self, name: str) -> None:
        """match.X wraps the docstring's X: the same factory builds the same Matcher."""
        assert getattr(match, name).__wrapped__ is INLINE_FUNCTIONS[name]

    @pytest.mark.parametrize(("value", "rows", "docstring"), [
        ({"id": match.integer(12)}, [("$.id", 12, "integer", "")], '{"id": {{ integer(12) }}}'),
        ({"d": match.regex("2020-01-01", r"[0-9\-]+")}, [("$.d", "2020-01-01", r"regex [0-9\-]+", "")],
         r'{"d": {{ regex("2020-01-01", "[0-9\\-]+") }}}'),
        ({"items": match.each_like({"sku": match.like("A-1")}, min=1)},
         [("$.items", "", "each like min 1", ""), ("$.items[*].sku", "A-1", "type", "")],
         '{"items": {{ each_like({"sku": like("A-1")}, min=1) }}}'),
        ({"at": match.datetime("2024-05-01T10:00:00", "yyyy-MM-dd'T'HH:mm:ss",
                               generator=generate.datetime("yyyy-MM-dd'T'HH:mm:ss"))},
         [("$.at", "2024-05-01T10:00:00", "datetime yyyy-MM-dd'T'HH:mm:ss", "datetime yyyy-MM-dd'T'HH:mm:ss")],
         """{"at": {{ datetime("2024-05-01T10:00:00", "yyyy-MM-dd'T'HH:mm:ss",
                    generator="datetime yyyy-MM-dd'T'HH:mm:ss") }}}"""),
        ({"lines": match.each_value({"AB-1": 1}, "integer")}, [("$.lines", {"AB-1": 1}, "each value integer", "")],
         '{"lines": {{ each_value({"AB-1": 1}, "integer") }}}'),
        ({"n": match.number(19), "x": match.null()}, [("$.n", 19, "number", ""), ("$.x", None, "null", "")],
         '{"n": {{ number(19) }}, "x": {{ null() }}}'),
    ], ids=["integer", "regex", "each_like", "datetime+generator", "each_value", "number+null"])
    def test_python_tables_and_docstrings_give_equal_contents(
        self, value: Any, rows: list[tuple[str, Any, str, str]], docstring: str
    ) -> None:
        """The same contract in the three notations gives the same body, rules and generators."""
        assert from_value(value) == from_rows(*rows) == from_docstring(docstring)

    def test_all_of_and_any_of_combine_rules_at_one_path(self) -> None:
        """Combinations write Pact's combine AND / OR with each part's matchers."""
        contents = from_value({"n": match.any_of(12, match.integer(0), match.null()),
                               "s": match.all_of("ab", "type", match.regex("a", "[a-z]+"))})
        assert rules_json(contents) == {
            "$.n": {"combine": "OR", "matchers": [{"match": "integer"}, {"match": "null"}]},
            "$.s": {"combine": "AND", "matchers": [{"match": "type"}, {"match": "regex", "regex": "[a-z]+"}]},
        }

    def test_any_of_accepts_an_example_one_part_accepts(self) -> None:
        """An OR combination rejects its example only when every part does."""
        assert match.any_of(None, match.integer(1), match.null()).example is None
        with pytest.raises(ContractSyntaxError, match="rejects its own example"):
            match.any_of("x", match.integer(1), match.null())

    def test_a_generate_value_alone_is_an_example_with_a_generator(self) -> None:
        """generate.X in the content writes the generator and a fixed-seed example of it."""
        first, second = generate.random_int(1, 9), generate.random_int(1, 9)
        assert isinstance(first, Matcher) and first.example == second.example and 1 <= first.example <= 9
        contents = from_value({"id": generate.uuid()})
        assert dict(contents.generators["body"]) == {"$.id": {"type": "Uuid"}}
        assert contents.matching_rules == {}


class TestErrors:
    def test_bad_matcher_words_are_told_at_the_call(self) -> None:
        """Words the table would refuse are refused at the call, with the function's name."""
        with pytest.raises(ContractSyntaxError, match=r"match.date\(\): .*unknown"):
            match.date("2020-01-01", "yyyy-QQ-zz-unknown")

    def test_a_bad_generator_is_told_at_the_call(self) -> None:
        """generate.random_int(9, 1) names the function and what to write."""
        with pytest.raises(ContractSyntaxError, match=r"generate.random_int\(\): 'random int 9 1': 1 is below 9"):
            generate.random_int(9, 1)

    def test_a_missing_argument(self) -> None:
        """A missing required argument names the function and its arguments."""
        with pytest.raises(ContractSyntaxError, match=r"generate.provider_state\(\) .*example.*it takes"):
            generate.provider_state("${id}")  # type: ignore[call-arg]
