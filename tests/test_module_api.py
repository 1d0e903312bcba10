"""Every pactspec module declares its public names in ``__all__``, and declares them all.

httpx's rule: a module's ``__all__`` is its public API; anything defined there without a leading
underscore is either listed or renamed private, so readers (and the compatibility steps, which may
only import public names) can tell API from implementation.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from types import ModuleType

import pytest

import pactspec


def _modules() -> list[ModuleType]:
    found = []
    for info in pkgutil.walk_packages(pactspec.__path__, "pactspec."):
        if info.name in ("pactspec.__main__", "pactspec.regex._worker") or info.name.startswith("pactspec.cli.commands."):
            continue  # scripts and CLI subcommands (configure/run/HELP) have no importable API
        found.append(importlib.import_module(info.name))
    return found


MODULES = _modules()


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
class TestAll:
    def test_declares_all(self, module: ModuleType) -> None:
        """The module says what its public names are."""
        assert isinstance(getattr(module, "__all__", None), (list, tuple))

    def test_every_listed_name_exists(self, module: ModuleType) -> None:
        """No stale entry in ``__all__``."""
        assert [name for name in getattr(module, "__all__", ()) if not hasattr(module, name)] == []


# Step modules export nothing on purpose: behave registers their step functions by decorator.
API_MODULES = [m for m in MODULES if not m.__name__.startswith("pactspec.steps.")]


@pytest.mark.parametrize("module", API_MODULES, ids=lambda m: m.__name__)
def test_every_public_definition_is_listed(module: ModuleType) -> None:
    """A public function or class defined here is in ``__all__`` (or is renamed with a leading underscore)."""
    listed = set(getattr(module, "__all__", ()))
    defined = [
        name for name, value in vars(module).items()
        if not name.startswith("_")
        and (inspect.isfunction(value) or inspect.isclass(value))
        and getattr(value, "__module__", None) == module.__name__
    ]
    assert sorted(name for name in defined if name not in listed) == []


def test_the_walk_sees_the_subpackages() -> None:
    """The walk reaches nested packages, so a new module cannot escape these checks."""
    names = {m.__name__ for m in MODULES}
    assert {"pactspec.matching._message", "pactspec.docs", "pactspec.transports._rabbitmq", "pactspec.steps._consumer"} <= names
