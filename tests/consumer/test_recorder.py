"""The recorder as the Python API uses it: write modes and the notices said at the end of a run."""

from __future__ import annotations

from pathlib import Path

import pytest

from pactspec.consumer import Recorder
from pactspec.errors import ConfigurationError
from pactspec.model import AsynchronousMessage, MessageContents
from pactspec.pactfile import load_pact


def message(description: str) -> AsynchronousMessage:
    return AsynchronousMessage(description, MessageContents(body={"n": 1}, content_type="application/json"))


def record(recorder: Recorder, folder: Path, *descriptions: str, consumer: str = "web") -> None:
    for description in descriptions:
        recorder.record(folder, consumer, "users", "4.0", message(description), f"c.yaml:{len(description)}")
    recorder.flush()


class TestRecorder:
    def test_overwrite_replaces_at_its_first_flush_and_merges_later_ones(self, tmp_path: Path) -> None:
        """Recorder(write_mode="overwrite") drops another run's file at its first flush, then merges its own."""
        record(Recorder(run_id="yesterday"), tmp_path, "stale")
        recorder = Recorder(write_mode="overwrite", run_id="today")
        record(recorder, tmp_path, "a")
        record(recorder, tmp_path, "b")
        assert [i.description for i in load_pact(tmp_path / "web-users.json").interactions] == ["a", "b"]
        assert recorder.notices("-D pact_write_mode=overwrite") == []

    def test_notices_name_kept_interactions_once_per_file(self, tmp_path: Path) -> None:
        """After a merging run, one notice per file counts the interactions the run did not write."""
        record(Recorder(run_id="yesterday"), tmp_path, "one", "two", "three", "four")
        recorder = Recorder(run_id="today")
        record(recorder, tmp_path, "new")
        record(recorder, tmp_path, "newer")
        path = (tmp_path / "web-users.json").resolve()
        assert recorder.notices("HOW") == [
            (f"{path} keeps 4 interactions that no scenario in this run wrote ('one', 'two', 'three', …), from "
            "earlier runs or renamed scenarios; to drop them, run with HOW")]

    def test_an_unknown_write_mode_is_refused_when_made(self) -> None:
        """A misspelt write mode is one ConfigurationError naming both modes."""
        with pytest.raises(ConfigurationError, match="'Replace'; give merge"):
            Recorder(write_mode="Replace")  # type: ignore[arg-type]
