"""behave hooks for the Pact compatibility suite: a fresh world per scenario, cleaned up after."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any


def before_all(context: Any) -> None:
    fixtures = context.config.userdata.get("fixtures")
    if not fixtures or not Path(fixtures).is_dir():
        raise SystemExit(
            "the compatibility suite's fixtures folder is unknown; run tests/compatibility/run.py "
            "(it passes -D fixtures=<suite>/fixtures to behave)"
        )
    context.fixtures = Path(fixtures)


def before_scenario(context: Any, scenario: Any) -> None:
    # Each scenario gets its own folder for pact files, and a list of things to stop afterwards.
    context.scenario_dir = Path(tempfile.mkdtemp(prefix="pactspec-scenario-"))
    context.cleanups = []


def after_scenario(context: Any, scenario: Any) -> None:
    for cleanup in reversed(context.cleanups):
        cleanup()
    shutil.rmtree(context.scenario_dir, ignore_errors=True)
