"""The user's code: importing it (``"module:attribute"`` references), calling it, and where it raised.

Handlers, producers, state handlers and triggers are all called through :func:`run_maybe_async`
(``async def`` functions are awaited) and their failures located with :func:`raised_at`.
"""

from __future__ import annotations

import importlib
import inspect
import os
import sys
import traceback
from collections.abc import Callable
from typing import Any

from pactspec.errors import USER_CODE_FAILURES, ConfigurationError

__all__ = ["import_module", "raised_at", "resolve", "run_maybe_async", "where_defined"]

# frames of pactspec itself and of the import machinery are not where the user's code went wrong
_NOT_USER_CODE = (os.path.dirname(os.path.abspath(__file__)) + os.sep,
                  os.path.dirname(os.path.abspath(importlib.__file__)) + os.sep)


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


def run_maybe_async(value: Any) -> Any:
    """The value, or what it resolves to when awaitable (an ``async def`` function's result)."""
    if inspect.isawaitable(value):
        import asyncio  # lazy for start-up time: only async user code pays for importing it

        return asyncio.run(_await(value))
    return value


async def _await(value: Any) -> Any:
    return await value


def raised_at(exc: BaseException) -> str:
    """`` (raised at file:line in function)`` for the innermost frame of the user's own code, or ``""``."""
    # hooks that wrap builtins.__import__ (pact-python installs one) are not where an import failed either
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if not f.filename.startswith(("<frozen", *_NOT_USER_CODE)) and f.name != "__import__"]
    if not frames:
        return ""
    frame = frames[-1]
    filename = frame.filename
    try:
        relative = os.path.relpath(filename)
        filename = filename if relative.startswith("..") else relative
    except ValueError:  # another drive on Windows
        pass
    return f" (raised at {filename}:{frame.lineno} in {frame.name})"


def where_defined(function: Callable[..., Any]) -> str:
    """``qualname (file:line)`` of a function, for messages that name it."""
    code = getattr(function, "__code__", None)
    name = getattr(function, "__qualname__", repr(function))
    if code is None:
        return name
    return f"{name} ({code.co_filename}:{code.co_firstlineno})"
