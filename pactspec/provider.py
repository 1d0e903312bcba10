"""The provider's side of a contract: producers of messages and provider-state handlers.

Register them in your application's test support module::

    from pactspec.provider import producer, provider_state

    @provider_state("User with id 127 exists")
    def user_exists(id: int):
        user = db.insert_user(id=id)
        yield {"id": user.id}          # feeds ProviderState generators (${id})
        db.delete_user(user.id)        # teardown: runs after the interaction, pass or fail

    @producer("a user created event")
    def user_created():
        return Message(body=events.user_created(db.get_user(127)), metadata={"topic": "users"})

or as plain dicts in the module: ``PRODUCERS = {"a user created event": user_created}`` and
``PROVIDER_STATES = {"User with id 127 exists": user_exists}``. :func:`load_app` imports a module
and returns a :class:`Provider` holding everything it registered.

A producer takes no parameters, or one positional parameter of any name, which gets the request
(a :class:`~pactspec.model.Message`) of a synchronous message and the provider-state context (state
params merged with what the state handlers returned) of an asynchronous one; parameters named
``request`` and ``context`` get those by name, ``**kwargs`` gets both. A signature no rule fits is a
``ConfigurationError`` naming the function before it is called. It returns the body alone (dict,
list, str, bytes) or a ``Message``; a synchronous producer may return a list of responses.
``async def`` works too.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Generator, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pactspec.errors import ConfigurationError, PactSpecError
from pactspec.model import ProviderState

__all__ = [
    "ActiveState",
    "ProducerFunction",
    "Provider",
    "StateHandler",
    "StateSetupError",
    "StateSignatureError",
    "call_producer",
    "call_with",
    "load_app",
    "producer",
    "producer_arguments",
    "provider_state",
    "raised_at",
    "set_up_state",
]

ProducerFunction = Callable[..., Any]
StateHandler = Callable[..., Any]
F = TypeVar("F", bound=Callable[..., Any])

# Registrations made by the module-level decorators, keyed by the module that defined the function,
# so that loading one app never picks up another app's producers imported in the same process.
_REGISTERED: dict[str, dict[str, dict[str, Callable[..., Any]]]] = {}


class StateSetupError(PactSpecError):
    """A provider-state handler failed or cannot be called; the message names the state."""


class StateSignatureError(StateSetupError, ConfigurationError):
    """A provider-state handler's parameters do not fit the params the pact gives it."""


def _where(function: Callable[..., Any]) -> str:
    code = getattr(function, "__code__", None)
    name = getattr(function, "__qualname__", repr(function))
    if code is None:
        return name
    return f"{name} ({code.co_filename}:{code.co_firstlineno})"


def _record(kind: str, key: str, function: Callable[..., Any]) -> None:
    if not isinstance(key, str) or not key.strip():
        raise ConfigurationError(
            f"{_where(function)}: a {kind} needs a non-empty text name, got {key!r}; "
            f'write for example @{kind}("a user created event")'
        )
    module = getattr(function, "__module__", None) or "__main__"
    table = _REGISTERED.setdefault(module, {"producer": {}, "provider_state": {}})[kind]
    table[key] = function  # re-importing a module re-registers the same names: the newest wins


def producer(description: str) -> Callable[[F], F]:
    """Register the decorated function as the producer of the message with this description."""

    def decorate(function: F) -> F:
        _record("producer", description, function)
        return function

    return decorate


def provider_state(name: str) -> Callable[[F], F]:
    """Register the decorated function as the handler of the provider state with this name."""

    def decorate(function: F) -> F:
        _record("provider_state", name, function)
        return function

    return decorate


