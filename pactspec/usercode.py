"""The user's code: importing it, the functions it registers, calling them, and where they raised.

- **Importing**: :func:`import_module`, :func:`import_app` (an ``--app`` module) and :func:`resolve`
  (``"module:attribute"`` references).
- **Registering**: the decorators of every kind (``@producer``, ``@provider_state``, ``@trigger``) call
  :func:`register`; :func:`registered` collects what a set of app modules registered. A registration
  counts for the module that defines the function, for every module that was being imported when it
  was made, and for every module that imports the defining one, however indirectly: an ``--app`` module
  that only imports the modules holding the handlers (an aggregator) gets them all. One app's handlers
  stay out of another app that does not import them.
- **Calling**: :func:`call_user_code` calls every handler, producer, state handler and trigger: ``async
  def`` results are awaited, what the code raises (``sys.exit()`` included, see
  :data:`~pactspec.errors.USER_CODE_FAILURES`) becomes a :class:`~pactspec.errors.UserCodeError` that
  says where it was raised, and code that runs past the time limit is a
  :class:`~pactspec.errors.UserCodeTimeout`. Synchronous code cannot be interrupted safely, so with a
  limit it runs on a worker (daemon) thread and pactspec stops waiting at the limit; async code is
  cancelled. Code still running when the process exits is named in a note on stderr.
  :func:`signature_of` inspects each function's parameters once.
"""

from __future__ import annotations

import atexit
import functools
import importlib
import inspect
import os
import queue
import sys
import threading
import traceback
import types
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from pactspec.errors import USER_CODE_FAILURES, ConfigurationError, UserCodeError, UserCodeTimeout

__all__ = [
    "DEFAULT_TIMEOUT",
    "Registration",
    "call_user_code",
    "check_name",
    "check_timeout",
    "import_app",
    "import_module",
    "module_table",
    "raised_at",
    "register",
    "registered",
    "registered_elsewhere",
    "resolve",
    "signature_of",
    "still_running",
    "where_defined",
]

F = TypeVar("F", bound=Callable[..., Any])

#: seconds a handler, producer, state handler or trigger may take (``--timeout``, ``-D timeout=``)
DEFAULT_TIMEOUT = 60.0

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
    except BaseException as exc:  # pytest.skip() and the like at import; Ctrl-C still ends the run
        if isinstance(exc, (KeyboardInterrupt, GeneratorExit)):
            raise
        raise ConfigurationError(f"importing module {name!r} raised {type(exc).__name__}: {exc}; an app module "
                                 "must import without raising (pytest.skip belongs in tests)") from exc


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


def import_app(name: str) -> types.ModuleType:
    """Import an app module (``--app``); an import that fails inside it says where and how to check."""
    try:
        module = import_module(name)
    except ConfigurationError as exc:
        where = raised_at(exc.__cause__) if exc.__cause__ is not None else ""
        if not where:
            raise
        raise ConfigurationError(f"{exc}{where}; fix that module so that python -c \"import {name}\" works "
                                 "(install what it imports, or correct the import)") from exc.__cause__
    if not isinstance(module, types.ModuleType):  # a test double in sys.modules
        raise ConfigurationError(f"{name!r} is not a module (sys.modules holds {type(module).__name__}); give a module")
    return module


# ---- registering -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Registration:
    """A user function a decorator registered: its kind (``"producer"``…), name and credited modules."""

    kind: str
    name: str
    function: Callable[..., Any]
    modules: frozenset[str]

    @property
    def module(self) -> str:
        """The module that defines the function."""
        return getattr(self.function, "__module__", None) or "__main__"


# (kind, name, defining module) → the newest registration: re-importing a module re-registers its names
_REGISTRATIONS: dict[tuple[str, str, str], Registration] = {}


def check_name(kind: str, name: object, function: Callable[..., Any], what: str) -> str:
    """The name a function is registered under; ``ConfigurationError`` unless it is non-empty text."""
    if not isinstance(name, str) or not name.strip():
        raise ConfigurationError(
            f"{where_defined(function)}: a {kind} needs a non-empty text name ({what}), got {name!r}; "
            f'write for example @{kind}("a user created event")'
        )
    return name


def register(kind: str, name: str, function: Callable[..., Any], *, what: str) -> None:
    """Register a user function of this kind under this name (``what`` the name is, for errors)."""
    check_name(kind, name, function, what)
    registration = Registration(kind, name, function, frozenset({_defining(function), *_being_imported()}))
    _REGISTRATIONS.pop((kind, name, registration.module), None)  # keep registration order: newest last
    _REGISTRATIONS[(kind, name, registration.module)] = registration


def _defining(function: Callable[..., Any]) -> str:
    return getattr(function, "__module__", None) or "__main__"


