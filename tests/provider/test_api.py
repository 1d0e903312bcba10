# ruff: noqa: F811
"""``pactspec.verify`` (verify_provider) and backend_for: time limits on user code, aggregator apps."""

from __future__ import annotations

import asyncio
import re
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pactspec.errors import ConfigurationError, InputError
from pactspec.provider._api import Spelling, backend_for, verify_provider
from pactspec.provider._producing import InProcessBackend
from pactspec.provider._registry import Provider
from pactspec.provider._verifier import verify

# the verifier tests' provider fixture, which TestVerifyProvider's tests take by name (hence F811 off here)
from tests.provider.test_verifier import (
    provider,  # noqa: F401
    v4_message,
    write_pact,
)

STATE = [{"name": "User 127 exists", "params": {"id": 127}}]


@pytest.fixture
def release() -> Iterator[threading.Event]:
    """What stuck user code waits on; set after the test so that no thread outlives it."""
    event = threading.Event()
    yield event
    event.set()


@pytest.fixture
def log() -> list[str]:
    return []


def stuck_provider(release: threading.Event, log: list[str]) -> Provider:
    provider = Provider(sources=("tests.stuck",))

    @provider.provider_state("User 127 exists")
    def user_exists(id: int):
        log.append("setup")
        yield {"id": id}
        log.append("teardown")

    @provider.provider_state("a blocked database")
    def blocked():
        release.wait()

    @provider.producer("a stuck event")
    def stuck():
        release.wait()  # sleeps forever, as far as the verifier can tell

    @provider.producer("an awaiting event")
    async def awaiting():
        try:
            await asyncio.Event().wait()
        finally:
            log.append("cancelled")

    @provider.producer("a user event")
    def user_event(context):
        return {"id": context.get("id", 127)}

    return provider


class TestTimeout:
    def test_a_producer_that_never_returns_fails_its_interaction_and_the_run_goes_on(
            self, tmp_path: Path, release: threading.Event, log: list[str]) -> None:
        """The stuck interaction fails with one error, its state is torn down, the next one passes."""
        write_pact(tmp_path, [v4_message("a stuck event", {"id": 1}, states=STATE),
                              v4_message("a user event", {"id": 127}, states=STATE)])
        started = time.perf_counter()
        result = verify_provider(tmp_path, app=stuck_provider(release, log), timeout=0.5)
        assert time.perf_counter() - started < 5
        statuses = {r.description: (r.status, r.errors) for _, r in result.interactions}
        status, [error] = statuses["a stuck event"]
        assert status == "error"
        assert error.startswith("the producer of 'a stuck event', stuck_provider.<locals>.stuck (")
        assert "tests/provider/test_api.py:" in error
        assert "did not return within 0.5 s" in error
        assert statuses["a user event"] == ("passed", ())
        assert log == ["setup", "teardown", "setup", "teardown"]

    def test_a_state_handler_that_blocks_fails_its_interaction(
            self, tmp_path: Path, release: threading.Event, log: list[str]) -> None:
        """A blocking state handler fails the interaction before its producer runs."""
        write_pact(tmp_path, [v4_message("a user event", {"id": 127},
                                         states=[*STATE, {"name": "a blocked database"}])])
        result = verify_provider(tmp_path, app=stuck_provider(release, log), timeout=0.5)
        [(_, interaction)] = result.interactions
        [error] = interaction.errors
        assert error.startswith("the handler of provider state 'a blocked database', "
                                "stuck_provider.<locals>.blocked (")
        assert "did not return within 0.5 s" in error
        assert log == ["setup", "teardown"]  # the state set up before it is torn down

    def test_an_async_producer_awaiting_forever_is_cancelled(
            self, tmp_path: Path, release: threading.Event, log: list[str]) -> None:
        """Async code is cancelled at the limit: its finally runs, and the run goes on."""
        write_pact(tmp_path, [v4_message("an awaiting event", {"id": 1})])
        result = verify_provider(tmp_path, app=stuck_provider(release, log), timeout=0.5)
        [(_, interaction)] = result.interactions
        assert "the producer of 'an awaiting event', stuck_provider.<locals>.awaiting (" in interaction.errors[0]
        assert log == ["cancelled"]

    def test_zero_means_no_limit(self, tmp_path: Path, log: list[str]) -> None:
        """timeout=0 calls the producer without a limit (here, in the calling thread)."""
        provider = Provider()
        provider.producer("a user event")(lambda: {"id": threading.get_ident()})
        write_pact(tmp_path, [v4_message("a user event", {"id": threading.get_ident()})])
        assert verify_provider(tmp_path, app=provider, timeout=0).passed

    def test_a_negative_timeout_is_refused(self, tmp_path: Path) -> None:
        """timeout=-1 is one sentence before anything runs."""
        with pytest.raises(ConfigurationError, match=r"^timeout=-1 is not a number of seconds"):
            verify_provider(tmp_path, app=Provider(), timeout=-1)


