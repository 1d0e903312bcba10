"""Item 1 of the hostile-input issue: generated sizes are capped before anything is generated."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.hostile._run import cli, one_sentence


def _contract(folder: Path, entry: str) -> Path:
    path = folder / "c.yaml"
    path.write_text("consumer: a\nprovider: b\nmessages:\n  - description: an event\n"
                    f"    content:\n      {entry}\n    handler: handlers:handle\n")
    return path


def _pact(folder: Path, interaction: dict[str, Any]) -> Path:
    path = folder / "a-b.json"
    base = {"type": "Asynchronous/Messages", "description": "an event", "key": "k",
            "contents": {"contentType": "application/json", "encoded": False, "content": {"items": ["x"]}}}
    path.write_text(json.dumps({"consumer": {"name": "a"}, "provider": {"name": "b"},
                                "interactions": [{**base, **interaction}],
                                "metadata": {"pactSpecification": {"version": "4.0"}}}))
    return path


def test_regex_generator_repeat_is_refused_when_the_contract_is_read(work: Path) -> None:
    """A YAML generator 'regex [a-z]{99999999}' exits 2 naming the size and the limit, without hanging."""
    _contract(work, "$.name: {example: abc, matcher: 'regex [a-z]+', generator: 'regex [a-z]{99999999}'}")
    line = one_sentence(cli("run", "c.yaml", "--pact-dir", "pacts", cwd=work), 2, "99,999,999", "100,000")
    assert "c.yaml" in line


def test_each_like_min_is_refused_when_the_contract_is_read(work: Path) -> None:
    """'each like min 1000000000' exits 2 naming the element count and the limit, in bounded memory."""
    _contract(work, "$.items: {example: 1, matcher: each like min 1000000000}")
    one_sentence(cli("run", "c.yaml", "--pact-dir", "pacts", cwd=work), 2, "1,000,000,000", "10,000")


def test_stub_refuses_a_huge_regex_generator_before_contacting_the_transport(work: Path) -> None:
    """`pactspec stub` reading another team's pact with a huge Regex generator exits 2 naming the path."""
    _pact(work, {"generators": {"body": {"$.items[0]": {"type": "Regex", "regex": "[a-z]{99999999}"}}}})
    result = cli("stub", "--pacts", "a-b.json", "--to", "amqp://guest:guest@127.0.0.1:9/?exchange=x", cwd=work)
    one_sentence(result, 2, "$.items[0]", "99,999,999", "100,000")


def test_a_large_min_is_still_verified(work: Path) -> None:
    """A pact rule 'min 1000000' is counted, not generated: verify reports the short array (exit 1)."""
    _pact(work, {"matchingRules": {"body": {"$.items": {"combine": "AND",
                                                       "matchers": [{"match": "type", "min": 1000000}]}}}})
    result = cli("verify", "a-b.json", "--app", "app", "--path", ".", cwd=work)
    one_sentence(result, 1, "1000000")
