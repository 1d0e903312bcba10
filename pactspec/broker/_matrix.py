"""can-i-deploy: read the broker's matrix with the query forms it documents, and say yes, no or unknown.

The query is the Ruby ``pact-broker`` client's (the form the broker's client contract records):
one ``q[][pacticipant]=…&q[][version]=…`` group per selector, in order (the broker reads nested
``q[]`` parameters as Rails does: a key seen again starts the next selector), ``latestby=cvp`` for
one selector and ``cvpv`` for several, then ``environment=``, or ``latest=true&tag=`` for ``--to``,
or ``latest=true`` alone for one selector without a target, then ``ignore[][pacticipant]=…``.
The matrix is at ``/matrix`` on the base URL: the index has no relation for it (doc/matrix).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from pactspec.errors import InputError, PactBrokerResponseError

from ._hal import find_link, resolve
from ._http import BrokerHttp
from ._models import Notice

__all__ = [
    "CanIDeployResult",
    "MatrixRow",
    "MatrixSelector",
    "can_i_deploy",
    "matrix_query",
    "parse_matrix",
]


@dataclass(frozen=True, slots=True)
class MatrixSelector:
    """One pacticipant version to check: ``MatrixSelector("orders", version="1.2.3")``.

    ``latest=True`` is its latest version (with ``tag``: the latest with that tag); ``tag`` alone is
    every version with that tag (``--all TAG``); ``branch`` the latest of a branch; ``main_branch``
    the latest of its main branch.
    """

    pacticipant: str
    version: str | None = None
    latest: bool = False
    tag: str | None = None
    branch: str | None = None
    main_branch: bool = False

    def __post_init__(self) -> None:
        if not self.pacticipant:
            raise InputError("a can-i-deploy selector needs the pacticipant's name: --pacticipant NAME")

    @property
    def chosen(self) -> bool:
        """Whether it says which version (``--version``, ``--latest``, ``--branch`` or ``--main-branch``)."""
        return bool(self.version or self.latest or self.tag or self.branch or self.main_branch)

    def params(self, prefix: str) -> list[tuple[str, str]]:
        """The nested query parameters, in the order the official clients send them."""
        found = [(f"{prefix}[][pacticipant]", self.pacticipant)]
        if self.version:
            found.append((f"{prefix}[][version]", self.version))
        if self.latest:
            found.append((f"{prefix}[][latest]", "true"))
        if self.tag:
            found.append((f"{prefix}[][tag]", self.tag))
        if self.branch:
            found.append((f"{prefix}[][branch]", self.branch))
        if self.main_branch:
            found.append((f"{prefix}[][mainBranch]", "true"))
        return found

    def __str__(self) -> str:
        which = (self.version or (f"{'latest' if self.latest else 'all'} {self.tag}" if self.tag else None)
                 or (f"latest from branch {self.branch}" if self.branch else None)
                 or ("latest from the main branch" if self.main_branch else "latest"))
        return f"{self.pacticipant} ({which})"


def matrix_query(selectors: Sequence[MatrixSelector], *, to_environment: str | None = None,
                 to_tag: str | None = None, ignore: Sequence[MatrixSelector] = ()) -> str:
    """The matrix query string for these selectors (values percent-encoded, keys as the broker reads them)."""
    if not selectors:
        raise InputError("can-i-deploy needs at least one --pacticipant with its --version (or --latest, "
                         "--branch, --main-branch)")
    for selector in selectors:
        if not selector.chosen:
            raise InputError(f"can-i-deploy: say which version of {selector.pacticipant} with --version VERSION, "
                             "--latest [TAG], --branch BRANCH or --main-branch")
    if to_environment and to_tag:
        raise InputError("can-i-deploy takes --to-environment or --to, not both")
    params: list[tuple[str, str]] = []
    for selector in selectors:
        params.extend(selector.params("q"))
    params.append(("latestby", "cvp" if len(selectors) == 1 else "cvpv"))
    if to_environment:
        params.append(("environment", to_environment))
    if to_tag:
        params.extend([("latest", "true"), ("tag", to_tag)])
    elif len(selectors) == 1 and not to_environment:
        params.append(("latest", "true"))
    for selector in ignore:
        params.append(("ignore[][pacticipant]", selector.pacticipant))
        if selector.version:
            params.append(("ignore[][version]", selector.version))
    return "&".join(f"{key}={quote(value, safe='')}" for key, value in params)


@dataclass(frozen=True, slots=True)
class MatrixRow:
    """One line of the matrix: a pact between two versions and its verification result (if any)."""

    consumer: str
    consumer_version: str | None
    provider: str
    provider_version: str | None
    success: bool | None  # None: no verification result yet
    ignored: bool = False
    verification_url: str | None = None
    pact_created_at: str | None = None
    verified_at: str | None = None


@dataclass(frozen=True, slots=True)
class CanIDeployResult:
    """The broker's answer: ``deployable`` is True, False, or None when it does not know yet.

    ``reason`` and ``notices`` are its words; ``rows`` the matrix it based them on; ``attempts`` how
    many times the matrix was read (``--retry-while-unknown``).
    """

    deployable: bool | None
    reason: str
    rows: tuple[MatrixRow, ...]
    notices: tuple[Notice, ...] = ()
    unknown: int | None = None
    attempts: int = 1
    answer: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def is_unknown(self) -> bool:
        """No yes or no yet: no ``deployable`` boolean, or verification results still missing."""
        return not isinstance(self.deployable, bool) or bool(self.unknown)

    def table(self) -> list[str]:
        """The matrix as the official client prints it: one row per pact, then the verification results."""
        if not self.rows:
            return []
        header = ("CONSUMER", "C.VERSION", "PROVIDER", "P.VERSION", "SUCCESS?", "RESULT#")
        rows = []
        urls: list[tuple[str, bool | None]] = []
        for row in self.rows:
            number = ""
            if row.verification_url:
                urls.append((row.verification_url, row.success))
                number = str(len(urls))
            success = "???" if row.success is None else str(row.success).lower()
            rows.append((row.consumer, row.consumer_version or "???", row.provider, row.provider_version or "???",
                         success + (" [ignored]" if row.ignored else ""), number))
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

        def line(cells: Sequence[str]) -> str:
            return " | ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()

        out = [line(header), "-|-".join("-" * w for w in widths), *(line(r) for r in rows)]
        if urls:
            out += ["", "VERIFICATION RESULTS", "--------------------"]
            out += [f"{n}. {url} ({'success' if ok else 'failure'})" for n, (url, ok) in enumerate(urls, start=1)]
        return out


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _row(item: Any, where: str) -> MatrixRow:
    if not isinstance(item, Mapping):
        raise PactBrokerResponseError(f"{where} is not a JSON object")
    names = []
    versions = []
    for role in ("consumer", "provider"):
        party = item.get(role)
        if not isinstance(party, Mapping) or not isinstance(party.get("name"), str):
            raise PactBrokerResponseError(f"{where} names no {role} ({{\"{role}\": {{\"name\": …}}}})")
        names.append(party["name"])
        version = party.get("version")
        versions.append(_text(version.get("number")) if isinstance(version, Mapping) else None)
    result = item.get("verificationResult")
    success = None
    url = verified_at = None
    if isinstance(result, Mapping):
        success = result.get("success") if isinstance(result.get("success"), bool) else None
        url = find_link(result, "self", where=f"{where}.verificationResult")
        verified_at = _text(result.get("verifiedAt"))
    pact = item.get("pact")
    created = _text(pact.get("createdAt")) if isinstance(pact, Mapping) else None
    return MatrixRow(names[0], versions[0], names[1], versions[1], success, item.get("ignored") is True, url,
                     created, verified_at)


def parse_matrix(answer: Mapping[str, Any], *, attempts: int = 1) -> CanIDeployResult:
    """Read the matrix resource's answer; a shape it does not document is a malformed-answer error."""
    rows = answer.get("matrix", [])
    if not isinstance(rows, list):
        raise PactBrokerResponseError("the Pact Broker's matrix: 'matrix' is not a list")
    summary = answer.get("summary", {})
    if not isinstance(summary, Mapping):
        raise PactBrokerResponseError("the Pact Broker's matrix: 'summary' is not a JSON object")
    deployable = summary.get("deployable")
    notices = []
    for item in answer.get("notices") or []:
        if isinstance(item, Mapping) and isinstance(item.get("text"), str):
            notices.append(Notice(item["text"], type=str(item.get("type") or "info")))
    unknown = summary.get("unknown")
    return CanIDeployResult(
        deployable=deployable if isinstance(deployable, bool) else None,
        reason=str(summary.get("reason") or ""),
        rows=tuple(_row(item, f"the Pact Broker's matrix, row {n + 1}") for n, item in enumerate(rows)),
        notices=tuple(notices),
        unknown=unknown if isinstance(unknown, int) and not isinstance(unknown, bool) else None,
        attempts=attempts,
        answer=answer,
    )


