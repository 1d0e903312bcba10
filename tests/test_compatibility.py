"""The compatibility-suite runner and the helpers that read the suite's cells.

The suite itself runs in ``make compat`` (tests/compatibility/run.py); these tests check that the
runner fails clearly without the shared features and that the suite's cell language is read right.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pactspec.model import NO_BODY
from tests.compatibility import run
from tests.compatibility.support import (
    check_value_type,
    load_body,
    load_json_cell,
    parse_headers,
    parse_query,
    parse_value,
)
from tests.conformance import conformance_dir

RUNNER = Path(run.__file__)


def run_runner(conformance: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PACTSPEC_CONFORMANCE": str(conformance)}
    return subprocess.run([sys.executable, str(RUNNER)], capture_output=True, text=True, env=env, timeout=120,
                          check=False)


class TestRunner:
    def test_missing_suite_fails_with_one_clear_sentence(self, tmp_path: Path) -> None:
        """Without the shared folder the runner exits 2 and says where it looked and what to do."""
        done = run_runner(tmp_path / "nowhere")
        assert done.returncode == 2
        assert "the Pact compatibility suite is not at" in done.stderr
        assert "PACTSPEC_CONFORMANCE" in done.stderr
        assert "Traceback" not in done.stderr

    def test_incomplete_suite_names_the_missing_features(self, tmp_path: Path) -> None:
        """A suite folder lacking some of the features is refused, naming them."""
        features = tmp_path / "pact-compatibility-suite" / "features" / "V3"
        features.mkdir(parents=True)
        (features / "matching_rules.feature").write_text("Feature: x\n", encoding="utf-8")
        done = run_runner(tmp_path)
        assert done.returncode == 2
        assert "features/V4/generators.feature" in done.stderr
        assert "fixtures/" in done.stderr
        assert "V3/matching_rules.feature" not in done.stderr

    def test_selected_features_exist_in_the_shared_suite(self) -> None:
        """Every feature the runner selects is in the pinned suite, with the documented scenario count."""
        features = conformance_dir() / "pact-compatibility-suite" / "features"
        for version, stem, count in run.FEATURES:
            text = (features / version / f"{stem}.feature").read_text(encoding="utf-8")
            scenarios = text.count("Scenario:") - text.count("@wip")
            assert scenarios == count, f"{version}/{stem}"

    def test_output_paths_are_made_absolute(self, tmp_path: Path) -> None:
        """Report paths given to behave stay relative to where the runner was started."""
        args = ["--junit", "--junit-directory", "reports/compat", "-o=out.txt", "-n", "x"]
        assert run.absolute_paths(args, tmp_path) == [
            "--junit", "--junit-directory", str(tmp_path / "reports/compat"), f"-o={tmp_path / 'out.txt'}", "-n", "x"]

    def test_base_dir_links_instead_of_copying(self, tmp_path: Path) -> None:
        """The features are linked from the shared folder, never copied."""
        suite = conformance_dir() / "pact-compatibility-suite"
        paths = run.build_base_dir(suite, tmp_path)
        assert paths[0] == "V3/message_consumer.feature"
        assert all((tmp_path / p).is_symlink() for p in paths)
        assert (tmp_path / "steps").is_symlink()


@pytest.fixture(scope="module")
def fixtures() -> Path:
    return conformance_dir() / "pact-compatibility-suite" / "fixtures"


class TestLoadBody:
    def test_json_cell(self, fixtures: Path) -> None:
        """``JSON: …`` is a JSON body."""
        body = load_body('JSON: { "one": 1 }', fixtures)
        assert (body.value, body.content_type) == ({"one": 1}, "application/json")

    def test_json_fixture(self, fixtures: Path) -> None:
        """``file: x.json`` is read and decoded; the content type comes from the extension."""
        body = load_body("file: basic.json", fixtures)
        assert (body.value, body.content_type) == ({"one": "a", "two": "b"}, "application/json")

    def test_body_description_fixture(self, fixtures: Path) -> None:
        """A ``-body.xml`` fixture gives its own content type and contents."""
        body = load_body("file: xml-body.xml", fixtures)
        assert body.content_type == "application/xml"
        assert body.value.startswith("<?xml") and "<one>A</one>" in body.value

    def test_base64_body_description(self, fixtures: Path) -> None:
        """``encoding="base64"`` contents are decoded; bytes their JSON type cannot parse stay bytes."""
        body = load_body("file: kafka-body.xml", fixtures)
        assert body.value == body.raw and body.raw.startswith(b"\x00\x00\x00\x00\x02{")

    def test_binary_fixture_and_table_content_type(self, fixtures: Path) -> None:
        """Images stay bytes; the table's content type column wins over the extension."""
        body = load_body("file: rat.jpg", fixtures, "application/octet-stream")
        assert body.content_type == "application/octet-stream"
        assert isinstance(body.value, bytes) and body.value[:3] == b"\xff\xd8\xff"

    def test_empty_binary_body_is_zero_bytes(self, fixtures: Path) -> None:
        """``EMPTY`` is a present, empty body, not a missing one."""
        body = load_body("EMPTY", fixtures, "image/jpeg")
        assert body.value == b"" and body.value is not NO_BODY

    def test_plain_text(self, fixtures: Path) -> None:
        """Anything else is text/plain."""
        body = load_body("Hello World", fixtures)
        assert (body.value, body.content_type) == ("Hello World", "text/plain")

    def test_missing_fixture(self, fixtures: Path) -> None:
        """A fixture that does not exist fails the step with its name."""
        with pytest.raises(AssertionError, match="no-such.json"):
            load_body("file: no-such.json", fixtures)


