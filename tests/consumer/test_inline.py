"""Inline matchers in content docstrings: jinja2 expressions → example body + rules."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pactspec.consumer._inline import render_inline
from pactspec.errors import ContractSyntaxError


def rules(*pairs: tuple[str, dict]) -> dict:
    return {"body": {path: {"combine": "AND", "matchers": [rule]} for path, rule in pairs}}


class TestJson:
    def test_the_issue_example(self) -> None:
        """integer(12) and each_like("a", min=1) give the example and the rules at their paths."""
        out = render_inline('{"id": {{ integer(12) }}, "tags": {{ each_like("a", min=1) }}}', "application/json")
        assert out.body == {"id": 12, "tags": ["a"]}
        assert out.rules == rules(("$.id", {"match": "integer"}), ("$.tags", {"match": "type", "min": 1}))
        assert out.generators == {}

    def test_nested_matchers_inside_each_like_use_star_paths(self) -> None:
        """A matcher inside each_like's element is recorded at path[*].field."""
        out = render_inline('{"items": {{ each_like({"sku": regex("A1", "[A-Z][0-9]")}, min=2) }}}', None)
        assert out.body == {"items": [{"sku": "A1"}, {"sku": "A1"}]}
        assert out.rules["body"]["$.items[*].sku"] == {"combine": "AND", "matchers": [
            {"match": "regex", "regex": "[A-Z][0-9]"}]}

    def test_generator_keyword_uses_the_generator_words(self) -> None:
        """generator="random int 1 9" adds a RandomInt generator at the matcher's path."""
        out = render_inline('{"n": {{ integer(5, generator="random int 1 9") }}}', None)
        assert out.generators == {"body": {"$.n": {"type": "RandomInt", "min": 1, "max": 9}}}

    def test_quoted_matcher_is_the_same_as_bare(self) -> None:
        """Writing "{{ integer(1) }}" in quotes still gives the number, not a string."""
        assert render_inline('{"a": "{{ integer(1) }}"}', None).body == {"a": 1}

    def test_keys_with_spaces_use_bracket_paths(self) -> None:
        """A key that is not an identifier is written $['first name'] in the rules."""
        out = render_inline('{"first name": {{ string("Billy") }}}', None)
        assert list(out.rules["body"]) == ["$['first name']"]

    @pytest.mark.parametrize(
        ("template", "rule"),
        [
            ('{{ like("x") }}', {"match": "type"}),
            ('{{ decimal(1.5) }}', {"match": "decimal"}),
            ('{{ number(1) }}', {"match": "number"}),
            ('{{ boolean(true) }}', {"match": "boolean"}),
            ('{{ date("2020-01-01", "yyyy-MM-dd") }}', {"match": "date", "format": "yyyy-MM-dd"}),
            ('{{ time("10:00") }}', {"match": "time"}),
            ('{{ include("@", "a@b") }}', {"match": "include", "value": "@"}),
            ('{{ null() }}', {"match": "null"}),
            ('{{ equality("x") }}', {"match": "equality"}),
            ('{{ values({"a": 1}) }}', {"match": "values"}),
            ('{{ not_empty("x") }}', {"match": "notEmpty"}),
            ('{{ semver("1.0.0") }}', {"match": "semver"}),
            ('{{ each_key({"ab": 1}, "regex [a-z]+") }}',
             {"match": "eachKey", "rules": [{"match": "regex", "regex": "[a-z]+"}], "value": '{"ab":1}'}),
            ('{{ match(3, "type min 1") }}', {"match": "type", "min": 1}),
        ],
    )
    def test_every_inline_function_writes_its_rule(self, template: str, rule: dict) -> None:
        """Each inline function maps to the same rule as its table word."""
        out = render_inline('{"v": ' + template + "}", None)
        assert out.rules == rules(("$.v", rule))

    def test_array_contains_records_variants(self) -> None:
        """array_contains lists each variant with the rules of its own inline matchers."""
        out = render_inline('{"c": {{ array_contains({"a": integer(1)}, "x") }}}', None)
        assert out.body == {"c": [{"a": 1}, "x"]}
        variants = out.rules["body"]["$.c"]["matchers"][0]["variants"]
        assert variants == [
            {"index": 0, "rules": {"$.a": {"combine": "AND", "matchers": [{"match": "integer"}]}}},
            {"index": 1, "rules": {}},
        ]

    def test_plain_jinja_values_render_as_json(self) -> None:
        """{{ [1, true, none] }} writes JSON, not Python's repr."""
        assert render_inline('{"a": {{ [1, true, none] }}}', None).body == {"a": [1, True, None]}


