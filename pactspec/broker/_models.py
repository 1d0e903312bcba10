"""The Pact Broker client's data: credentials, notices, selectors, publication and verification results."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pactspec.errors import InputError

__all__ = [
    "BasicAuth",
    "InteractionOutcome",
    "Notice",
    "PactForVerification",
    "PublishResult",
    "ResultMismatch",
    "ResultsPublished",
    "Selector",
    "TokenAuth",
]


@dataclass(frozen=True, slots=True)
class BasicAuth:
    """HTTP basic credentials (a self-hosted Pact Broker); the password never shows in a repr."""

    username: str
    password: str = field(default="", repr=False)


@dataclass(frozen=True, slots=True)
class TokenAuth:
    """A bearer token (PactFlow); it never shows in a repr."""

    token: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class Notice:
    """One line the broker wants shown to the user.

    ``type`` is the publish notices' level (``info``, ``warning``, ``error``…; ``logs`` levels of older
    brokers land here too); ``when`` is the verification notices' moment (``before_verification``,
    ``after_verification:success_true_published_false``…).
    """

    text: str
    type: str | None = None
    when: str | None = None


@dataclass(frozen=True, slots=True)
class PublishResult:
    """What the broker answered to a publication: its notices and the URLs of the contracts it holds."""

    notices: tuple[Notice, ...]
    contract_urls: tuple[str, ...] = ()
    version_url: str | None = None


# The consumer version selector keys the broker documents (doc/provider-pacts-for-verification), with
# the JSON type each takes; ``True`` means "the key may only be true".
_SELECTOR_KEYS: dict[str, tuple[str, type | Literal[True]]] = {
    "mainBranch": ("main_branch", True),
    "branch": ("branch", str),
    "matchingBranch": ("matching_branch", True),
    "fallbackBranch": ("fallback_branch", str),
    "deployed": ("deployed", True),
    "released": ("released", True),
    "deployedOrReleased": ("deployed_or_released", True),
    "environment": ("environment", str),
    "latest": ("latest", bool),
    "consumer": ("consumer", str),
    "tag": ("tag", str),
    "fallbackTag": ("fallback_tag", str),
}


@dataclass(frozen=True, slots=True)
class Selector:
    """One consumer version selector, e.g. ``Selector(main_branch=True)`` is ``{"mainBranch": true}``."""

    main_branch: bool | None = None
    branch: str | None = None
    matching_branch: bool | None = None
    fallback_branch: str | None = None
    deployed: bool | None = None
    released: bool | None = None
    deployed_or_released: bool | None = None
    environment: str | None = None
    latest: bool | None = None
    consumer: str | None = None
    tag: str | None = None
    fallback_tag: str | None = None

    def __post_init__(self) -> None:
        if all(getattr(self, attr) is None for attr, _ in _SELECTOR_KEYS.values()):
            raise InputError("a consumer version selector needs at least one key, e.g. {\"mainBranch\": true}")

    @classmethod
    def from_json(cls, value: Any, where: str = "consumer version selector") -> Selector:
        """Validate one selector as JSON data; the error names the key that is wrong and why."""
        if not isinstance(value, Mapping):
            raise InputError(f"{where} must be a JSON object such as {{\"mainBranch\": true}} "
                             f"(got {value!r} that is a {type(value).__name__})")
        arguments: dict[str, Any] = {}
        for key, item in value.items():
            if key not in _SELECTOR_KEYS:
                known = ", ".join(_SELECTOR_KEYS)
                raise InputError(f"{where}: unknown key {key!r}; the Pact Broker knows {known}")
            attr, kind = _SELECTOR_KEYS[key]
            if kind is True:
                if item is not True:
                    raise InputError(f"{where}: {key!r} can only be true (got {item!r})")
            elif not isinstance(item, kind):
                raise InputError(f"{where}: {key!r} must be a JSON {'boolean' if kind is bool else 'string'} "
                                 f"(got {item!r} that is a {type(item).__name__})")
            arguments[attr] = item
        return cls(**arguments)

    def to_json(self) -> dict[str, Any]:
        """The selector as the broker reads it: only the keys that were set."""
        return {key: getattr(self, attr) for key, (attr, _) in _SELECTOR_KEYS.items()
                if getattr(self, attr) is not None}


_WHEN = re.compile(r"after_verification:success_(true|false)_published_(true|false)$")


@dataclass(frozen=True, slots=True)
class PactForVerification:
    """A pact the broker selected for a provider, fetched: its URL, pending/WIP state, notices and content."""

    url: str
    name: str
    pending: bool
    wip: bool
    notices: tuple[Notice, ...]
    content: Mapping[str, Any] = field(repr=False)
    publish_results_url: str | None
    short_description: str = ""

    @property
    def before_verification(self) -> tuple[str, ...]:
        """The notices to print before verifying this pact."""
        return tuple(n.text for n in self.notices if n.when == "before_verification")

    def after_verification(self, *, success: bool, published: bool) -> tuple[str, ...]:
        """The notices the broker wrote for this outcome (``after_verification:success_…_published_…``)."""
        wanted = (str(success).lower(), str(published).lower())
        texts = []
        for notice in self.notices:
            found = _WHEN.match(notice.when or "")
            if found and found.groups() == wanted:
                texts.append(notice.text)
        return tuple(texts)


@dataclass(frozen=True, slots=True)
class ResultMismatch:
    """One mismatch as published in ``testResults``: ``attribute`` (body, metadata…) and ``description``.

    Only those two keys are sent, as the compatibility suite's broker fixture requires; the JSON path
    (``identifier``) leads the description.
    """

    attribute: str
    description: str
    identifier: str | None = None

    def to_json(self) -> dict[str, Any]:
        where = f"{self.identifier}: " if self.identifier and self.identifier != "$" else ""
        return {"attribute": self.attribute, "description": where + self.description}


@dataclass(frozen=True, slots=True)
class InteractionOutcome:
    """The verification of one interaction, for the published ``testResults``."""

    description: str
    success: bool
    interaction_id: str | None = None
    mismatches: tuple[ResultMismatch, ...] = ()

    def to_json(self) -> dict[str, Any]:
        # The shape the official verifiers publish: a passed interaction is named by its id when it
        # has one; a failed one carries its description and mismatches too.
        data: dict[str, Any] = {}
        if self.interaction_id is not None:
            data["interactionId"] = self.interaction_id
        if not self.success or self.interaction_id is None:
            data["interactionDescription"] = self.description
        data["success"] = self.success
        if not self.success:
            data["mismatches"] = [m.to_json() for m in self.mismatches]
        return data


@dataclass(frozen=True, slots=True)
class ResultsPublished:
    """The broker accepted a verification result for one pact."""

    pact_url: str
    url: str | None
    success: bool
