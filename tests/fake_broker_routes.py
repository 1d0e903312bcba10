"""The fake Pact Broker's HTTP resources (see tests/fake_broker.py): one function per route.

A route takes ``(broker, base, groups, body, raw, query)`` and returns ``(status, JSON body)``, or
raises ``Problem``. The bodies follow the real broker's (``../shared/broker/``).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Callable
from typing import Any

from tests.fake_broker import FakeBroker, Problem, Publication, Result, Version, href, iter_versions

__all__ = ["ROUTES"]

Route = Callable[[FakeBroker, str, dict[str, str], Any, bytes, str], tuple[int, Any]]
ROUTES: list[tuple[str, re.Pattern[str], Route]] = []
SEGMENT = r"[^/]+"


def route(method: str, path: str) -> Callable[[Route], Route]:
    pattern = re.compile(re.sub(r"\{(\w+)\}", lambda m: f"(?P<{m.group(1)}>{SEGMENT})", path))

    def register(function: Route) -> Route:
        ROUTES.append((method, pattern, function))
        return function
    return register


def _link(url: str, **extra: Any) -> dict[str, Any]:
    return {"href": url, **extra}


@route("GET", "/")
def index(broker: FakeBroker, base: str, groups: dict[str, str], body: Any, raw: bytes, query: str) -> tuple[int, Any]:
    templated = {"templated": True}
    return 200, {"_links": {
        "self": _link(base),
        "pb:publish-contracts": _link(href(base, "contracts", "publish"), title="Publish contracts"),
        "pb:provider-pacts-for-verification": _link(
            href(base, "pacts", "provider", "{provider}", "for-verification"), **templated),
        "pb:pacticipants": _link(href(base, "pacticipants")),
        "pb:pacticipant": _link(href(base, "pacticipants", "{pacticipant}"), **templated),
        "pb:pacticipant-version": _link(href(base, "pacticipants", "{pacticipant}", "versions", "{version}"),
                                        **templated),
        "pb:pacticipant-branch": _link(href(base, "pacticipants", "{pacticipant}", "branches", "{branch}"),
                                       **templated),
        "pb:latest-version": _link(href(base, "pacticipants", "{pacticipant}", "latest-version"), **templated),
        "pb:latest-tagged-version": _link(href(base, "pacticipants", "{pacticipant}", "latest-version", "{tag}"),
                                          **templated),
        "pb:environments": _link(href(base, "environments")),
        "pb:latest-pact-versions": _link(href(base, "pacts", "latest"), title="Latest pact versions"),
        "pb:webhooks": _link(href(base, "webhooks")),
        "pb:webhook": _link(href(base, "webhooks", "{uuid}"), **templated),
    }}


# -- publishing ---------------------------------------------------------------------------------
@route("POST", "/contracts/publish")
def publish_contracts(broker: FakeBroker, base: str, groups: dict[str, str], body: Any, raw: bytes,
                      query: str) -> tuple[int, Any]:
    errors: dict[str, list[str]] = {}
    if not isinstance(body, dict):
        raise Problem(400, {"errors": {"body": ["must be a JSON object"]}})
    for key in ("pacticipantName", "pacticipantVersionNumber"):
        if not isinstance(body.get(key), str) or not body[key]:
            errors.setdefault(key, []).append("is missing")
    contracts = body.get("contracts")
    if not isinstance(contracts, list) or not contracts:
        errors.setdefault("contracts", []).append("is missing")
    decoded = []
    for position, contract in enumerate(contracts or []):
        where = f"contracts.{position}"
        try:
            content = json.loads(base64.b64decode(contract["content"], validate=True))
        except (KeyError, TypeError, ValueError):
            errors.setdefault(where, []).append("content is not Base64 encoded JSON")
            continue
        if contract.get("consumerName") != body.get("pacticipantName"):
            errors.setdefault(where, []).append("consumerName must match pacticipantName")
        if (content.get("consumer") or {}).get("name") != contract.get("consumerName"):
            errors.setdefault(where, []).append("consumerName must match the consumer name in the pact")
        if contract.get("specification") != "pact" or contract.get("contentType") != "application/json":
            errors.setdefault(where, []).append("only specification 'pact' with contentType application/json")
        decoded.append((contract, content))
    if errors:
        raise Problem(400, {"errors": errors})
    consumer, number = body["pacticipantName"], body["pacticipantVersionNumber"]
    version = broker.version(consumer, number)
    notices = []
    if body.get("branch"):
        broker.add_branch(version, body["branch"])
    if body.get("buildUrl"):
        version.build_url = body["buildUrl"]
    for tag in body.get("tags") or []:
        broker.add_tag(version, tag)
    described = " and ".join(filter(None, [f"branch {body['branch']}" if body.get("branch") else "",
                                           f"tags {', '.join(body.get('tags') or [])}" if body.get("tags") else ""]))
    notices.append({"type": "debug", "text": f"Created {consumer} version {number}"
                    + (f" with {described}" if described else "")})
    contract_links = []
    for contract, content in decoded:
        publication, _ = broker.store_pact(consumer, contract["providerName"], number, content,
                                           merge=contract.get("onConflict") == "merge")
        url = href(base, "pacts", "provider", publication.provider, "consumer", consumer, "version", number)
        notices.append({"type": "success", "text": f"Pact successfully published for {consumer} version "
                        f"{number} and provider {publication.provider}."})
        notices.append({"type": "debug", "text": f"  View the published pact at {url}"})
        contract_links.append(_link(url, title="Pact", name=f"Pact between {consumer} ({number}) and "
                                    f"{publication.provider}"))
    version_url = href(base, "pacticipants", consumer, "versions", number)
    return 200, {
        "logs": [{"level": n["type"], "message": n["text"], "deprecationWarning": "Replaced by notices"}
                 for n in notices],
        "notices": notices,
        "_embedded": {"pacticipant": {"name": consumer, "_links": {"self": _link(href(base, "pacticipants", consumer))}},
                      "version": {"number": number, "_links": {"self": _link(version_url)}}},
        "_links": {
            "pb:pacticipant": _link(href(base, "pacticipants", consumer), title="Pacticipant", name=consumer),
            "pb:pacticipant-version": _link(version_url, title="Pacticipant version", name=number),
            "pb:pacticipant-version-tags": [_link(f"{version_url}/tags/{tag}", title="Tag", name=tag)
                                            for tag in body.get("tags") or []],
            "pb:contracts": contract_links,
        },
    }


def _pact_put(merge: bool) -> Route:
    def put(broker: FakeBroker, base: str, groups: dict[str, str], body: Any, raw: bytes,
            query: str) -> tuple[int, Any]:
        if not isinstance(body, dict):
            raise Problem(400, {"errors": {"base": ["the pact is not a JSON object"]}})
        for role in ("consumer", "provider"):
            if (body.get(role) or {}).get("name") != groups[role]:
                raise Problem(400, {"errors": {f"{role}.name": [
                    f"does not match the {role} name in the path ({groups[role]!r})"]}})
        publication, new = broker.store_pact(groups["consumer"], groups["provider"], groups["version"], body,
                                             merge=merge)
        return (201 if new else 200), _pact_document(broker, base, publication)
    return put


route("PUT", "/pacts/provider/{provider}/consumer/{consumer}/version/{version}")(_pact_put(False))
route("PATCH", "/pacts/provider/{provider}/consumer/{consumer}/version/{version}")(_pact_put(True))


@route("GET", "/pacts/provider/{provider}/consumer/{consumer}/version/{version}")
def get_pact(broker: FakeBroker, base: str, groups: dict[str, str], body: Any, raw: bytes,
             query: str) -> tuple[int, Any]:
    for publication in broker.publications:
        if (publication.consumer, publication.provider, publication.version) == (
                groups["consumer"], groups["provider"], groups["version"]):
            return 200, _pact_document(broker, base, publication)
    raise Problem(404, {"error": f"No pact found for {groups['consumer']} version {groups['version']} and "
                        f"provider {groups['provider']}"})


def _pact_document(broker: FakeBroker, base: str, publication: Publication, metadata: str = "") -> dict[str, Any]:
    """The pact as the broker serves it: its content with interaction ids and HAL links."""
    content = json.loads(json.dumps(broker.contents[publication.sha]))
    for key in ("interactions", "messages"):
        for interaction in content.get(key) or []:
            if isinstance(interaction, dict):
                interaction.setdefault("_id", hashlib.sha1(json.dumps(interaction, sort_keys=True).encode())
                                       .hexdigest()[:16])
    pact_url = href(base, "pacts", "provider", publication.provider, "consumer", publication.consumer,
                    "pact-version", publication.sha) + (f"/metadata/{metadata}" if metadata else "")
    content["_links"] = {
        "self": _link(pact_url, title="Pact"),
        "pb:consumer": _link(href(base, "pacticipants", publication.consumer), name=publication.consumer),
        "pb:provider": _link(href(base, "pacticipants", publication.provider), name=publication.provider),
        "pb:consumer-version": _link(href(base, "pacticipants", publication.consumer, "versions",
                                          publication.version), name=publication.version),
        "pb:publish-verification-results": _link(pact_url + "/verification-results",
                                                 title="Publish verification results"),
        "pb:latest-verification-results": _link(href(base, "pacts", "provider", publication.provider, "consumer",
                                                     publication.consumer, "pact-version", publication.sha,
                                                     "verification-results", "latest"),
                                                title="Latest verification results"),
    }
    return content


def _publication(broker: FakeBroker, groups: dict[str, str]) -> Publication:
    for publication in sorted(broker.publications, key=lambda p: p.order, reverse=True):
        if (publication.consumer, publication.provider, publication.sha) == (
                groups["consumer"], groups["provider"], groups["sha"]):
            return publication
    raise Problem(404, {"error": f"No pact version {groups['sha']} between {groups['consumer']} and "
                        f"{groups['provider']}"})


@route("GET", "/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}")
@route("GET", "/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/metadata/{metadata}")
def get_pact_version(broker: FakeBroker, base: str, groups: dict[str, str], body: Any, raw: bytes,
                     query: str) -> tuple[int, Any]:
    return 200, _pact_document(broker, base, _publication(broker, groups), groups.get("metadata", ""))


@route("POST", "/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/verification-results")
@route("POST", "/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/metadata/{metadata}"
       "/verification-results")
def publish_results(broker: FakeBroker, base: str, groups: dict[str, str], body: Any, raw: bytes,
                    query: str) -> tuple[int, Any]:
    publication = _publication(broker, groups)
    if not isinstance(body, dict) or not isinstance(body.get("success"), bool):
        raise Problem(400, {"errors": {"success": ["must be true or false"]}})
    if not isinstance(body.get("providerApplicationVersion"), str) or not body["providerApplicationVersion"]:
        raise Problem(400, {"errors": {"providerApplicationVersion": ["can't be blank"]}})
    broker.version(publication.provider, body["providerApplicationVersion"])
    number = len(broker.results) + 1
    broker.results.append(Result(publication.provider, body["providerApplicationVersion"], publication.sha,
                                 body["success"], body, number))
    url = href(base, "pacts", "provider", publication.provider, "consumer", publication.consumer,
               "pact-version", publication.sha, "verification-results", str(number))
    return 201, {"success": body["success"], "providerApplicationVersion": body["providerApplicationVersion"],
                 "_links": {"self": _link(url, title="Verification result")}}


# -- pacticipants and versions ------------------------------------------------------------------
def _pacticipant_body(broker: FakeBroker, base: str, name: str) -> dict[str, Any]:
    participant = broker.pacticipants[name]
    url = href(base, "pacticipants", name)
    latest = next(iter_versions(broker, name), None)
    embedded = {"latest-version": _version_body(base, latest)} if latest else {}
    return {"name": name, "mainBranch": participant["mainBranch"], "repositoryUrl": participant["repositoryUrl"],
            "_embedded": embedded,
            "_links": {"self": _link(url), "versions": _link(url + "/versions"),
                       "pb:version": _link(url + "/versions/{version}", templated=True),
                       "pb:version-tag": _link(url + "/versions/{version}/tags/{tag}", templated=True),
                       "pb:branch-version": _link(url + "/branches/{branch}/versions/{version}", templated=True),
                       "pb:latest-version": _link(url + "/latest-version")}}


def _version_body(base: str, version: Version) -> dict[str, Any]:
    url = href(base, "pacticipants", version.pacticipant, "versions", version.number)
    return {"number": version.number, "buildUrl": version.build_url,
            "_embedded": {"branchVersions": [{"name": b} for b in version.branches],
                          "tags": [{"name": t} for t in version.tags]},
            "_links": {"self": _link(url, title="Version", name=version.number)}}


@route("GET", "/pacticipants")
def list_pacticipants(broker: FakeBroker, base: str, groups: dict[str, str], body: Any, raw: bytes,
                      query: str) -> tuple[int, Any]:
    items = [_pacticipant_body(broker, base, name) for name in sorted(broker.pacticipants)]
    return 200, {"_embedded": {"pacticipants": items}, "pacticipants": items,
                 "_links": {"self": _link(href(base, "pacticipants"))}}


@route("POST", "/pacticipants")
def create_pacticipant(broker: FakeBroker, base: str, groups: dict[str, str], body: Any, raw: bytes,
                       query: str) -> tuple[int, Any]:
    if not isinstance(body, dict) or not body.get("name"):
        raise Problem(400, {"errors": {"name": ["can't be blank"]}})
    existed = body["name"] in broker.pacticipants
    participant = broker.pacticipant(body["name"])
    for key in ("mainBranch", "repositoryUrl"):
        if key in body:
            participant[key] = body[key]
    return (200 if existed else 201), _pacticipant_body(broker, base, body["name"])


@route("GET", "/pacticipants/{pacticipant}")
def get_pacticipant(broker: FakeBroker, base: str, groups: dict[str, str], body: Any, raw: bytes,
                    query: str) -> tuple[int, Any]:
    if groups["pacticipant"] not in broker.pacticipants:
        raise Problem(404, None)
    return 200, _pacticipant_body(broker, base, groups["pacticipant"])


@route("PATCH", "/pacticipants/{pacticipant}")
def patch_pacticipant(broker: FakeBroker, base: str, groups: dict[str, str], body: Any, raw: bytes,
                      query: str) -> tuple[int, Any]:
    participant = broker.pacticipant(groups["pacticipant"])
    for key in ("mainBranch", "repositoryUrl"):
        if isinstance(body, dict) and key in body:
            participant[key] = body[key]
    return 200, _pacticipant_body(broker, base, groups["pacticipant"])


@route("GET", "/pacticipants/{pacticipant}/versions/{version}")
def get_version(broker: FakeBroker, base: str, groups: dict[str, str], body: Any, raw: bytes,
                query: str) -> tuple[int, Any]:
    version = broker.versions.get((groups["pacticipant"], groups["version"]))
    if version is None:
        raise Problem(404, {"error": f"No version {groups['version']} of {groups['pacticipant']}"})
    answer = _version_body(base, version)
    answer["_links"].update(record_links(broker, base, version))
    return 200, answer


@route("PUT", "/pacticipants/{pacticipant}/versions/{version}")
def put_version(broker: FakeBroker, base: str, groups: dict[str, str], body: Any, raw: bytes,
                query: str) -> tuple[int, Any]:
    existed = (groups["pacticipant"], groups["version"]) in broker.versions
    version = broker.version(groups["pacticipant"], groups["version"])
    if isinstance(body, dict):
        if body.get("branch"):
            broker.add_branch(version, body["branch"])
        if body.get("buildUrl"):
            version.build_url = body["buildUrl"]
    return (200 if existed else 201), _version_body(base, version)


@route("PUT", "/pacticipants/{pacticipant}/versions/{version}/tags/{tag}")
def put_tag(broker: FakeBroker, base: str, groups: dict[str, str], body: Any, raw: bytes,
            query: str) -> tuple[int, Any]:
    created = broker.add_tag(broker.version(groups["pacticipant"], groups["version"]), groups["tag"])
    url = href(base, "pacticipants", groups["pacticipant"], "versions", groups["version"], "tags", groups["tag"])
    return (201 if created else 200), {"name": groups["tag"], "_links": {"self": _link(url)}}


@route("PUT", "/pacticipants/{pacticipant}/branches/{branch}/versions/{version}")
def put_branch_version(broker: FakeBroker, base: str, groups: dict[str, str], body: Any, raw: bytes,
                       query: str) -> tuple[int, Any]:
    version = broker.version(groups["pacticipant"], groups["version"])
    created = groups["branch"] not in version.branches
    broker.add_branch(version, groups["branch"])
    url = href(base, "pacticipants", groups["pacticipant"], "branches", groups["branch"], "versions",
               groups["version"])
    return (201 if created else 200), {"_links": {"self": _link(url)}}


@route("GET", "/pacticipants/{pacticipant}/latest-version")
@route("GET", "/pacticipants/{pacticipant}/latest-version/{tag}")
def latest_version(broker: FakeBroker, base: str, groups: dict[str, str], body: Any, raw: bytes,
                   query: str) -> tuple[int, Any]:
    for version in iter_versions(broker, groups["pacticipant"]):
        if "tag" not in groups or groups["tag"] in version.tags:
            return 200, _version_body(base, version)
    raise Problem(404, {"error": f"No matching version of {groups['pacticipant']}"})


@route("POST", "/_pact/provider-states")
def provider_state(broker: FakeBroker, base: str, groups: dict[str, str], body: Any, raw: bytes,
                   query: str) -> tuple[int, Any]:
    """The state-change endpoint the official verifier calls (``pact verifier -s URL``)."""
    from tests.fake_broker import STATES

    state = (body or {}).get("state") if isinstance(body, dict) else None
    if (body or {}).get("action", "setup") == "teardown":
        return 200, {}
    if not state:  # the official verifier calls with an empty state for interactions without one
        broker.reset()
        return 200, {}
    if state not in STATES:
        raise Problem(400, {"error": f"the fake broker has no provider state {state!r}"})
    STATES[state](broker)
    return 200, {}


from tests.fake_broker_matrix import record_links, register
from tests.fake_broker_selection import for_verification

register(route)

route("POST", "/pacts/provider/{provider}/for-verification")(for_verification)


@route("GET", "/pacts/provider/{provider}/for-verification")
def for_verification_resource(broker: FakeBroker, base: str, groups: dict[str, str], body: Any, raw: bytes,
                              query: str) -> tuple[int, Any]:
    """The resource the official verifier GETs (HAL navigation) before POSTing to its self link."""
    url = href(base, "pacts", "provider", groups["provider"], "for-verification")
    return 200, {"_links": {"self": _link(url, title="Pacts to be verified")}}
