"""Every exception class pactspec defines is under PactSpecError and drawn in errors.py's tree."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pactspec
from pactspec import errors
from pactspec.errors import ContractError, InputError, PactSpecError


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


def test_the_walk_finds_the_step_modules_and_the_transports() -> None:
    names = _exception_classes()
    assert "pactspec.steps._errors.PactSpecStepError" in names
    assert "pactspec.transports._base.BrokerUnreachable" in names
    assert "pactspec.provider._producing.ProducerError" in names


def test_every_exception_derives_from_pactspec_error() -> None:
    outside = sorted(name for name, cls in _exception_classes().items() if not issubclass(cls, PactSpecError))
    assert outside == [], f"not under PactSpecError: {outside}"


def test_a_step_failure_is_a_contract_error() -> None:
    """Steps fail with an AssertionError (behave reports a failed step), under pactspec's ContractError."""
    from pactspec.steps._errors import PactSpecStepError

    assert issubclass(PactSpecStepError, ContractError)


def test_every_exception_is_named_in_the_errors_docstring() -> None:
    doc = errors.__doc__ or ""
    missing = sorted(name for name, cls in _exception_classes().items() if cls.__name__ not in doc)
    assert missing == [], f"add these to the tree in pactspec/errors.py's docstring: {missing}"


def test_the_provider_side_errors_sit_where_the_cli_and_the_steps_expect() -> None:
    from pactspec.provider._producing import ProducerError
    from pactspec.provider._states import StateSetupError, StateSignatureError

    for cls in (ProducerError, StateSetupError):
        assert issubclass(cls, PactSpecError)
        assert not issubclass(cls, (InputError, ContractError))  # the CLI exits 1, not 2
    assert issubclass(StateSignatureError, StateSetupError)
    assert issubclass(StateSignatureError, InputError)  # a handler written wrongly: exit 2
