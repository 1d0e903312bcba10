"""The provider's side of a contract: producers of messages and provider-state handlers.

Register them in your application's test support module::

    from pactspec.provider._registry import producer, provider_state

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

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pactspec.errors import ConfigurationError
from pactspec.provider._producing import ProducerFunction
from pactspec.provider._states import StateHandler
from pactspec.usercode import raised_at
from pactspec.usercode import where_defined as _where

# Producer calling lives in pactspec.provider._producing and the state lifecycle in pactspec.provider._states; the
# names are re-exported here, where apps and older code import them from.
__all__ = [
    "Provider",
    "load_app",
    "producer",
    "provider_state",
]

F = TypeVar("F", bound=Callable[..., Any])

# Registrations made by the module-level decorators, keyed by the module that defined the function,
# so that loading one app never picks up another app's producers imported in the same process.
_REGISTERED: dict[str, dict[str, dict[str, Callable[..., Any]]]] = {}


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
        for mine, theirs, noun in ((self.producers, other.producers, "producers for message"),
                                   (self.states, other.states, "handlers for provider state")):
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
    from pactspec.usercode import import_module

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
