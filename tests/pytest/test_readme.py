"""README's "With pytest" section runs as written: its consumer test writes the pact its provider test verifies."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _blocks() -> list[str]:
    text = (ROOT / "README.md").read_text()
    section = text.split("### With pytest\n", 1)[1].split("\n### ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, re.DOTALL)


def test_the_consumer_and_provider_examples_run_as_written(pytester: pytest.Pytester) -> None:
    """The consumer example writes the pact; the provider example verifies it against the bundled producer."""
    consumer, provider = _blocks()
    # Not the README's file names: the outer session has imported examples/test_user_events.py already.
    pytester.makepyfile(test_readme_consumer=consumer)
    pytester.runpytest().assert_outcomes(passed=1)
    assert (pytester.path / "pacts" / "user-service-user-events.json").is_file()
    (pytester.path / "test_readme_consumer.py").unlink()
    pytester.makepyfile(test_readme_provider=provider)
    pytester.syspathinsert(ROOT / "features" / "app")
    result = pytester.runpytest("-v")
    result.assert_outcomes(passed=1)
    expected = "test_readme_provider.py::test_user_events[[]user-service -> user-events: a user event [[]User with id 127 exists]]"
    result.stdout.fnmatch_lines([f"{expected} PASSED*"])
