"""``pactspec.verify`` (verify_provider) and backend_for: time limits on user code, aggregator apps."""

from __future__ import annotations

import asyncio
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pactspec.errors import ConfigurationError
from pactspec.provider._api import verify_provider
from pactspec.provider._registry import Provider
from tests.provider.test_verifier import v4_message, write_pact

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