class TestXmlAndText:
    def test_xml_attribute_and_text_paths(self) -> None:
        """In XML a matcher on an attribute or an element's text uses Pact's ['@x'] / ['#text'] paths."""
        out = render_inline('<user id="{{ integer(12) }}"><name>{{ string("A&B") }}</name></user>', "application/xml")
        assert out.body == '<user id="12"><name>A&amp;B</name></user>'
        assert set(out.rules["body"]) == {"$.user['@id']", "$.user.name['#text']"}

    def test_each_like_in_xml_counts_the_parents_children(self) -> None:
        """each_like in an element's text is a min/max type rule on its parent, as Pact counts XML lists."""
        out = render_inline("<order><items><item>{{ each_like('AB-1', min=1, max=5) }}</item></items></order>",
                            "application/xml")
        assert out.body == "<order><items><item>AB-1</item></items></order>"
        assert out.rules == rules(("$.order.items", {"match": "type", "min": 1, "max": 5}))

    @pytest.mark.parametrize(("document", "says"), [
        ("<order id=\"{{ each_like(1) }}\"/>", "in the attribute 'id' of <order> has no meaning"),
        ("<order>{{ each_like('x') }}</order>", "in the root element <order> has nothing to count"),
    ])
    def test_each_like_where_there_is_nothing_to_count_is_refused(self, document: str, says: str) -> None:
        """An attribute or the root element is one value: each_like there is an error, not a rule that checks nothing."""
        with pytest.raises(ContractSyntaxError, match=says):
            render_inline(document, "application/xml")

    def test_text_body_is_one_matcher_at_the_root(self) -> None:
        """A text body that is one inline matcher gets its rule at $."""
        out = render_inline('{{ regex("Hello Billy", "Hello \\\\w+") }}', "text/plain")
        assert out.body == "Hello Billy"
        assert out.rules == rules(("$", {"match": "regex", "regex": "Hello \\w+"}))

    def test_text_without_matchers_is_kept(self) -> None:
        """Plain text passes through untouched."""
        assert render_inline("hello {x}", "text/plain").body == "hello {x}"


class TestErrors:
    @pytest.mark.parametrize(
        ("template", "line", "says"),
        [
            ('{"id": {{ intger(1) }} }', 10, "'intger' is undefined"),
            ('{"id": {{ integer(1) }', 10, "inline matchers are written"),
            ('{"a": 1,\n "b": }', 11, "not valid JSON"),
            ('{"id": "x{{ integer(1) }}"}', 10, "part of a longer string"),
            ('{"id": {{ integer() }} }', 10, "integer() missing 1 required positional argument"),
            ('{"id": {{ match(1, "intger") }} }', 10, "did you mean 'integer'"),
            ('{"id": 1,\n "code": {{ regex("AB", "[A-Z") }}}', 11, "regex /[A-Z/ has an unclosed character class"),
            ('{"id": 1,\n\n "at": {{ date("x", "yyyy-QQQQQQ") }}}', 12, "too many 'Q' letters"),
            ('{"id": 1,\n "n": {{ integer(1, generator="regex (") }}}', 11, "regex /(/ is not a valid"),
            ('{"a": {{ each_like() }} }', 10,
             "each_like() missing 1 required positional argument: 'example'; write each_like(example, min=…, max=…)"),
            ('{"a": {{ integer.__class__ }} }', 10, "inline matchers can only call the listed functions ("),
            ('{"a": {{ like(1, min=3, max=1) }} }', 10,
             "'type min 3 max 1' has min 3 greater than max 1; write the smaller bound as min"),
        ],
    )
    def test_errors_name_file_and_line(self, template: str, line: int, says: str) -> None:
        """A bad docstring raises ContractSyntaxError at feature-file line, one sentence."""
        with pytest.raises(ContractSyntaxError) as caught:
            render_inline(template, None, filename="features/x.feature", line=10)
        message = str(caught.value)
        assert message.startswith(f"features/x.feature:{line}: ")
        assert says in message

    def test_an_xml_matcher_error_names_its_line(self) -> None:
        """In XML too, a matcher that cannot be used points at the line it was written on."""
        with pytest.raises(ContractSyntaxError, match=r"^f:11: regex /\[A-Z/ has an unclosed character class"):
            render_inline('<a>\n<b>{{ regex("AB", "[A-Z") }}</b></a>', "application/xml", filename="f", line=10)

    def test_the_sandbox_refuses_python_internals(self) -> None:
        """Templates cannot reach Python internals (jinja2's sandbox)."""
        with pytest.raises(ContractSyntaxError):
            render_inline('{"a": "{{ integer.__globals__ }}"}', None, filename="f", line=1)

    def test_xml_matcher_must_be_a_whole_value(self) -> None:
        """In XML, a matcher mixed into other text is refused with an example of what to write."""
        with pytest.raises(ContractSyntaxError, match="whole element text or attribute"):
            render_inline("<a>id-{{ integer(1) }}</a>", "application/xml", filename="f", line=1)


def test_an_unterminated_string_in_a_docstring_says_where_once() -> None:
    """The docstring's JSON error reads 'starting at column 7', not 'starting at at column'."""
    with pytest.raises(ContractSyntaxError, match=r"not valid JSON \(Unterminated string starting at column 7\)"):
        render_inline('{"a": "b', "application/json", filename="f.feature", line=3)


def test_jinja2_is_imported_only_for_a_docstring_to_render() -> None:
    """The step library starts without jinja2; the first docstring rendered imports it."""
    code = ("import sys, pactspec.steps; before = 'jinja2' in sys.modules; "
            "from pactspec.consumer._inline import render_inline; render_inline('{\"id\": {{ integer(1) }}}', "
            "'application/json'); print(before, 'jinja2' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True"]