def _being_imported() -> set[str]:
    """The modules whose top-level code is on this call stack: the module registering and its importers."""
    names: set[str] = set()
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_name == "<module>":
            name = frame.f_globals.get("__name__")
            if isinstance(name, str):
                names.add(name)
        frame = frame.f_back  # type: ignore[assignment]
    return names


def registered(kind: str, modules: Iterable[types.ModuleType]) -> dict[str, Callable[..., Any]]:
    """What of this kind the modules registered: themselves, their submodules, whatever they import.

    A function the modules (or their submodules) define wins over one of the same name they import
    (a module may import another for its helpers and replace one of its handlers); two of the same
    standing are an error naming both.
    """
    roots = [m.__name__ for m in modules]
    reach = _reachable(roots)
    found: dict[str, tuple[bool, Registration]] = {}
    for registration in _REGISTRATIONS.values():
        if registration.kind != kind or not (
            registration.modules & reach
            or any(m.startswith(root + ".") for m in registration.modules for root in roots)
        ):
            continue
        own = any(registration.module == root or registration.module.startswith(root + ".") for root in roots)
        other_own, other = found.get(registration.name, (False, None))
        if other is None or (own and not other_own):
            found[registration.name] = (own, registration)
        elif other.function is not registration.function and own == other_own:
            raise ConfigurationError(
                f"two {kind.replace('_', ' ')}s {registration.name!r} in {', '.join(roots)} and what it imports: "
                f"{where_defined(other.function)} and {where_defined(registration.function)}; keep one"
            )
    return {name: registration.function for name, (_, registration) in found.items()}


def registered_elsewhere(kind: str, name: str) -> list[Registration]:
    """Registrations of this kind and name anywhere in the process, for "it is in module X" messages."""
    return [r for r in _REGISTRATIONS.values() if r.kind == kind and r.name == name]


def _reachable(roots: Iterable[str]) -> set[str]:
    """The user modules these modules import, directly or not (as modules, or names from them)."""
    seen: set[str] = set()
    todo = [name for name in roots]
    while todo:
        name = todo.pop()
        if name in seen or name.partition(".")[0] in _NOT_APP_MODULES:
            continue
        seen.add(name)
        module = sys.modules.get(name)
        if not isinstance(module, types.ModuleType):
            continue
        for value in list(vars(module).values()):
            if isinstance(value, types.ModuleType):
                todo.append(value.__name__)
            elif isinstance(value, (types.FunctionType, type)):  # `from payments.producer import x`
                origin = getattr(value, "__module__", None)
                if isinstance(origin, str):
                    todo.append(origin)
    return seen


# the standard library and pactspec register no user functions: no need to walk what they import
_NOT_APP_MODULES = frozenset(sys.stdlib_module_names) | {"pactspec", "builtins"}


def module_table(module: types.ModuleType, attribute: str, what: str) -> dict[str, Callable[..., Any]]:
    """A module's plain dict form (``PRODUCERS = {"a user event": make}``) after checking it."""
    table = getattr(module, attribute, None)
    if table is None:
        return {}
    if not isinstance(table, Mapping):
        raise ConfigurationError(
            f"{module.__name__}.{attribute} must be a dict of name → function, got {type(table).__name__}"
        )
    for key, function in table.items():
        if not isinstance(key, str) or not callable(function):
            raise ConfigurationError(
                f"{module.__name__}.{attribute}[{key!r}] must map a {what} (text) to a function, "
                f"got {type(function).__name__}"
            )
    return dict(table)


# ---- calling -----------------------------------------------------------------------------------


def check_timeout(value: object, option: str) -> float | None:
    """A time limit in seconds as given (``option`` names where, e.g. ``"--timeout "``), ``None`` for 0."""
    try:
        seconds = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        seconds = -1.0
    if isinstance(value, bool) or not 0 <= seconds < float("inf"):
        raise ConfigurationError(f"{option}{value} is not a number of seconds; give a positive number such as "
                                 f"{DEFAULT_TIMEOUT:g}, or 0 for no limit")
    return seconds or None


class _Call:
    """One call of user code, run where :func:`call_user_code` decides; holds what came out. ``done`` is
    a plain flag: the caller waits on its worker's reply queue, a fifth of an Event's wait per call."""

    __slots__ = ("args", "awaiting", "done", "error", "function", "kwargs", "timeout", "value")

    def __init__(self, function: Callable[..., Any], args: tuple[Any, ...], kwargs: Mapping[str, Any],
                 timeout: float | None) -> None:
        self.function, self.args, self.kwargs, self.timeout = function, args, kwargs, timeout
        self.value: Any = None
        self.error: BaseException | None = None
        self.awaiting = self.done = False

    def run(self) -> None:
        try:
            value = self.function(*self.args, **self.kwargs)
            if inspect.isawaitable(value):
                self.awaiting = True
                import asyncio  # lazy for start-up time: only async user code pays for importing it

                value = asyncio.run(_limited(value, self.timeout))
            self.value = value
        except BaseException as exc:  # noqa: BLE001 - handed to the caller, which decides
            self.error = exc
        finally:
            self.done = True


