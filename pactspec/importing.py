"""Resolve ``"module:attribute"`` references to user code (handlers, producers, types)."""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

from pactspec.errors import USER_CODE_FAILURES, ConfigurationError

__all__ = ["import_module", "resolve"]


def import_module(name: str) -> Any:
    """Import a user module by dotted name, with the current directory importable."""
    if os.getcwd() not in sys.path and "" not in sys.path:
        sys.path.insert(0, os.getcwd())
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name and name.startswith(exc.name):
            raise ConfigurationError(
                f"cannot import module {name!r}: no module named {exc.name!r} on the Python path "
                f"(current directory {os.getcwd()}); add its folder to PYTHONPATH (or pass --path DIR to pactspec run/verify/serve), or fix the name"
            ) from exc
        raise ConfigurationError(f"importing module {name!r} failed: {exc}") from exc
    except USER_CODE_FAILURES as exc:
        raise ConfigurationError(
            f"importing module {name!r} failed: {type(exc).__name__}: {exc}"
        ) from exc


def resolve(reference: str) -> Any:
    """``"users.consumer:handle_user"`` → the object; ``ConfigurationError`` when it isn't there."""
    module_name, sep, attribute = reference.partition(":")
    if not sep or not module_name or not attribute:
        raise ConfigurationError(
            f"{reference!r} is not a reference to code; write it as \"module:function\", "
            "for example \"users.consumer:handle_user\""
        )
    target: Any = import_module(module_name)
    for part in attribute.split("."):
        try:
            target = getattr(target, part)
        except AttributeError:
            raise ConfigurationError(
                f"module {module_name!r} has no attribute {attribute!r}; check the name in {reference!r}"
            ) from None
    return target