class TestCells:
    def test_json_cell_or_fixture(self, fixtures: Path) -> None:
        """Rules and generators come inline or from a fixture file."""
        assert load_json_cell('JSON: {"a": 1}', fixtures) == {"a": 1}
        assert load_json_cell("randomint-generator.json", fixtures)["body"]["$.one"]["type"] == "RandomInt"

    def test_metadata_values(self) -> None:
        """``JSON:`` values are JSON (escaped quotes allowed); others are text."""
        assert parse_value('JSON: { \\"ID\\": \\"x\\" }') == {"ID": "x"}
        assert parse_value("JSON: 100.5") == 100.5
        assert parse_value("Some Text") == "Some Text"

    def test_headers_and_query(self) -> None:
        """``'X-A: 1', 'X-B: 2'`` and ``a=1&a=2`` become lists of values per name."""
        assert parse_headers("'X-A: 1234', 'X-B: 5'") == {"X-A": ["1234"], "X-B": ["5"]}
        assert parse_query("a=1&b=2&a=3") == {"a": ["1", "3"], "b": ["2"]}


class TestCheckValueType:
    @pytest.mark.parametrize(("kind", "value"), [
        ("integer", 12), ("decimal number", 1.5), ("hexadecimal number", "a1F"), ("random string", "xyz"),
        ("date", "2024-01-31"), ("time", "12:30:00"), ("date-time", "2024-01-31T12:30:00.123+01:00"),
        ("UUID", "123e4567-e89b-12d3-a456-426614174000"), ("simple UUID", "123e4567e89b12d3a456426614174000"),
        ("upper-case-hyphenated UUID", "123E4567-E89B-12D3-A456-426614174000"),
        ("URN UUID", "urn:uuid:123e4567-e89b-12d3-a456-426614174000"), ("boolean", False),
    ])
    def test_accepts(self, kind: str, value: object) -> None:
        """A value of the named kind passes."""
        check_value_type(kind, value)

    @pytest.mark.parametrize(("kind", "value"), [
        ("integer", True), ("integer", 1.5), ("decimal number", 3), ("boolean", "true"), ("date", "31/01/2024"),
        ("simple UUID", "123e4567-e89b-12d3-a456-426614174000"), ("UUID", "123E4567-E89B-12D3-A456-426614174000"),
    ])
    def test_rejects(self, kind: str, value: object) -> None:
        """A value of another kind fails with what was found."""
        with pytest.raises(AssertionError, match="expected a generated"):
            check_value_type(kind, value)

    def test_regex_kind_uses_the_generator_pattern(self) -> None:
        """"string from the regex" is checked against the generator's own regex."""
        check_value_type("string from the regex", "1234", generator={"regex": r"\d{1,8}"})
        with pytest.raises(AssertionError):
            check_value_type("string from the regex", "12a", generator={"regex": r"\d{1,8}"})

    @pytest.mark.parametrize(("kind", "value", "generator"), [
        ("integer", 1001, {"min": 0, "max": 1000}), ("random string", "abc", {"size": 6}),
        ("hexadecimal number", "abc", {"digits": 6}),
    ])
    def test_generator_attributes_are_checked(self, kind: str, value: object, generator: dict) -> None:
        """Range, size and digits of the generator bound the value."""
        with pytest.raises(AssertionError, match="expected a generated"):
            check_value_type(kind, value, generator=generator)