class TestAggregatorApp:
    def test_an_app_module_that_imports_the_handlers_verifies(
            self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """app="api_support" where api_support only imports the module registering the handlers."""
        (tmp_path / "api_payments").mkdir()
        (tmp_path / "api_payments" / "__init__.py").touch()
        (tmp_path / "api_payments" / "producer.py").write_text(textwrap.dedent("""
            from pactspec import producer, provider_state

            @provider_state("User 127 exists")
            def user(id):
                return {"id": id}

            @producer("a user event")
            def user_event(context):
                return {"id": context["id"]}
        """))
        (tmp_path / "api_support.py").write_text("import api_payments.producer  # noqa: F401\n")
        monkeypatch.syspath_prepend(str(tmp_path))
        pacts = tmp_path / "pacts"
        pacts.mkdir()
        write_pact(pacts, [v4_message("a user event", {"id": 127}, states=STATE)])
        result = verify_provider(pacts, app="api_support")
        assert result.passed, [r.errors for _, r in result.interactions]

    def test_handlers_the_app_does_not_import_are_named_with_the_module_to_pass(
            self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """Registered by a module the app does not import: the error names it and the --app to pass."""
        (tmp_path / "api_elsewhere.py").write_text(textwrap.dedent("""
            from pactspec import producer

            @producer("an elsewhere event")
            def made():
                return {"id": 1}
        """))
        (tmp_path / "api_lonely.py").write_text("import json  # noqa: F401\n")
        monkeypatch.syspath_prepend(str(tmp_path))
        import api_elsewhere  # type: ignore[import-not-found]  # noqa: F401  (registered, as by a conftest)

        write_pact(tmp_path, [v4_message("an elsewhere event", {"id": 1})])
        result = verify_provider(tmp_path, app="api_lonely")
        [(_, interaction)] = result.interactions
        [error] = interaction.errors
        assert error.startswith("no producer for message 'an elsewhere event' in api_lonely: made (")
        assert error.endswith("but api_lonely does not import api_elsewhere; add that module to the app modules "
                              "(--app api_elsewhere), or import it from api_lonely")


class TestVerifyProvider:
    """``pactspec.verify``: the Python form of ``pactspec verify``."""

    def test_a_provider_object_verifies_in_process(self, tmp_path: Path, provider: Provider) -> None:
        """pacts, provider name and a Provider: no backend to build."""
        write_pact(tmp_path, [v4_message("a user event", {"id": 127, "name": "Ann"})])
        result = verify_provider(tmp_path, provider="user-events", app=provider)
        assert (result.passed, result.exit_code, result.count("passed")) == (True, 0, 1)

    def test_an_app_module_by_name_or_as_a_module(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """app= takes a module name or the imported module; its registrations are used."""
        (tmp_path / "api_app_7d2.py").write_text(
            "from pactspec.provider._registry import producer\n\n"
            "@producer('a user event')\n"
            "def made(ctx):\n"
            "    return {'id': 127, 'name': 'Ann'}\n")
        monkeypatch.syspath_prepend(str(tmp_path))
        pacts = tmp_path / "pacts"
        pacts.mkdir()
        write_pact(pacts, [v4_message("a user event", {"id": 127, "name": "Ann"})])
        assert verify_provider(str(pacts), app="api_app_7d2").passed
        import api_app_7d2  # type: ignore[import-not-found]

        assert verify_provider([pacts], app=api_app_7d2, provider="user-events").passed

    def test_filters_are_applied(self, tmp_path: Path, provider: Provider) -> None:
        write_pact(tmp_path, [v4_message("a user event", {"id": 127, "name": "Ann"}),
                              v4_message("a wrong event", {"id": 127, "name": "Ann"})])
        result = verify_provider(tmp_path, app=provider, description="^a user")
        assert [r.description for _, r in result.interactions] == ["a user event"]

    @pytest.mark.parametrize(
        ("arguments", "message"),
        [
            ({"pacts": 5}, ("pacts must be a pact file, a folder of them or an http(s) URL (str or Path), or a list "
                           "of those (got 5 that is an int)")),
            ({"pacts": ["a.json", None]}, "(got None that is a NoneType)"),
            ({"app": 3.5}, ("app must be a module name such as \"users.producer\", a list of them, a module or a "
                           "pactspec Provider (got 3.5 that is a float)")),
            ({"provider": ["p"]}, "provider must be a str or None (got ['p'] that is a list)"),
            ({"consumers": "orders"}, "consumers must be a list of consumer names"),
        ],
    )
    def test_wrong_types_are_a_type_error_in_one_sentence(self, arguments: dict[str, Any], message: str) -> None:
        kwargs: dict[str, Any] = {"pacts": "pacts", "app": Provider(), **arguments}
        with pytest.raises(TypeError) as info:
            verify_provider(kwargs.pop("pacts"), **kwargs)
        assert message in str(info.value) and "\n" not in str(info.value)

    @pytest.mark.parametrize(
        ("arguments", "message"),
        [
            ({}, "nothing to verify against: give app="),
            ({"state_url": "http://x/s"}, "state_url needs message_url"),
            ({"message_url": "ftp://x"}, "message_url 'ftp://x' is not an http(s) URL"),
            ({"app": Provider(), "state": "s", "no_state": True}, "state and no_state exclude each other"),
            ({"app": Provider(), "description": "("}, "description"),
        ],
    )
    def test_unusable_values_are_a_configuration_error(self, tmp_path: Path, arguments: dict[str, Any],
                                                       message: str) -> None:
        write_pact(tmp_path, [v4_message("a user event", {})])
        with pytest.raises(InputError, match=re.escape(message)):
            verify_provider(tmp_path, **arguments)

    def test_the_backend_form_takes_a_provider_and_refuses_other_objects(self, tmp_path: Path,
                                                                         provider: Provider) -> None:
        """verifier.verify(sources, backend): a Provider is its in-process backend; anything else is a TypeError."""
        write_pact(tmp_path, [v4_message("a user event", {"id": 127, "name": "Ann"})])
        assert verify([tmp_path], provider).passed  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="backend must be a pactspec Provider or have set_up"):
            verify([tmp_path], "users.producer")  # type: ignore[arg-type]


class TestBackendFor:
    """The one place every front end (CLI, behave steps, Python API) chooses its backend."""

    def test_a_provider_is_verified_in_process(self) -> None:
        provider = Provider()
        backend = backend_for(provider)
        assert isinstance(backend, InProcessBackend)

    def test_a_message_url_is_the_message_proxy_with_the_app_states(self) -> None:
        from pactspec.provider._proxy_client import ProxyBackend

        backend = backend_for(Provider(), "http://127.0.0.1:1/_pact/message", "http://127.0.0.1:1/_pact/state")
        assert isinstance(backend, ProxyBackend)

    def test_errors_name_the_inputs_as_the_front_end_spells_them(self) -> None:
        spelling = Spelling(app="--app MODULE", app_hint="(the module)", message_url="--message-url",
                            state_url="--state-url")
        with pytest.raises(InputError, match="--state-url needs --message-url; give the producer's message URL"):
            backend_for(Provider(), None, "http://x/s", spelling=spelling)
        with pytest.raises(InputError, match=re.escape("--message-url 'ftp://x' is not an http(s) URL")):
            backend_for(None, "ftp://x", spelling=spelling)
        with pytest.raises(InputError, match=re.escape("nothing to verify against: give --app MODULE (the module) "
                                                        "or --message-url")):
            backend_for(None, spelling=spelling)

    def test_the_cli_and_the_steps_use_it(self) -> None:
        import inspect

        import pactspec.cli.commands.verify as cli
        import pactspec.steps._provider as steps

        for module in (cli, steps):
            source = inspect.getsource(module)
            assert "backend_for(" in source
            assert "ProxyBackend" not in source and "InProcessBackend" not in source
