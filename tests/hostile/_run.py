"""Run pactspec as a user would, in a subprocess under a hang guard and a memory limit.

Every hostile-input test goes through :func:`run`: a hang guard of 10 seconds of CPU time
(``RLIMIT_CPU``: a busy loop is killed, however loaded the machine, where a wall clock would flake),
a wall-clock time-out for a child that blocks without computing, and ``RLIMIT_AS`` of 1 GiB (an
unbounded allocation fails fast with MemoryError instead of swapping the machine); then
:func:`one_sentence` checks the answer.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["HANG_GUARD", "MEMORY_LIMIT", "REPO", "WALL_LIMIT", "Result", "behave", "cli", "limit_memory",
           "one_sentence", "run", "yaml_contract"]

HANG_GUARD = 10
# A loaded CI machine can take seconds of wall time for one second of CPU; a blocked child still ends.
WALL_LIMIT = 60.0
MEMORY_LIMIT = 1 << 30
REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True, slots=True)
class Result:
    """What the user saw: the exit code and the two streams."""

    code: int
    stdout: str
    stderr: str


def limit_memory() -> None:
    """The child's address space is capped at :data:`MEMORY_LIMIT`, its CPU time at :data:`HANG_GUARD`."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (HANG_GUARD, HANG_GUARD))


def run(argv: Sequence[str], *, cwd: Path, env: Mapping[str, str] | None = None,
        timeout: float = WALL_LIMIT) -> Result:
    """Run ``argv`` in ``cwd``; a hang raises TimeoutExpired or ends the child by SIGXCPU (the test fails)."""
    full_env = {**os.environ, "PACT_DO_NOT_TRACK": "true", **(env or {})}
    done = subprocess.run(list(argv), cwd=cwd, env=full_env, capture_output=True, text=True,
                          timeout=timeout, preexec_fn=limit_memory, check=False)
    return Result(done.returncode, done.stdout, done.stderr)


def cli(*args: str, cwd: Path, env: Mapping[str, str] | None = None, timeout: float = WALL_LIMIT) -> Result:
    """``pactspec ARGS`` (as ``python -m pactspec``, the installed entry point's code)."""
    return run([sys.executable, "-m", "pactspec", *args], cwd=cwd, env=env, timeout=timeout)


def behave(cwd: Path, feature: str, *, env: Mapping[str, str] | None = None) -> Result:
    """``behave`` on one feature file (written to ``cwd/features``) with pactspec's step library."""
    steps = cwd / "features" / "steps"
    steps.mkdir(parents=True, exist_ok=True)
    (steps / "pactspec_steps.py").write_text("from pactspec.steps import *\n")
    (cwd / "features" / "hostile.feature").write_text(feature)
    return run([sys.executable, "-m", "behave", "--no-capture", "--format", "plain", "--no-color", "features"],
               cwd=cwd, env={"PYTHONPATH": f"{REPO}{os.pathsep}{cwd}", **(env or {})})


def yaml_contract(folder: Path, message: str, name: str = "c.yaml") -> Path:
    """A YAML contract with one message "an event" whose part ``message`` (YAML, 4-space indented) is given."""
    path = folder / name
    path.write_text("consumer: a\nprovider: b\nmessages:\n  - description: an event\n"
                    f"{message}    handler: handlers:handle\n")
    return path


def one_sentence(result: Result, code: int, *words: str) -> str:
    """Assert exit ``code``, no traceback, and an error holding ``words``; the error line is returned."""
    both = result.stdout + result.stderr
    assert "Traceback" not in both, both[-3000:]
    assert result.code == code, (result.code, both[-3000:])
    lines = [line for line in both.splitlines() if all(w in line for w in words)]
    assert lines, (words, both[-3000:])
    return lines[0]
