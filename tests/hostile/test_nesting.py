"""Item 2 of the hostile-input issue: deep nesting gives one sentence with the depth limit."""

from __future__ import annotations

from pathlib import Path

from tests.hostile._run import behave, cli, one_sentence, yaml_contract

DEEP_JSON = "[" * 5000 + "]" * 5000

FEATURE = '''Feature: deep
  Scenario: deep
    Given "a" consumes messages from "b"
    When the message "an event" is received
{then}
    And it is handled by "handlers:handle"
'''


def test_json_5000_deep_in_a_yaml_body(work: Path) -> None:
    """A YAML 'body' holding JSON 5,000 levels deep exits 2 naming the file, the depth and the limit."""
    yaml_contract(work, f"    body: '{DEEP_JSON}'\n")
    one_sentence(cli("run", "c.yaml", cwd=work), 2, "c.yaml:", "5,000 levels,", "limit of 100")


def test_a_yaml_document_100k_deep(work: Path) -> None:
    """A YAML document nested 100,000 levels deep exits 2 at its line with the limit."""
    yaml_contract(work, "    content: " + "[" * 100_000 + "]" * 100_000 + "\n")
    one_sentence(cli("run", "c.yaml", cwd=work), 2, "c.yaml:5", "more than 100 levels deep")


def test_json_5000_deep_in_a_table_cell(work: Path) -> None:
    """A Gherkin table cell holding JSON 5,000 levels deep fails its step with the depth and the limit."""
    then = f"    Then the content matches:\n      | path | example |\n      | $.x  | {DEEP_JSON} |"
    one_sentence(behave(work, FEATURE.format(then=then)), 1, "5,000 levels,", "limit of 100")


def test_json_5000_deep_in_a_docstring(work: Path) -> None:
    """A docstring holding JSON 5,000 levels deep fails its step with the depth and the limit."""
    then = f'    Then the content is:\n      """\n      {DEEP_JSON}\n      """'
    one_sentence(behave(work, FEATURE.format(then=then)), 1, "5,000 levels,", "limit of 100")
