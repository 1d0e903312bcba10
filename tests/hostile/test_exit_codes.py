"""Item 6 of the hostile-input issue: the right exit code and a sentence that says what is wrong."""

from __future__ import annotations

import json
from pathlib import Path

from tests.hostile._run import cli, one_sentence


def _pact(folder: Path, text: str) -> None:
    (folder / "a-b.json").write_text(text)


def test_null_interactions_is_bad_input(work: Path) -> None:
    """"interactions": null exits 2 naming the field, not 1 with "hold no interactions"."""
    _pact(work, json.dumps({"consumer": {"name": "a"}, "provider": {"name": "b"}, "interactions": None,
                            "metadata": {"pactSpecification": {"version": "4.0"}}}))
    one_sentence(cli("verify", "a-b.json", "--app", "app", "--path", ".", cwd=work), 2,
                 "$.interactions", "got null")


def test_a_number_too_large_for_json_is_refused(work: Path) -> None:
    """1e400 in a pact is refused like NaN (exit 2), not read as Infinity."""
    _pact(work, '{"consumer": {"name": "a"}, "provider": {"name": "b"}, "interactions": [{"type": '
                '"Asynchronous/Messages", "description": "an event", "contents": {"content": {"x": 1e400}}}], '
                '"metadata": {"pactSpecification": {"version": "4.0"}}}')
    one_sentence(cli("verify", "a-b.json", "--app", "app", "--path", ".", cwd=work), 2, "1e400", "Infinity")
