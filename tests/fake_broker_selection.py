"""The fake Pact Broker's for-verification resource: selectors, pending and WIP pacts, their notices.

Rules and texts follow the broker's doc (doc/provider-pacts-for-verification) and its recorded
answers (approvals/get_provider_pacts_for_verification, pact-ruby/for_verification.yml).
"""

from __future__ import annotations

import base64
import datetime
import json
from typing import Any

from tests.fake_broker import FakeBroker, Problem, Publication, href

__all__ = ["for_verification"]

SELECTOR_KEYS = {"mainBranch", "branch", "matchingBranch", "fallbackBranch", "deployed", "released",
                 "deployedOrReleased", "environment", "latest", "consumer", "tag", "fallbackTag"}
BODY_KEYS = {"consumerVersionSelectors", "providerVersionBranch", "providerVersionTags", "includePendingStatus",
             "includeWipPactsSince"}
PENDING_DOC = "Read more at https://docs.pact.io/go/pending"


def _validate(body: Any) -> dict[str, Any]:
    if body is None:
        body = {}
    if not isinstance(body, dict):
        raise Problem(400, {"errors": {"body": ["must be a JSON object"]}})
    errors: dict[str, list[str]] = {}
    for key in body:
        if key not in BODY_KEYS:
            errors.setdefault(key, []).append("is not a known parameter")
    selectors = body.get("consumerVersionSelectors", [])
    if not isinstance(selectors, list):
        errors.setdefault("consumerVersionSelectors", []).append("must be an array")
        selectors = []
    for position, selector in enumerate(selectors):
        where = f"consumerVersionSelectors[{position}]"
        if not isinstance(selector, dict):
            errors.setdefault(where, []).append("must be an object")
            continue
        for key, value in selector.items():
            if key not in SELECTOR_KEYS:
                errors.setdefault(where, []).append(f"{key} is not a valid property")
            elif key in ("mainBranch", "matchingBranch", "deployed", "released", "deployedOrReleased") and value is not True:
                errors.setdefault(where, []).append(f"{key} can only be set to true")
        if selector.get("matchingBranch") and not body.get("providerVersionBranch"):
            errors.setdefault(where, []).append("the providerVersionBranch must be specified when the selector "
                                                "matchingBranch=true is used")
    if errors:
        raise Problem(400, {"errors": errors})
    return body


def _latest(pubs: list[tuple[Publication, int]]) -> list[Publication]:
    return [max(pubs, key=lambda p: p[1])[0]] if pubs else []


def _select(broker: FakeBroker, provider: str, consumer: str, selector: dict[str, Any],
            provider_branch: str | None) -> tuple[list[Publication], str]:
    """The publications of ``consumer`` that one selector picks, and how the broker describes it."""
    pubs = [(p, broker.versions[(p.consumer, p.version)].order) for p in broker.publications
            if p.provider == provider and p.consumer == consumer]
    version = lambda p: broker.versions[(p.consumer, p.version)]
    main = broker.pacticipants[consumer]["mainBranch"]
    if selector.get("mainBranch"):
        found = _latest([(p, o) for p, o in pubs if main and main in version(p).branches])
        return found, f"latest version of {consumer} from the main branch '{main}'"
    if selector.get("matchingBranch"):
        found = _latest([(p, o) for p, o in pubs if provider_branch in version(p).branches])
        return found, f"latest version of {consumer} from branch '{provider_branch}' (matching the provider branch)"
    if "branch" in selector:
        for branch in (selector["branch"], selector.get("fallbackBranch")):
            matching = [(p, o) for p, o in pubs if branch and branch in version(p).branches]
            if matching:
                found = [p for p, _ in matching] if selector.get("latest") is False else _latest(matching)
                return found, f"latest version of {consumer} from branch '{branch}'"
        return [], ""
    if any(selector.get(k) for k in ("deployed", "released", "deployedOrReleased")):
        kinds = {"deployed": broker.deployed, "released": broker.released,
                 "deployedOrReleased": broker.deployed + broker.released}
        key = next(k for k in ("deployedOrReleased", "deployed", "released") if selector.get(k))
        wanted = {(c, v) for c, v, env in kinds[key]
                  if "environment" not in selector or env == selector["environment"]}
        found = [p for p, _ in pubs if (p.consumer, p.version) in wanted]
        where = f" to {selector['environment']}" if "environment" in selector else ""
        verb = {"deployed": "currently deployed", "released": "released and supported",
                "deployedOrReleased": "currently deployed or released and supported"}[key]
        return found, f"consumer version(s) {verb}{where}"
    if "tag" in selector:
        for tag in (selector["tag"], selector.get("fallbackTag")):
            matching = [(p, o) for p, o in pubs if tag and tag in version(p).tags]
            if matching:
                if selector.get("latest"):
                    return _latest(matching), f"latest version tagged '{tag}'"
                return [p for p, _ in matching], f"all consumer versions tagged '{tag}'"
        return [], ""
    return _latest(pubs), f"latest version of {consumer}"


