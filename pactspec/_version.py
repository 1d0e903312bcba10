"""The version of pactspec, in one place (setup.cfg reads it too), and how a renamed name keeps working.

A documented name renamed in one release keeps its old spelling until the next, as an alias that
warns and says what to write instead.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["__version__", "renamed_names"]

__version__ = "0.1.0"


def renamed_names(module: str, renamed: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` that answers each old name (a key) with its new one (its value), and warns.

    The warning is a ``DeprecationWarning``: only Python code reaches these names, and Python
    developers see that category in their tests and in ``__main__`` (the CLI and step texts, whose
    users never see it, warn otherwise).
    """

    def __getattr__(name: str) -> Any:
        new = renamed.get(name)
        if new is None:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        value = getattr(sys.modules[module], new)
        caller = sys._getframe(1)
        if caller.f_code.co_name == "_handle_fromlist" and caller.f_globals.get("__name__") == "importlib._bootstrap":
            return value  # `from package import Old` asks twice (importlib's hasattr, then the import): warn once
        warnings.warn(
            f"{module}.{name} is renamed {new} in pactspec 0.2, and the old name goes in 0.3; "
            f"write `from {module} import {new}`",
            DeprecationWarning,
            stacklevel=2,
        )
        return value

    return __getattr__
