"""The pytest plugin (the ``pytest11`` entry point ``pactspec``): options, the ``message_pact`` fixture,
and writing (and publishing) the pacts at the end of the session.

Inert unless used: without a ``message_pact`` test nothing is recorded and nothing is written.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

import pytest

from pactspec.consumer import MessagePact
from pactspec.errors import PactSpecError
from pactspec.pactfile import RUN_ID_VARIABLE
from pactspec.pytest._consumer import SESSION, PactSession, Publishing
from pactspec.usercode import DEFAULT_TIMEOUT, check_timeout

__all__ = [
    "message_pact",
    "pytest_addoption",
    "pytest_configure",
    "pytest_configure_node",
    "pytest_runtest_makereport",
    "pytest_sessionfinish",
    "pytest_terminal_summary",
    "pytest_testnodedown",
]

_PASSED = pytest.StashKey[bool]()
_PUBLISHING = pytest.StashKey[Publishing | None]()
_RUN_ID = "pactspec_run_id"
_OUTPUT = "pactspec"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("pactspec", "pactspec message pacts")
    group.addoption("--pact-dir", metavar="DIR", default="pacts",
                    help="where message_pact writes the pact files at the end of the session (default: pacts)")
    group.addoption("--pact-write-mode", metavar="MODE", default="merge", choices=("merge", "overwrite"),
                    help="merge (default): keep the file's other interactions; overwrite: the run's first write "
                         "replaces each file")
    group.addoption("--pact-timeout", metavar="SECONDS", default=str(DEFAULT_TIMEOUT),
                    help=f"how long each handler, producer and provider-state handler may take "
                         f"(default {DEFAULT_TIMEOUT:g}; 0: no limit)")
    group.addoption("--pact-publish", action="store_true",
                    help="publish the written pact files to the Pact Broker (needs --consumer-app-version)")
    # The pact-broker CLI's publish and connection flags, long forms only: pytest owns -a, -b, -k, -p, -t, -u.
    group.addoption("--consumer-app-version", metavar="VERSION", help="the consumer version to publish the pacts for")
    group.addoption("--branch", metavar="BRANCH", help="the consumer's git branch, with the published pacts")
    group.addoption("--tag", metavar="TAG", action="append", default=[], help="a tag for the consumer version "
                    "(repeatable)")
    group.addoption("--build-url", metavar="URL", help="the CI build URL, with the published pacts")
    group.addoption("--broker-base-url", "--broker-url", dest="broker_base_url", metavar="URL",
                    help="the Pact Broker (default: PACT_BROKER_BASE_URL)")
    group.addoption("--broker-username", metavar="NAME", help="basic auth username (default: PACT_BROKER_USERNAME)")
    group.addoption("--broker-password", metavar="PASSWORD",
                    help="basic auth password (default: PACT_BROKER_PASSWORD)")
    group.addoption("--broker-token", metavar="TOKEN", help="bearer token, PactFlow (default: PACT_BROKER_TOKEN)")


def _option(config: pytest.Config, name: str) -> Any:
    return config.getoption(name)


def pytest_configure(config: pytest.Config) -> None:
    # A run is one pytest session (or every session sharing PACTSPEC_RUN_ID); pytest-xdist workers share
    # the controller's, so that "overwrite" replaces each file once per run, not once per worker.
    workerinput = getattr(config, "workerinput", None)
    run_id = workerinput.get(_RUN_ID) if workerinput is not None else (
        os.environ.get(RUN_ID_VARIABLE) or f"pytest-{secrets.token_hex(12)}")
    try:
        config.stash[SESSION] = PactSession(_option(config, "pact_dir"), _option(config, "pact_write_mode"),
                                            check_timeout(_option(config, "pact_timeout"), "--pact-timeout "),
                                            run_id)
    except PactSpecError as exc:
        raise pytest.UsageError(str(exc)) from None
    config.stash[_PUBLISHING] = None
    if _option(config, "pact_publish"):
        version = _option(config, "consumer_app_version")
        if not version:
            raise pytest.UsageError("--pact-publish needs --consumer-app-version: the broker files pacts under a "
                                    "consumer version (e.g. your git commit)")
        config.stash[_PUBLISHING] = Publishing(
            version, _option(config, "branch"), tuple(_option(config, "tag")), _option(config, "build_url"),
            _option(config, "broker_base_url"), _option(config, "broker_username"),
            _option(config, "broker_password"), _option(config, "broker_token"))


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """pytest-xdist (controller): give each worker this run's id."""
    node.workerinput[_RUN_ID] = node.config.stash[SESSION].run_id


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    """pytest-xdist (controller): what a finished worker wrote, to publish and report once."""
    output = getattr(node, "workeroutput", {}).get(_OUTPUT)
    if output:
        session = node.config.stash[SESSION]
        session.written.extend(Path(p) for p in output["written"] if Path(p) not in session.written)
        session.errors.extend(output["errors"])
        session.notices.extend(n for n in output["notices"] if n not in session.notices)


@pytest.hookimpl(hookwrapper=True)  # the old-style wrapper: the plugin loads in every pytest that has StashKey
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, None]:
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.stash[_PASSED] = report.passed


@pytest.fixture
def message_pact(request: pytest.FixtureRequest) -> Iterator[Callable[..., MessagePact]]:
    """``message_pact("consumer", "provider", version="4.0")``: the code-first builder, written at session end."""
    session = request.config.stash[SESSION]
    made: list[MessagePact] = []
    yield session.factory(made)
    if request.node.stash.get(_PASSED, False):  # a failed test's interactions are not part of the contract
        session.keep(made, request.node.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    pacts = config.stash[SESSION]
    pacts.write()
    workeroutput = getattr(config, "workeroutput", None)
    if workeroutput is not None:  # a pytest-xdist worker: the controller reports and publishes
        workeroutput[_OUTPUT] = {"written": [str(p) for p in pacts.written], "errors": pacts.errors,
                                 "notices": pacts.notices}
        return
    publishing = config.stash[_PUBLISHING]
    if publishing is not None and pacts.written and not pacts.errors:
        try:
            pacts.notices.extend(publishing.publish(sorted(set(pacts.written))))
        except PactSpecError as exc:
            pacts.errors.append(f"publishing the pacts failed: {exc}")
    if pacts.errors and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    pacts = config.stash[SESSION]
    if not (pacts.written or pacts.errors or pacts.notices):
        return
    terminalreporter.section("pactspec")
    for path in sorted(set(pacts.written)):
        terminalreporter.line(f"pact file written: {path}")
    publishing = config.stash[_PUBLISHING]
    if publishing is not None and pacts.written and not pacts.errors:
        terminalreporter.line(f"pacts published for consumer version {publishing.consumer_app_version}")
    for notice in pacts.notices:
        terminalreporter.line(notice)
    for error in pacts.errors:
        terminalreporter.line(error, red=True)
