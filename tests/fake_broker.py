"""A small stateful fake Pact Broker for the tests: a test double, not a product feature.

It speaks the HAL the real broker speaks (relations from its index, templated links, the bodies of
``../shared/broker/``): publish-contracts, the older PUT/PATCH of a pact, for-verification with the
selectors mainBranch, branch (+fallbackBranch), matchingBranch, deployed/released/deployedOrReleased
(+environment), tag (+latest, fallbackTag), latest, consumer, with pending and WIP pacts and their
notices, verification results, versions with branches and tags, pacticipants and environments.
The official ``pact verifier`` checks it against the Pact Broker client contract (see
``tests/broker/test_fake_broker.py``) for the provider states in :data:`STATES`.

Simplifications (documented so the issue #13 extension knows them): the selection rules are those of
the broker's docs (doc/provider-pacts-for-verification), not of its SQL; with no selectors it returns
the latest pact of each consumer; a pact is pending for a provider branch (or tags) until one of that
branch's (tags') provider versions published a successful result for its content.

    with FakeBroker() as broker:     # http://127.0.0.1:<random port>
        Broker(broker.url).publish(...)
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import itertools
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import quote, unquote, urlsplit

__all__ = ["STATES", "FakeBroker"]

HAL = "application/hal+json;charset=utf-8"
MAIN_BRANCH_CANDIDATES = ("develop", "main", "master")  # the broker's auto-detected main branches


class Problem(Exception):
    """An HTTP error answer: status and body."""

    def __init__(self, status: int, body: Any = None) -> None:
        super().__init__(status)
        self.status = status
        self.body = body


@dataclass
class Version:
    pacticipant: str
    number: str
    order: int
    branches: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    build_url: str | None = None


@dataclass
class Publication:
    """One pact as published: consumer version, provider and the pact version (content hash)."""

    consumer: str
    version: str
    provider: str
    sha: str
    order: int


@dataclass
class Result:
    provider: str
    provider_version: str
    sha: str
    success: bool
    body: dict[str, Any]
    number: int


class FakeBroker:
    """The broker's state, and an HTTP server on 127.0.0.1 serving it."""

    def __init__(self, *, username: str | None = None, password: str | None = None, token: str | None = None,
                 allow_dangerous_contract_modification: bool = False) -> None:
        self.credentials = (username, password)
        self.token = token
        self.allow_modification = allow_dangerous_contract_modification
        self.lock = threading.RLock()
        self.requests: list[tuple[str, str, Any]] = []  # (method, path, JSON body) of every request
        self.fail_next: list[int] = []  # statuses to answer the next requests with (retry tests)
        self.today = datetime.date.today()  # the publication date of new pacts (WIP pacts are "since" a date)
        self.reset()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread: threading.Thread | None = None

    # -- state ---------------------------------------------------------------------------------
    def reset(self) -> None:
        with self.lock:
            self.pacticipants: dict[str, dict[str, Any]] = {}
            self.versions: dict[tuple[str, str], Version] = {}
            self.contents: dict[str, dict[str, Any]] = {}
            self.publications: list[Publication] = []
            self.published_on: dict[str, datetime.date] = {}
            self.results: list[Result] = []
            self.environments: dict[str, dict[str, Any]] = {}
            self.deployed: list[tuple[str, str, str]] = []  # (pacticipant, version, environment), current ones
            self.released: list[tuple[str, str, str]] = []  # current (supported) ones
            # uuid -> {kind, pacticipant, version, environment, applicationInstance}: the resources of the
            # deployed and released versions above (PATCHed away by undeployment and support ended)
            self.records: dict[str, dict[str, Any]] = {}
            self.clock = itertools.count(1)

    def pacticipant(self, name: str) -> dict[str, Any]:
        return self.pacticipants.setdefault(name, {"name": name, "mainBranch": None, "repositoryUrl": None})

    def version(self, pacticipant: str, number: str) -> Version:
        self.pacticipant(pacticipant)
        key = (pacticipant, number)
        if key not in self.versions:
            self.versions[key] = Version(pacticipant, number, next(self.clock))
        return self.versions[key]

    def add_branch(self, version: Version, branch: str) -> None:
        if branch not in version.branches:
            version.branches.append(branch)
        participant = self.pacticipant(version.pacticipant)
        if participant["mainBranch"] is None and branch in MAIN_BRANCH_CANDIDATES:
            participant["mainBranch"] = branch

    def add_tag(self, version: Version, tag: str) -> bool:
        if tag in version.tags:
            return False
        version.tags.append(tag)
        return True

    def environment(self, name: str, *, production: bool = False, uuid: str | None = None) -> dict[str, Any]:
        for env in self.environments.values():
            if env["name"] == name:
                return env
        uuid = uuid or hashlib.sha1(name.encode()).hexdigest()[:8] + "-0000-4000-8000-000000000000"
        env = {"uuid": uuid, "name": name, "displayName": name, "production": production}
        self.environments[uuid] = env
        return env

    def record_deployment(self, pacticipant: str, version: str, environment: str,
                          application_instance: str | None = None, *, key: str | None = None) -> str:
        """What ``record-deployment`` records: it replaces the version deployed there (same instance)."""
        with self.lock:
            self.version(pacticipant, version)
            self.environment(environment)
            for old, record in list(self.records.items()):
                if (record["kind"], record["pacticipant"], record["environment"], record["applicationInstance"]) == (
                        "deployed", pacticipant, environment, application_instance):
                    self._end(old)
            return self._record("deployed", pacticipant, version, environment, application_instance, key)

    def record_release(self, pacticipant: str, version: str, environment: str) -> str:
        with self.lock:
            self.version(pacticipant, version)
            self.environment(environment)
            for key, record in self.records.items():
                if (record["kind"], record["pacticipant"], record["version"], record["environment"]) == (
                        "released", pacticipant, version, environment):
                    return key
            return self._record("released", pacticipant, version, environment, None)

    def _record(self, kind: str, pacticipant: str, version: str, environment: str, instance: str | None,
                key: str | None = None) -> str:
        key = key or hashlib.sha1(f"{kind}{pacticipant}{version}{environment}{instance}{len(self.records)}".encode()
                           ).hexdigest()[:8] + "-0000-4000-8000-000000000000"
        self.records[key] = {"kind": kind, "pacticipant": pacticipant, "version": version,
                             "environment": environment, "applicationInstance": instance}
        (self.deployed if kind == "deployed" else self.released).append((pacticipant, version, environment))
        return key

    def _end(self, key: str) -> dict[str, Any]:
        """Undeploy (or end the support of) one record."""
        record = self.records.pop(key)
        current = self.deployed if record["kind"] == "deployed" else self.released
        current.remove((record["pacticipant"], record["version"], record["environment"]))
        return record

    def store_pact(self, consumer: str, provider: str, number: str, content: dict[str, Any], *,
                   merge: bool = False) -> tuple[Publication, bool]:
        """Store a pact for a consumer version; returns it and whether it was new. 409 on a conflict."""
        self.pacticipant(provider)
        version = self.version(consumer, number)
        existing = next((p for p in self.publications
                         if (p.consumer, p.version, p.provider) == (consumer, number, provider)), None)
        if existing is not None and merge:
            content = _merged(self.contents[existing.sha], content)
        sha = _sha(content)
        if existing is not None and existing.sha != sha:
            if not (merge or self.allow_modification):
                text = (f"Cannot change the content of the pact for {consumer} version {number} and provider "
                        f"{provider}, as race conditions will cause unreliable results for can-i-deploy. Each "
                        "pact must be published with a unique consumer version number. For more information "
                        "see https://docs.pact.io/go/versioning")
                raise Problem(409, {"notices": [{"text": text, "type": "error"},
                                                {"text": "(diff not shown by the fake broker)", "type": "info"}],
                                    "errors": {"content": [text]}})
            self.publications.remove(existing)
        self.contents[sha] = content
        self.published_on.setdefault(sha, self.today)
        if existing is not None and existing.sha == sha:
            return existing, False
        publication = Publication(consumer, version.number, provider, sha, next(self.clock))
        self.publications.append(publication)
        return publication, existing is None

    def successful(self, sha: str, provider: str, branch: str | None, tags: list[str] | None) -> bool:
        """Whether this pact content has a successful result from the provider branch (or tags)."""
        for result in self.results:
            if result.sha != sha or result.provider != provider or not result.success:
                continue
            version = self.versions.get((provider, result.provider_version))
            if branch is None and not tags:
                return True
            if version and branch is not None and branch in version.branches:
                return True
            if version and tags and set(tags) & set(version.tags):
                return True
        return False

    # -- server --------------------------------------------------------------------------------
    def start(self) -> FakeBroker:
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), name="fake-pact-broker",
                                       daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        if self.thread:
            self.thread.join(timeout=10)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def authorised(self, header: str | None) -> bool:
        if self.token:
            return header == f"Bearer {self.token}"
        if self.credentials[0] is not None:
            expected = base64.b64encode(f"{self.credentials[0]}:{self.credentials[1] or ''}".encode()).decode()
            return header == f"Basic {expected}"
        return True


