"""Provider states: running a state's handler before an interaction and its teardown after.

A handler gets the state's params as keyword arguments and returns (or yields) a dict of values for
``ProviderState`` generators, or nothing; a generator handler's code after its ``yield`` is the
teardown, run by :meth:`ActiveState.teardown` after the interaction, pass or fail. Registration
(``@provider_state``) is in :mod:`pactspec.provider._registry`, which re-exports everything here.

This module also holds the small helpers for calling the user's functions that producer calling
(:mod:`pactspec.provider._producing`) shares: where a function is defined, where an exception was raised, and
awaiting an ``async def`` function's result.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass
from typing import Any

from pactspec.errors import USER_CODE_FAILURES, StateSetupError, StateSignatureError
from pactspec.model import ProviderState
from pactspec.usercode import raised_at, run_maybe_async, where_defined

__all__ = [
    "ActiveState",
    "StateHandler",
    "set_up_state",
]

StateHandler = Callable[..., Any]


@dataclass(slots=True)
class ActiveState:
    """A provider state that was set up; :meth:`teardown` finishes a generator handler."""

    state: ProviderState
    values: dict[str, Any]
    _generator: Generator[Any, Any, Any] | None = None

    def teardown(self) -> None:
        generator, self._generator = self._generator, None
        if generator is None:
            return
        try:
            next(generator)
        except StopIteration:
            return
        except USER_CODE_FAILURES as exc:
            raise StateSetupError(
                f"the teardown of provider state {self.state.name!r} raised {type(exc).__name__}: {exc}"
                f"{raised_at(exc)}"
            ) from exc
        generator.close()
        raise StateSetupError(
            f"the handler of provider state {self.state.name!r} yields more than once; "
            "yield once: the code after the yield is the teardown"
        )


def set_up_state(handler: StateHandler, state: ProviderState) -> ActiveState:
    """Run a state handler with the state's params as keyword arguments."""
    params = dict(state.params or {})
    try:
        bound = inspect.signature(handler).bind(**params)
    except TypeError as exc:
        gives = f"the params {', '.join(sorted(params))}" if params else "no params"
        raise StateSignatureError(
            f"the handler {where_defined(handler)} of provider state {state.name!r} cannot take what the pact gives, "
            f"{gives} ({exc}); give it one parameter per param, named as in the pact, a default for any other "
            "parameter, or **params"
        ) from None  # bind's TypeError is our own check of the signature; its text is in the message
    except ValueError:
        bound = None
    try:
        if inspect.isgeneratorfunction(handler):
            generator = handler(**params) if bound is None else handler(*bound.args, **bound.kwargs)
            try:
                value = next(generator)
            except StopIteration as stop:
                return ActiveState(state, _values(state, stop.value, handler))
            return ActiveState(state, _values(state, value, handler), generator)
        value = handler(**params) if bound is None else handler(*bound.args, **bound.kwargs)
        return ActiveState(state, _values(state, run_maybe_async(value), handler))
    except StateSetupError:
        raise
    except USER_CODE_FAILURES as exc:
        raise StateSetupError(
            f"the handler of provider state {state.name!r} raised {type(exc).__name__}: {exc}{raised_at(exc)}"
        ) from exc


def _values(state: ProviderState, value: Any, handler: StateHandler) -> dict[str, Any]:
    if value is None:
        return {}
    if isinstance(value, Mapping):
        return {str(k): v for k, v in value.items()}
    raise StateSetupError(
        f"the handler {where_defined(handler)} of provider state {state.name!r} returned "
        f"{type(value).__name__}; return (or yield) a dict of values for ProviderState generators, or nothing"
    )