@dataclass(slots=True)
class Provider:
    """Producers by message description and state handlers by state name."""

    producers: dict[str, ProducerFunction] = field(default_factory=dict)
    states: dict[str, StateHandler] = field(default_factory=dict)
    sources: tuple[str, ...] = ()

    def producer(self, description: str) -> Callable[[F], F]:
        """Decorator registering a producer on this provider only."""

        def decorate(function: F) -> F:
            self.producers[_checked_name("producer", description, function)] = function
            return function

        return decorate

    def provider_state(self, name: str) -> Callable[[F], F]:
        """Decorator registering a state handler on this provider only."""

        def decorate(function: F) -> F:
            self.states[_checked_name("provider_state", name, function)] = function
            return function

        return decorate

    def add(self, other: Provider) -> None:
        """Take over another provider's registrations; a name registered twice is an error."""
        for mine, theirs, noun in ((self.producers, other.producers, "producer for message"),
                                   (self.states, other.states, "handler for provider state")):
            for key, function in theirs.items():
                existing = mine.get(key)
                if existing is not None and existing is not function:
                    raise ConfigurationError(
                        f"two {noun} {key!r}: {_where(existing)} and {_where(function)}; keep one"
                    )
                mine[key] = function
        self.sources = self.sources + tuple(s for s in other.sources if s not in self.sources)

    def find_producer(self, description: str) -> ProducerFunction | None:
        return self.producers.get(description)

    def find_state(self, name: str) -> StateHandler | None:
        return self.states.get(name)


def _checked_name(kind: str, key: str, function: Callable[..., Any]) -> str:
    if not isinstance(key, str) or not key.strip():
        raise ConfigurationError(
            f"{_where(function)}: a {kind} needs a non-empty text name, got {key!r}"
        )
    return key


def _dict_form(module: Any, attribute: str, noun: str) -> dict[str, Callable[..., Any]]:
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
                f"{module.__name__}.{attribute}[{key!r}] must map a {noun} (text) to a function, "
                f"got {type(function).__name__}"
            )
    return dict(table)


def load_app(modules: str | Iterable[str]) -> Provider:
    """Import the app module(s) and collect the producers and state handlers they register.

    Collected: functions decorated with :func:`producer` / :func:`provider_state` in the module or
    its submodules, the ``PRODUCERS`` / ``PROVIDER_STATES`` dicts, and any :class:`Provider`
    instance bound at the module's top level.
    """
    from pactspec.importing import import_module

    names = [modules] if isinstance(modules, str) else list(modules)
    result = Provider()
    for name in names:
        try:
            module = import_module(name)
        except ConfigurationError as exc:
            where = raised_at(exc.__cause__) if exc.__cause__ is not None else ""
            if not where:
                raise
            raise ConfigurationError(f"{exc}{where}; fix that module so that python -c \"import {name}\" works "
                                     "(install what it imports, or correct the import)") from exc.__cause__
        found = Provider(sources=(name,))
        for registered_in, tables in _REGISTERED.items():
            if registered_in == name or registered_in.startswith(name + "."):
                found.producers.update(tables["producer"])
                found.states.update(tables["provider_state"])
        for value in vars(module).values():
            if isinstance(value, Provider):
                found.add(value)
            elif callable(value):
                # decorated elsewhere and imported into the app module: still part of this app
                origin = getattr(value, "__module__", None)
                registered = _REGISTERED.get(origin or "")
                if registered:
                    for kind, target in (("producer", found.producers), ("provider_state", found.states)):
                        for key, function in registered[kind].items():
                            if function is value:
                                target.setdefault(key, function)
        found.add(Provider(_dict_form(module, "PRODUCERS", "message description"),
                           _dict_form(module, "PROVIDER_STATES", "provider state name")))
        result.add(found)
    return result


def _run_maybe_async(value: Any) -> Any:
    if inspect.isawaitable(value):
        import asyncio  # only async producers pay for importing it

        return asyncio.run(_await(value))
    return value


async def _await(value: Any) -> Any:
    return await value


_PRODUCER_SIGNATURES = ("def m()", "def m(context)", "def m(request)", "def m(request, context)")


