"""Living documentation from a Pact Broker: its latest pacts, their latest results, can-i-deploy per environment.

Each pact is the broker's latest for its consumer–provider pair. Each interaction shows the result
of the pact's latest verification (``testResults``, matched by the broker's interaction ``_id``, or
by description). Each pair shows, for every environment the broker knows, the broker's can-i-deploy
answer for the pact's consumer version.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pactspec.broker import Broker, LatestPact
from pactspec.docs._build import build_site
from pactspec.docs._model import DeployDoc, MismatchDoc, Site, VerificationDoc
from pactspec.docs._render import render_site
from pactspec.docs._results import ResultIndex
from pactspec.pactfile import parse_pact

__all__ = ["broker_site", "generate_docs_from_broker"]


def _states(raw: Mapping[str, Any]) -> tuple[str, ...]:
    states = raw.get("providerStates")
    if isinstance(states, list):
        return tuple(str(s.get("name")) for s in states if isinstance(s, Mapping))
    return (raw["providerState"],) if isinstance(raw.get("providerState"), str) else ()


def _interactions(content: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    found: list[Mapping[str, Any]] = []
    for key in ("interactions", "messages"):
        found.extend(i for i in content.get(key) or [] if isinstance(i, Mapping))
    return found


def _add_results(pact: LatestPact, results: ResultIndex) -> None:
    result = pact.verification
    if result is None:
        return
    interactions = _interactions(pact.content)
    by_id = {i["_id"]: i for i in interactions if isinstance(i.get("_id"), str)}
    by_description = {str(i.get("description")): i for i in interactions}
    for entry in result.test_results:
        raw = by_id.get(str(entry.get("interactionId"))) or by_description.get(str(entry.get("interactionDescription")))
        if raw is None:
            continue
        passed = entry.get("success") is True
        mismatches = tuple(MismatchDoc("", str(m.get("description") or m.get("attribute") or m))
                           for m in entry.get("mismatches") or () if isinstance(m, Mapping))
        status: Literal["passed", "failed"] = "passed" if passed else "failed"
        doc = VerificationDoc(status, result.provider_version, result.verified_at, mismatches, (),
                              result.url or pact.url)
        results.add(pact.consumer, pact.provider, str(raw.get("description")), _states(raw), doc)


def _deployments(broker: Broker, pact: LatestPact, environments: tuple[str, ...]) -> tuple[DeployDoc, ...]:
    found = []
    for environment in environments:
        if not pact.consumer_version:
            found.append(DeployDoc(environment, "unknown", "the broker gave no consumer version for this pact"))
            continue
        answer = broker.can_i_deploy(pact.consumer, pact.consumer_version, to_environment=environment)
        status: Literal["yes", "no", "unknown"] = (
            "yes" if answer.deployable is True else "no" if answer.deployable is False else "unknown")
        reason = answer.reason or "; ".join(n.text for n in answer.notices)
        found.append(DeployDoc(environment, status, reason))
    return tuple(found)


def broker_site(broker: Broker, *, title: str = "Message contracts") -> Site:
    """The docs' model from the broker: its latest pacts, their results and their can-i-deploy states."""
    latest = broker.latest_pacts()
    results = ResultIndex()
    pacts = []
    for pact in latest:
        content = {k: v for k, v in pact.content.items() if k != "_links"}
        pacts.append((pact.url, parse_pact(content, source=pact.url)))
        _add_results(pact, results)
    site = build_site(pacts, results=results, title=title)
    environments = tuple(e.name for e in broker.environments())
    by_url = {p.url: p for p in latest}
    docs = tuple(dataclasses.replace(doc, consumer_version=by_url[doc.source].consumer_version,
                                     deployments=_deployments(broker, by_url[doc.source], environments))
                 for doc in site.pacts)
    matrix = tuple((c, p, tuple(d for d in docs if d.consumer == c and d.provider == p)) for c, p, _ in site.matrix)
    return dataclasses.replace(site, pacts=docs, matrix=matrix, environments=environments, broker_url=broker.url)


def generate_docs_from_broker(broker: Broker, out: str | Path, *, templates: str | Path | None = None,
                              title: str = "Message contracts") -> Path:
    """Write the site for the broker's latest pacts; returns ``index.html``."""
    return render_site(broker_site(broker, title=title), out, templates=templates)
