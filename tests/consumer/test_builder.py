"""Consumer contracts: rows → message contents, the example checked against its own matchers,
the handler called with the example message, interactions recorded and written."""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

import pytest

from pactspec.consumer._builder import ContractBuilder, spec_version_from_tags
from pactspec.consumer._contents import (
    ContentRow,
    DocContent,
    FileContent,
    MetadataRow,
    PartBuilder,
    build_contents,
)
from pactspec.consumer._handlers import example_message
from pactspec.consumer._recorder import Recorder
from pactspec.errors import (
    ContractError,
    ContractSyntaxError,
    HandlerRejected,
    InputError,
    PactSpecError,
)
from pactspec.model import NO_BODY, MessageContents, ProviderState, SynchronousMessage
from pactspec.sources import Source, source_of

RECEIVED: list[Any] = []


def accept(message: Any) -> None:
    RECEIVED.append(message)


def exit_instead(message: Any) -> None:
    sys.exit(3)


class _Unprintable(Exception):
    def __str__(self) -> str:
        raise RuntimeError("no text")


def raise_unprintable(message: Any) -> None:
    raise _Unprintable()


def reject_negative(message: Any) -> None:
    if message.body["id"] < 0:
        raise ValueError(f"invalid user id {message.body['id']}")
    RECEIVED.append(message)


async def reject_async(message: Any) -> None:
    raise ValueError("async handlers are awaited")


def accept_sync(request: Any, responses: list[Any]) -> None:
    RECEIVED.append((request, responses))


@dataclass
class Address:
    city: str


@dataclass
class Person:
    name: str
    address: Address


@dataclass
class Household:
    home: Optional[Address]  # noqa: UP045 - the typing spelling must work too
    office: Address | None
    past: list[Address]
    by_name: dict[str, Address]
    pair: tuple[Address, ...]
    extras: dict[str, Any]


def row(path: str, example: Any, matcher: str = "", generator: str = "", line: int = 10) -> ContentRow:
    return ContentRow(path, example, matcher, generator, Source("f.feature", line, f"row {line}"))


def part(*rows: ContentRow, metadata: tuple[MetadataRow, ...] = ()) -> PartBuilder:
    return PartBuilder(Source("f.feature", 5), list(metadata), list(rows))


def user_event(builder: ContractBuilder | None = None) -> ContractBuilder:
    builder = builder or ContractBuilder("user-service", "user-events", source=Source("f.feature", 3),
                                         testname="User events: a user event")
    builder.states.append(ProviderState("User with id 127 exists", {"id": 127}))
    builder.start("a user event", synchronous=False, source=Source("f.feature", 6))
    builder.message.metadata += [
        MetadataRow("Content-Type", "application/json", source=Source("f.feature", 8)),
        MetadataRow("topic", "users.v1", r"regex users\.v[0-9]+", source=Source("f.feature", 9)),
    ]
    builder.message.rows += [
        row("$.datetime", "2020-01-01", r"regex [0-9\-]+"),
        row("$.name", "Billy", "type"),
        row("$.lastName", "Sampson", "type"),
        row("$.id", 12, "integer", line=14),
    ]
    return builder


@pytest.fixture(autouse=True)
def _clear() -> None:
    RECEIVED.clear()


