"""Fixtures for the whole suite."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pactspec.regex._safe import _WORKER

# pytest's own fixture for testing plugins: tests/pytest/ runs pactspec's plugin in inner pytest sessions.
pytest_plugins = ["pytester"]


@pytest.fixture(autouse=True)
def _fresh_regex_budget() -> Iterator[None]:
    """Each test is its own run for PACTSPEC_REGEX_BUDGET: time-limit tests must not use up the next tests' budget."""
    _WORKER.spent = 0.0
    yield
