"""Item 7 of the hostile-input issue: pact files' lock and temporary files."""

from __future__ import annotations

from pathlib import Path

from tests.hostile._run import cli, one_sentence, yaml_contract

CONTENT = "    content:\n      $.id: {example: 1, matcher: integer}\n"


def test_a_planted_lock_symlink_is_not_followed(work: Path) -> None:
    """A symlink at .a-b.json.lock pointing outside the pact folder exits 2 and creates nothing there."""
    yaml_contract(work, CONTENT)
    (work / "pacts").mkdir()
    (work / "pacts" / ".a-b.json.lock").symlink_to(work / "outside")
    one_sentence(cli("run", "c.yaml", "--pact-dir", "pacts", cwd=work), 2, ".a-b.json.lock", "symbolic link")
    assert not (work / "outside").exists()


def test_another_pacts_temporary_file_is_kept(work: Path) -> None:
    """Stale-temporary cleanup for a-b.json leaves a-b.json.x.json's temporary file alone."""
    yaml_contract(work, CONTENT)
    (work / "pacts").mkdir()
    other = work / "pacts" / ".a-b.json.x.json.0123456789ab.tmp"
    other.write_text("{}")
    result = cli("run", "c.yaml", "--pact-dir", "pacts", cwd=work)
    assert result.code == 0, result.stdout + result.stderr
    assert other.exists() and (work / "pacts" / "a-b.json").exists()
