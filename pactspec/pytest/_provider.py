"""The provider side: :func:`verify_interactions` makes one pytest test per message interaction.

::

    test_user_events = verify_interactions("pacts", provider="user-events", app="users.producer")

Pacts are read when the module is collected (files, folders, URLs, or the pacts a Pact Broker selects),
so that every interaction is a test of its own: ``-k``, ``--lf`` and JUnit XML see
``consumer -> provider: description [state]``. Each test runs the provider verifier on its interaction
(states set up and torn down around it, ``--pact-timeout`` per producer and state handler) and fails with
the report ``pactspec verify`` prints; a pending interaction that fails is an xfail.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from pactspec.broker import BrokerOptions, fetch_from_broker, selectors_from
from pactspec.errors import PactSpecError
from pactspec.model import AsynchronousMessage, Pact, RawInteraction, SynchronousMessage
from pactspec.pactfile import find_pact_files, load_pact_source, parse_pact
from pactspec.provider import Backend, PactResult, Spelling, backend_for, verify_interaction
from pactspec.pytest._consumer import SESSION
from pactspec.report import format_failure
from pactspec.usercode import DEFAULT_TIMEOUT, check_timeout

__all__ = ["PactInteraction", "verify_interactions"]

_Interaction = AsynchronousMessage | SynchronousMessage | RawInteraction
_SPELLING = Spelling(app="app=", message_url="message_url=", state_url="state_url=")


@dataclass(frozen=True, slots=True)
class PactInteraction:
    """One interaction of one pact, as a pytest parameter; ``problem`` when the pacts could not be read."""

    source: str
    consumer: str
    provider: str
    spec_version: str
    interaction: _Interaction | None = None
    problem: str | None = None

    @property
    def id(self) -> str:
        """``consumer -> provider: description [state, state]``, the test's id."""
        if self.interaction is None:
            return "pact sources"
        states = ", ".join(state.name for state in self.interaction.provider_states)
        return f"{self.consumer} -> {self.provider}: {self.interaction.description}" + (f" [{states}]" if states
                                                                                          else "")

    def verify(self, backend: Backend) -> None:
        """Verify the interaction; fail (or xfail, when pending) with the Pact-style report."""
        if self.interaction is None:
            pytest.fail(self.problem or "no interaction", pytrace=False)
        result = verify_interaction(self.interaction, backend)
        if result.status == "skipped":
            pytest.skip("; ".join(result.errors))
        if not result.failed:
            return
        report = format_failure(PactResult(self.source, self.consumer, self.provider, self.spec_version, (result,)),
                                result)
        if result.pending:
            pytest.xfail(f"pending interaction: {report}")
        pytest.fail(report, pytrace=False)


def verify_interactions(pacts: str | Path | Sequence[str | Path] = (), *, provider: str | None = None,
                        app: Any = None, message_url: str | None = None, state_url: str | None = None,
                        consumers: Sequence[str] = (), timeout: float | None = None,
                        broker_url: str | None = None, selectors: Sequence[Any] = (),
                        consumer_version_tags: Sequence[str] = (), enable_pending: bool = False,
                        include_wip_pacts_since: str | None = None, provider_branch: str | None = None,
                        provider_tags: Sequence[str] = (), broker_username: str | None = None,
                        broker_password: str | None = None, broker_token: str | None = None,
                        ) -> Callable[..., None]:
    """A pytest test function parametrized with every interaction of the pacts for ``provider``.

    Assign it to a ``test_…`` name in a test module. The arguments are :func:`pactspec.verify`'s:
    ``app`` (or ``message_url``/``state_url``) reaches the producers; ``broker_url`` with ``selectors`` and
    the other ``pact verifier`` options adds the pacts a Pact Broker selects. ``timeout`` overrides
    ``--pact-timeout``.
    """
    sources = [pacts] if isinstance(pacts, (str, Path)) else list(pacts)
    try:
        cases = _read(sources, provider, tuple(consumers))
        if broker_url is not None:
            options = BrokerOptions(
                provider or "", broker_url, selectors_from(selectors), tuple(consumer_version_tags), enable_pending,
                include_wip_pacts_since, provider_branch, tuple(provider_tags), username=broker_username,
                password=broker_password, token=broker_token)
            cases += _from_broker(options, tuple(consumers))
        if not cases:
            who = f"provider {provider!r}" if provider else "any provider"
            raise PactSpecError(f"no interactions for {who} in {', '.join(map(str, sources)) or 'the broker'}; "
                                "check the pact sources and provider=")
    except (PactSpecError, OSError) as exc:  # one failing test says why, instead of a collection traceback
        cases = [PactInteraction("", "", provider or "", "", problem=str(exc))]
    backends: dict[float | None, Backend] = {}

    @pytest.mark.parametrize("pact_interaction", cases, ids=[case.id for case in cases])
    def verify_interaction_test(pact_interaction: PactInteraction, request: pytest.FixtureRequest) -> None:
        try:
            session = request.config.stash.get(SESSION, None)
            seconds = check_timeout(timeout, "timeout=") if timeout is not None \
                else session.timeout if session is not None else DEFAULT_TIMEOUT
            if seconds not in backends:
                backends[seconds] = backend_for(app, message_url, state_url, spelling=_SPELLING, timeout=seconds)
        except PactSpecError as exc:
            pytest.fail(str(exc), pytrace=False)
        pact_interaction.verify(backends[seconds])

    verify_interaction_test.__doc__ = f"Verify one interaction of the pacts for {provider or 'the provider'}."
    return verify_interaction_test


def _cases(source: str, pact: Pact, provider: str | None, consumers: tuple[str, ...],
           pending: bool = False) -> list[PactInteraction]:
    if (provider is not None and pact.provider != provider) or (consumers and pact.consumer not in consumers):
        return []
    return [PactInteraction(source, pact.consumer, pact.provider, pact.spec_version,
                            replace(i, pending=True) if pending and not isinstance(i, RawInteraction) else i)
            for i in pact.interactions]


def _read(sources: list[str | Path], provider: str | None, consumers: tuple[str, ...]) -> list[PactInteraction]:
    cases: list[PactInteraction] = []
    for source in find_pact_files(sources, allow_empty=not sources) if sources else []:
        cases += _cases(source, load_pact_source(source), provider, consumers)
    return cases


def _from_broker(options: BrokerOptions, consumers: tuple[str, ...]) -> list[PactInteraction]:
    """The broker's pacts; a pending pact's interactions are pending (they xfail rather than fail)."""
    run = fetch_from_broker(options)
    try:
        return [case for pact in run.pacts
                for case in _cases(pact.url, parse_pact(pact.content, source=pact.url), options.provider,
                                   consumers, pending=pact.pending)]
    finally:
        run.close()
