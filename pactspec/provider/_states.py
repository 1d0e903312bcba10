"""Provider states: running a state's handler before an interaction and its teardown after.

A handler gets the state's params as keyword arguments and returns (or yields) a dict of values for
``ProviderState`` generators, or nothing; a generator handler's code after its ``yield`` is the
teardown, run by :meth:`ActiveState.teardown` after the interaction, pass or fail. A handler may
instead take ``setup: bool`` (pact-go's ``func(setup bool, state)``): it is called with ``setup=True``
to set up and ``setup=False`` to tear down. The rule: a parameter named ``setup``, annotated ``bool``,
that is not one of the state's params (a param named ``setup`` still reaches a handler that does not
annotate it so). Registration
(``@provider_state``) is in :mod:`pactspec.provider._registry`; handlers are called through
:func:`pactspec.usercode.call_user_code`, with its time limit.
"""

from __future__ import annotations

import inspect
from collections.abc import Generator, Mapping
from dataclasses import dataclass
from typing import Any

from pactspec.errors import StateSetupError, StateSignatureError, UserCodeError, UserCodeTimeout
from pactspec.model import ProviderState
from pactspec.provider._registry import StateHandler
from pactspec.usercode import DEFAULT_TIMEOUT, call_user_code, signature_of, where_defined

__all__ = [
    "ActiveState",
    "set_up_state",
    "takes_setup",
]


@dataclass(slots=True)
class ActiveState:
    """A provider state that was set up; :meth:`teardown` finishes a generator handler."""

    state: ProviderState
    values: dict[str, Any]
    _generator: Generator[Any, Any, Any] | None = None
    timeout: float | None = DEFAULT_TIMEOUT
    _handler: StateHandler | None = None
    _setup_call: tuple[tuple[Any, ...], dict[str, Any]] | None = None  # a setup: bool handler's arguments

    def teardown(self) -> None:
        if self._setup_call is not None and self._handler is not None:
            (args, kwargs), self._setup_call = self._setup_call, None
            try:
                call_user_code(self._handler, args, {**kwargs, "setup": False}, timeout=self.timeout,
                               what=f"the teardown (setup=False) of provider state {self.state.name!r}")
            except (UserCodeError, UserCodeTimeout) as exc:
                raise StateSetupError(str(exc)) from exc.__cause__
            return
        generator, self._generator = self._generator, None
        if generator is None:
            return
        try:
            more, _ = call_user_code(_step, (generator,), what=f"the teardown of provider state {self.state.name!r}",
                                     timeout=self.timeout, named=self._handler)
        except (UserCodeError, UserCodeTimeout) as exc:
            raise StateSetupError(str(exc)) from exc.__cause__
        if not more:
            return
        generator.close()
        raise StateSetupError(
            f"the handler of provider state {self.state.name!r} yields more than once; "
            "yield once: the code after the yield is the teardown"
        )


def _step(generator: Generator[Any, Any, Any]) -> tuple[bool, Any]:
    """``(True, yielded)`` or ``(False, returned)``: a StopIteration must not cross the worker thread."""
    try:
        return True, next(generator)
    except StopIteration as stop:
        return False, stop.value


def set_up_state(handler: StateHandler, state: ProviderState, *, timeout: float | None = DEFAULT_TIMEOUT
                 ) -> ActiveState:
    """Run a state handler with the state's params as keyword arguments, for at most ``timeout`` seconds."""
    params = dict(state.params or {})
    with_setup = takes_setup(handler, params)
    try:
        bound = signature_of(handler).bind(**params, **({"setup": True} if with_setup else {}))
    except TypeError as exc:
        gives = f"the params {', '.join(sorted(params))}" if params else "no params"
        raise StateSignatureError(
            f"the handler {where_defined(handler)} of provider state {state.name!r} cannot take what the pact gives, "
            f"{gives} ({exc}); give it one parameter per param, named as in the pact, a default for any other "
            "parameter, or **params"
        ) from None  # bind's TypeError is our own check of the signature; its text is in the message
    except ValueError:
        bound = None
    args, kwargs = ((), params) if bound is None else (bound.args, bound.kwargs)
    if with_setup:  # by keyword, so that teardown can say setup=False in the same place
        args, kwargs = (), {**params, "setup": True}
    what = f"the handler of provider state {state.name!r}"
    try:
        if inspect.isgeneratorfunction(handler):
            generator = handler(*args, **kwargs)  # runs none of the handler's code yet
            more, value = call_user_code(_step, (generator,), what=what, timeout=timeout, named=handler)
            return ActiveState(state, _values(state, value, handler), generator if more else None, timeout, handler)
        value = call_user_code(handler, args, kwargs, what=what, timeout=timeout)
    except (UserCodeError, UserCodeTimeout) as exc:
        raise StateSetupError(str(exc)) from exc.__cause__
    return ActiveState(state, _values(state, value, handler), None, timeout, handler,
                       (args, dict(kwargs)) if with_setup else None)


def takes_setup(handler: StateHandler, params: Mapping[str, Any]) -> bool:
    """Whether the handler is of the ``setup: bool`` form for a state with these params."""
    if "setup" in params:
        return False
    try:
        parameter = signature_of(handler).parameters.get("setup")
    except (TypeError, ValueError):
        return False
    return parameter is not None and parameter.annotation in (bool, "bool")


def _values(state: ProviderState, value: Any, handler: StateHandler) -> dict[str, Any]:
    if value is None:
        return {}
    if isinstance(value, Mapping):
        return {str(k): v for k, v in value.items()}
    raise StateSetupError(
        f"the handler {where_defined(handler)} of provider state {state.name!r} returned "
        f"{type(value).__name__}; return (or yield) a dict of values for ProviderState generators, or nothing"
    )