def _sha(content: dict[str, Any]) -> str:
    return hashlib.sha1(json.dumps(content, sort_keys=True).encode()).hexdigest()


def _merged(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """The broker's merge: interactions of both, a new one replacing an old one with the same key."""

    def key(interaction: dict[str, Any]) -> str:
        return json.dumps([interaction.get("description"), interaction.get("providerState"),
                           interaction.get("providerStates")], sort_keys=True)

    merged = {key(i): i for i in old.get("interactions", []) or old.get("messages", [])}
    for interaction in new.get("interactions", []) or new.get("messages", []):
        merged[key(interaction)] = interaction
    out = dict(new)
    out["messages" if "messages" in new and "interactions" not in new else "interactions"] = list(merged.values())
    return out


# The provider states of the Pact Broker client contract that the fake sets up (pact verifier -s).
STATES: dict[str, Callable[[FakeBroker], None]] = {}


def _state(name: str) -> Callable[[Callable[[FakeBroker], None]], Callable[[FakeBroker], None]]:
    def register(setup: Callable[[FakeBroker], None]) -> Callable[[FakeBroker], None]:
        STATES[name] = setup
        return setup
    return register


@_state("the 'Pricing Service' does not exist in the pact-broker")
@_state("'Condor' does not exist in the pact-broker")
def _no_condor(broker: FakeBroker) -> None:
    broker.reset()


@_state("'Condor' exists in the pact-broker")
def _condor(broker: FakeBroker) -> None:
    broker.reset()
    broker.pacticipant("Condor")


@_state("'Condor' exists in the pact-broker with version 1.3.0, tagged with 'prod'")
def _condor_prod(broker: FakeBroker) -> None:
    broker.reset()
    broker.add_tag(broker.version("Condor", "1.3.0"), "prod")


@_state("'Condor' exists in the pact-broker with the latest version 1.2.3")
def _condor_latest(broker: FakeBroker) -> None:
    broker.reset()
    broker.version("Condor", "1.2.2")
    broker.version("Condor", "1.2.3")


@_state("'Condor' exists in the pact-broker with the latest tagged 'production' version 1.2.3")
def _condor_production(broker: FakeBroker) -> None:
    broker.reset()
    broker.add_tag(broker.version("Condor", "1.2.3"), "production")
    broker.version("Condor", "1.2.4")


@_state("the 'Pricing Service' and 'Condor' already exist in the pact-broker, and Condor already has a "
        "pact published for version 1.3.0")
def _condor_pact(broker: FakeBroker) -> None:
    broker.reset()
    broker.store_pact("Condor", "Pricing Service", "1.3.0", {
        "consumer": {"name": "Condor"}, "provider": {"name": "Pricing Service"}, "interactions": []})


@_state("a pacticipant with name Foo exists")
def _foo(broker: FakeBroker) -> None:
    broker.reset()
    broker.pacticipant("Foo")


TEST_ENV = "16926ef3-590f-4e3f-838e-719717aa88c9"  # the UUIDs the broker client contract names
DEPLOYABLE_ENV = "cb632df3-0a0d-4227-aac3-60114dd36479"
FOO_VERSION = "5556b8149bf8bac76bc30f50a8a2dd4c22c85f30"


@_state("an environment with name test exists")
def _test_environment(broker: FakeBroker) -> None:
    broker.reset()
    broker.environment("test", uuid=TEST_ENV)


@_state("an environment exists")
def _environment_with_contacts(broker: FakeBroker) -> None:
    _test_environment(broker)
    broker.environment("test")["contacts"] = [{"name": "Foo team", "details": {"emailAddress": "foo@bar.com"}}]


@_state(f"an environment with name test and UUID {TEST_ENV} exists")
def _test_environment_uuid(broker: FakeBroker) -> None:
    _test_environment(broker)


@_state(f"version {FOO_VERSION} of pacticipant Foo exists with a test environment available for deployment")
@_state(f"version {FOO_VERSION} of pacticipant Foo exists with a test environment available for release")
def _foo_deployable(broker: FakeBroker) -> None:
    broker.reset()
    broker.version("Foo", FOO_VERSION)
    broker.environment("test", uuid=DEPLOYABLE_ENV)


@_state(f"an version is deployed to environment with UUID {TEST_ENV} with target customer-1")
def _foo_deployed(broker: FakeBroker) -> None:
    _test_environment(broker)
    broker.record_deployment("Foo", "2", "test", "customer-1")


@_state("a currently deployed version exists")
def _deployed_version(broker: FakeBroker) -> None:
    _test_environment(broker)
    broker.record_deployment("Foo", "2", "test", key="ff3adecf-cfc5-4653-a4e3-f1861092f8e0")


for _name in ("the pacticipant relations are present", "the pb:environments relation exists in the index resource",
              "the pb:latest-tagged-version relation exists in the index resource",
              "the pb:latest-version relation exists in the index resource",
              "the pb:pacticipant-branch relation exists in the index resource",
              "the pb:pacticipant-version and pb:environments relations exist in the index resource",
              "the pb:publish-contracts relations exists in the index resource"):
    STATES[_name] = FakeBroker.reset  # the index always has every relation


def _handler(broker: FakeBroker) -> type[BaseHTTPRequestHandler]:
    from tests.fake_broker_routes import ROUTES

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # see ../shared/INFRA.md: stdlib keep-alive stalls otherwise

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            parts = urlsplit(self.path)
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                body = raw
            with broker.lock:
                broker.requests.append((self.command, parts.path, body))
                failing = broker.fail_next.pop(0) if broker.fail_next else None
            if failing is not None:
                return self._answer(failing, {"error": {"message": f"fake failure {failing}"}})
            if parts.path != "/_pact/provider-states" and not broker.authorised(self.headers.get("Authorization")):
                return self._answer(401, {"error": "Unauthorized"})
            base = f"http://{self.headers.get('Host') or broker.url.split('//', 1)[1]}"
            for method, pattern, route in ROUTES:
                found = pattern.fullmatch(parts.path)
                if method == self.command and found:
                    groups = {k: unquote(v) for k, v in found.groupdict().items()}
                    try:
                        with broker.lock:
                            status, answer = route(broker, base, groups, body, raw, parts.query)
                    except Problem as problem:
                        status, answer = problem.status, problem.body
                    return self._answer(status, answer)
            self._answer(404, {"error": f"no route for {self.command} {parts.path} in the fake broker"})

        def _answer(self, status: int, body: Any) -> None:
            data = b"" if body is None else json.dumps(body).encode()
            self.send_response(status)
            if body is not None:
                self.send_header("Content-Type", HAL)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

    return Handler


def href(base: str, *parts: str) -> str:
    """An absolute href on the broker, each part URL-encoded like the real broker's."""
    return base + "".join("/" + quote(p, safe="{}") for p in parts)


def iter_versions(broker: FakeBroker, pacticipant: str) -> Iterator[Version]:
    """The pacticipant's versions, latest first."""
    return iter(sorted((v for v in broker.versions.values() if v.pacticipant == pacticipant),
                       key=lambda v: v.order, reverse=True))
