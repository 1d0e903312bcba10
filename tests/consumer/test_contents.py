"""Table rows → message contents: arrays of objects (and of scalars) described by a row per field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pactspec.consumer._contents import ContentRow, PartBuilder, build_contents
from pactspec.errors import ContractSyntaxError
from pactspec.model import NO_BODY
from pactspec.sources import Source

PACT_PYTHON = Path(__file__).parents[1] / "fixtures" / "pact_python" / "shipping-v4-warehouse.json"


def row(path: str, example: Any, matcher: str = "", line: int = 10) -> ContentRow:
    return ContentRow(path, example, matcher, source=Source("f.feature", line, f"row ({path})"))


def build(*rows: ContentRow) -> tuple[Any, dict[str, Any]]:
    part = PartBuilder(Source("f.feature", 5))
    part.add_rows(rows, part.source)
    contents = build_contents(part)
    return contents.body, {path: rule["matchers"] for path, rule in contents.matching_rules["body"].items()}


class TestArrayRows:
    def test_the_issue_table_builds_an_array_of_objects(self) -> None:
        """An 'each like' row with no example plus a row per field gives one element with those fields."""
        body, rules = build(
            row("$.items", "", "each like min 1", line=5),
            row("$.items[*].sku", "A-1", "type", line=6),
            row("$.items[*].qty", 2, "integer", line=7),
        )
        assert body == {"items": [{"sku": "A-1", "qty": 2}]}
        assert rules == {"$.items": [{"match": "type", "min": 1}], "$.items[*].sku": [{"match": "type"}],
                         "$.items[*].qty": [{"match": "integer"}]}

    def test_the_rules_are_where_pact_python_each_like_puts_them(self) -> None:
        """pact-python's match.each_like({...}) writes a min-1 type rule on the array and the fields under [*]."""
        [packed] = [i for i in json.loads(PACT_PYTHON.read_text())["interactions"]
                    if i["description"] == "a parcel packed event"]
        theirs = {path: rule["matchers"] for path, rule in packed["matchingRules"]["body"].items()
                  if path.startswith("$.items")}
        _, ours = build(
            row("$.items", "", "each like min 1"),
            row("$.items[*].quantity", 2, "integer"),
            row("$.items[*].sku", "AB-1", r"regex [A-Z]{2}-\d+"),
        )
        assert ours == theirs

    def test_any_depth(self) -> None:
        """Arrays of objects inside arrays of objects: each level gets its own 'each like' row."""
        body, rules = build(
            row("$.orders", "", "each like"),
            row("$.orders[*].id", 7, "integer"),
            row("$.orders[*].lines", "", "each like min 2"),
            row("$.orders[*].lines[*].sku", "A-1", "type"),
        )
        assert body == {"orders": [{"id": 7, "lines": [{"sku": "A-1"}, {"sku": "A-1"}]}]}
        assert rules["$.orders[*].lines"] == [{"match": "type", "min": 2}]
        assert rules["$.orders[*].lines[*].sku"] == [{"match": "type"}]

    def test_a_scalar_array(self) -> None:
        """$.tags with 'each like' and a row for $.tags[*] gives an array of that value."""
        body, rules = build(row("$.tags", "", "each like"), row("$.tags[*]", "a", "type"))
        assert body == {"tags": ["a"]}
        assert rules == {"$.tags": [{"match": "type", "min": 1}], "$.tags[*]": [{"match": "type"}]}

    def test_an_example_on_the_array_row_and_rows_that_agree_with_it(self) -> None:
        """The array row's example gives the element; rows under [*] may repeat its values and add fields."""
        body, rules = build(
            row("$.items", {"sku": "A-1"}, "each like"),
            row("$.items[*].sku", "A-1", "regex [A-Z]-[0-9]"),
            row("$.items[*].qty", 2, "integer"),
        )
        assert body == {"items": [{"sku": "A-1", "qty": 2}]}
        assert rules["$.items[*].sku"] == [{"match": "regex", "regex": "[A-Z]-[0-9]"}]

    def test_a_row_contradicting_the_array_rows_example_is_one_error_naming_both_rows(self) -> None:
        """The element's field given twice with different values names both lines and what to write."""
        with pytest.raises(ContractSyntaxError) as caught:
            build(row("$.items", {"sku": "A-1"}, "each like", line=5), row("$.items[*].sku", "B-2", "type", line=6))
        assert str(caught.value) == (
            'f.feature:6: row ($.items[*].sku): the example of $.items (line 5) already gives $.items[*].sku as '
            '"A-1", but this row gives "B-2"; give the example in one place: write "A-1" here too, or leave the '
            'example of $.items empty and give each field its own row')

    def test_a_field_under_a_scalar_element_is_one_error_naming_both_rows(self) -> None:
        """An array row whose example is not an object cannot take field rows; the error says so at both rows."""
        with pytest.raises(ContractSyntaxError, match=r'f.feature:6: .*the example of \$.items \(line 5\) puts "x" '
                                                      r"where \$.items\[\*\].sku needs an object; leave"):
            build(row("$.items", "x", "each like", line=5), row("$.items[*].sku", "B-2", "type", line=6))

    def test_a_container_row_after_its_fields_says_to_put_it_first(self) -> None:
        """A row for $.a after $.a.b would silently drop $.a.b; it is refused with the order to write."""
        with pytest.raises(ContractSyntaxError, match=r"\$.a is given after rows that fill it \(\$.a.b, line 5\); "
                                                      r"put the \$.a row before them"):
            build(row("$.a.b", 1, line=5), row("$.a", {"c": 2}, line=6))

    def test_an_empty_each_like_without_element_rows_keeps_its_meaning(self) -> None:
        """With no rows under [*], an empty cell is still the empty-string element it always was."""
        assert build(row("$.tags", "", "each like"))[0] == {"tags": [""]}

    def test_an_each_like_with_no_example_at_all_needs_rows_for_its_element(self) -> None:
        """A YAML entry without an example and nothing under [*] is told what to write."""
        with pytest.raises(ContractSyntaxError, match=r"'each like' on \$.items has no example; give the element's "
                                                      r"example, or a row for each field of the element below it"):
            build(row("$.items", NO_BODY, "each like"))
