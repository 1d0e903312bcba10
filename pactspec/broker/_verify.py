"""Verify the pacts a Pact Broker selects for the provider, and publish the results back.

The broker's pending pacts (WIP pacts are pending) are verified and reported, but their failures
never fail the run: their interactions are marked pending, as V4 pending interactions are.
"""

from __future__ import annotations

import datetime as _dt
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pactspec.errors import ConfigurationError, PactFileError
from pactspec.pactfile import parse_pact
from pactspec.provider import (
    Backend,
    Filters,
    PactResult,
    Problem,
    VerificationResult,
    backend_for,
    verify_pacts,
    verify_provider,
)
from pactspec.usercode import DEFAULT_TIMEOUT

from ._client import Broker
from ._models import PactForVerification, ResultsPublished, Selector
from ._results import outcomes_for

__all__ = [
    "BrokerOptions",
    "BrokerRun",
    "combine_results",
    "fetch_from_broker",
    "selectors_from",
    "verify",
    "verify_from_broker",
]

_ALL = Filters()


def selectors_from(values: Sequence[object]) -> tuple[Selector, ...]:
    """Selectors from JSON text (``'{"mainBranch": true}'``), mappings or :class:`Selector` objects."""
    selectors = []
    for position, value in enumerate(values, 1):
        where = f"consumer version selector {position}"
        if isinstance(value, Selector):
            selectors.append(value)
            continue
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError as exc:
                raise ConfigurationError(f"{where} is not JSON ({exc}); write for example "
                                         "'{\"mainBranch\": true}'") from exc
        selectors.append(Selector.from_json(value, where))
    return tuple(selectors)


@dataclass(frozen=True, slots=True)
class BrokerOptions:
    """Where to fetch pacts from and what to publish: the ``pact verifier`` broker options, as data."""

    provider: str
    url: str | None = None  # PACT_BROKER_BASE_URL when None
    selectors: tuple[Selector, ...] = ()
    consumer_version_tags: tuple[str, ...] = ()
    enable_pending: bool = False
    include_wip_pacts_since: str | None = None
    provider_branch: str | None = None
    provider_tags: tuple[str, ...] = ()
    publish: bool = False
    provider_version: str | None = None
    build_url: str | None = None
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)

    def check(self) -> None:
        if not self.provider:
            raise ConfigurationError("verifying from a Pact Broker needs the provider's name: pass --provider")
        if self.publish and not self.provider_version:
            raise ConfigurationError("--publish needs the provider version: pass --provider-version")


@dataclass(slots=True)
class BrokerRun:
    """The pacts fetched from the broker; verify them, then publish the results."""

    broker: Broker
    options: BrokerOptions
    pacts: tuple[PactForVerification, ...]
    published: tuple[ResultsPublished, ...] = ()

    def before_notices(self) -> list[str]:
        """Each pact's ``before_verification`` notices, in order."""
        return [text for pact in self.pacts for text in pact.before_verification]

    def verify(self, backend: Backend, *, filters: Filters = _ALL,
               allow_empty: bool = False) -> VerificationResult:
        """Verify every fetched pact; a pending pact's interactions are marked pending (they never fail the run)."""
        started_at = _dt.datetime.now(_dt.UTC)
        clock = time.perf_counter()
        results: list[PactResult] = []
        problems: list[Problem] = []
        for pact in self.pacts:
            try:
                loaded = parse_pact(pact.content, source=pact.url)
            except PactFileError as exc:
                problems.append(Problem(pact.url, str(exc)))
                continue
            single = verify_pacts([(pact.url, loaded)], backend, provider=self.options.provider, filters=filters,
                                  allow_empty=True, provider_version=self.options.provider_version)
            for result in single.pacts:
                if pact.pending:
                    result = replace(result, interactions=tuple(replace(r, pending=True) for r in result.interactions))
                results.append(result)
        if not self.pacts and not allow_empty:
            problems.append(Problem(self.broker.url, self.nothing_to_verify()))
        elif self.pacts and not any(r.status != "skipped" for p in results for r in p.interactions) \
                and not allow_empty and not problems:
            problems.append(Problem(self.broker.url, f"the pacts the Pact Broker selected for provider "
                                    f"{self.options.provider!r} hold no message interactions to verify (after the "
                                    "filters); pass --allow-empty to accept that"))
        return VerificationResult(self.options.provider, self.options.provider_version, started_at,
                                  time.perf_counter() - clock, tuple(results), tuple(problems))

    def nothing_to_verify(self) -> str:
        selectors = [s.to_json() for s in self._selectors()]
        return (f"the Pact Broker at {self.broker.url} has no pacts for provider {self.options.provider!r} "
                f"matching the consumer version selectors {selectors or '(the broker default)'}; check --provider "
                "and the selectors, or pass --allow-empty")

    def _selectors(self) -> tuple[Selector, ...]:
        tags = tuple(Selector(tag=tag, latest=True) for tag in self.options.consumer_version_tags)
        return self.options.selectors + tags

    def publish(self, result: VerificationResult) -> tuple[ResultsPublished, ...]:
        """Publish one verification result per pact (with the provider branch and tags set first)."""
        options = self.options
        if not options.provider_version:
            raise ConfigurationError("--publish needs the provider version: pass --provider-version")
        by_source = {p.source: p for p in result.pacts}
        published = []
        for pact in self.pacts:
            pact_result = by_source.get(pact.url)
            if pact_result is None:
                continue
            outcomes = outcomes_for(pact.content, pact_result.interactions)
            published.append(self.broker.publish_results(
                pact, outcomes, provider_version=options.provider_version, build_url=options.build_url,
                provider_branch=options.provider_branch, provider_tags=options.provider_tags))
        self.published = tuple(published)
        return self.published

    def after_notices(self, result: VerificationResult) -> list[str]:
        """The ``after_verification:success_…_published_…`` notice of each pact, for its outcome."""
        done = {p.pact_url for p in self.published}
        by_source = {p.source: p for p in result.pacts}
        texts: list[str] = []
        for pact in self.pacts:
            pact_result = by_source.get(pact.url)
            if pact_result is None:
                continue
            success = not any(r.failed for r in pact_result.interactions)
            texts.extend(pact.after_verification(success=success, published=pact.url in done))
        return texts

    def close(self) -> None:
        self.broker.close()


