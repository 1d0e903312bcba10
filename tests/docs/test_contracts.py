"""YAML contracts as the source of their interactions in the docs (pactspec.docs._contracts)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from pactspec.docs._contracts import load_contract_sources
from pactspec.errors import ContractSyntaxError, InputError

CONTRACT = """\
# orders, as the team wrote them
consumer: shipping
provider: orders
messages:
  - description: an order created event
    given: an order exists
    content:
      $.id: {example: 1, matcher: integer}
    handler: shipping.consumer:on_created

  # the second one
  - description: an order cancelled event
    content:
      $.reason: {example: late, matcher: type}
    handler: shipping.consumer:on_cancelled
"""


@pytest.fixture
def contracts(tmp_path: Path) -> Path:
    (tmp_path / "contracts" / "more").mkdir(parents=True)
    (tmp_path / "contracts" / "orders.yaml").write_text(CONTRACT)
    (tmp_path / "contracts" / "more" / "flow.yml").write_text(
        "consumer: a\nprovider: b\nmessages: [{description: inline, handler: 'm:f'}]\n")
    return tmp_path / "contracts"


class TestLoadContractSources:
    def test_each_entry_is_found_at_the_line_pactspec_run_records(self, contracts: Path) -> None:
        """The source recorded by `pactspec run` (the - description: line) finds the entry, with any prefix."""
        index = load_contract_sources([contracts])
        for file in ("contracts/orders.yaml", str(contracts / "orders.yaml"), "orders.yaml"):
            assert index.at(file, 5).name == "an order created event"
        assert index.at("orders.yaml", 12).name == "an order cancelled event"
        assert index.at("orders.yaml", 6) is None
        assert index.at("more/flow.yml", 3).name == "inline"

    def test_the_text_is_the_entry_as_written(self, contracts: Path) -> None:
        """The shown text is the list item from its dash to its last line; comments after it belong to the next."""
        index = load_contract_sources([contracts])
        assert index.at("orders.yaml", 5).text == textwrap.dedent("""\
            - description: an order created event
              given: an order exists
              content:
                $.id: {example: 1, matcher: integer}
              handler: shipping.consumer:on_created""")
        last = index.at("orders.yaml", 12)
        assert last.text.splitlines()[0] == "- description: an order cancelled event"
        assert last.text.splitlines()[-1] == "  handler: shipping.consumer:on_cancelled"
        assert (last.language, last.feature) == ("yaml", "shipping → orders")
        assert index.at("more/flow.yml", 3).text == "{description: inline, handler: 'm:f'}"

    def test_a_v3_pact_without_sources_finds_the_entry_by_message_and_pair(self, contracts: Path) -> None:
        """Without a recorded source, the message's description and its consumer-provider pair find the entry."""
        index = load_contract_sources([contracts / "orders.yaml"])
        assert index.for_message("an order cancelled event", "shipping", "orders").line == 12
        assert index.for_message("an order cancelled event", "someone", "else") is None

    def test_tags_are_never_constructed(self, tmp_path: Path) -> None:
        """A tag that would build a Python object is read as text, never run."""
        path = tmp_path / "c.yaml"
        path.write_text("consumer: a\nprovider: b\nmessages:\n  - description: !!python/object/apply:os.system "
                        "['touch pwned']\n    handler: m:f\n")
        index = load_contract_sources([path])
        entry = index.at("c.yaml", 4)
        assert entry.name == "" and "!!python/object/apply:os.system" in entry.text
        assert not (tmp_path / "pwned").exists() and not Path("pwned").exists()

    def test_unparsable_yaml_is_one_located_sentence(self, tmp_path: Path) -> None:
        """YAML that cannot be parsed names the file and line and the way out."""
        path = tmp_path / "bad.yaml"
        path.write_text("consumer: a\nmessages:\n  - description: [unclosed\n")
        with pytest.raises(ContractSyntaxError, match=r"bad.yaml:4: this YAML cannot be parsed .*--contracts folder"):
            load_contract_sources([path])

    def test_a_missing_path_says_what_to_give(self, tmp_path: Path) -> None:
        """A --contracts path that does not exist is an InputError naming it."""
        with pytest.raises(InputError, match="nope: no such file or folder; give --contracts"):
            load_contract_sources([tmp_path / "nope"])
