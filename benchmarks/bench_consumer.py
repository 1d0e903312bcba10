"""Benchmark: a generated feature of 1,000 consumer scenarios → one pact file, as a whole `behave` process.

Each scenario is the issue's user event (provider state with a parameter, metadata with a regex,
four content rows) with its own description, handled by a real handler. The time is wall-clock for
the whole process (interpreter start, behave, 1,000 example checks and handler calls, the pact file
written), best of three runs; the CPU time of the same process is printed too, because wall clock
on a shared machine also counts time spent waiting for a processor.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SCENARIOS = 1000
TARGET_SECONDS = 3.0
REPO = Path(__file__).resolve().parent.parent

SCENARIO = r"""
  Scenario: user event {n}
    Given the provider state "User with id {n} exists" with:
      | id  |
      | {n} |
    When the message "user event {n}" is received
    And the message metadata is:
      | key          | value            | matcher              |
      | Content-Type | application/json |                      |
      | topic        | users.v1         | regex users\.v[0-9]+ |
    Then the content matches:
      | path       | example    | matcher        |
      | $.datetime | 2020-01-01 | regex [0-9\-]+ |
      | $.name     | Billy      | type           |
      | $.lastName | Sampson    | type           |
      | $.id       | {n}        | integer        |
    And it is handled by "handlers:handle_user"
"""


def build(folder: Path) -> None:
    (folder / "features" / "steps").mkdir(parents=True)
    (folder / "features" / "steps" / "pactspec_steps.py").write_text("from pactspec.steps import *\n")
    (folder / "handlers.py").write_text(
        "def handle_user(message):\n"
        "    if message.body['id'] < 0:\n"
        "        raise ValueError('invalid user id')\n"
    )
    header = 'Feature: many user events\n  Background:\n    Given "user-service" consumes messages from "user-events"\n'
    text = header + "".join(SCENARIO.format(n=n) for n in range(1, SCENARIOS + 1))
    (folder / "features" / "users.feature").write_text(text)


def run_once(folder: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one whole behave process."""
    pacts = folder / "pacts"
    if pacts.exists():
        for path in pacts.iterdir():
            path.unlink()
    env = {**os.environ, "PYTHONPATH": str(REPO), "PACT_DO_NOT_TRACK": "true"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "behave", "--format", "null", "--no-summary", "features"],
                          check=False, cwd=folder, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(1)
    written = json.loads((pacts / "user-service-user-events.json").read_text())
    if len(written["interactions"]) != SCENARIOS:
        sys.stderr.write(f"expected {SCENARIOS} interactions, found {len(written['interactions'])}\n")
        raise SystemExit(1)
    return elapsed, cpu


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="pactspec-bench-consumer-") as tmp:
        folder = Path(tmp)
        build(folder)
        runs = [run_once(folder) for _ in range(3)]
    wall = min(r[0] for r in runs)
    cpu = min(r[1] for r in runs)
    for what, seconds in (("wall clock", wall), ("CPU time, user + system", cpu)):
        verdict = "ok" if seconds <= TARGET_SECONDS else "MISSED"
        print(f"| consumer: {SCENARIOS:,} Gherkin scenarios → pact file (whole behave process, {what}) "
              f"| {seconds:.2f} s | ≤ {TARGET_SECONDS:g} s | {verdict} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
