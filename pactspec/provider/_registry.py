"""The provider's side of a contract: producers of messages and provider-state handlers.

Register them in your application's test support module::

    from pactspec.provider._registry import producer, provider_state

    @provider_state("User with id 127 exists")
    def user_exists(id: int):
        user = db.insert_user(id=id)
        yield {"id": user.id}          # feeds ProviderState generators (${id})
        db.delete_user(user.id)        # teardown: runs after the interaction, pass or fail

    @provider_state("the user was deleted")
    def user_deleted(setup: bool, id: int):   # pact-go's form: True to set up, False to tear down
        ...

    @producer("a user created event")
    def user_created():
        return Message(body=events.user_created(db.get_user(127)), metadata={"topic": "users"})

or as plain dicts in the module: ``PRODUCERS = {"a user created event": user_created}`` and
``PROVIDER_STATES = {"User with id 127 exists": user_exists}``. :func:`load_app` imports a module
and returns a :class:`Provider` holding everything it registered, and everything the modules it
imports registered (the rule is in :mod:`pactspec.usercode`).

A producer takes no parameters, or one positional parameter of any name, which gets the request
(a :class:`~pactspec.model.Message`) of a synchronous message and the provider-state context (state
params merged with what the state handlers returned) of an asynchronous one; parameters named
``request`` and ``context`` get those by name, ``**kwargs`` gets both, and one named ``states`` gets the
interaction's provider states (a list of ``ProviderState``). A signature no rule fits is a
``ConfigurationError`` naming the function before it is called. It returns the body alone (dict,
list, str, bytes) or a ``Message``; a synchronous producer may return a list of responses.
``async def`` works too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pactspec.errors import ConfigurationError
from pactspec.usercode import check_name, import_app, module_table, register, registered
from pactspec.usercode import where_defined as _where

__all__ = [
    "ProducerFunction",
    "Provider",
    "StateHandler",
    "load_app",
    "producer",
    "provider_state",
]

F = TypeVar("F", bound=Callable[..., Any])
ProducerFunction = Callable[..., Any]
StateHandler = Callable[..., Any]

_PRODUCER_NAME = "the message's description"
_STATE_NAME = "the provider state's name"


def producer(description: str) -> Callable[[F], F]:
    """Register the decorated function as the producer of the message with this description."""

    def decorate(function: F) -> F:
        register("producer", description, function, what=_PRODUCER_NAME)
        return function

    return decorate


def provider_state(name: str) -> Callable[[F], F]:
    """Register the decorated function as the handler of the provider state with this name."""

    def decorate(function: F) -> F:
        register("provider_state", name, function, what=_STATE_NAME)
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
            self.producers[check_name("producer", description, function, _PRODUCER_NAME)] = function
            return function

        return decorate

    def provider_state(self, name: str) -> Callable[[F], F]:
        """Decorator registering a state handler on this provider only."""

        def decorate(function: F) -> F:
            self.states[check_name("provider_state", name, function, _STATE_NAME)] = function
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


def load_app(modules: str | Iterable[str]) -> Provider:
    """Import the app module(s) and collect the producers and state handlers they register.

    Collected: functions decorated with :func:`producer` / :func:`provider_state` in the module, its
    submodules and the modules it imports, the ``PRODUCERS`` / ``PROVIDER_STATES`` dicts, and any
    :class:`Provider` instance bound at the module's top level.
    """
    names = [modules] if isinstance(modules, str) else list(modules)
    result = Provider()
    for name in names:
        module = import_app(name)
        found = Provider(registered("producer", [module]), registered("provider_state", [module]), (name,))
        for value in vars(module).values():
            if isinstance(value, Provider):
                found.add(value)
        found.add(Provider(module_table(module, "PRODUCERS", "message description"),
                           module_table(module, "PROVIDER_STATES", "provider state name")))
        result.add(found)
    return result