class TestBuildContents:
    def test_the_issue_example(self) -> None:
        """The user's table gives the body, the rules by path and the content type from the metadata."""
        contents = build_contents(user_event().message)
        assert contents.body == {"datetime": "2020-01-01", "name": "Billy", "lastName": "Sampson", "id": 12}
        assert contents.content_type == "application/json"
        assert contents.metadata == {"Content-Type": "application/json", "contentType": "application/json",
                                     "topic": "users.v1"}
        assert contents.matching_rules["body"]["$.id"] == {"combine": "AND", "matchers": [{"match": "integer"}]}
        assert contents.matching_rules["metadata"]["topic"]["matchers"] == [
            {"match": "regex", "regex": r"users\.v[0-9]+"}]

    def test_each_like_then_star_rows_fill_every_element(self) -> None:
        """A row under $.items[*] sets the field in each element that 'each like' created."""
        contents = build_contents(part(
            row("$.items", {"sku": "A-1"}, "each like min 2"),
            row("$.items[*].qty", 3, "integer"),
        ))
        assert contents.body == {"items": [{"sku": "A-1", "qty": 3}, {"sku": "A-1", "qty": 3}]}
        assert set(contents.matching_rules["body"]) == {"$.items", "$.items[*].qty"}

    def test_star_rows_alone_make_a_one_element_array(self) -> None:
        """$.items[*].sku without an 'each like' row makes one element."""
        assert build_contents(part(row("$.items[*].sku", "A"))).body == {"items": [{"sku": "A"}]}

    def test_bracket_paths_and_indices(self) -> None:
        """$['first name'] and $.list[0], $.list[1] build what they say; rules use the normalised path."""
        contents = build_contents(part(row("$['first name']", "Billy", "type"), row("$.list[0]", 1),
                                       row("$.list[1]", 2)))
        assert contents.body == {"first name": "Billy", "list": [1, 2]}
        assert list(contents.matching_rules["body"]) == ["$['first name']"]

    def test_array_contains_takes_variants_from_the_example(self) -> None:
        """'array contains type' writes one variant per example element, each with a root type rule."""
        contents = build_contents(part(row("$.tags", ["gift", "express"], "array contains type")))
        rule = contents.matching_rules["body"]["$.tags"]["matchers"][0]
        assert rule["match"] == "arrayContains"
        assert [v["index"] for v in rule["variants"]] == [0, 1]
        assert rule["variants"][0]["rules"] == {"$": {"combine": "AND", "matchers": [{"match": "type"}]}}

    def test_generators_by_path_and_metadata_key(self) -> None:
        """Generator cells become Pact generators under body paths and metadata keys."""
        contents = build_contents(part(row("$.id", 1, "integer", "random int 1 9"), metadata=(
            MetadataRow("n", 5, "integer", "random int 1 9", Source("f", 1)),)))
        assert contents.generators == {"body": {"$.id": {"type": "RandomInt", "min": 1, "max": 9}},
                                       "metadata": {"n": {"type": "RandomInt", "min": 1, "max": 9}}}

    def test_docstring_with_inline_matchers(self) -> None:
        """A docstring body goes through the inline renderer; the content type is guessed from it."""
        builder = PartBuilder(Source("f.feature", 5))
        builder.set_doc(DocContent('{"id": {{ integer(3) }}}', None, Source("f.feature", 7), first_line=9))
        contents = build_contents(builder)
        assert contents.body == {"id": 3}
        assert contents.content_type == "application/json"

    def test_text_body_at_the_root(self) -> None:
        """A text/plain message is one row at $."""
        contents = build_contents(part(row("$", "hello", "regex h.*"), metadata=(
            MetadataRow("Content-Type", "text/plain", source=Source("f", 1)),)))
        assert contents.body == "hello"
        assert contents.matching_rules["body"]["$"]["matchers"] == [{"match": "regex", "regex": "h.*"}]

    def test_binary_file_with_a_content_type_matcher(self, tmp_path: Path) -> None:
        """A file body is read relative to the contract file; its type is sniffed; its matcher sits at $."""
        (tmp_path / "cat.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 16)
        builder = ContractBuilder("c", "p", source=Source(str(tmp_path / "f.feature"), 1))
        builder.start("a picture", synchronous=False, source=Source(str(tmp_path / "f.feature"), 2))
        builder.message.set_doc(FileContent("cat.png", "content type image/png", Source(str(tmp_path / "f.feature"), 3)))
        interaction = builder.build()
        assert interaction.contents.content_type == "image/png"
        assert interaction.contents.body.startswith(b"\x89PNG")
        assert interaction.contents.matching_rules["body"]["$"]["matchers"] == [
            {"match": "contentType", "value": "image/png"}]
        assert example_message(interaction.contents, []).body.startswith(b"\x89PNG")

    def test_a_docstring_that_is_one_inline_matcher_with_a_string_is_a_text_body(self) -> None:
        """{{ regex("Hello Billy", "Hello \\w+") }} alone means text/plain "Hello Billy" (as the text-body error
        advises), not the JSON string "Hello Billy"; a number stays JSON, a declared type is kept."""
        text = '{{ regex("Hello Billy", "Hello [A-Za-z]+") }}'
        part_ = part()
        part_.set_doc(DocContent(text, None, Source("f.feature", 10)))
        contents = build_contents(part_)
        assert (contents.content_type, contents.body) == ("text/plain", "Hello Billy")
        assert contents.metadata["contentType"] == "text/plain"
        assert contents.matching_rules["body"]["$"]["matchers"] == [{"match": "regex", "regex": "Hello [A-Za-z]+"}]
        number = part()
        number.set_doc(DocContent("{{ integer(1) }}", None, Source("f.feature", 10)))
        assert build_contents(number).content_type == "application/json"
        declared = part()
        declared.set_doc(DocContent(text, "application/json", Source("f.feature", 10)))
        assert build_contents(declared).content_type == "application/json"

    def test_two_content_type_rows_that_disagree_are_refused_at_the_second(self) -> None:
        """Content-Type and contentType naming different types is one sentence naming both."""
        with pytest.raises(ContractSyntaxError) as caught:
            build_contents(part(row("$.a", 1), metadata=(
                MetadataRow("Content-Type", "text/plain", source=Source("f.feature", 8)),
                MetadataRow("contentType", "application/json", source=Source("f.feature", 9)))))
        assert str(caught.value) == ("f.feature:9: contentType application/json disagrees with the content type "
                                     "text/plain given above; keep one content type row (or make them the same)")

    def test_a_metadata_type_disagreeing_with_the_docstring_type_is_refused(self) -> None:
        """'the content of type "application/json" is:' with a contentType text/plain row is refused at the row."""
        part_ = part(metadata=(MetadataRow("contentType", "text/plain", source=Source("f.feature", 8)),))
        part_.set_doc(DocContent('{"a": 1}', "application/json", Source("f.feature", 10)))
        with pytest.raises(ContractSyntaxError) as caught:
            build_contents(part_)
        assert str(caught.value) == ('f.feature:8: contentType text/plain disagrees with the content of type '
                                     '"application/json"; keep one of them (or make them the same)')
        agreeing = part(metadata=(MetadataRow("contentType", "application/json; charset=utf-8",
                                              source=Source("f.feature", 8)),))
        agreeing.set_doc(DocContent('{"a": 1}', "application/json", Source("f.feature", 10)))
        assert build_contents(agreeing).body == {"a": 1}

    def test_text_file_takes_the_type_its_content_type_matcher_declares(self, tmp_path: Path) -> None:
        """A CSV file matching 'content type text/csv' is recorded as text/csv (contents and metadata)."""
        (tmp_path / "data.csv").write_text("a,b\n1,2\n")
        builder = ContractBuilder("c", "p", source=Source(str(tmp_path / "f.feature"), 1))
        builder.start("a csv", synchronous=False, source=Source(str(tmp_path / "f.feature"), 2))
        builder.message.set_doc(FileContent("data.csv", "content type text/csv",
                                            Source(str(tmp_path / "f.feature"), 3)))
        interaction = builder.build()
        assert interaction.contents.content_type == "text/csv"
        assert interaction.contents.metadata["contentType"] == "text/csv"
        assert interaction.contents.body == "a,b\n1,2\n"

    def test_file_type_metadata_and_matcher_disagreeing_is_refused(self, tmp_path: Path) -> None:
        """A contentType metadata row and a 'content type' matcher naming another type is one sentence."""
        (tmp_path / "data.csv").write_text("a,b\n")
        part_ = PartBuilder(Source("f", 1), metadata=[MetadataRow("contentType", "text/plain", source=Source("f", 2))])
        part_.set_doc(FileContent("data.csv", "content type text/csv", Source(str(tmp_path / "f.feature"), 4)))
        with pytest.raises(ContractSyntaxError, match="text/plain but the matcher says text/csv"):
            build_contents(part_)

    def test_missing_file_says_where_paths_start(self, tmp_path: Path) -> None:
        """A content file that is not there is a located error explaining what the path is relative to."""
        part_ = PartBuilder(Source("f", 1))
        part_.set_doc(FileContent("nope.png", "", Source(str(tmp_path / "f.feature"), 4)))
        with pytest.raises(ContractSyntaxError, match="relative to the folder of the contract's own file"):
            build_contents(part_)

    def test_no_content_is_no_body(self) -> None:
        """A message with metadata only has no body."""
        contents = build_contents(part(metadata=(MetadataRow("k", "v", source=Source("f", 1)),)))
        assert contents.body is NO_BODY

    @pytest.mark.parametrize(
        ("rows", "says"),
        [
            ((row("items.sku", 1, line=12),), "f.feature:12: row 12: matching-rule path 'items.sku' does not start"),
            ((row("$.id", 1, "intger", line=13),), "f.feature:13: row 13: unknown matcher 'intger'; did you mean"),
            ((row("$.id", 1, "integer", "random intt 1 2", line=13),), "unknown generator"),
            ((row("$.id", 1), row("$.id", 2, line=14)), "f.feature:14: row 14: the path $.id is given twice"),
            ((row("$.list[1]", 1, line=15),), "[1] leaves a gap in the array; write the rows for [0] first"),
            ((row("$.a", 1), row("$.a.b", 2, line=16)), "the example of $.a (line 10) puts 1 where $.a.b needs an object"),
            ((row("$.name", 12, "string", line=17),), 'write it in quotes ("12")'),
            ((row("$..sku", 1, line=18),), "f.feature:18: row 18: matching-rule path '$..sku' uses recursive descent"),
            ((row("$.items[?(@.n)]", 1, line=19),), "f.feature:19: row 19: matching-rule path '$.items[?(@.n)]' uses a filter"),
            ((row('$["a b"]', 1), row("$['a b']", 2, line=20)), "f.feature:20: row 20: the path $['a b'] is given twice"),
        ],
    )
    def test_bad_rows_name_file_line_and_row(self, rows: tuple[ContentRow, ...], says: str) -> None:
        """A wrong row fails with one sentence naming the file, line and row, and what to write."""
        with pytest.raises(ContractSyntaxError) as caught:
            build_contents(part(*rows))
        assert says in str(caught.value)
        assert "\n" not in str(caught.value)

    def test_a_bad_regex_or_generator_fails_at_its_row(self) -> None:
        """A pattern that cannot compile is reported at the row that wrote it, before any matching."""
        with pytest.raises(ContractSyntaxError) as caught:
            build_contents(part(row("$.id", 1, "regex [0-9", line=12)))
        assert str(caught.value) == "f.feature:12: row 12: regex /[0-9/ has an unclosed character class; close it with ]"
        with pytest.raises(ContractSyntaxError, match=r"^f.feature:13: row 13: .*write e.g. '\+ 1 day'"):
            build_contents(part(row("$.d", "2020-01-01", "", "date yyyy-MM-dd at + 1 blah", line=13)))

    def test_table_and_docstring_together_are_refused(self) -> None:
        """Content is a table or a docstring, not both."""
        builder = part(row("$.a", 1))
        with pytest.raises(ContractSyntaxError, match="either as a table or as a docstring"):
            builder.set_doc(DocContent("{}", None, Source("f", 3)))

    def test_content_type_must_be_a_media_type(self) -> None:
        """Content-Type: json (not a media type) is refused with an example."""
        with pytest.raises(ContractSyntaxError, match="application/json"):
            build_contents(part(metadata=(MetadataRow("Content-Type", "json", source=Source("f", 2)),)))


class TestExampleCheck:
    def test_an_example_that_breaks_its_matcher_fails_at_its_row(self) -> None:
        """'abc' with integer is refused at the row's line, quoting the matching engine."""
        builder = ContractBuilder("c", "p", source=Source("f.feature", 3))
        builder.start("m", synchronous=False, source=Source("f.feature", 4))
        builder.message.rows += [row("$.name", "x", "type", line=7), row("$.id", "abc", "integer", line=8)]
        with pytest.raises(ContractSyntaxError) as caught:
            builder.build()
        message = str(caught.value)
        assert message.startswith("f.feature:8: row 8: the example breaks its own matcher at $.id")
        assert "integer" in message

    def test_a_docstring_example_that_breaks_its_matcher(self) -> None:
        """Inline matchers are checked too; the error points at the docstring's step."""
        builder = ContractBuilder("c", "p", source=Source("f.feature", 3))
        builder.start("m", synchronous=False, source=Source("f.feature", 4))
        builder.message.set_doc(DocContent('{"id": {{ integer("abc") }}}', None, Source("f.feature", 6)))
        with pytest.raises(ContractSyntaxError, match="f.feature:6: the example breaks its own matcher at"):
            builder.build()


    @pytest.mark.parametrize(("example", "matcher", "generator", "says"), [
        ("25/11/2026", "date dd/MM/yyyy", "date", "to match a date pattern of 'dd/MM/yyyy'"),
        ("abc", "regex [a-z]+", "random int 1 10", "to match '[a-z]+'"),
        ("urn:uuid:61822237-467f-4a67-ac89-9e0856fe435d", "uuid urn", "uuid", "to be a UUID (urn)"),
    ])
    def test_a_generator_making_values_its_matcher_rejects_fails_at_its_row(
            self, example: str, matcher: str, generator: str, says: str) -> None:
        """The handler would get a generated value the contract's own matcher refuses: refused at the row."""
        builder = ContractBuilder("c", "p", source=Source("f.feature", 3))
        builder.start("m", synchronous=False, source=Source("f.feature", 4))
        builder.message.rows += [row("$.d", example, matcher, generator, line=9)]
        with pytest.raises(ContractSyntaxError) as caught:
            builder.build()
        message = str(caught.value)
        assert message.startswith("f.feature:9: row 9: the generator makes a value its own matcher rejects at $.d")
        assert says in message
        assert "give the generator the same format as the matcher" in message

    def test_a_generator_agreeing_with_its_matcher_passes(self) -> None:
        """The same format on both sides is fine."""
        builder = ContractBuilder("c", "p", source=Source("f.feature", 3))
        builder.start("m", synchronous=False, source=Source("f.feature", 4))
        builder.message.rows += [row("$.d", "25/11/2026", "date dd/MM/yyyy", "date dd/MM/yyyy", line=9),
                                 row("$.u", "urn:uuid:61822237-467f-4a67-ac89-9e0856fe435d", "uuid urn", "uuid urn")]
        builder.build()


    @pytest.mark.parametrize(("matcher", "example", "match"), [
        ("semver", "1.2.3", "semver"),
        ("not empty", "x", "notEmpty"),
        ("array contains", [1], "arrayContains"),
        ("each key regex [a-z]+", {"a": 1}, "eachKey"),
        ("each value integer", {"a": 1}, "eachValue"),
    ])
    def test_v4_matchers_are_refused_in_a_v3_pact_at_their_row(self, matcher: str, example: Any, match: str) -> None:
        """The V3 specification has no such matcher (V4's README lists it as V4). pact-python 4.2.0 writes
        arrayContains, eachKey and semver into a pactSpecification 3.0.0 file anyway; we follow the spec."""
        builder = ContractBuilder("c", "p", source=Source("f.feature", 3), spec_version="3.0.0")
        builder.start("m", synchronous=False, source=Source("f.feature", 4))
        builder.message.rows += [row("$.id", 1, "integer", line=8), row("$.v", example, matcher, line=9)]
        with pytest.raises(ContractSyntaxError) as caught:
            builder.build()
        assert str(caught.value).startswith(f"f.feature:9: row 9: {match} at $.v is a Pact V4 matcher, which a V3 "
                                            "pact cannot hold; remove the @pact:v3 tag or tag the scenario @pact:v4")
        builder.spec_version = "4.0"
        builder.build()


class TestExampleMessage:
    def test_json_body_is_a_fresh_dict_with_raw_bytes(self) -> None:
        """The handler gets a decoded copy, the metadata and the encoded bytes."""
        contents = MessageContents({"a": 1}, "application/json", {"contentType": "application/json"})
        message = example_message(contents, [])
        assert message.body == {"a": 1} and message.body is not contents.body
        assert json.loads(message.raw or b"") == {"a": 1}
        assert message.content_type == "application/json"

    def test_xml_body_is_an_element(self) -> None:
        """An XML body arrives as an xml.etree element."""
        message = example_message(MessageContents("<a><b>1</b></a>", "application/xml"), [])
        assert isinstance(message.body, ET.Element) and message.body.findtext("b") == "1"

    def test_text_and_binary_bodies(self) -> None:
        """Text arrives as str, anything else as bytes."""
        assert example_message(MessageContents("hi", "text/plain"), []).body == "hi"
        assert example_message(MessageContents(b"\x89PNG", "image/png"), []).body == b"\x89PNG"

    def test_generators_run_in_consumer_mode(self) -> None:
        """RandomInt makes a new value; a provider-state generator keeps the example on the consumer side."""
        contents = MessageContents({"n": 0, "id": 12}, "application/json", {}, {}, {"body": {
            "$.n": {"type": "RandomInt", "min": 5, "max": 6},
            "$.id": {"type": "ProviderState", "expression": "${id}"}}})
        message = example_message(contents, [ProviderState("s", {"id": 99})])
        assert message.body["n"] in (5, 6)
        assert message.body["id"] == 12

    def test_as_type_builds_nested_dataclasses(self) -> None:
        """'as' converts the JSON object into the type, nested dataclasses included."""
        contents = MessageContents({"name": "B", "address": {"city": "Paris"}}, "application/json")
        message = example_message(contents, [], as_type=Person)
        assert message.body == Person("B", Address("Paris"))

    def test_as_type_converts_dataclasses_inside_optional_unions_and_containers(self) -> None:
        """Optional[X], X | None, list[X], dict[str, X] and tuple[X, ...] fields become X, not dicts."""
        paris = {"city": "Paris"}
        contents = MessageContents({"home": paris, "office": None, "past": [paris, {"city": "Rome"}],
                                    "by_name": {"mum": paris}, "pair": [paris], "extras": {"a": {"city": 1}}},
                                   "application/json")
        body = example_message(contents, [], as_type=Household).body
        assert body == Household(Address("Paris"), None, [Address("Paris"), Address("Rome")],
                                 {"mum": Address("Paris")}, (Address("Paris"),), {"a": {"city": 1}})

    def test_as_type_that_does_not_fit_is_bad_input_naming_the_type_and_the_fix(self) -> None:
        """A body the type cannot take is an input error naming module:Type and what to change."""
        contents = MessageContents({"name": "B", "age": 3}, "application/json")
        with pytest.raises(InputError) as caught:
            example_message(contents, [], as_type=Address)
        assert "cannot be converted to tests.consumer.test_builder:Address" in str(caught.value)
        assert "$.name is not a field of Address (its fields are 'city')" in str(caught.value)
        assert 'or remove as "tests.consumer.test_builder:Address"' in str(caught.value)


class TestHandle:
    def test_an_accepting_handler_gives_the_interaction(self) -> None:
        """The handler receives a pactspec.Message; the interaction carries the source in V4 comments."""
        builder = user_event()
        interaction = builder.handle("tests.consumer.test_builder:accept", None, expect_rejection=False,
                                     source=Source("f.feature", 15))
        assert interaction is not None
        assert RECEIVED[0].body["id"] == 12 and RECEIVED[0].metadata["topic"] == "users.v1"
        assert interaction.comments == {"testname": "User events: a user event", "text": ["source: f.feature:3"]}
        assert source_of(interaction) == ("f.feature", 3)

    def test_a_raising_handler_fails_with_its_error_and_where_it_raised(self) -> None:
        """HandlerRejected names the handler, the message, the error and the handler's line."""
        builder = user_event()
        builder.message.rows[-1] = row("$.id", -1, "integer")
        with pytest.raises(HandlerRejected) as caught:
            builder.handle("tests.consumer.test_builder:reject_negative", None, expect_rejection=False, source=Source("f", 1))
        message = str(caught.value)
        assert "tests.consumer.test_builder:reject_negative" in message
        assert "ValueError: invalid user id -1" in message
        assert "test_builder.py" in message

    def test_a_handler_calling_sys_exit_is_a_rejection_not_the_end_of_the_run(self) -> None:
        """sys.exit() in a handler fails that scenario like any raise; the run (behave, pactspec run) goes on."""
        with pytest.raises(HandlerRejected, match="SystemExit: 3"):
            user_event().handle("tests.consumer.test_builder:exit_instead", None, expect_rejection=False,
                                source=Source("f", 1))

    def test_an_exception_that_cannot_be_printed_still_names_its_type(self) -> None:
        """A handler error whose __str__ itself raises is reported by its type, not as a traceback."""
        with pytest.raises(HandlerRejected, match=r"_Unprintable: \(its message cannot be shown"):
            user_event().handle("tests.consumer.test_builder:raise_unprintable", None, expect_rejection=False,
                                source=Source("f", 1))

    def test_async_handlers_are_awaited(self) -> None:
        """An async def handler runs to completion, so its raise is a rejection and not a lost coroutine."""
        with pytest.raises(HandlerRejected, match="async handlers are awaited"):
            user_event().handle("tests.consumer.test_builder:reject_async", None, expect_rejection=False,
                                source=Source("f", 1))

    def test_expected_rejection_passes_only_with_the_text(self) -> None:
        """expect_rejection passes when the handler raised with that text and fails otherwise."""
        builder = user_event()
        builder.message.rows[-1] = row("$.id", -1, "integer")
        assert builder.handle("tests.consumer.test_builder:reject_negative", None, expect_rejection=True,
                              source=Source("f", 1)) is None
        builder.expect_rejection("invalid user id -1", Source("f", 2))
        with pytest.raises(ContractError, match="does not contain"):
            builder.expect_rejection("something else", Source("f", 2))

    def test_expected_rejection_of_an_accepted_message_fails(self) -> None:
        """When the handler accepts, 'rejects it' fails and nothing is returned to record."""
        builder = user_event()
        assert builder.handle("tests.consumer.test_builder:accept", None, expect_rejection=True, source=Source("f", 1)) is None
        with pytest.raises(ContractError, match="accepted"):
            builder.expect_rejection("x", Source("f", 2))

    def test_a_handler_that_does_not_import_is_a_located_error(self) -> None:
        """A handler module that does not exist fails at the step's line with the import problem."""
        with pytest.raises(ContractSyntaxError, match=r"^f.feature:20: cannot import module 'nowhere'"):
            user_event().handle("nowhere:handle", None, expect_rejection=False, source=Source("f.feature", 20))

    def test_a_handler_module_that_fails_to_import_names_its_line_and_the_fix(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A handler module whose own import fails points at the failing line in that module."""
        (tmp_path / "broken_handlers.py").write_text("import os\nimport not_installed_anywhere\n")
        monkeypatch.syspath_prepend(str(tmp_path))
        with pytest.raises(ContractSyntaxError) as caught:
            user_event().handle("broken_handlers:handle", None, expect_rejection=False,
                                source=Source("f.feature", 20))
        message = str(caught.value)
        assert message.startswith("f.feature:20: importing module 'broken_handlers' failed: No module named "
                                   "'not_installed_anywhere'")
        assert "broken_handlers.py:2 in <module>" in message
        assert 'python -c "import broken_handlers" works' in message
        assert "importlib" not in message and "\n" not in message

    def test_a_missing_module_gets_no_line_of_pactspec_or_importlib(self) -> None:
        """When the handler module itself is missing, the hint is the Python path, not a frame of ours."""
        with pytest.raises(ContractSyntaxError) as caught:
            user_event().handle("nowhere:handle", None, expect_rejection=False, source=Source("f.feature", 20))
        assert "raised at" not in str(caught.value)

    def test_an_as_type_that_does_not_fit_fails_at_the_handler_step(self) -> None:
        """'as' with a type the example does not fit is a syntax error at the step, not a contract failure."""
        with pytest.raises(ContractSyntaxError) as caught:
            user_event().handle("tests.consumer.test_builder:accept", "tests.consumer.test_builder:Address",
                                expect_rejection=False, source=Source("f.feature", 21))
        assert str(caught.value).startswith("f.feature:21: the example cannot be converted to "
                                            "tests.consumer.test_builder:Address")
        assert RECEIVED == []

    def test_a_handler_with_the_wrong_signature_is_a_configuration_error_not_a_rejection(self) -> None:
        """A message handler taking (request, responses) fails at the step saying what to write; even a
        scenario expecting a rejection does not pass on the TypeError."""
        for expect_rejection in (False, True):
            with pytest.raises(ContractSyntaxError) as caught:
                user_event().handle("tests.consumer.test_builder:accept_sync", None, expect_rejection=expect_rejection,
                                    source=Source("f.feature", 22))
            assert str(caught.value) == (
                "f.feature:22: tests.consumer.test_builder:accept_sync takes (request, responses) but a "
                "message handler is called with (message); write def accept_sync(message): …")

    def test_as_must_name_a_type(self) -> None:
        """'as' pointing at something that cannot be called says to point at a class."""
        with pytest.raises(ContractSyntaxError, match="not a type; point at a dataclass"):
            user_event().handle("tests.consumer.test_builder:accept", "tests.consumer.test_builder:RECEIVED",
                                expect_rejection=False, source=Source("f.feature", 21))

    def test_synchronous_message_calls_handler_with_request_and_responses(self) -> None:
        """A sync message gives the handler the request and the list of expected responses."""
        builder = ContractBuilder("c", "p", source=Source("f", 1))
        builder.start("a stock check", synchronous=True, source=Source("f", 2))
        builder.message.rows.append(row("$.sku", "A"))
        builder.add_response(Source("f", 3)).rows.append(row("$.available", True, "boolean"))
        interaction = builder.handle("tests.consumer.test_builder:accept_sync", None, expect_rejection=False,
                                     source=Source("f", 4))
        assert isinstance(interaction, SynchronousMessage)
        request, responses = RECEIVED[0]
        assert request.body == {"sku": "A"} and [r.body for r in responses] == [{"available": True}]

    def test_v3_refuses_synchronous_messages_and_v4_only_fields(self) -> None:
        """@pact:v3 with a request/response message or a key says it is V4 only."""
        builder = ContractBuilder("c", "p", source=Source("f", 1), spec_version="3.0.0")
        with pytest.raises(ContractSyntaxError, match="only in Pact V4; remove the @pact:v3 tag or tag the scenario @pact:v4$"):
            builder.start("m", synchronous=True, source=Source("f", 2))
        with pytest.raises(ContractSyntaxError, match="only in Pact V4"):
            builder.set_v4_only(Source("f", 3), "an interaction key")

    def test_v3_interactions_have_no_comments(self) -> None:
        """V3 messages have no comments field, so the source is not written there."""
        builder = user_event(ContractBuilder("c", "p", source=Source("f", 1), spec_version="3.0.0"))
        assert builder.build().comments == {}


class TestTags:
    @pytest.mark.parametrize(("tags", "version"), [((), "4.0"), (("pact:v3",), "3.0.0"),
                                                   (("pact:v3", "pact:v4"), "4.0"), (("smoke",), "4.0")])
    def test_tags_choose_the_version(self, tags: tuple[str, ...], version: str) -> None:
        """@pact:v3/@pact:v4 pick the spec version; the scenario's tag (last) wins; default V4."""
        assert spec_version_from_tags(tags, Source("f", 1)) == version

    def test_unknown_pact_tag(self) -> None:
        """@pact:v2 is refused with the tags that exist."""
        with pytest.raises(ContractSyntaxError, match="@pact:v3 or @pact:v4"):
            spec_version_from_tags(["pact:v2"], Source("f", 1))


class TestRecorder:
    def test_flush_writes_and_merges_across_runs(self, tmp_path: Path) -> None:
        """Two runs writing different messages leave both in the one pact file."""
        first, second = Recorder(), Recorder()
        interaction = user_event().build()
        first.record(tmp_path, "user-service", "user-events", "4.0", interaction, "f.feature:3")
        [path] = first.flush()
        other = interaction.with_changes(description="another event")
        second.record(tmp_path, "user-service", "user-events", "4.0", other, "g.feature:3")
        assert second.flush() == [path]
        data = json.loads(path.read_text())
        assert sorted(i["description"] for i in data["interactions"]) == ["a user event", "another event"]
        assert data["metadata"]["pactSpecification"]["version"] == "4.0"
        assert len(first) == 0

    def test_the_same_interaction_from_two_places_is_refused(self, tmp_path: Path) -> None:
        """Two scenarios describing the same message and states would overwrite each other: refused."""
        recorder = Recorder()
        interaction = user_event().build()
        recorder.record(tmp_path, "c", "p", "4.0", interaction, "a.feature:3")
        with pytest.raises(ContractSyntaxError, match="already written at a.feature:3"):
            recorder.record(tmp_path, "c", "p", "4.0", interaction, "b.feature:9")

    def test_one_version_per_pair(self, tmp_path: Path) -> None:
        """Mixing V3 and V4 for one consumer–provider pair in a run is refused naming the first."""
        recorder = Recorder()
        recorder.record(tmp_path, "c", "p", "4.0", user_event().build(), "a.feature:3")
        v3 = user_event(ContractBuilder("c", "p", spec_version="3.0.0")).build().with_changes(description="x")
        with pytest.raises(ContractSyntaxError, match="a.feature:3 already wrote a V4"):
            recorder.record(tmp_path, "c", "p", "3.0.0", v3, "b.feature:1")

    def test_a_pair_that_cannot_be_written_is_reported_once(self, tmp_path: Path) -> None:
        """A failed write forgets that pair, so the next flush does not repeat the same error."""
        recorder = Recorder()
        (tmp_path / "a-file").write_text("")
        recorder.record(tmp_path / "a-file" / "pacts", "c", "p", "4.0", user_event().build(), "a.feature:3")
        with pytest.raises(PactSpecError, match="a-file"):
            recorder.flush()
        assert len(recorder) == 0 and recorder.flush() == []


class TestAsyncAPIReference:
    def _builder(self, spec_version: str = "4.0") -> ContractBuilder:
        builder = ContractBuilder("c", "p", source=Source("f.feature", 3), spec_version=spec_version)  # type: ignore
        builder.start("m", synchronous=False, source=Source("f.feature", 4))
        builder.message.rows.append(row("$.id", "1", line=5))
        return builder

    def test_written_where_pactflow_reads_it(self) -> None:
        """The operation goes to comments.references.AsyncAPI.operationId, next to the source line."""
        builder = self._builder()
        builder.reference_asyncapi_operation("onUserSignedUp", Source("f.feature", 6))
        comments = builder.build().comments
        assert comments["references"] == {"AsyncAPI": {"operationId": "onUserSignedUp"}}
        assert comments["text"] == ["source: f.feature:3"]

    def test_v3_is_refused(self) -> None:
        """V3 message pacts have no comments: the reference says to switch to V4."""
        builder = self._builder("3.0.0")
        with pytest.raises(ContractSyntaxError, match="f.feature:6: an AsyncAPI operation reference exists only "
                                                      "in Pact V4"):
            builder.reference_asyncapi_operation("onUserSignedUp", Source("f.feature", 6))

    def test_a_second_different_operation_is_refused(self) -> None:
        """One message is one operation: naming another is an error at its line."""
        builder = self._builder()
        builder.reference_asyncapi_operation("a", Source("f.feature", 6))
        with pytest.raises(ContractSyntaxError, match='f.feature:7: this message is already the AsyncAPI operation "a"'):
            builder.reference_asyncapi_operation("b", Source("f.feature", 7))

    def test_an_empty_operation_is_refused(self) -> None:
        """An empty operationId says what to write."""
        with pytest.raises(ContractSyntaxError, match="the AsyncAPI operation is empty; give its operationId"):
            self._builder().reference_asyncapi_operation(" ", Source("f.feature", 6))