def for_verification(broker: FakeBroker, base: str, groups: dict[str, str], body: Any, raw: bytes,
                     query: str) -> tuple[int, Any]:
    provider = groups["provider"]
    body = _validate(body)
    if provider not in broker.pacticipants:
        raise Problem(404, {"error": {"message": f"No provider with name '{provider}' found"}})
    provider_branch = body.get("providerVersionBranch")
    provider_tags = body.get("providerVersionTags")
    selectors = body.get("consumerVersionSelectors") or [{}]
    consumers = sorted({p.consumer for p in broker.publications if p.provider == provider})
    chosen: dict[str, tuple[Publication, list[str]]] = {}
    for selector in selectors:
        for consumer in consumers:
            if "consumer" in selector and selector["consumer"] != consumer:
                continue
            found, description = _select(broker, provider, consumer, selector, provider_branch)
            for publication in found:
                text = f"{description} ({publication.version})"
                if publication.sha in chosen:
                    chosen[publication.sha][1].append(text)
                else:
                    chosen[publication.sha] = (publication, [text])
    pending_status = bool(body.get("includePendingStatus"))
    pacts = [_entry(broker, base, provider, publication, texts, pending_status, provider_branch, provider_tags,
                    wip=False) for publication, texts in chosen.values()]
    since = body.get("includeWipPactsSince")
    if since and pending_status:
        for publication, text in _wip(broker, provider, since, set(chosen), provider_branch, provider_tags):
            pacts.append(_entry(broker, base, provider, publication, [text], True, provider_branch, provider_tags,
                                wip=True))
    return 200, {"_embedded": {"pacts": pacts},
                 "_links": {"self": {"href": href(base, "pacts", "provider", provider, "for-verification"),
                                     "title": "Pacts to be verified"}}}


def _wip(broker: FakeBroker, provider: str, since: str, chosen: set[str], branch: str | None,
         tags: list[str] | None) -> list[tuple[Publication, str]]:
    """The latest pact of every consumer branch published since the date, still pending, not yet chosen."""
    try:
        start = datetime.date.fromisoformat(since[:10])
    except ValueError as exc:
        raise Problem(400, {"errors": {"includeWipPactsSince": [f"{since!r} is not a date"]}}) from exc
    found: list[tuple[Publication, str]] = []
    latest_per_branch: dict[tuple[str, str], Publication] = {}
    for publication in sorted(broker.publications, key=lambda p: broker.versions[(p.consumer, p.version)].order):
        if publication.provider != provider or broker.published_on.get(publication.sha, start) < start:
            continue
        for consumer_branch in broker.versions[(publication.consumer, publication.version)].branches:
            latest_per_branch[(publication.consumer, consumer_branch)] = publication
    for (consumer, consumer_branch), publication in latest_per_branch.items():
        if publication.sha in chosen or broker.successful(publication.sha, provider, branch, tags):
            continue
        chosen.add(publication.sha)
        found.append((publication, (f"This pact is being verified because it is a 'work in progress' pact (ie. it "
                      f"is the pact for the latest version of {consumer} from branch '{consumer_branch}' and is "
                      "still in pending state). Read more at https://docs.pact.io/go/wip")))
    return found


def _entry(broker: FakeBroker, base: str, provider: str, publication: Publication, texts: list[str],
           pending_status: bool, branch: str | None, tags: list[str] | None, *, wip: bool) -> dict[str, Any]:
    metadata = base64.urlsafe_b64encode(json.dumps({"cv": publication.version, "w": wip}).encode()).decode()
    url = href(base, "pacts", "provider", provider, "consumer", publication.consumer, "pact-version",
               publication.sha, "metadata", metadata.rstrip("="))
    if wip:
        notices = [{"when": "before_verification", "text": texts[0]}]
    else:
        criteria = "criteria" if len(texts) > 1 else "criterion"
        listed = "".join(f"\n    * {t}" for t in texts)
        notices = [{"when": "before_verification",
                    "text": f"The pact at {url} is being verified because the pact content belongs to the consumer "
                            f"version{'s' if len(texts) > 1 else ''} matching the following {criteria}:{listed}"}]
    properties: dict[str, Any] = {"notices": notices}
    if pending_status:
        pending = wip or not broker.successful(publication.sha, provider, branch, tags)
        properties["pending"] = pending
        which = f"from branch '{branch}'" if branch else (f"with tag(s) {', '.join(tags)}" if tags else "")
        if pending:
            notices.append({"when": "before_verification", "text": (
                f"This pact is in pending state for this version of {provider} because a successful verification "
                f"result for a version of {provider} {which} does not yet exist. As such, it will not cause a "
                f"failure of the build. {PENDING_DOC}").replace("  ", " ")})
            notices.extend([
                {"when": "after_verification:success_true_published_false",
                 "text": f"This pact is still in pending state for {provider} as the successful verification "
                         "results have not yet been published."},
                {"when": "after_verification:success_false_published_false",
                 "text": f"This pact is still in pending state for {provider} as a successful verification "
                         "result has not yet been published"},
                {"when": "after_verification:success_true_published_true",
                 "text": f"This pact is no longer in pending state for {provider}, as a successful verification "
                         f"result has been published. If a verification fails in the future, it will fail the "
                         f"build. {PENDING_DOC}"},
                {"when": "after_verification:success_false_published_true",
                 "text": f"This pact is still in pending state for {provider} as a successful verification "
                         "result has not yet been published"},
            ])
        else:
            notices.append({"when": "before_verification", "text": (
                f"This pact has previously been successfully verified by {provider}. If this verification fails, "
                f"it will fail the build. {PENDING_DOC}")})
    if wip:
        properties["wip"] = True
    return {"shortDescription": "wip" if wip else ", ".join(texts),
            "verificationProperties": properties,
            "_links": {"self": {"href": url,
                                "name": f"Pact between {publication.consumer} ({publication.version}) and {provider}"}}}
