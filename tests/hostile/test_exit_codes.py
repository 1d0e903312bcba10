"""Item 6 of the hostile-input issue: the right exit code and a sentence that says what is wrong."""

from __future__ import annotations

import json
import os
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


def test_an_app_raising_a_base_exception_at_import(work: Path) -> None:
    """An --app module raising a BaseException subclass at import (as pytest.skip does) exits 2 naming it."""
    (work / "skipping.py").write_text("class Skipped(BaseException):\n    pass\n\nraise Skipped('not today')\n")
    _pact(work, json.dumps({"consumer": {"name": "a"}, "provider": {"name": "b"}, "interactions": [],
                            "metadata": {"pactSpecification": {"version": "4.0"}}}))
    one_sentence(cli("verify", "a-b.json", "--app", "skipping", "--path", ".", cwd=work), 2,
                 "'skipping'", "Skipped: not today")


def test_a_fifo_is_not_a_pact_file(work: Path) -> None:
    """A FIFO given as a pact file exits 2 saying it is not a file, instead of waiting for a writer."""
    os.mkfifo(work / "pipe.json")
    one_sentence(cli("verify", "pipe.json", "--app", "app", "--path", ".", cwd=work), 2, "pipe.json", "not a file")


def test_dev_zero_is_not_a_pact_file(work: Path) -> None:
    """/dev/zero given as a pact file exits 2 saying it is not a file, instead of reading for ever."""
    one_sentence(cli("verify", "/dev/zero", "--app", "app", "--path", ".", cwd=work), 2, "/dev/zero", "not a file")
