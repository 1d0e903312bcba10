"""The living documentation as data: a frozen ``Site`` built once, then rendered by any template.

Templates see only these classes (and plain strings, tuples and numbers inside them), so a user's
own template can rely on the names below; :mod:`pactspec.docs._build` fills them from pacts,
feature files and verification results.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "AsyncAPIDoc",
    "AsyncAPIMessageDoc",
    "BodyDoc",
    "DeployDoc",
    "FieldRow",
    "InteractionDoc",
    "MismatchDoc",
    "PactDoc",
    "PartDoc",
    "ScenarioDoc",
    "SchemaRowDoc",
    "ServiceDoc",
    "Site",
    "StateDoc",
    "Status",
    "VerificationDoc",
]

# passed: every interaction verified and passing; failed: at least one failed (pending ones aside);
# partial: no failure but some interactions have no result; unverified: no result at all.
Status = Literal["passed", "failed", "pending", "error", "partial", "unverified"]


@dataclass(frozen=True, slots=True)
class FieldRow:
    """One line of the rules table: where, which rule in words, which generator in words."""

    category: str  # "body", "metadata", or an HTTP category
    path: str
    rule: str  # "" when the path only has a generator
    generator: str  # "" when there is none


@dataclass(frozen=True, slots=True)
class BodyDoc:
    """An example body ready to show: pretty text, or for binary bodies a summary."""

    kind: Literal["json", "xml", "text", "binary", "none"]
    text: str  # pretty-printed JSON / XML / text; hex preview for binary; "" for none
    size: int  # in bytes, as encoded
    full_text: str | None = None  # the whole pretty text when ``text`` had to be cut short

    @property
    def full_name(self) -> str | None:
        """The file beside the pages that holds :attr:`full_text` (named by its content), if any."""
        if self.full_text is None:
            return None
        return f"example-{hashlib.sha256(self.full_text.encode('utf-8')).hexdigest()[:16]}.txt"


@dataclass(frozen=True, slots=True)
class PartDoc:
    """One message of an interaction: the message itself, or a request or a response."""

    title: str  # "Message", "Request", "Response", "Response 2"
    content_type: str
    body: BodyDoc
    metadata: tuple[tuple[str, str], ...]  # key, value as JSON text
    fields: tuple[FieldRow, ...]


@dataclass(frozen=True, slots=True)
class StateDoc:
    """A provider state with its parameters (values as JSON text)."""

    name: str
    params: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class ScenarioDoc:
    """The Gherkin scenario, or the YAML contract's message entry, an interaction came from."""

    file: str  # relative to the working folder when inside it, else as given
    line: int
    feature: str  # the feature's name; for YAML "consumer → provider"
    name: str  # the scenario's name; for YAML the message's description
    text: str  # as written: tags, keyword line, background and steps; for YAML the message entry
    language: Literal["gherkin", "yaml"] = "gherkin"

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True, slots=True)
class MismatchDoc:
    """One mismatch from a verification result."""

    path: str
    message: str


@dataclass(frozen=True, slots=True)
class VerificationDoc:
    """The latest verification result of one interaction."""

    status: Literal["passed", "failed", "pending", "error"]
    provider_version: str  # "" when unknown
    verified_at: str  # ISO 8601 as the result file gives it, "" when unknown
    mismatches: tuple[MismatchDoc, ...]
    errors: tuple[str, ...]  # producer / state-handler failures, one sentence each
    source: str  # the results file it came from


@dataclass(frozen=True, slots=True)
class DeployDoc:
    """The Pact Broker's can-i-deploy answer for a pact's consumer version and one environment."""

    environment: str
    status: Literal["yes", "no", "unknown"]
    reason: str


@dataclass(frozen=True, slots=True)
class SchemaRowDoc:
    """One field of an AsyncAPI message schema: path, type, whether the provider must send it, constraints."""

    path: str
    type: str
    required: bool
    details: str