def fetch_from_broker(options: BrokerOptions) -> BrokerRun:
    """Ask the broker for the pacts to verify (only the options given are sent) and fetch each one."""
    options.check()
    broker = Broker.from_env(options.url, username=options.username, password=options.password,
                             token=options.token)
    run = BrokerRun(broker, options, ())
    try:
        # Like the official verifiers, always send the selectors (empty: the broker's default) and
        # whether pending status is wanted; WIP pacts are pending pacts, so they turn pending on.
        pacts = broker.pacts_for_verification(
            options.provider, selectors=run._selectors(),
            provider_branch=options.provider_branch,
            provider_tags=options.provider_tags or None,
            include_pending=options.enable_pending or options.include_wip_pacts_since is not None,
            include_wip_since=options.include_wip_pacts_since)
    except BaseException:
        broker.close()
        raise
    run.pacts = pacts
    return run


def combine_results(first: VerificationResult, second: VerificationResult) -> VerificationResult:
    """One result for pact files and broker pacts verified in the same run."""
    return replace(first, pacts=first.pacts + second.pacts, problems=first.problems + second.problems,
                   usable=first.usable and second.usable, duration=first.duration + second.duration)


def verify_from_broker(options: BrokerOptions, backend: Backend, *, filters: Filters = _ALL,
                       allow_empty: bool = False, notice: Callable[[str], None] = print) -> VerificationResult:
    """Fetch, verify, publish (when ``options.publish``) and show the broker's notices through ``notice``."""
    run = fetch_from_broker(options)
    try:
        for text in run.before_notices():
            notice(text)
        result = run.verify(backend, filters=filters, allow_empty=allow_empty)
        if options.publish:
            run.publish(result)
        for text in run.after_notices(result):
            notice(text)
        return result
    finally:
        run.close()


def verify(pacts: str | Path | Sequence[str | Path] = (), *, provider: str | None = None, app: Any = None,
           message_url: str | None = None, state_url: str | None = None, consumers: Sequence[str] = (),
           description: str | None = None, state: str | None = None, no_state: bool = False,
           allow_empty: bool = False, provider_version: str | None = None, broker_url: str | None = None,
           selectors: Sequence[Any] = (), consumer_version_tags: Sequence[str] = (), enable_pending: bool = False,
           include_wip_pacts_since: str | None = None, provider_branch: str | None = None,
           provider_tags: Sequence[str] = (), publish: bool = False, build_url: str | None = None,
           broker_username: str | None = None, broker_password: str | None = None, broker_token: str | None = None,
           notice: Callable[[str], None] = print,
           timeout: float | None = DEFAULT_TIMEOUT) -> VerificationResult:
    """``pactspec.verify``: pact files (see :func:`pactspec.provider.verify_provider`) and, with ``broker_url``,
    the pacts a Pact Broker selects.

    ``selectors`` are JSON texts, mappings (``{"mainBranch": True}``) or :class:`Selector` objects;
    with ``enable_pending``, ``include_wip_pacts_since``, ``provider_branch``, ``provider_tags``,
    ``publish``, ``build_url`` and the ``broker_*`` credentials (else ``PACT_BROKER_USERNAME``/
    ``_PASSWORD``/``_TOKEN``) they are the ``pact verifier``'s options. ``notice`` receives the
    broker's notices. A pending pact's failures are reported and never fail the run. ``timeout`` is
    how many seconds each producer and state handler may take (0 or ``None``: no limit).
    """
    if broker_url is None:
        if publish:
            raise ConfigurationError("publish=True needs broker_url: verification results are published to a "
                                     "Pact Broker")
        return verify_provider(pacts, provider=provider, app=app, message_url=message_url, state_url=state_url,
                               consumers=consumers, description=description, state=state, no_state=no_state,
                               allow_empty=allow_empty, provider_version=provider_version,
                               timeout=timeout)
    options = BrokerOptions(
        provider or "", broker_url, selectors_from(selectors), tuple(consumer_version_tags), enable_pending,
        include_wip_pacts_since, provider_branch, tuple(provider_tags), publish, provider_version, build_url,
        broker_username, broker_password, broker_token)
    options.check()
    filters = Filters(description, state, no_state, tuple(consumers))
    sources = [pacts] if isinstance(pacts, (str, Path)) else list(pacts)
    from_files = None
    if sources:  # checks the arguments as pactspec.verify always has
        from_files = verify_provider(sources, provider=provider, app=app, message_url=message_url,
                                     state_url=state_url, consumers=consumers, description=description, state=state,
                                     no_state=no_state, allow_empty=True, provider_version=provider_version,
                                     timeout=timeout)
    backend = backend_for(app, message_url, state_url, timeout=timeout)
    from_broker = verify_from_broker(options, backend, filters=filters, allow_empty=allow_empty, notice=notice)
    return combine_results(from_files, from_broker) if from_files is not None else from_broker
