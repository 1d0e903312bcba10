"""The consumer side: a ``message_pact`` factory per test, and one recorder per pytest process that
writes every pact at the end of the session through the locked, merging writer.

A test's interactions are kept only when the test passed (as a failed behave scenario's are dropped).
Under pytest-xdist every worker writes its own interactions into the same files; the writer's lock and
merge make that safe, and the controller gives the workers one run id, so that
``--pact-write-mode overwrite`` replaces a file once per run, not once per worker.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from pactspec.broker import Broker
from pactspec.consumer import MessagePact, Recorder
from pactspec.errors import PactSpecError
from pactspec.pactfile import WriteMode, check_write_mode
from pactspec.usercode import DEFAULT_TIMEOUT

__all__ = ["SESSION", "PactSession", "Publishing"]


@dataclass(frozen=True, slots=True)
class Publishing:
    """What ``--pact-publish`` sends to the Pact Broker: the pact-broker CLI's publish options, as data."""

    consumer_app_version: str
    branch: str | None = None
    tags: tuple[str, ...] = ()
    build_url: str | None = None
    url: str | None = None  # PACT_BROKER_BASE_URL when None
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)

    def publish(self, files: Sequence[Path]) -> list[str]:
        """Publish the pact files; the broker's notices, one line each."""
        with Broker.from_env(self.url, username=self.username, password=self.password,
                             token=self.token) as broker:
            result = broker.publish(files, consumer_app_version=self.consumer_app_version, branch=self.branch,
                                    tags=self.tags, build_url=self.build_url)
        return [notice.text for notice in result.notices]


@dataclass(slots=True)
class PactSession:
    """The pacts one pytest process writes: where, how, and what was written or went wrong."""

    pact_dir: str = "pacts"
    write_mode: WriteMode = "merge"
    timeout: float | None = DEFAULT_TIMEOUT
    run_id: str | None = None
    recorder: Recorder = field(init=False)
    written: list[Path] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.write_mode = check_write_mode(self.write_mode, "--pact-write-mode")
        self.pact_dir = os.path.abspath(self.pact_dir)
        self.recorder = Recorder(write_mode=self.write_mode, run_id=self.run_id)

    def factory(self, made: list[MessagePact]) -> Callable[..., MessagePact]:
        """``message_pact("consumer", "provider", version="4.0")``: a builder writing into ``--pact-dir``."""

        def message_pact(consumer: str, provider: str, *, version: str = "4.0",
                         timeout: float | None = None) -> MessagePact:
            pact = MessagePact(consumer, provider, version=version, pact_dir=self.pact_dir,
                               write_mode=self.write_mode, timeout=self.timeout if timeout is None else timeout)
            made.append(pact)
            return pact

        return message_pact

    def keep(self, made: Sequence[MessagePact], test: str) -> None:
        """Record the interactions a passed test verified, for the end of the session."""
        for pact in made:
            for interaction in pact.interactions:
                self.recorder.record(pact.pact_dir, pact.consumer, pact.provider, pact.spec_version, interaction,
                                     test)

    def write(self) -> None:
        """Write every recorded pact (locked, merging); an error is kept to be reported, not raised."""
        try:
            self.written.extend(self.recorder.flush())
        except (PactSpecError, OSError) as exc:
            self.errors.append(f"writing the pact files failed: {exc}")
            return
        self.notices.extend(self.recorder.notices("--pact-write-mode overwrite"))


# Where pytest's config keeps this process's PactSession (set by the plugin in pytest_configure).
SESSION = pytest.StashKey[PactSession]()
