"""The latest pacts the broker holds, each with its latest verification result (for the living docs).

The list is the index's ``pb:latest-pact-versions`` (``/pacts/latest``, the contract's "a request to
list the latest pacts"); each pact's ``pb:latest-verification-results`` link gives its result (a 404
means "not verified yet").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pactspec.errors import PactBrokerResponseError

from ._hal import find_link, link_href, resolve
from ._http import BrokerHttp

__all__ = [
    "LatestPact",
    "VerificationResult",
    "latest_pacts",
]


@dataclass(frozen=True, slots=True)
class VerificationResult:
    """A verification result as the broker stores it: ``test_results`` are the published ``testResults``."""

    success: bool
    provider_version: str
    verified_at: str
    test_results: tuple[Mapping[str, Any], ...] = field(default=(), repr=False)
    url: str | None = None


@dataclass(frozen=True, slots=True)
class LatestPact:
    """The latest pact between a consumer and a provider, its content as served, and its latest result."""

    consumer: str
    provider: str
    consumer_version: str
    url: str
    content: Mapping[str, Any] = field(repr=False)
    verification: VerificationResult | None = None


def _name(item: Mapping[str, Any], role: str, where: str) -> tuple[str, str]:
    embedded = item.get("_embedded")
    party = embedded.get(role) if isinstance(embedded, Mapping) else None
    if not isinstance(party, Mapping) or not isinstance(party.get("name"), str):
        raise PactBrokerResponseError(f"{where} names no {role}")
    version = party.get("_embedded", {}).get("version", {}) if isinstance(party.get("_embedded"), Mapping) else {}
    number = version.get("number") if isinstance(version, Mapping) else None
    return party["name"], number if isinstance(number, str) else ""


def _pact_href(item: Mapping[str, Any], where: str) -> str:
    links = item.get("_links")
    found = links.get("self") if isinstance(links, Mapping) else None
    candidates = found if isinstance(found, list) else [found]
    hrefs = [str(c["href"]) for c in candidates if isinstance(c, Mapping) and isinstance(c.get("href"), str)]
    if not hrefs:
        raise PactBrokerResponseError(f"{where} has no 'self' link")
    # The versioned URL stays the same pact when a newer one is published while the docs are built.
    return next((h for h in hrefs if "/version/" in h), hrefs[0])


def _result(http: BrokerHttp, content: Mapping[str, Any], where: str) -> VerificationResult | None:
    href = find_link(content, "pb:latest-verification-results", where=where)
    if href is None:
        return None
    response = http.request("GET", resolve(href, http.base_url), accept=lambda s: 200 <= s < 300 or s == 404)
    if response.status == 404 or not isinstance(response.body, Mapping):
        return None
    body = response.body
    results = body.get("testResults")
    self_href = find_link(body, "self", where=f"the verification result of {where}")
    return VerificationResult(
        success=body.get("success") is True,
        provider_version=str(body.get("providerApplicationVersion") or ""),
        verified_at=str(body.get("verificationDate") or body.get("createdAt") or ""),
        test_results=tuple(r for r in results if isinstance(r, Mapping)) if isinstance(results, list) else (),
        url=resolve(self_href, http.base_url) if self_href else None)


def latest_pacts(http: BrokerHttp, index: Mapping[str, Any]) -> tuple[LatestPact, ...]:
    """Every integration's latest pact, fetched, with its latest verification result (or None)."""
    href = link_href(index, "pb:latest-pact-versions", where="the Pact Broker's index")
    answer = http.json(http.get(resolve(href, http.base_url)), "the latest pacts request")
    items = answer.get("pacts")
    if not isinstance(items, list):
        raise PactBrokerResponseError("the Pact Broker's latest pacts have no 'pacts' list")
    found = []
    for number, item in enumerate(items, start=1):
        where = f"the latest pacts, pact {number}"
        if not isinstance(item, Mapping):
            raise PactBrokerResponseError(f"{where} is not a JSON object")
        consumer, version = _name(item, "consumer", where)
        provider, _ = _name(item, "provider", where)
        url = resolve(_pact_href(item, where), http.base_url)
        content = http.json(http.get(url), f"the pact {url}")
        found.append(LatestPact(consumer, provider, version, url, content, _result(http, content, f"the pact {url}")))
    return tuple(found)
