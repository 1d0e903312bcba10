"""Feature files for the docs: scenarios by location and by message (pactspec.docs._features)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pactspec.docs._features import load_features
from pactspec.errors import ContractSyntaxError, InputError
from pactspec.sources import scenario_locations

FIXTURES = Path(__file__).parents[1] / "fixtures" / "docs" / "features"


@pytest.fixture(scope="module")
def index():
    return load_features(FIXTURES)


class TestAt:
    def test_any_prefix_finds_the_file(self, index):
        """features/users.feature:6, an absolute path or the bare name all find the scenario."""
        for file in ("features/users.feature", str(FIXTURES / "users.feature"), "users.feature"):
            assert index.at(file, 6).name == "a user event"

    def test_wrong_line_or_file(self, index):
        assert index.at("users.feature", 7) is None
        assert index.at("orders.feature", 6) is None


class TestForMessage:
    def test_same_pair_preferred(self, index):
        assert index.for_message("a user lookup", "user-service", "user-events").line == 23

    def test_other_pair_not_matched(self, index):
        """A scenario of another consumer/provider pair with the same message is not taken."""
        assert index.for_message("a user lookup", "someone", "else") is None

    def test_unknown_message(self, index):
        assert index.for_message("no such message", "user-service", "user-events") is None


class TestScenarioText:
    def test_docstring_and_tables_as_written(self, index):
        text = index.at("users.feature", 23).text
        assert text.splitlines() == [
            "@users",
            "Background:",
            '  Given "user-service" consumes messages from "user-events"',
            "Scenario: a user lookup",
            '  Given the provider state "User with id 127 exists" with:',
            "    | id  |",
            "    | 127 |",
            '  When the request message "a user lookup" is sent',
            "  Then the response message content is:",
            '    """',
            '    {"id": 127, "name": "Billy"}',
            '    """',
        ]

    def test_outline_rows_are_scenarios(self, tmp_path):
        """Each Examples row of an outline is found at its own line, with its values filled in."""
        (tmp_path / "o.feature").write_text(
            "Feature: F\n  Scenario Outline: event <n>\n    When the message \"m <n>\" is received\n"
            "    Examples:\n      | n |\n      | 1 |\n      | 2 \\| 3 |\n")
        index = load_features(tmp_path)
        first, second = index.at("o.feature", 6), index.at("o.feature", 7)
        assert first.name == "event 1"
        assert 'When the message "m 1" is received' in first.text
        assert second.name == "event 2 | 3"
        assert index.for_message("m 2 | 3", "c", "p") is second


class TestErrors:
    def test_unparseable_feature_names_file_and_line(self, tmp_path):
        (tmp_path / "bad.feature").write_text("Feature: x\n  Scenario: y\n    Given ok\n    Givven bad\n")
        with pytest.raises(ContractSyntaxError, match=r"bad.feature:4: behave cannot parse this feature file"):
            load_features(tmp_path)

    def test_missing_folder(self, tmp_path):
        with pytest.raises(InputError, match="no such features folder"):
            load_features(tmp_path / "nope")


class TestLocations:
    @pytest.mark.parametrize("comments, expected", [
        ({"text": ["source: features/users.feature:12"]}, [("features/users.feature", 12)]),
        ({"testname": "a.feature:3"}, [("a.feature", 3)]),
        ({"scenario": {"file": "x/b.feature", "line": 9}}, [("x/b.feature", 9)]),
        ({"text": ["no location here"]}, []),
        ({}, []),
    ])
    def test_found_in_comments(self, comments, expected):
        """file.feature:line is read from V4 comments wherever the writer put it."""
        assert scenario_locations(comments) == expected


def test_importing_the_docs_does_not_load_behave():
    """pactspec.docs is imported without behave; only load_features loads its parser."""
    code = "import sys, pactspec, pactspec.docs, pactspec.cli.commands.docs; assert 'behave' not in sys.modules"
    result = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True,
                            cwd=Path(__file__).parents[2])
    assert result.returncode == 0, result.stderr


def test_rule_background_is_part_of_the_scenario(tmp_path):
    """A scenario under a Rule shows the feature's and the rule's background, and takes their pair."""
    (tmp_path / "r.feature").write_text(
        'Feature: F\n  Background:\n    Given "c" consumes messages from "p"\n'
        '  Rule: R\n    Background:\n      Given the provider state "s"\n'
        '    Scenario: S\n      When the message "m" is received\n')
    index = load_features(tmp_path)
    scenario = index.for_message("m", "c", "p")
    assert scenario is not None and scenario.line == 7
    assert 'Given "c" consumes messages from "p"' in scenario.text
    assert 'Given the provider state "s"' in scenario.text
