"""The README's AsyncAPI section runs as written: its document, its consumer scenario and the check's output."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import markdown_it
import pytest

from pactspec.cli import main

REPO = Path(__file__).resolve().parents[2]


def section_blocks() -> dict[str, str]:
    """The fenced blocks of the README's "AsyncAPI" section, by language."""
    tokens = markdown_it.MarkdownIt("commonmark").parse((REPO / "README.md").read_text())
    blocks: dict[str, str] = {}
    inside = False
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2":
            inside = tokens[index + 1].content == "AsyncAPI"
        elif inside and token.type == "fence":
            blocks[token.info.strip()] = token.content
    return blocks


def _run_the_scenario(tmp_path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Write the section's document, feature and handler into ``tmp_path`` and run behave there (it must
    pass); the section's blocks and the environment it ran with."""
    blocks = section_blocks()
    (tmp_path / "asyncapi.yaml").write_text(blocks["yaml"])
    (tmp_path / "features" / "steps").mkdir(parents=True)
    (tmp_path / "features" / "steps" / "pactspec_steps.py").write_text("from pactspec.steps import *\n")
    (tmp_path / "features" / "users.feature").write_text(blocks["gherkin"])
    (tmp_path / "users.py").write_text("def handle(message):\n    pass\n")
    env = {**os.environ, "PYTHONPATH": f"{REPO}{os.pathsep}{tmp_path}", "PACT_DO_NOT_TRACK": "true"}
    done = subprocess.run([sys.executable, "-m", "behave", "--format", "plain", "--no-color", "features"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return blocks, env


def test_the_readme_example_catches_the_removed_field(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """The scenario writes the reference; the check on the document prints the README's lines and exits 1."""
    blocks, _ = _run_the_scenario(tmp_path)
    monkeypatch.chdir(tmp_path)
    command, *expected = blocks["console"].splitlines()
    assert main(command.removeprefix("$ pactspec ").split()) == 1
    duration = re.compile(r" in [0-9.]+m?s$")
    assert [duration.sub("", line) for line in capsys.readouterr().out.splitlines()] == [
        duration.sub("", line) for line in expected]


def test_the_readme_export_import_and_docs_commands_run(tmp_path: Path) -> None:
    """The section's `sh` block runs as written on its example: the export checks clean once the contract names
    the operation, the import writes the contract and the feature, the docs show the schema."""
    blocks, env = _run_the_scenario(tmp_path)
    for line in blocks["sh"].splitlines():
        ran = subprocess.run([sys.executable, "-m", *line.split()], cwd=tmp_path, env=env, capture_output=True,
                             text=True, timeout=120, check=False)
        assert ran.returncode == 0, f"{line}: {ran.stdout}{ran.stderr}"
    export = (tmp_path / "asyncapi-export.yaml").read_text()
    assert "onUserSignedUp:" in export and "lastName:" in export
    checked = subprocess.run([sys.executable, "-m", "pactspec", "asyncapi", "check", "pacts", "--spec",
                              "asyncapi-export.yaml"], cwd=tmp_path, env=env, capture_output=True, text=True,
                             timeout=120, check=False)
    assert checked.returncode == 0, checked.stdout
    assert "operationId: onUserSignedUp" in (tmp_path / "contracts" / "user-service-user-events.yaml").read_text()
    assert list((tmp_path / "features" / "imported").glob("*.feature"))
    assert "schema cards" in (tmp_path / "site" / "user-service--user-events.html").read_text()
