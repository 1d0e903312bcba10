"""Run pactspec as a user would, in a subprocess under a hang guard and a memory limit.

Every hostile-input test goes through :func:`run`: a 10-second time-out (a hang fails the test
instead of the suite) and ``RLIMIT_AS`` of 1 GiB (an unbounded allocation fails fast with
MemoryError instead of swapping the machine), then :func:`one_sentence` checks the answer.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["HANG_GUARD", "MEMORY_LIMIT", "REPO", "Result", "cli", "limit_memory", "one_sentence", "run"]

HANG_GUARD = 10.0
MEMORY_LIMIT = 1 << 30
REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True, slots=True)
class Result:
    """What the user saw: the exit code and the two streams."""

    code: int
    stdout: str
    stderr: str


def limit_memory() -> None:
    """The child's address space is capped at :data:`MEMORY_LIMIT` (run before exec)."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run(argv: Sequence[str], *, cwd: Path, env: Mapping[str, str] | None = None,
        timeout: float = HANG_GUARD) -> Result:
    """Run ``argv`` in ``cwd``; a hang past ``timeout`` seconds raises TimeoutExpired (the test fails)."""
    full_env = {**os.environ, "PACT_DO_NOT_TRACK": "true", **(env or {})}
    done = subprocess.run(list(argv), cwd=cwd, env=full_env, capture_output=True, text=True,
                          timeout=timeout, preexec_fn=limit_memory, check=False)
    return Result(done.returncode, done.stdout, done.stderr)


def cli(*args: str, cwd: Path, env: Mapping[str, str] | None = None, timeout: float = HANG_GUARD) -> Result:
    """``pactspec ARGS`` (as ``python -m pactspec``, the installed entry point's code)."""
    return run([sys.executable, "-m", "pactspec", *args], cwd=cwd, env=env, timeout=timeout)


def one_sentence(result: Result, code: int, *words: str) -> str:
    """Assert exit ``code``, no traceback, and an error holding ``words``; the error line is returned."""
    both = result.stdout + result.stderr
    assert "Traceback" not in both, both[-3000:]
    assert result.code == code, (result.code, both[-3000:])
    lines = [line for line in both.splitlines() if all(w in line for w in words)]
    assert lines, (words, both[-3000:])
    return lines[0]
