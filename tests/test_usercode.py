"""Calling user code (sync, async, failures, time limits) and the registry of user functions."""

from __future__ import annotations

import asyncio
import inspect
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pactspec.errors import ConfigurationError, UserCodeError, UserCodeTimeout
from pactspec.usercode import (
    call_user_code,
    check_timeout,
    import_app,
    register,
    registered,
    registered_elsewhere,
    signature_of,
    still_running,
)


@pytest.fixture
def release() -> Iterator[threading.Event]:
    """An event stuck user code waits on; set after the test, so no thread outlives it."""
    event = threading.Event()
    yield event
    event.set()


class TestCallUserCode:
    def test_returns_what_the_function_returns(self) -> None:
        """A plain call gives back the function's value, arguments passed through."""
        assert call_user_code(lambda a, b=0: a + b, (1,), {"b": 2}, what="x") == 3

    def test_an_async_function_is_awaited(self) -> None:
        """``async def`` code is awaited, with and without a limit."""
        async def make() -> int:
            await asyncio.sleep(0)
            return 7

        assert call_user_code(make, what="x") == 7
        assert call_user_code(make, what="x", timeout=None) == 7

    def test_a_raise_says_what_and_where(self) -> None:
        """What the code raised becomes one UserCodeError naming the call and the raising line."""
        def broken() -> None:
            raise KeyError("no such user")

        with pytest.raises(UserCodeError) as caught:
            call_user_code(broken, what="the producer of 'a user event'")
        assert str(caught.value).startswith("the producer of 'a user event' raised KeyError: 'no such user' "
                                            "(raised at tests/test_usercode.py:")
        assert isinstance(caught.value.error, KeyError)
        assert caught.value.reason.startswith("KeyError: 'no such user' (raised at")

    def test_sys_exit_is_the_codes_failure(self) -> None:
        """``sys.exit()`` in user code fails that call and does not end the run."""
        with pytest.raises(UserCodeError, match="raised SystemExit: 3"):
            call_user_code(sys.exit, (3,), what="the handler")

    def test_a_function_that_never_returns_is_abandoned_at_the_limit(self, release: threading.Event) -> None:
        """Sync code past the limit: a UserCodeTimeout naming the function and its line, about on time."""
        def stuck() -> None:
            release.wait()

        started = time.perf_counter()
        with pytest.raises(UserCodeTimeout) as caught:
            call_user_code(stuck, what="the producer of 'a user event'", timeout=0.3)
        assert time.perf_counter() - started < 2
        message = str(caught.value)
        assert message.startswith("the producer of 'a user event', ")
        assert "stuck (" in message and "tests/test_usercode.py:" in message
        assert "did not return within 0.3 s" in message
        assert any("the producer of 'a user event'" in what for what in still_running())
        release.set()

    def test_the_next_call_runs_after_an_abandoned_one(self, release: threading.Event) -> None:
        """A stuck call does not block the calls after it: they get a fresh worker thread."""
        with pytest.raises(UserCodeTimeout):
            call_user_code(release.wait, what="x", timeout=0.2)
        assert call_user_code(lambda: "next", what="y", timeout=1) == "next"

    def test_an_async_function_awaiting_forever_is_cancelled(self) -> None:
        """Async code past the limit is cancelled (its finally runs) and leaves nothing running."""
        cleaned: list[str] = []

        async def forever() -> None:
            try:
                await asyncio.Event().wait()
            finally:
                cleaned.append("cancelled")

        with pytest.raises(UserCodeTimeout, match="did not return within 0.2 s"):
            call_user_code(forever, what="the producer of 'x'", timeout=0.2)
        assert cleaned == ["cancelled"]

    def test_an_async_functions_own_timeout_error_is_its_failure(self) -> None:
        """A TimeoutError the code raises itself is not the limit expiring."""
        async def gives_up() -> None:
            raise TimeoutError("the database did not answer")

        with pytest.raises(UserCodeError, match="raised TimeoutError: the database did not answer"):
            call_user_code(gives_up, what="x", timeout=5)

    def test_calls_share_one_thread(self) -> None:
        """Consecutive calls run on the same worker thread (a state handler's connection stays usable)."""
        first = call_user_code(threading.get_ident, what="x", timeout=5)
        assert call_user_code(threading.get_ident, what="y", timeout=5) == first
        assert first != threading.get_ident()

    def test_no_limit_calls_here(self) -> None:
        """Without a limit, the code runs in the calling thread, as before timeouts existed."""
        assert call_user_code(threading.get_ident, what="x", timeout=None) == threading.get_ident()


class TestSignatureOf:
    def test_a_functions_signature_is_worked_out_once(self) -> None:
        """A handler called for every message has its signature inspected the first time only."""
        def handler(message: object, *, seen: int = 0) -> None: ...

        first = signature_of(handler)
        assert first == inspect.signature(handler)
        assert all(signature_of(handler) is first for _ in range(3))  # inspect gives a new object each time

    def test_an_unhashable_callable_still_has_its_signature(self) -> None:
        """A callable object without __hash__ is inspected each time rather than refused."""
        class Handler:
            __hash__ = None  # type: ignore[assignment]

            def __call__(self, message: object) -> None: ...

        assert list(signature_of(Handler()).parameters) == ["message"]

    def test_no_signature_raises_as_inspect_does(self) -> None:
        """Callers tell builtins without a signature apart by inspect's own exception."""
        with pytest.raises((TypeError, ValueError)):
            signature_of(type)