@dataclass(frozen=True, slots=True)
class AsyncAPIMessageDoc:
    """One message of an AsyncAPI operation (``role`` "reply" for request/reply's answers)."""

    name: str
    title: str
    role: Literal["message", "reply"]
    content_type: str
    payload: tuple[SchemaRowDoc, ...]
    headers: tuple[SchemaRowDoc, ...]


@dataclass(frozen=True, slots=True)
class AsyncAPIDoc:
    """The AsyncAPI operation an interaction names, as the document (``pactspec docs --asyncapi``) has it,
    and how the interaction fared in the offline check against it."""

    operation_id: str
    spec: str  # the document's file
    found: bool  # False: the document has no such operation
    action: str
    summary: str
    channel: str
    address: str  # "" when the document leaves it null
    messages: tuple[AsyncAPIMessageDoc, ...]
    check_passed: bool
    check_code: str  # the deciding result: message.matched, message.no.match…
    check_causes: tuple[str, ...]  # one sentence per cause: pact location, keyword, document location


@dataclass(frozen=True, slots=True)
class InteractionDoc:
    """One interaction of a pact, ready to show."""

    anchor: str  # HTML id, unique within its page, safe characters only
    description: str
    type: str  # "Asynchronous/Messages", "Synchronous/Messages", or a raw V4 type
    states: tuple[StateDoc, ...]
    parts: tuple[PartDoc, ...]
    pending: bool
    key: str
    comments: tuple[str, ...]
    scenario: ScenarioDoc | None
    verification: VerificationDoc | None
    search_text: str  # lower-cased words the client-side search looks in
    asyncapi: AsyncAPIDoc | None = None  # with `pactspec docs --asyncapi FILE`, for an interaction naming an operation

    @property
    def status(self) -> Status:
        return self.verification.status if self.verification else "unverified"


@dataclass(frozen=True, slots=True)
class PactDoc:
    """One pact file: a consumer's contract with a provider."""

    consumer: str
    provider: str
    slug: str  # file name stem of its page, unique within the site
    source: str
    spec_version: str
    interactions: tuple[InteractionDoc, ...]
    metadata: tuple[tuple[str, str], ...]
    status: Status
    counts: tuple[tuple[str, int], ...]  # ("passed", 3), ("failed", 1)... only non-zero ones
    consumer_version: str = ""  # the broker's consumer version of this pact ("" for pact files)
    deployments: tuple[DeployDoc, ...] = ()  # can-i-deploy per environment (docs from a Pact Broker)

    @property
    def title(self) -> str:
        return f"{self.consumer} → {self.provider}"

    @property
    def state_names(self) -> tuple[str, ...]:
        return tuple(sorted({s.name for i in self.interactions for s in i.states}))


@dataclass(frozen=True, slots=True)
class ServiceDoc:
    """A service and who it exchanges messages with."""

    name: str
    consumes_from: tuple[str, ...]  # providers whose messages it consumes
    provides_to: tuple[str, ...]  # consumers of its messages


@dataclass(frozen=True, slots=True)
class Site:
    """Everything the documentation shows."""

    title: str
    generated_at: str
    pacts: tuple[PactDoc, ...]
    services: tuple[ServiceDoc, ...]
    consumers: tuple[str, ...]
    providers: tuple[str, ...]
    matrix: tuple[tuple[str, str, tuple[PactDoc, ...]], ...]  # consumer, provider, its pacts
    state_names: tuple[str, ...]
    unmatched_results: int  # verification results that name no interaction in these pacts
    environments: tuple[str, ...] = ()  # the Pact Broker's environments (docs from a broker)
    broker_url: str = ""  # the Pact Broker the pacts came from ("" for pact files)

    def pacts_between(self, consumer: str, provider: str) -> tuple[PactDoc, ...]:
        for c, p, pacts in self.matrix:
            if c == consumer and p == provider:
                return pacts
        return ()

    @property
    def interaction_count(self) -> int:
        return sum(len(p.interactions) for p in self.pacts)
