"""Registration of producers and provider states, state setup/teardown, calling producers."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from pactspec.errors import ConfigurationError, StateSetupError, StateSignatureError
from pactspec.model import Message, ProviderState
from pactspec.provider._producing import call_producer as call_in_process
from pactspec.provider._producing import producer_arguments
from pactspec.provider._registry import Provider, load_app, producer, provider_state
from pactspec.provider._states import set_up_state


def call_producer(function, *, request=None, context, synchronous: bool, description: str = "", states=()):
    """A producer called as the in-process backend and the message proxy call it."""
    args, kwargs = producer_arguments(function, request=request, context=context, synchronous=synchronous,
                                      description=description, states=states)
    return call_in_process(function, args, kwargs, description=description)


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
            from pactspec.provider._registry import producer, provider_state

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
            from pactspec.provider._registry import producer
            @producer("from a submodule")
            def sub(): return 1
        """)
        write_module(app_dir, "app_pkg.__init__", """
            from pactspec.provider._registry import Provider
            from app_pkg import events
            provider = Provider()
            @provider.producer("from an instance")
            def inst(): return 2
        """)
        provider = load_app("app_pkg")
        assert sorted(provider.producers) == ["from a submodule", "from an instance"]

    def test_other_apps_registrations_stay_out(self, app_dir: Path) -> None:
        """Loading one app does not pick up producers another module registered."""
        write_module(app_dir, "app_one", 'from pactspec.provider._registry import producer\n'
                                         '@producer("one")\ndef one(): return 1\n')
        write_module(app_dir, "app_two", 'from pactspec.provider._registry import producer\n'
                                         '@producer("two")\ndef two(): return 2\n')
        load_app("app_one")
        assert sorted(load_app("app_two").producers) == ["two"]
        assert sorted(load_app(["app_one", "app_two"]).producers) == ["one", "two"]

    def test_the_same_description_in_two_apps_is_an_error(self, app_dir: Path) -> None:
        """Two producers for one message cannot both be right: the error names both."""
        write_module(app_dir, "app_dup_a", 'from pactspec.provider._registry import producer\n'
                                           '@producer("same")\ndef a(): return 1\n')
        write_module(app_dir, "app_dup_b", 'from pactspec.provider._registry import producer\n'
                                           '@producer("same")\ndef b(): return 2\n')
        with pytest.raises(ConfigurationError, match=r"two producers for message 'same': a \(.*app_dup_a.py:2\)"):
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
    def test_a_setup_bool_handler_is_called_with_true_then_false(self) -> None:
        """pact-go's form: setup=True at set-up, setup=False at teardown (once), params both times."""
        calls = []

        def handler(setup: bool, id: int) -> dict | None:
            calls.append((setup, id))
            return {"id": id} if setup else None

        active = set_up_state(handler, ProviderState("s", {"id": 7}))
        assert calls == [(True, 7)] and active.values == {"id": 7}
        active.teardown()
        active.teardown()
        assert calls == [(True, 7), (False, 7)]

    def test_a_state_param_named_setup_reaches_a_handler_that_does_not_annotate_it_bool(self) -> None:
        """The setup form needs the bool annotation and no state param of that name."""
        calls = []

        def plain(setup):
            calls.append(setup)

        def annotated(setup: bool):
            calls.append(setup)

        set_up_state(plain, ProviderState("s", {"setup": "full"})).teardown()
        set_up_state(annotated, ProviderState("s", {"setup": False})).teardown()
        assert calls == ["full", False]

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

        with pytest.raises(StateSignatureError, match=r"test_registry.py:\d+\) of provider state 's' cannot take "
                           r"what the pact gives, the params id \(.*\*\*params"):
            set_up_state(handler, ProviderState("s", {"id": 1}))

    def test_a_required_parameter_the_pact_does_not_give(self) -> None:
        """A handler needing a param the state lacks is a configuration error listing what the pact gives."""

        def handler(id, name):
            pass

        with pytest.raises(ConfigurationError, match=r"the params id \(missing a required argument: 'name'\)"):
            set_up_state(handler, ProviderState("s", {"id": 1}))
        with pytest.raises(ConfigurationError, match="cannot take what the pact gives, no params"):
            set_up_state(handler, ProviderState("s"))

    def test_a_raising_handler_says_where(self) -> None:
        """The user's frame that raised is named by file and line."""

        def handler():
            raise RuntimeError("database down")

        with pytest.raises(StateSetupError, match=r"database down \(raised at .*test_registry.py:\d+ in handler\)"):
            set_up_state(handler, ProviderState("db"))

    def test_returning_something_else_than_a_dict(self) -> None:
        with pytest.raises(StateSetupError, match="returned int; return"):
            set_up_state(lambda: 5, ProviderState("s"))