_EXPIRED = object()  # what an awaited coroutine cancelled at the time limit gives back


async def _limited(value: Any, timeout: float | None) -> Any:
    import asyncio

    # asyncio.timeout cancels the coroutine at the limit, and tells that from the code's own TimeoutError
    limit = asyncio.timeout(timeout)
    try:
        async with limit:
            return await value
    except TimeoutError:
        if limit.expired():
            return _EXPIRED
        raise


class _Worker:
    """A daemon thread running user code one call at a time; calls share it (so a state handler's
    connection is usable by the producer) until a call is abandoned at its limit."""

    def __init__(self) -> None:
        self.calls: queue.SimpleQueue[_Call | None] = queue.SimpleQueue()
        self.replies: queue.SimpleQueue[_Call] = queue.SimpleQueue()  # read only while its call is waited for
        self.thread = threading.Thread(target=self._serve, name="pactspec-user-code", daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while (call := self.calls.get()) is not None:  # None: retired, once the stuck call returns
            call.run()
            self.replies.put(call)


_worker: _Worker | None = None
_one_call_at_a_time = threading.Lock()
_abandoned: list[tuple[str, _Call]] = []
_GRACE = 1.0  # seconds a cancelled coroutine gets to finish its cleanup


def call_user_code(function: Callable[..., Any], args: tuple[Any, ...] = (), kwargs: Mapping[str, Any] | None = None,
                   *, what: str, timeout: float | None = DEFAULT_TIMEOUT, named: Callable[..., Any] | None = None,
                   ) -> Any:
    """Call user code and return its result (awaited when ``async def``).

    ``what`` names the call in messages (``"the producer of 'a user event'"``), ``named`` the
    function to name when ``function`` is a helper calling it. What the code raises is a
    :class:`UserCodeError`; running longer than ``timeout`` seconds (``None`` or 0: no limit) a
    :class:`UserCodeTimeout`.
    """
    call = _Call(function, args, dict(kwargs or {}), timeout or None)
    worker = _worker
    if call.timeout is None or (worker is not None and threading.current_thread() is worker.thread):
        call.run()  # no limit, or user code calling back into pactspec: here, as it is
    else:
        _run_on_worker(call, what, named or function)
    error = call.error
    if call.value is _EXPIRED:
        raise _timeout(what, named or function, call.timeout)
    if error is None:
        return call.value
    if not isinstance(error, USER_CODE_FAILURES):  # KeyboardInterrupt and the like are not the code's failure
        raise error
    try:
        said = str(error)
    except Exception:  # noqa: BLE001 - an exception whose own __str__ fails still names its type
        said = "(its message cannot be shown: str() of it raised)"
    reason = f"{type(error).__name__}: {said}{raised_at(error)}"
    raise UserCodeError(f"{what} raised {reason}", error, reason) from error


def _run_on_worker(call: _Call, what: str, function: Callable[..., Any]) -> None:
    global _worker
    with _one_call_at_a_time:
        if _worker is None:
            _worker = _Worker()
        worker = _worker
        worker.calls.put(call)
        if _answered(worker, call.timeout) or (call.awaiting and _answered(worker, _GRACE)):
            return
        _worker = None  # the next call gets a fresh thread; this one stays with the stuck code
        worker.calls.put(None)
        if not _abandoned:
            atexit.register(_note_still_running)
        _abandoned.append((f"{what}, {where_defined(function)}", call))
    raise _timeout(what, function, call.timeout)


def _answered(worker: _Worker, seconds: float | None) -> bool:
    try:
        worker.replies.get(timeout=seconds)  # the call, handed back once it has run
        return True
    except queue.Empty:
        return False


def _timeout(what: str, function: Callable[..., Any], seconds: float | None) -> UserCodeTimeout:
    return UserCodeTimeout(
        f"{what}, {where_defined(function)}, did not return within {seconds:g} s; pactspec stopped waiting for it "
        "and went on: make it return, or allow it more time with the timeout setting (seconds; 0 for no limit)"
    )


def still_running() -> list[str]:
    """The user code pactspec stopped waiting for that is still running."""
    return [what for what, call in _abandoned if not call.done]


def _note_still_running() -> None:
    if stuck := still_running():
        print(f"pactspec: still running as the process exits (it timed out earlier): {'; '.join(stuck)}",
              file=sys.stderr, flush=True)


def signature_of(function: Callable[..., Any]) -> inspect.Signature:
    """``inspect.signature``, worked out once per user function (a handler may run for every message)."""
    try:
        return _signature(function)
    except TypeError:  # an unhashable callable object; or no signature, and inspect raises again
        return inspect.signature(function)


_signature = functools.lru_cache(maxsize=1024)(inspect.signature)
