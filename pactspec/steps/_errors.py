"""Turning pactspec's errors into one-line failed behave steps, shared by every step module.

behave prints a traceback for any exception from a step that is not an ``AssertionError``. pactspec's
bad-input errors (:class:`~pactspec.errors.InputError` and the rest of
:class:`~pactspec.errors.PactSpecError`) are written to read as one sentence, so :func:`reported`
re-raises them as :class:`~pactspec.errors.PactSpecStepError`, an ``AssertionError`` that behave shows as
``ASSERT FAILED: <sentence>`` with no traceback. :class:`~pactspec.errors.ContractError` already is an
``AssertionError`` and passes through untouched.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from pactspec.errors import ContractError, PactSpecError, PactSpecStepError

__all__ = ["reported"]


def reported(function: Callable[..., None]) -> Callable[..., None]:
    """Wrap a step so that a :class:`PactSpecError` fails it with its one-sentence message."""

    @functools.wraps(function)
    def run(context: Any, *args: Any, **kwargs: Any) -> None:
        try:
            function(context, *args, **kwargs)
        except ContractError:
            raise
        except PactSpecError as exc:
            raise PactSpecStepError(str(exc)) from None

    return run
