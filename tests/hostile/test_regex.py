"""Item 4 of the hostile-input issue (5 in the brief): every contract regex runs in bounded time."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from tests.hostile._run import cli, one_sentence

SLOW = r"\d{1,60000}\d{1,60000}\d{1,60000}x"  # not flagged as risky, but cubic on a long value

APP = '''
from pactspec.provider import producer

for number in range(200):
    producer(f"event {number}")(lambda: {"v": "1" * 50_000})
'''


def _pact(folder: Path, count: int, pattern: str) -> None:
    rule = {"body": {"$.v": {"combine": "AND", "matchers": [{"match": "regex", "regex": pattern}]}}}
    interactions: list[dict[str, Any]] = [
        {"type": "Asynchronous/Messages", "description": f"event {number}", "key": f"k{number}",
         "contents": {"contentType": "application/json", "encoded": False, "content": {"v": "12x"}},
         "matchingRules": rule}
        for number in range(count)
    ]
    (folder / "a-b.json").write_text(json.dumps({
        "consumer": {"name": "a"}, "provider": {"name": "b"}, "interactions": interactions,
        "metadata": {"pactSpecification": {"version": "4.0"}}}))
    (folder / "slow_app.py").write_text(APP)


def test_an_unflagged_slow_regex_is_cut_off(tmp_path: Path) -> None:
    """Three sequential bounded repeats on 50k digits end after the time limit with a sentence (exit 1)."""
    _pact(tmp_path, 1, SLOW)
    result = cli("verify", "a-b.json", "--app", "slow_app", "--path", ".", cwd=tmp_path)
    one_sentence(result, 1, "took longer than 1s", "50000-character value")


def test_nested_bounded_repeats_are_cut_off(tmp_path: Path) -> None:
    """Eight nested {0,3} on a 61-character value end after the time limit with a sentence (exit 1)."""
    _pact(tmp_path, 1, "(" * 8 + "[0-9]" + "{0,3})" * 8 + "x")
    (tmp_path / "slow_app.py").write_text(APP.replace('"1" * 50_000', '"1" * 61'))
    one_sentence(cli("verify", "a-b.json", "--app", "slow_app", "--path", ".", cwd=tmp_path), 1,
                 "took longer than 1s", "61-character value")


def test_the_run_budget_makes_the_rest_fail_fast(tmp_path: Path) -> None:
    """200 interactions with one slow regex each stop costing time once PACTSPEC_REGEX_BUDGET is spent."""
    _pact(tmp_path, 200, SLOW)
    started = time.monotonic()
    result = cli("verify", "a-b.json", "--app", "slow_app", "--path", ".", cwd=tmp_path,
                 env={"PACTSPEC_REGEX_BUDGET": "2"})
    one_sentence(result, 1, "regex time budget of 2s", "PACTSPEC_REGEX_BUDGET")
    assert time.monotonic() - started < 45
