"""User-written paths (Gherkin tables, YAML) read with jsonpath-ng and rendered as canonical Pact paths."""

from __future__ import annotations

import warnings

import pytest

from pactspec.consumer._userpaths import parse_user_path
from pactspec.errors import RuleError
from pactspec.paths import ANY, ANY_INDEX, format_path


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("$", "$"),
        ("  $.id  ", "$.id"),
        ("$.a.b", "$.a.b"),
        ("$.items[*].sku", "$.items[*].sku"),
        ("$.items.[*].sku", "$.items[*].sku"),
        ("$.list[0]", "$.list[0]"),
        ("$[100]", "$[100]"),
        ("$['100']", "$[100]"),  # a digit-only key is written as Pact writes it
        ("$['first name']", "$['first name']"),
        ('$["first name"]', "$['first name']"),
        ("$['a.b'].c", "$['a.b'].c"),
        ("$['first']", "$.first"),
        ("$['it\\'s']", "$['it\\'s']"),
        ("$['*']", "$['*']"),  # a key named "*", not a wildcard
        ("$.*", "$.*"),
        ("$[*]", "$[*]"),
        ("$.a.*.b[*].c", "$.a.*.b[*].c"),
        ("$.a[:]", "$.a[*]"),
        ("$.first-name", "$.first-name"),
        # XML: quoted markers are plain JSONPath; unquoted ones, namespace colons and non-ASCII names
        # are the Pact dialect, read by pactspec.paths.parse_path when jsonpath-ng refuses them
        ("$.order['@id']", "$.order.@id"),
        ("$.order.@id", "$.order.@id"),
        ("$.a['#text']", "$.a.#text"),
        ("$.a.#text", "$.a.#text"),
        ("$.ns:order.ns:id", "$.ns:order.ns:id"),
        ("$.prénom", "$.prénom"),
    ],
)
def test_accepted_paths_render_canonically(written: str, canonical: str) -> None:
    """What users write as JSONPath becomes the Pact path the pact file holds."""
    assert format_path(parse_user_path(written)) == canonical


def test_segments_keep_wildcard_kinds() -> None:
    """``[*]`` is any index, ``.*`` any key or index; jsonpath-ng's one Wildcard node is told apart."""
    assert parse_user_path("$.a[*].b.*[2]") == ("a", ANY_INDEX, "b", ANY, 2)
    assert parse_user_path("$['x y'][0]") == ("x y", 0)


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("items.sku", ["'items.sku' does not start with '$'", "$.items[*].id"]),
        ("$..sku", ["recursive descent ('..')", "cannot express", "$.list[*].b"]),
        ("$.items[?(@.price > 10)]", ["a filter ([?(...)])", "name the place"]),
        ("$.items[1:3]", ["slice", "[*] for every element"]),
        ("$.items[0,1]", ["several indices at once (0, 1)", "one row per index"]),
        ("$['a','b']", ["several fields at once ('a', 'b')", "one row per field"]),
        ("$.items[-1]", ["counts from the end ([-1])", "from the start"]),
        ("$.a | $.b", ["union", "cannot express"]),
        ("$.a where $.b", ["'where' filter"]),
        ("$.a.`parent`", ["`this` or `parent`"]),
        ("$.a.$", ["'$' in the middle"]),
        ("$.a[", ["cannot read matching-rule path '$.a['", "$['a key']"]),
        ("$.first name", ["cannot read matching-rule path '$.first name'", "$['a key']"]),
    ],
)
def test_rejected_paths_say_what_to_write(written: str, says: list[str]) -> None:
    """Constructs Pact paths cannot express, and text that is no path, fail with one sentence."""
    with pytest.raises(RuleError) as caught:
        parse_user_path(written)
    message = str(caught.value)
    for fragment in says:
        assert fragment in message
    assert "\n" not in message


def test_parse_errors_chain_the_jsonpath_error() -> None:
    """A jsonpath-ng parse error is translated, with the original kept as the cause."""
    from jsonpath_ng.exceptions import JSONPathError

    with pytest.raises(RuleError) as caught:
        parse_user_path("$.a[")
    assert isinstance(caught.value.__cause__, JSONPathError)


def test_no_warnings_leak_and_results_are_cached() -> None:
    """jsonpath-ng's deprecation notices are not shown to users; the same text is parsed once."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(RuleError):
            parse_user_path("$.c | $.d")
    parse_user_path.cache_clear()
    parse_user_path("$.cached[*]")
    parse_user_path("$.cached[*]")
    assert parse_user_path.cache_info().hits == 1


def test_not_text() -> None:
    with pytest.raises(RuleError, match="must be a string, not int"):
        parse_user_path(12)  # type: ignore[arg-type]
