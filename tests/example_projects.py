"""The example projects in tests/examples, copied to a temporary folder and run by behave as a user would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

__all__ = ["REPO", "assert_example_passes", "run_example"]

REPO = Path(__file__).resolve().parents[1]


def run_example(name: str, tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Copy tests/examples/NAME (without its pacts) to ``tmp_path / NAME`` and run behave there with ``env`` added."""
    example = tmp_path / name
    shutil.copytree(REPO / "tests" / "examples" / name, example, ignore=shutil.ignore_patterns("pacts", "__pycache__"))
    return subprocess.run(
        [sys.executable, "-m", "behave", "--no-capture", "--format", "plain", "features"],
        cwd=example,
        env={**os.environ, "PYTHONPATH": str(REPO), **env},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def assert_example_passes(name: str, tmp_path: Path, env: dict[str, str], *, scenarios: int, pact: str) -> None:
    """The example's ``scenarios`` scenarios all pass and its consumer scenarios write ``pacts/PACT``."""
    result = run_example(name, tmp_path, env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{scenarios} scenarios passed, 0 failed" in result.stdout
    assert (tmp_path / name / "pacts" / pact).is_file()
