"""`pactspec run` as a user runs it: write modes across runs and processes, notices in the summary."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def accept(message: object) -> None:
    """A consumer handler that accepts every message."""


def contract(folder: Path, *descriptions: str, consumer: str = "web") -> Path:
    messages = "".join(f"""
      - description: {description}
        content:
          $.id: {{example: 1, matcher: integer}}
        handler: tests.cli.test_run:accept
    """ for description in descriptions)
    path = folder / f"{'-'.join(descriptions)}.yaml"
    path.write_text(f"consumer: {json.dumps(consumer)}\nprovider: users\nmessages:\n"
                    + textwrap.dedent(messages))
    return path


def run(folder: Path, *args: str, run_id: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PACTSPEC_RUN_ID"}
    env["PYTHONPATH"] = str(REPO)
    if run_id is not None:
        env["PACTSPEC_RUN_ID"] = run_id
    return subprocess.run([sys.executable, "-m", "pactspec", "run", *args, "--pact-dir", "pacts"], cwd=folder,
                          env=env, capture_output=True, text=True, timeout=60, check=False)


def descriptions(folder: Path, name: str = "web-users.json") -> list[str]:
    return [i["description"] for i in json.loads((folder / "pacts" / name).read_text())["interactions"]]


class TestWriteMode:
    def test_merge_is_the_default_and_the_summary_names_what_was_kept(self, tmp_path: Path) -> None:
        """A renamed message stays in the pact under merge, and the summary says so once with the way out."""
        assert run(tmp_path, str(contract(tmp_path, "old name"))).returncode == 0
        done = run(tmp_path, str(contract(tmp_path, "new name")))
        assert done.returncode == 0, done.stdout + done.stderr
        assert descriptions(tmp_path) == ["old name", "new name"]
        notes = [line for line in done.stdout.splitlines() if line.startswith("note")]
        assert notes == [(f"note   {tmp_path / 'pacts' / 'web-users.json'} keeps 1 interaction that no scenario "
                         "in this run wrote ('old name'), from earlier runs or renamed scenarios; to drop them, run "
                         "with --pact-write-mode overwrite")]
        assert done.stdout.index("note") < done.stdout.index("1 passed")

    def test_overwrite_replaces_what_an_earlier_run_wrote(self, tmp_path: Path) -> None:
        """Two runs without PACTSPEC_RUN_ID are two runs: the second, in overwrite mode, replaces the file."""
        assert run(tmp_path, str(contract(tmp_path, "first")), "--pact-write-mode", "overwrite").returncode == 0
        done = run(tmp_path, str(contract(tmp_path, "second")), "--pact-write-mode", "overwrite")
        assert done.returncode == 0, done.stdout + done.stderr
        assert descriptions(tmp_path) == ["second"]
        assert "note" not in done.stdout

    def test_processes_sharing_a_run_id_merge_after_the_first_write(self, tmp_path: Path) -> None:
        """With one PACTSPEC_RUN_ID, the first process replaces the old file and the next one merges into it."""
        assert run(tmp_path, str(contract(tmp_path, "stale"))).returncode == 0
        for name in ("from job 1", "from job 2"):
            done = run(tmp_path, str(contract(tmp_path, name)), "--pact-write-mode", "overwrite", run_id="ci-1234")
            assert done.returncode == 0, done.stdout + done.stderr
            assert "note" not in done.stdout
        assert descriptions(tmp_path) == ["from job 1", "from job 2"]
        done = run(tmp_path, str(contract(tmp_path, "next pipeline")), "--pact-write-mode", "overwrite",
                   run_id="ci-1235")
        assert done.returncode == 0
        assert descriptions(tmp_path) == ["next pipeline"]

    def test_an_unknown_mode_is_a_usage_error(self, tmp_path: Path) -> None:
        """--pact-write-mode accepts merge or overwrite only, exit 2 before anything runs."""
        done = run(tmp_path, str(contract(tmp_path, "m")), "--pact-write-mode", "replace")
        assert done.returncode == 2
        assert "invalid choice: 'replace' (choose from 'merge', 'overwrite')" in done.stderr
        assert not (tmp_path / "pacts").exists()


class TestFileNames:
    def test_a_name_with_dots_and_slashes_is_written_visibly_and_said(self, tmp_path: Path) -> None:
        """A consumer called ../../etc is written to pacts/etc-users.json, and the run says so in one line."""
        done = run(tmp_path, str(contract(tmp_path, "m", consumer="../../etc")))
        assert done.returncode == 0, done.stdout + done.stderr
        assert sorted(p.name for p in (tmp_path / "pacts").iterdir() if p.suffix == ".json") == ["etc-users.json"]
        assert (f"note   the pact '../../etc' -> 'users' is written to {tmp_path / 'pacts' / 'etc-users.json'}: "
                "the names are changed to make a visible file name inside the pact folder") in done.stdout.splitlines()
        assert not list(tmp_path.glob("pacts/.*.json"))
