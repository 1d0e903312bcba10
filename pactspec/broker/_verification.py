"""The provider side: the pacts the broker selects for verification, and publishing the results."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from pactspec.errors import InputError, PactBrokerResponseError

from ._hal import expand, find_link, link_href, resolve
from ._http import BrokerHttp
from ._models import InteractionOutcome, Notice, PactForVerification, ResultsPublished, Selector

__all__ = [
    "for_verification_body",
    "pacts_for_verification",
    "publish_verification_results",
    "set_provider_version",
]

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$")


def for_verification_body(*, selectors: Sequence[Selector] | None, provider_branch: str | None,
                          provider_tags: Sequence[str] | None, include_pending: bool | None,
                          include_wip_since: str | None) -> dict[str, Any]:
    """The for-verification request: only the keys that were given (None means "not given")."""
    body: dict[str, Any] = {}
    if selectors is not None:
        body["consumerVersionSelectors"] = [s.to_json() for s in selectors]
    if provider_branch is not None:
        body["providerVersionBranch"] = provider_branch
    if provider_tags is not None:
        body["providerVersionTags"] = list(provider_tags)
    if include_pending is not None:
        body["includePendingStatus"] = include_pending
    if include_wip_since is not None:
        if not _DATE.match(include_wip_since):
            raise InputError(f"include WIP pacts since: {include_wip_since!r} is not a date such as 2024-01-31")
        body["includeWipPactsSince"] = include_wip_since
    return body


def pacts_for_verification(http: BrokerHttp, index: Mapping[str, Any], provider: str,
                           body: Mapping[str, Any]) -> tuple[PactForVerification, ...]:
    """POST the selection to ``pb:provider-pacts-for-verification``, then fetch each pact it lists."""
    template = link_href(index, "pb:provider-pacts-for-verification", where="the Pact Broker's index")
    url = resolve(expand(template, {"provider": provider}), http.base_url)
    answer = http.json(http.request("POST", url, dict(body)), f"the pacts for verification of {provider!r}")
    embedded = answer.get("_embedded")
    where = f"the pacts for verification of {provider!r}"
    if not isinstance(embedded, Mapping) or not isinstance(embedded.get("pacts"), list):
        raise PactBrokerResponseError(f"{where} have no '_embedded.pacts' list")
    found = []
    for position, item in enumerate(embedded["pacts"]):
        found.append(_pact(http, item, f"{where}, pact {position + 1}"))
    return tuple(found)


def _pact(http: BrokerHttp, item: Any, where: str) -> PactForVerification:
    href = link_href(item, "self", where=where)
    self_link = item["_links"]["self"]
    name = self_link.get("name") if isinstance(self_link, Mapping) else None
    properties = item.get("verificationProperties", {})
    if not isinstance(properties, Mapping):
        raise PactBrokerResponseError(f"{where}: 'verificationProperties' is not a JSON object")
    notices = []
    for notice in properties.get("notices", []) or []:
        if not isinstance(notice, Mapping) or not isinstance(notice.get("text"), str):
            raise PactBrokerResponseError(f"{where}: a notice without text: {notice!r}")
        notices.append(Notice(notice["text"], when=str(notice.get("when") or "before_verification")))
    for flag in ("pending", "wip"):
        if not isinstance(properties.get(flag, False), bool):
            raise PactBrokerResponseError(f"{where}: {flag!r} is not true or false: {properties[flag]!r}")
    url = resolve(href, http.base_url)
    content = http.json(http.get(url), f"the pact {url}")
    results = find_link(content, "pb:publish-verification-results", where=f"the pact {url}")
    wip = bool(properties.get("wip", False))
    return PactForVerification(
        url=url,
        name=str(name or href),
        # WIP pacts are pending by definition (docs.pact.io/wip), whatever the flag says.
        pending=bool(properties.get("pending", False)) or wip,
        wip=wip,
        notices=tuple(notices),
        content=content,
        publish_results_url=resolve(results, http.base_url) if results else None,
        short_description=str(item.get("shortDescription") or ""),
    )


def set_provider_version(http: BrokerHttp, pact: PactForVerification, version: str, *,
                         branch: str | None, tags: Sequence[str]) -> None:
    """Put the provider version on its branch and tags, as the official verifier does before publishing.

    It follows the pact's ``pb:provider`` link, then the provider's templated ``pb:branch-version``
    and ``pb:version-tag`` links, and PUTs ``{}`` to each.
    """
    if not branch and not tags:
        return
    where = f"the pact {pact.url}"
    provider_url = resolve(link_href(pact.content, "pb:provider", where=where), http.base_url)
    provider = http.json(http.get(provider_url), f"the provider {provider_url}")
    if branch:
        template = link_href(provider, "pb:branch-version", where=f"the provider {provider_url}")
        http.request("PUT", resolve(expand(template, {"branch": branch, "version": version}), http.base_url), {})
    for tag in tags:
        template = link_href(provider, "pb:version-tag", where=f"the provider {provider_url}")
        http.request("PUT", resolve(expand(template, {"tag": tag, "version": version}), http.base_url), {})


def publish_verification_results(http: BrokerHttp, pact: PactForVerification, *, provider_version: str,
                                 outcomes: Sequence[InteractionOutcome], success: bool,
                                 build_url: str | None, verified_by: Mapping[str, str]) -> ResultsPublished:
    """POST one verification result to the pact's ``pb:publish-verification-results`` link."""
    if pact.publish_results_url is None:
        raise PactBrokerResponseError(f"the pact {pact.url} has no 'pb:publish-verification-results' link, "
                                      "so its verification results cannot be published")
    body: dict[str, Any] = {"providerApplicationVersion": provider_version, "success": success}
    if build_url:
        body["buildUrl"] = build_url
    body["testResults"] = [outcome.to_json() for outcome in outcomes]
    body["verifiedBy"] = dict(verified_by)
    response = http.request("POST", pact.publish_results_url, body)
    url = None
    if isinstance(response.body, Mapping):
        url = find_link(response.body, "self", where="the published verification result")
    return ResultsPublished(pact.url, resolve(url, http.base_url) if url else None, success)
