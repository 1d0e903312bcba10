"""The broker tests' own helpers: a missing reference tool fails under CI=true and skips elsewhere, with the reason."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.broker import support


@pytest.mark.parametrize(("ci", "outcome"), [("true", pytest.fail.Exception), ("", pytest.skip.Exception)])
def test_a_missing_pact_cli_fails_under_ci_and_skips_elsewhere(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                               ci: str, outcome: type[BaseException]) -> None:
    """Without `pact` next to Python or on PATH: CI=true fails the test, otherwise it skips, naming the install."""
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match=r"pip install 'pact-python-cli==1!0.10.9'"):
        support.pact_cli()


def test_missing_reference_material_fails_with_the_way_to_get_it(monkeypatch: pytest.MonkeyPatch,
                                                                  tmp_path: Path) -> None:
    """The broker tests never skip for lack of ../shared/broker: they fail saying what to set."""
    monkeypatch.setenv("PACTSPEC_BROKER_REFERENCE", str(tmp_path))
    with pytest.raises(pytest.fail.Exception, match="set PACTSPEC_BROKER_REFERENCE"):
        support.broker_reference()
