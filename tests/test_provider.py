"""Registration of producers and provider states, state setup/teardown, calling producers."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from pactspec.errors import ConfigurationError
from pactspec.model import Message, ProviderState
from pactspec.provider import (
    Provider,
    StateSetupError,
    call_producer,
    load_app,
    producer,
    provider_state,
    set_up_state,
)


def write_module(root: Path, name: str, source: str) -> None:
    path = root.joinpath(*name.split(".")).with_suffix(".py")
    path.parent.mkdir(parents=True, exist_ok=True)
    for parent in path.relative_to(root).parents:
        if str(parent) != ".":
            (root / parent / "__init__.py").touch()
    path.write_text(textwrap.dedent(source))


@pytest.fixture
def app_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.syspath_prepend(str(tmp_path))
    return tmp_path


class TestLoadApp:
    def test_collects_decorated_producers_and_states(self, app_dir: Path) -> None:
        """Importing the app module registers what its decorators name, and only that."""
        write_module(app_dir, "app_deco.producer", """
            from pactspec.provider import producer, provider_state

            @provider_state("User 127 exists")
            def user_exists(id):
                return {"id": id}

            @producer("a user event")
            def user_event():
                return {"id": 127}
        """)
        provider = load_app("app_deco.producer")
        assert sorted(provider.producers) == ["a user event"]
        assert sorted(provider.states) == ["User 127 exists"]
        assert provider.sources == ("app_deco.producer",)

    def test_collects_the_plain_dict_form(self, app_dir: Path) -> None:
        """PRODUCERS and PROVIDER_STATES dicts register without decorators."""
        write_module(app_dir, "app_dicts", """
            def make(): return {"a": 1}
            def state(): pass
            PRODUCERS = {"an event": make}
            PROVIDER_STATES = {"a state": state}
        """)
        provider = load_app("app_dicts")
        assert provider.producers["an event"]() == {"a": 1}
        assert "a state" in provider.states

    def test_collects_a_provider_instance_and_submodules(self, app_dir: Path) -> None:
        """A Provider object at module level and decorators in submodules both count."""
        write_module(app_dir, "app_pkg.events", """
            from pactspec.provider import producer
            @producer("from a submodule")
            def sub(): return 1
        """)
        write_module(app_dir, "app_pkg.__init__", """
            from pactspec.provider import Provider
            from app_pkg import events
            provider = Provider()
            @provider.producer("from an instance")
            def inst(): return 2
        """)
        provider = load_app("app_pkg")
        assert sorted(provider.producers) == ["from a submodule", "from an instance"]

    def test_other_apps_registrations_stay_out(self, app_dir: Path) -> None:
        """Loading one app does not pick up producers another module registered."""
        write_module(app_dir, "app_one", 'from pactspec.provider import producer\n'
                                         '@producer("one")\ndef one(): return 1\n')
        write_module(app_dir, "app_two", 'from pactspec.provider import producer\n'
                                         '@producer("two")\ndef two(): return 2\n')
        load_app("app_one")
        assert sorted(load_app("app_two").producers) == ["two"]
        assert sorted(load_app(["app_one", "app_two"]).producers) == ["one", "two"]

    def test_the_same_description_in_two_apps_is_an_error(self, app_dir: Path) -> None:
        """Two producers for one message cannot both be right: the error names both."""
        write_module(app_dir, "app_dup_a", 'from pactspec.provider import producer\n'
                                           '@producer("same")\ndef a(): return 1\n')
        write_module(app_dir, "app_dup_b", 'from pactspec.provider import producer\n'
                                           '@producer("same")\ndef b(): return 2\n')
        with pytest.raises(ConfigurationError, match=r"two producer for message 'same': a \(.*app_dup_a.py:2\)"):
            load_app(["app_dup_a", "app_dup_b"])

    def test_a_missing_module_is_a_configuration_error(self, app_dir: Path) -> None:
        """A module that is not there gives one sentence naming it."""
        with pytest.raises(ConfigurationError, match="cannot import module 'no_such_app_module'"):
            load_app("no_such_app_module")

    def test_a_bad_dict_form_is_reported(self, app_dir: Path) -> None:
        """PRODUCERS must map names to functions."""
        write_module(app_dir, "app_bad_dict", 'PRODUCERS = {"x": 42}\n')
        with pytest.raises(ConfigurationError, match=r"app_bad_dict.PRODUCERS\['x'\] must map"):
            load_app("app_bad_dict")

    def test_an_empty_name_is_refused(self) -> None:
        """A decorator without a description cannot be matched to anything."""
        with pytest.raises(ConfigurationError, match="non-empty text name"):
            producer("  ")(lambda: None)


class TestSetUpState:
    def test_params_arrive_as_keyword_arguments(self) -> None:
        """The state's params are the handler's keyword arguments; its dict is the context."""
        seen = {}

        def handler(id: int, name: str = "x") -> dict:
            seen.update(id=id, name=name)
            return {"userId": id * 2}

        active = set_up_state(handler, ProviderState("s", {"id": 3, "name": "Ann"}))
        assert seen == {"id": 3, "name": "Ann"}
        assert active.values == {"userId": 6}
        active.teardown()  # a plain function has nothing to tear down

    def test_generator_teardown_runs_after_the_yield(self) -> None:
        """Code after the yield runs at teardown, once."""
        log = []

        def handler(id: int):
            log.append(f"setup {id}")
            yield {"id": id}
            log.append(f"teardown {id}")

        active = set_up_state(handler, ProviderState("s", {"id": 1}))
        assert active.values == {"id": 1} and log == ["setup 1"]
        active.teardown()
        active.teardown()
        assert log == ["setup 1", "teardown 1"]

    def test_generator_returning_before_yield_has_no_teardown(self) -> None:
        """A generator handler that returns early gives its return value as context."""

        def handler():
            return {"a": 1}
            yield  # pragma: no cover

        active = set_up_state(handler, ProviderState("s"))
        assert active.values == {"a": 1}

    def test_yielding_twice_is_reported_at_teardown(self) -> None:
        """A handler must yield once."""

        def handler():
            yield
            yield

        active = set_up_state(handler, ProviderState("twice"))
        with pytest.raises(StateSetupError, match="'twice' yields more than once"):
            active.teardown()

    def test_a_raising_handler_names_the_state(self) -> None:
        """The exception becomes one sentence naming the state."""

        def handler():
            raise RuntimeError("database down")

        with pytest.raises(StateSetupError, match="provider state 'db' raised RuntimeError: database down"):
            set_up_state(handler, ProviderState("db"))

    def test_a_raising_teardown_names_the_state(self) -> None:
        def handler():
            yield
            raise KeyError("gone")

        active = set_up_state(handler, ProviderState("t"))
        with pytest.raises(StateSetupError, match="teardown of provider state 't' raised KeyError"):
            active.teardown()

    def test_params_the_handler_cannot_take(self) -> None:
        """Params without a matching parameter are reported with what to write instead."""

        def handler():
            pass

        with pytest.raises(StateSetupError, match=r"cannot take the params \['id'\].*\*\*params"):
            set_up_state(handler, ProviderState("s", {"id": 1}))

    def test_returning_something_else_than_a_dict(self) -> None:
        with pytest.raises(StateSetupError, match="returned int; return"):
            set_up_state(lambda: 5, ProviderState("s"))


class TestCallProducer:
    def test_async_message_producer_takes_no_argument(self) -> None:
        assert call_producer(lambda: {"a": 1}, context={}, synchronous=False) == {"a": 1}

    def test_context_is_passed_when_asked_for(self) -> None:
        """A producer with a `context` parameter receives the provider-state values."""

        def make(context):
            return {"id": context["id"]}

        assert call_producer(make, context={"id": 9}, synchronous=False) == {"id": 9}

    def test_synchronous_producer_gets_the_request(self) -> None:
        def reply(request: Message):
            return {"echo": request.body}

        assert call_producer(reply, request=Message({"q": 1}), context={}, synchronous=True) == {"echo": {"q": 1}}

    def test_async_def_producers_are_awaited(self) -> None:
        async def make():
            return "done"

        assert call_producer(make, context={}, synchronous=False) == "done"


class TestProviderInstance:
    def test_decorators_register_on_the_instance_only(self) -> None:
        provider = Provider()

        @provider.provider_state("s")
        def state() -> None:
            pass

        @provider.producer("m")
        def make() -> int:
            return 1

        assert provider.find_producer("m") is make and provider.find_state("s") is state
        assert provider.find_producer("other") is None


@provider_state("module-level state used by no app")
def _unused_state() -> None:
    """Registered from a test module: must not leak into apps (see test_other_apps_registrations_stay_out)."""
