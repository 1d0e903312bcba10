"""``Broker``: the Python API of the Pact Broker client (publish, pacts for verification, results)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from pactspec._version import __version__
from pactspec.errors import ConfigurationError

from ._deployments import Recorded, record, record_support_ended, record_undeployment
from ._environments import Environment, check_environment_name, create_environment, list_environments
from ._http import BrokerHttp
from ._matrix import CanIDeployResult, MatrixSelector, can_i_deploy, matrix_query
from ._models import (
    BasicAuth,
    InteractionOutcome,
    PactForVerification,
    PublishResult,
    ResultsPublished,
    Selector,
    TokenAuth,
)
from ._pacts import LatestPact, latest_pacts
from ._publish import pact_files_in, publish_pacts, read_pact_file
from ._verification import (
    for_verification_body,
    pacts_for_verification,
    publish_verification_results,
    set_provider_version,
)
from ._versions import VersionInfo, create_or_update_version, create_version_tag, describe_version

if TYPE_CHECKING:
    import httpx

__all__ = [
    "ENV_BASE_URL",
    "ENV_PASSWORD",
    "ENV_TOKEN",
    "ENV_USERNAME",
    "Broker",
    "auth_from",
]

ENV_BASE_URL = "PACT_BROKER_BASE_URL"
ENV_USERNAME = "PACT_BROKER_USERNAME"
ENV_PASSWORD = "PACT_BROKER_PASSWORD"
ENV_TOKEN = "PACT_BROKER_TOKEN"


def auth_from(*, username: str | None = None, password: str | None = None,
              token: str | None = None) -> BasicAuth | TokenAuth | None:
    """The credentials given: a token (PactFlow) wins over a username, as in the official tools."""
    if token:
        return TokenAuth(token)
    if username:
        return BasicAuth(username, password or "")
    if password:
        raise ConfigurationError("a Pact Broker password was given without a username; "
                                 f"pass --broker-username or set {ENV_USERNAME}")
    return None


class Broker:
    """A Pact Broker (or PactFlow) at ``url``: ``Broker("https://broker", BasicAuth("u", "p"))``.

    Every call starts at the broker's index and follows its HAL relations. Use it as a context
    manager, or call :meth:`close`.
    """

    def __init__(self, url: str, auth: BasicAuth | TokenAuth | None = None, *, timeout: float = 10.0,
                 retries: int = 3, backoff: float = 0.5, transport: httpx.BaseTransport | None = None) -> None:
        self._http = BrokerHttp(url, auth, timeout=timeout, retries=retries, backoff=backoff,
                                transport=transport)
        self._index: Mapping[str, Any] | None = None

    @classmethod
    def from_env(cls, url: str | None = None, *, username: str | None = None, password: str | None = None,
                 token: str | None = None, environ: Mapping[str, str] | None = None,
                 **options: Any) -> Broker:
        """A broker from the arguments given, the rest from ``PACT_BROKER_BASE_URL``, ``…_USERNAME``,
        ``…_PASSWORD`` and ``…_TOKEN``."""
        env = os.environ if environ is None else environ
        url = url or env.get(ENV_BASE_URL)
        if not url:
            raise ConfigurationError(f"no Pact Broker URL: pass --broker-url or set {ENV_BASE_URL}")
        if token is None and username is None:
            token = env.get(ENV_TOKEN) or None
            username = env.get(ENV_USERNAME) or None
        if password is None and username is not None:
            password = env.get(ENV_PASSWORD)
        return cls(url, auth_from(username=username, password=password, token=token), **options)

    @property
    def url(self) -> str:
        """The base URL, without any credentials."""
        return self._http.base_url

    def __repr__(self) -> str:
        return f"Broker({self.url!r})"

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    def index(self) -> Mapping[str, Any]:
        """The broker's index resource (read once per Broker)."""
        if self._index is None:
            self._index = self._http.json(self._http.get(self._http.base_url + "/"), "the index request")
        return self._index

    def publish(self, pact_files: Iterable[str | Path], *, consumer_app_version: str, branch: str | None = None,
                tags: Sequence[str] = (), build_url: str | None = None, merge: bool = False) -> PublishResult:
        """Publish pact files or folders of them (their bytes as they are) for a consumer version.

        Returns the broker's notices. Raises :class:`~pactspec.errors.PactBrokerConflict` when the
        broker refuses to change a published pact (HTTP 409).
        """
        if not consumer_app_version:
            raise ConfigurationError("publishing needs the consumer version: pass -a/--consumer-app-version")
        pacts = [read_pact_file(path) for path in pact_files_in(list(pact_files))]
        if not pacts:
            raise ConfigurationError("no pact files to publish")
        return publish_pacts(self._http, self.index(), pacts, version=consumer_app_version, branch=branch,
                             tags=tuple(tags), build_url=build_url, merge=merge)

    def pacts_for_verification(self, provider: str, *, selectors: Sequence[Selector] | None = None,
                               provider_branch: str | None = None,
                               provider_tags: Sequence[str] | None = None,
                               include_pending: bool | None = None,
                               include_wip_since: str | None = None) -> tuple[PactForVerification, ...]:
        """The pacts the broker selects for ``provider``, each fetched; only the options given are sent."""
        if not provider:
            raise ConfigurationError("pacts for verification need the provider's name: pass --provider")
        body = for_verification_body(selectors=selectors, provider_branch=provider_branch,
                                     provider_tags=provider_tags, include_pending=include_pending,
                                     include_wip_since=include_wip_since)
        return pacts_for_verification(self._http, self.index(), provider, body)

    def publish_results(self, pact: PactForVerification, outcomes: Sequence[InteractionOutcome], *,
                        provider_version: str, success: bool | None = None, build_url: str | None = None,
                        provider_branch: str | None = None, provider_tags: Sequence[str] = ()) -> ResultsPublished:
        """Publish the verification result of one pact; the provider version gets its branch and tags first.

        ``success`` defaults to "every interaction passed".
        """
        if not provider_version:
            raise ConfigurationError("publishing verification results needs --provider-version")
        set_provider_version(self._http, pact, provider_version, branch=provider_branch, tags=tuple(provider_tags))
        passed = all(o.success for o in outcomes) if success is None else success
        return publish_verification_results(
            self._http, pact, provider_version=provider_version, outcomes=tuple(outcomes), success=passed,
            build_url=build_url, verified_by={"implementation": "pactspec", "version": __version__})

    # -- deploy gating (issue #13) ------------------------------------------------------------------
    def can_i_deploy(self, pacticipant: str | MatrixSelector, version: str | None = None, *,
                     latest: bool | str = False, branch: str | None = None, main_branch: bool = False,
                     others: Sequence[MatrixSelector] = (), to_environment: str | None = None,
                     to: str | None = None, ignore: Sequence[str | MatrixSelector] = (),
                     retry_while_unknown: int = 0, retry_interval: float = 10.0,
                     waiting: Callable[[str], None] | None = None,
                     sleep: Callable[[float], None] = time.sleep) -> CanIDeployResult:
        """Can this pacticipant version be deployed (``to_environment``, or with the ``others`` given)?

        ``broker.can_i_deploy("orders", "1.2.3", to_environment="production").deployable`` is True,
        False, or None when the broker does not know yet (missing verification results): retry
        with ``retry_while_unknown``. ``latest="prod"`` means the latest version tagged prod.
        """
        first = pacticipant if isinstance(pacticipant, MatrixSelector) else MatrixSelector(
            pacticipant, version=version, latest=bool(latest),
            tag=latest if isinstance(latest, str) and latest else None, branch=branch, main_branch=main_branch)
        ignored = [MatrixSelector(i) if isinstance(i, str) else i for i in ignore]
        query = matrix_query([first, *others], to_environment=to_environment, to_tag=to, ignore=ignored)
        return can_i_deploy(self._http, query, retry_while_unknown=retry_while_unknown,
                            retry_interval=retry_interval, sleep=sleep, waiting=waiting)

    def record_deployment(self, pacticipant: str, version: str, environment: str, *,
                          application_instance: str | None = None) -> Recorded:
        """Record that this version is now deployed to the environment (replacing the one deployed there)."""
        return record(self._http, self.index(), "deployment", pacticipant=pacticipant, version=version,
                      environment=environment, application_instance=application_instance)

    def record_release(self, pacticipant: str, version: str, environment: str) -> Recorded:
        """Record that this version is released to the environment (alongside the others released there)."""
        return record(self._http, self.index(), "release", pacticipant=pacticipant, version=version,
                      environment=environment)

    def record_undeployment(self, pacticipant: str, environment: str, *,
                            application_instance: str | None = None) -> tuple[Recorded, ...]:
        """Record that the pacticipant is no longer deployed to the environment."""
        return record_undeployment(self._http, self.index(), pacticipant=pacticipant, environment=environment,
                                   application_instance=application_instance)

    def record_support_ended(self, pacticipant: str, version: str, environment: str) -> tuple[Recorded, ...]:
        """Record that a released version is no longer supported in the environment."""
        return record_support_ended(self._http, self.index(), pacticipant=pacticipant, version=version,
                                    environment=environment)

    def environments(self) -> tuple[Environment, ...]:
        """The environments the broker knows."""
        return list_environments(self._http, self.index())

    def create_environment(self, name: str, *, display_name: str | None = None,
                           production: bool = False) -> Environment:
        """Create an environment (``name`` without spaces: it is what can-i-deploy and deployments use)."""
        check_environment_name(name)
        return create_environment(self._http, self.index(), name=name, display_name=display_name,
                                  production=production)

    def create_or_update_version(self, pacticipant: str, version: str, *, branch: str | None = None,
                                 build_url: str | None = None) -> VersionInfo:
        """Create the version (or update its branch and build URL)."""
        return create_or_update_version(self._http, self.index(), pacticipant=pacticipant, version=version,
                                        branch=branch, build_url=build_url)

    def create_version_tag(self, pacticipant: str, version: str, tag: str) -> str:
        """Tag a version (creating it if needed); returns the tag's URL."""
        return create_version_tag(self._http, self.index(), pacticipant=pacticipant, version=version, tag=tag)

    def describe_version(self, pacticipant: str, version: str | None = None, *,
                         latest: bool | str = False) -> VersionInfo:
        """A version by number, or the latest (with ``latest="prod"``: the latest tagged prod)."""
        return describe_version(self._http, self.index(), pacticipant=pacticipant, version=version,
                                latest=latest)

    def latest_pacts(self) -> tuple[LatestPact, ...]:
        """Every integration's latest pact with its latest verification result (what the living docs show)."""
        return latest_pacts(self._http, self.index())
