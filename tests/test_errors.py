"""Every exception class pactspec defines lives in errors.py, is under PactSpecError and is drawn in its tree."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import pactspec
from pactspec import errors
from pactspec.errors import (
    ContractError,
    InputError,
    PactSpecError,
    PactSpecStepError,
    ProducerError,
    StateSetupError,
    StateSignatureError,
)


def _exception_classes() -> dict[str, type[BaseException]]:
    found: dict[str, type[BaseException]] = {}
    for info in pkgutil.walk_packages(pactspec.__path__, "pactspec."):
        if info.name.rsplit(".", 1)[-1] == "__main__":  # running it runs the CLI
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (inspect.isclass(value) and issubclass(value, BaseException)
                    and value.__module__ == module.__name__):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return found


def test_the_walk_finds_the_exceptions() -> None:
    """The walk reaches errors.py's classes, so the checks below see every class pactspec defines."""
    names = _exception_classes()
    assert {"pactspec.errors.PactSpecStepError", "pactspec.errors.TransportUnreachable"} <= set(names)


def test_every_exception_is_defined_in_errors() -> None:
    """One home for the exception tree: no module but errors.py defines an exception class."""
    elsewhere = sorted(name for name in _exception_classes() if not name.startswith("pactspec.errors."))
    assert elsewhere == [], f"move these into pactspec/errors.py: {elsewhere}"


def test_the_walk_would_see_an_exception_defined_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """The walk reports a class by the module that defines it, so a stray one would fail the check above."""
    import pactspec.transports._base as base

    stray = type("StrayError", (PactSpecError,), {"__module__": base.__name__})
    monkeypatch.setattr(base, "StrayError", stray, raising=False)
    assert "pactspec.transports._base.StrayError" in _exception_classes()


def test_every_exception_derives_from_pactspec_error() -> None:
    outside = sorted(name for name, cls in _exception_classes().items() if not issubclass(cls, PactSpecError))
    assert outside == [], f"not under PactSpecError: {outside}"


def test_a_step_failure_is_a_contract_error() -> None:
    """Steps fail with an AssertionError (behave reports a failed step), under pactspec's ContractError."""
    assert issubclass(PactSpecStepError, ContractError)


def test_every_exception_is_named_in_the_errors_docstring() -> None:
    doc = errors.__doc__ or ""
    missing = sorted(name for name, cls in _exception_classes().items() if cls.__name__ not in doc)
    assert missing == [], f"add these to the tree in pactspec/errors.py's docstring: {missing}"


def test_the_provider_side_errors_sit_where_the_cli_and_the_steps_expect() -> None:
    for cls in (ProducerError, StateSetupError):
        assert issubclass(cls, PactSpecError)
        assert not issubclass(cls, (InputError, ContractError))  # the CLI exits 1, not 2
    assert issubclass(StateSignatureError, StateSetupError)
    assert issubclass(StateSignatureError, InputError)  # a handler written wrongly: exit 2