class TestLoadAppErrors:
    def test_an_app_that_raises_on_import_says_where(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """The import error names the app's file and line, not only the exception."""
        write_module(tmp_path, "raising_app_5c1", """\
            import os

            SETTING = os.environ["NO_SUCH_SETTING_5C1"]
            """)
        monkeypatch.syspath_prepend(str(tmp_path))
        with pytest.raises(ConfigurationError) as info:
            load_app("raising_app_5c1")
        message = str(info.value)
        assert "importing module 'raising_app_5c1' failed: KeyError: 'NO_SUCH_SETTING_5C1'" in message
        assert "raising_app_5c1.py:3 in <module>)" in message and "\n" not in message


class TestCallProducer:
    def test_a_producer_may_ask_for_the_provider_states(self) -> None:
        """A parameter named states gets the interaction's ProviderState list, beside the context."""
        states = [ProviderState("User with id 127 exists", {"id": 127})]

        def make(context, states):
            return {"names": [s.name for s in states], "id": context["id"]}

        assert call_producer(make, context={"id": 127}, synchronous=False, states=states) == {
            "names": ["User with id 127 exists"], "id": 127}

    def test_kwargs_do_not_get_the_states(self) -> None:
        """**kwargs keeps getting the context alone, as before."""
        assert call_producer(lambda **kw: sorted(kw), context={}, synchronous=False,
                             states=[ProviderState("s")]) == ["context"]

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

    @pytest.mark.parametrize(
        ("function", "synchronous", "expected"),
        [
            (lambda: "none", False, "none"),
            (lambda: "none", True, "none"),
            (lambda ctx: ctx["id"], False, 7),
            (lambda req: req.body, True, {"q": 1}),
            (lambda context: context["id"], False, 7),
            (lambda context: context["id"], True, 7),
            (lambda request: request.body, True, {"q": 1}),
            (lambda msg, context: (msg.body, context["id"]), True, ({"q": 1}, 7)),
            (lambda *, context: context["id"], False, 7),
            (lambda request, *, context: (request.body, context["id"]), True, ({"q": 1}, 7)),
            (lambda event_type, context: (event_type, context["id"]), False, None),
            (lambda ctx, retries=3: (ctx["id"], retries), False, (7, 3)),
            (lambda body={"bound": 1}: body, False, {"bound": 1}),
            (lambda body={"bound": 1}: body, True, {"bound": 1}),
            (lambda **kwargs: sorted(kwargs), True, ["context", "request"]),
            (lambda **kwargs: sorted(kwargs), False, ["context"]),
        ],
        ids=["none-async", "none-sync", "ctx-async", "req-sync", "context-async", "context-sync", "request-sync",
             "positional-and-context", "keyword-only-context", "request-and-keyword-context",
             "other-name-and-context", "default-kept", "bound-default-async", "bound-default-sync",
             "kwargs-sync", "kwargs-async"],
    )
    def test_signature_rules(self, function, synchronous: bool, expected: object) -> None:
        """No parameters; one positional parameter (request if synchronous, else context); request/context by name."""
        call = lambda: call_producer(function, request=Message({"q": 1}), context={"id": 7},
                                     synchronous=synchronous, description="m")
        if expected is None:
            with pytest.raises(ConfigurationError, match="nothing is given to its parameter 'event_type'"):
                call()
        else:
            assert call() == expected

    def test_an_unsatisfiable_signature_is_a_configuration_error_not_the_producers_fault(self) -> None:
        """The producer is not called; the error names it, its file:line and the accepted signatures."""
        called = []

        def make(a, b):
            called.append(1)

        with pytest.raises(ConfigurationError) as info:
            call_producer(make, context={}, synchronous=False, description="m")
        assert not called
        message = str(info.value)
        assert message.startswith("the producer TestCallProducer.")
        assert "test_registry.py:" in message and "of the asynchronous message 'm' cannot be called" in message
        assert "def m(), def m(context), def m(request) or def m(request, context)" in message
        assert "\n" not in message

    def test_request_for_an_asynchronous_message_is_refused(self) -> None:
        with pytest.raises(ConfigurationError, match="an asynchronous message has no request"):
            call_producer(lambda request: 1, context={}, synchronous=False, description="m")

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