def can_i_deploy(http: BrokerHttp, query: str, *, retry_while_unknown: int = 0, retry_interval: float = 10.0,
                 sleep: Callable[[float], None] = time.sleep,
                 waiting: Callable[[str], None] | None = None) -> CanIDeployResult:
    """Read the matrix; while the answer is unknown, read it again up to ``retry_while_unknown`` times."""
    if retry_while_unknown < 0 or retry_interval < 0:
        raise InputError("--retry-while-unknown and --retry-interval cannot be negative")
    url = resolve("/matrix", http.base_url) + "?" + query
    result = parse_matrix(http.json(http.get(url), "the can-i-deploy matrix request"))
    if result.is_unknown and retry_while_unknown:
        if waiting is not None:
            missing = f"{result.unknown} verification result{'' if result.unknown == 1 else 's'}" \
                if result.unknown else "an answer"
            waiting(f"Waiting for {missing} to be published (at most {retry_while_unknown} more "
                    f"tr{'y' if retry_while_unknown == 1 else 'ies'}, {retry_interval:g} s apart)")
        for attempt in range(2, retry_while_unknown + 2):
            sleep(retry_interval)
            result = parse_matrix(http.json(http.get(url), "the can-i-deploy matrix request"), attempts=attempt)
            if not result.is_unknown:
                break
    return result