def producer_arguments(function: ProducerFunction, *, request: Any, context: Mapping[str, Any],
                       synchronous: bool, description: str) -> tuple[list[Any], dict[str, Any]]:
    """The arguments a producer's signature asks for; ``ConfigurationError`` when none fit.

    The rules: no parameters; a first positional parameter of any name without a default gets the
    request of a synchronous message, or the provider-state context of an asynchronous one;
    parameters named ``request`` and ``context`` get those by name; ``**kwargs`` gets both by
    name; any other parameter with a default keeps it.
    """
    try:
        parameters = list(inspect.signature(function).parameters.values())
    except (TypeError, ValueError):  # a builtin or C callable: keep the old calling convention
        return ([request] if synchronous else []), {}
    by_name: dict[str, Any] = {"context": dict(context)}
    if synchronous:
        by_name["request"] = request
    positional_name = "request" if synchronous else "context"
    positional_value = by_name[positional_name]
    # the positional rule is for a parameter of another name; one named for it takes it by name
    used_positional = any(p.name == positional_name for p in parameters)
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    problem = ""
    for index, parameter in enumerate(parameters):
        if parameter.kind is parameter.VAR_POSITIONAL:
            if not used_positional and index == 0:
                args.append(positional_value)
                used_positional = True
            continue
        if parameter.kind is parameter.VAR_KEYWORD:
            for name, value in by_name.items():
                if name not in kwargs and not (name == positional_name and used_positional):
                    kwargs[name] = value
            continue
        if parameter.name in by_name:
            value = by_name[parameter.name]
            used_positional = used_positional or parameter.name == positional_name
        elif parameter.name == "request":
            problem = "an asynchronous message has no request"
            break
        elif (index == 0 and not used_positional and parameter.default is parameter.empty
              and parameter.kind in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD)):
            # only a required parameter: one with a default keeps it (``lambda body=body: body``)
            value = positional_value
            used_positional = True
        elif parameter.default is not parameter.empty:
            continue
        else:
            problem = f"nothing is given to its parameter {parameter.name!r}"
            break
        if parameter.kind is parameter.POSITIONAL_ONLY:
            args.append(value)
        else:
            kwargs[parameter.name] = value
    if not problem:
        return args, kwargs
    kind = "synchronous" if synchronous else "asynchronous"
    raise ConfigurationError(
        f"the producer {_where(function)} of the {kind} message {description!r} cannot be called "
        f"({problem}); write it as {', '.join(_PRODUCER_SIGNATURES[:-1])} or {_PRODUCER_SIGNATURES[-1]}: "
        f"one positional parameter gets the request of a synchronous message or the provider-state "
        f"context of an asynchronous one, and parameters named request and context get those"
    )


def call_producer(function: ProducerFunction, *, request: Any = None, context: Mapping[str, Any],
                  synchronous: bool, description: str = "") -> Any:
    """Call a producer the way its signature asks; returns what it returned (awaited if async).

    A signature no rule fits is a ``ConfigurationError`` raised before the producer is called.
    """
    args, kwargs = producer_arguments(function, request=request, context=context, synchronous=synchronous,
                                      description=description)
    return call_with(function, args, kwargs)


def call_with(function: Callable[..., Any], args: list[Any], kwargs: dict[str, Any]) -> Any:
    """Call with these arguments, awaiting an ``async def`` function's result."""
    return _run_maybe_async(function(*args, **kwargs))


def raised_at(exc: BaseException) -> str:
    """`` (raised at file:line in function)`` for the innermost frame of the user's code, or ``""``."""
    from pactspec.handlers import _raised_at  # the consumer side's frame finder, shared

    return _raised_at(exc.__traceback__)


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
        except Exception as exc:
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
            f"the handler {_where(handler)} of provider state {state.name!r} cannot take what the pact gives, "
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
        return ActiveState(state, _values(state, _run_maybe_async(value), handler))
    except StateSetupError:
        raise
    except Exception as exc:
        raise StateSetupError(
            f"the handler of provider state {state.name!r} raised {type(exc).__name__}: {exc}{raised_at(exc)}"
        ) from exc


def _values(state: ProviderState, value: Any, handler: StateHandler) -> dict[str, Any]:
    if value is None:
        return {}
    if isinstance(value, Mapping):
        return {str(k): v for k, v in value.items()}
    raise StateSetupError(
        f"the handler {_where(handler)} of provider state {state.name!r} returned "
        f"{type(value).__name__}; return (or yield) a dict of values for ProviderState generators, or nothing"
    )