class TestCheckTimeout:
    @pytest.mark.parametrize(("given", "expected"), [("60", 60.0), ("0.5", 0.5), (2, 2.0), ("0", None), (0, None)])
    def test_seconds(self, given: object, expected: float | None) -> None:
        """Seconds as text or number; 0 means no limit."""
        assert check_timeout(given, "--timeout ") == expected

    @pytest.mark.parametrize("given", ["-1", "soon", "inf", "nan", True, None])
    def test_not_seconds(self, given: object) -> None:
        """Negative, non-numeric or infinite values are one sentence naming the option."""
        with pytest.raises(ConfigurationError, match=rf"^--timeout {given} is not a number of seconds; give a "):
            check_timeout(given, "--timeout ")


def write(root: Path, name: str, source: str) -> None:
    path = root.joinpath(*name.split(".")).with_suffix(".py")
    path.parent.mkdir(parents=True, exist_ok=True)
    if "." in name:
        (path.parent / "__init__.py").touch()
    path.write_text(textwrap.dedent(source))


@pytest.fixture
def apps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.syspath_prepend(str(tmp_path))
    return tmp_path


HANDLERS = """
    from pactspec.usercode import register

    def made(): return 1
    register("producer", "{name}", made, what="the message's description")
"""


class TestRegistered:
    def test_an_aggregator_module_gets_what_its_imports_register(self, apps: Path) -> None:
        """A module that only imports the handler module counts the handlers as its own."""
        write(apps, "agg_a.producer", HANDLERS.format(name="from agg_a"))
        write(apps, "agg_a_support", "import agg_a.producer\n")
        assert list(registered("producer", [import_app("agg_a_support")])) == ["from agg_a"]

    def test_it_counts_when_the_handler_module_was_imported_before(self, apps: Path) -> None:
        """The handler module imported earlier (by anything) still counts for an aggregator importing it."""
        write(apps, "agg_b_handlers", HANDLERS.format(name="from agg_b"))
        write(apps, "agg_b_support", "from agg_b_handlers import made\n")
        import_app("agg_b_handlers")
        assert list(registered("producer", [import_app("agg_b_support")])) == ["from agg_b"]

    def test_indirect_imports_count(self, apps: Path) -> None:
        """An aggregator of an aggregator gets the handlers too."""
        write(apps, "agg_c_handlers", HANDLERS.format(name="from agg_c"))
        write(apps, "agg_c_middle", "import agg_c_handlers\n")
        write(apps, "agg_c_top", "from agg_c_middle import *\nimport agg_c_middle\n")
        import_app("agg_c_middle")
        assert list(registered("producer", [import_app("agg_c_top")])) == ["from agg_c"]

    def test_a_module_that_does_not_import_them_gets_none(self, apps: Path) -> None:
        """Another app's handlers, registered in the same process, stay out."""
        write(apps, "agg_d_handlers", HANDLERS.format(name="from agg_d"))
        write(apps, "agg_d_other", "import json\n")
        import_app("agg_d_handlers")
        assert registered("producer", [import_app("agg_d_other")]) == {}
        [found] = registered_elsewhere("producer", "from agg_d")
        assert found.module == "agg_d_handlers"

    def test_kinds_are_kept_apart(self, apps: Path) -> None:
        """A trigger is not a producer of the same name."""
        def publish() -> None:
            pass

        register("trigger", "kinds apart", publish, what="the message's description")
        assert "kinds apart" not in registered("producer", [sys.modules[__name__]])
        assert registered("trigger", [sys.modules[__name__]])["kinds apart"] is publish

    def test_two_functions_for_one_name_are_an_error(self, apps: Path) -> None:
        """Two modules an app reaches registering one name cannot both be right: the error names both."""
        write(apps, "agg_e_one", HANDLERS.format(name="same name"))
        write(apps, "agg_e_two", HANDLERS.format(name="same name"))
        write(apps, "agg_e_both", "import agg_e_one\nimport agg_e_two\n")
        with pytest.raises(ConfigurationError, match=r"^two producers 'same name' in agg_e_both and what it imports: "
                                                     r"made \(.*agg_e_one.py:4\) and made \(.*agg_e_two.py:4\); keep one$"):
            registered("producer", [import_app("agg_e_both")])

    def test_the_apps_own_function_wins_over_an_imported_one(self, apps: Path) -> None:
        """A module that imports another for its helpers may replace one of its handlers with its own."""
        write(apps, "agg_f_base", HANDLERS.format(name="replaced"))
        write(apps, "agg_f_variant", "import agg_f_base\n" + textwrap.dedent(HANDLERS.format(name="replaced"))
              .replace("def made(): return 1", "def made(): return 2"))
        assert registered("producer", [import_app("agg_f_variant")])["replaced"]() == 2
