"""Pact rule paths: parsing, weighting and formatting."""

from __future__ import annotations

from typing import Any

import pytest

from pactspec.errors import RuleError
from pactspec.paths import ANY, ANY_INDEX, format_path, parse_path, path_weight


class TestParsePath:
    @pytest.mark.parametrize(
        ("text", "segments"),
        [
            ("$", ()),
            ("$.a.b", ("a", "b")),
            ("$.items[3].id", ("items", 3, "id")),
            ("$.items[*].id", ("items", ANY_INDEX, "id")),
            ("$.*", (ANY,)),
            ("$['a b'].c", ("a b", "c")),
            ('$["quoted"]', ("quoted",)),
            ("$.people.*['@id']", ("people", ANY, "@id")),
            ("$.a.#text", ("a", "#text")),
            ("$['it\\'s']", ("it's",)),
            ("$.ns:name-1_x", ("ns:name-1_x",)),
        ],
    )
    def test_parses_pact_paths(self, text: str, segments: tuple[Any, ...]) -> None:
        """Every spelling Pact files use becomes key, index and wildcard segments."""
        assert parse_path(text) == segments

    @pytest.mark.parametrize("text", ["a.b", "$.", "$[abc]", "$['open", "$.a b", "$[1"])
    def test_bad_path_names_itself_and_the_fix(self, text: str) -> None:
        """A malformed path raises RuleError quoting it and showing the accepted forms."""
        with pytest.raises(RuleError) as info:
            parse_path(text)
        assert repr(text) in str(info.value)
        assert "$.items[*].id" in str(info.value)

    def test_cached(self) -> None:
        """The same text parses once."""
        assert parse_path("$.x.y[1]") is parse_path("$.x.y[1]")


class TestPathWeight:
    def test_exact_beats_wildcard(self) -> None:
        """Exact segments weigh 2, wildcards 1, the root 2; weights multiply."""
        actual: list[str | int] = ["items", 3, "id"]
        assert path_weight(parse_path("$.items[3].id"), actual) == 16
        assert path_weight(parse_path("$.items[*].id"), actual) == 8
        assert path_weight(parse_path("$.*[*].*"), actual) == 2

    def test_rule_cascades_to_children_but_not_parents(self) -> None:
        """A rule applies below its path; a longer rule path does not apply above."""
        assert path_weight(parse_path("$.items"), ["items", 0, "id"]) == 4
        assert path_weight(parse_path("$.items[*].id"), ["items"]) == 0

    def test_non_matching_segment(self) -> None:
        """One mismatching segment zeroes the weight; [*] needs an index."""
        assert path_weight(parse_path("$.a.b"), ["a", "c"]) == 0
        assert path_weight(parse_path("$[*]"), ["people"]) == 0
        assert path_weight(parse_path("$[*]"), [0]) == 2

    def test_key_and_index_spell_the_same_fragment(self) -> None:
        """As in the reference implementation, $.a[0] and $.a['0'] name the same place."""
        assert path_weight(parse_path("$.a[0]"), ["a", "0"]) == 8
        assert path_weight(parse_path("$.a['0']"), ["a", 0]) == 8


class TestFormatPath:
    @pytest.mark.parametrize(
        ("segments", "text"),
        [
            ((), "$"),
            (("items", 3, "id"), "$.items[3].id"),
            (("a b",), "$['a b']"),
            (("100",), "$[100]"),
            (("it's",), "$['it\\'s']"),
            (("x", ANY_INDEX, ANY), "$.x[*].*"),
        ],
    )
    def test_renders_like_pact(self, segments: tuple[Any, ...], text: str) -> None:
        """Paths render as Pact prints them, digit-only keys in brackets."""
        assert format_path(segments) == text

    @pytest.mark.parametrize("text", ["$.items[3].id", "$['a b'].c", "$.x[*].*"])
    def test_round_trip(self, text: str) -> None:
        """Formatting a parsed path gives the path back."""
        assert format_path(parse_path(text)) == text
