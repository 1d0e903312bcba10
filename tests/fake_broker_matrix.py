"""The fake Pact Broker's matrix (can-i-deploy) and its deployment resources (see tests/fake_broker.py).

Simplifications of the broker's rules (doc/matrix, doc/can-i-deploy, approvals/matrix_* and
approvals/features_can_i_deploy_*): a selector resolves to versions (a version; ``latest`` with an
optional ``tag``; the latest of a ``branch`` or of the ``mainBranch``; all versions with a ``tag``);
with one selector the other side is every integrated pacticipant, at its versions in the
``environment``, or its latest (``tag``) version. A required provider with no version there, or a
pact with no result, is unknown (``deployable: null``); a failed result is a no. A consumer missing
from the environment is not required (the provider may deploy). ``latestby`` is not modelled.
"""

from __future__ import annotations

import uuid as _uuid
from typing import Any
from urllib.parse import parse_qsl

from tests.fake_broker import FakeBroker, Problem, Publication, Version, href, iter_versions

__all__ = ["matrix", "rails_selectors"]


def rails_selectors(query: str, prefix: str) -> list[dict[str, str]]:
    """``q[][pacticipant]=a&q[][version]=1&q[][pacticipant]=b`` as Rails reads it: a key seen again starts the next."""
    groups: list[dict[str, str]] = []
    for key, value in parse_qsl(query, keep_blank_values=True):
        if not key.startswith(f"{prefix}[][") or not key.endswith("]"):
            continue
        name = key[len(prefix) + 3:-1]
        if not groups or name in groups[-1]:
            groups.append({})
        groups[-1][name] = value
    return groups


def _resolve(broker: FakeBroker, selector: dict[str, str]) -> list[Version]:
    name = selector.get("pacticipant", "")
    if name not in broker.pacticipants:
        raise Problem(400, {"errors": [f"Pacticipant {name!r} not found"]})
    versions = list(iter_versions(broker, name))  # latest first
    if "version" in selector:
        return [v for v in versions if v.number == selector["version"]]
    if selector.get("mainBranch") == "true":
        main = broker.pacticipants[name]["mainBranch"]
        return [v for v in versions if main and main in v.branches][:1]
    if "branch" in selector:
        return [v for v in versions if selector["branch"] in v.branches][:1]
    if "tag" in selector:
        tagged = [v for v in versions if selector["tag"] in v.tags]
        return tagged[:1] if selector.get("latest") == "true" else tagged
    return versions[:1]


def _publication(broker: FakeBroker, consumer: Version, provider: str) -> Publication | None:
    found = [p for p in broker.publications
             if (p.consumer, p.version, p.provider) == (consumer.pacticipant, consumer.number, provider)]
    return max(found, key=lambda p: p.order) if found else None


def _row(broker: FakeBroker, base: str, consumer: Version, provider: Version, publication: Publication,
         ignored: bool) -> dict[str, Any]:
    results = [r for r in broker.results
               if r.sha == publication.sha and r.provider == provider.pacticipant
               and r.provider_version == provider.number]
    row: dict[str, Any] = {
        "consumer": {"name": consumer.pacticipant, "version": {"number": consumer.number}},
        "provider": {"name": provider.pacticipant, "version": {"number": provider.number}},
        "pact": {"createdAt": "2026-01-01T00:00:00+00:00"},
    }
    if results:
        latest = max(results, key=lambda r: r.number)
        url = href(base, "pacts", "provider", provider.pacticipant, "consumer", consumer.pacticipant,
                   "pact-version", publication.sha, "verification-results", str(latest.number))
        row["verificationResult"] = {"success": latest.success, "verifiedAt": "2026-01-01T00:00:00+00:00",
                                     "_links": {"self": {"href": url}}}
    if ignored:
        row["ignored"] = True
    return row


def _in_environment(broker: FakeBroker, name: str, environment: str) -> list[Version]:
    numbers = {v for p, v, env in broker.deployed + broker.released if p == name and env == environment}
    return [v for v in iter_versions(broker, name) if v.number in numbers]


def matrix(broker: FakeBroker, base: str, groups: dict[str, str], body: Any, raw: bytes,
           query: str) -> tuple[int, Any]:
    selectors = rails_selectors(query, "q")
    ignores = rails_selectors(query, "ignore")
    options = dict(parse_qsl(query))
    if not selectors:
        raise Problem(400, {"errors": ["Please provide 1 or more version selectors."]})
    chosen: list[Version] = []
    for selector in selectors:
        found = _resolve(broker, selector)
        if not found:
            which = selector.get("version") or selector.get("tag") or selector.get("branch") or "latest"
            return 200, {"summary": {"deployable": None, "reason": f"No version {which} of "
                                     f"{selector['pacticipant']} found", "success": 0, "failed": 0, "unknown": 0},
                         "notices": [], "matrix": []}
        chosen.extend(found)
    # (consumer version, provider name, provider versions or None when required but absent)
    pairs: list[tuple[Version, str, list[Version], bool]] = []  # consumer, provider, its versions, required
    names = {v.pacticipant for v in chosen}
    if len(selectors) == 1:
        target = chosen
        for version in target:
            partners = {p.provider for p in broker.publications if p.consumer == version.pacticipant} | \
                {p.consumer for p in broker.publications if p.provider == version.pacticipant}
            for other in sorted(partners - {version.pacticipant}):
                if "environment" in options:
                    others = _in_environment(broker, other, options["environment"])
                elif "tag" in options:
                    others = [v for v in iter_versions(broker, other) if options["tag"] in v.tags][:1]
                else:
                    others = list(iter_versions(broker, other))[:1]
                if any(p.consumer == version.pacticipant and p.provider == other for p in broker.publications):
                    pairs.append((version, other, others, True))  # the version consumes: the provider is required
                else:
                    for consumer in others:
                        pairs.append((consumer, version.pacticipant, [version], True))
    else:
        for consumer in chosen:
            for provider_name in sorted(names - {consumer.pacticipant}):
                if _publication(broker, consumer, provider_name) is not None:
                    pairs.append((consumer, provider_name, [v for v in chosen if v.pacticipant == provider_name],
                                  True))
    rows: list[dict[str, Any]] = []
    success = failed = unknown = ignored_count = 0
    reasons: list[str] = []
    where = f" currently in {options['environment']}" if "environment" in options else ""
    for consumer, provider_name, provider_versions, _ in pairs:
        publication = _publication(broker, consumer, provider_name)
        if publication is None:
            continue
        is_ignored = any(i.get("pacticipant") in (consumer.pacticipant, provider_name)
                         and ("version" not in i or i["version"] in {consumer.number,
                                                                      *(v.number for v in provider_versions)})
                         and i.get("pacticipant") not in names for i in ignores)
        if not provider_versions:
            if is_ignored:
                ignored_count += 1
                continue
            unknown += 1
            reasons.append(f"There is no verified pact between version {consumer.number} of {consumer.pacticipant} "
                           f"and a version of {provider_name}{where} (no version is currently recorded as "
                           "deployed/released in this environment)" if where else
                           f"There is no verified pact between version {consumer.number} of "
                           f"{consumer.pacticipant} and a version of {provider_name}")
            continue
        for provider in provider_versions:
            row = _row(broker, base, consumer, provider, publication, is_ignored)
            rows.append(row)
            if is_ignored:
                ignored_count += 1
            elif "verificationResult" not in row:
                unknown += 1
                reasons.append(f"There is no verified pact between version {consumer.number} of "
                               f"{consumer.pacticipant} and version {provider.number} of {provider.pacticipant}")
            elif row["verificationResult"]["success"]:
                success += 1
            else:
                failed += 1
                reasons.append(f"The verification for the pact between version {consumer.number} of "
                               f"{consumer.pacticipant} and version {provider.number} of {provider.pacticipant} failed")
    deployable: bool | None = False if failed else (None if unknown else True)
    reason = "; ".join(reasons) if reasons else "All required verification results are published and successful"
    if deployable and not rows:
        reason = "There are no missing dependencies"
    notices = [{"type": "success" if deployable else "error" if failed else "warning", "text": text}
               for text in (reasons or [reason])]
    summary = {"deployable": deployable, "reason": reason, "success": success, "failed": failed, "unknown": unknown}
    if ignores:
        summary["ignored"] = ignored_count
    return 200, {"summary": summary, "notices": notices, "matrix": rows,
                 "_links": {"self": {"href": f"{base}/matrix?{query}"}}}


# -- environments, deployed and released versions ------------------------------------------------------
def environment_body(base: str, env: dict[str, Any]) -> dict[str, Any]:
    url = href(base, "environments", env["uuid"])
    return {**env, "_links": {
        "self": {"href": url, "name": env["name"]},
        "pb:currently-deployed-deployed-versions": {"href": url + "/deployed-versions/currently-deployed"},
        "pb:currently-supported-released-versions": {"href": url + "/released-versions/currently-supported"},
    }}


def new_uuid() -> str:
    return str(_uuid.uuid4())


def register(route: Any) -> None:
    """Add the matrix, environment, deployment and latest-pact resources to the fake's routes."""
    route("GET", "/matrix")(matrix)
    route("GET", "/environments")(list_environments)
    route("POST", "/environments")(create_environment)
    route("GET", "/environments/{uuid}")(get_environment)
    route("GET", "/environments/{uuid}/deployed-versions/currently-deployed")(currently_deployed)
    route("GET", "/environments/{uuid}/released-versions/currently-supported")(currently_supported)
    route("POST", "/pacticipants/{pacticipant}/versions/{version}/deployed-versions/environment/{uuid}")(
        record("deployed"))
    route("POST", "/pacticipants/{pacticipant}/versions/{version}/released-versions/environment/{uuid}")(
        record("released"))
    route("PATCH", "/deployed-versions/{uuid}")(end("deployed", "currentlyDeployed"))
    route("PATCH", "/released-versions/{uuid}")(end("released", "currentlySupported"))
    route("GET", "/pacts/latest")(latest_pacts)
    route("GET", "/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/verification-results/latest")(
        latest_result)


def _env(broker: FakeBroker, uuid: str) -> dict[str, Any]:
    if uuid not in broker.environments:
        raise Problem(404, {"error": f"No environment with uuid {uuid}"})
    return broker.environments[uuid]


def list_environments(broker: FakeBroker, base: str, groups: dict[str, str], body: Any, raw: bytes,
                      query: str) -> tuple[int, Any]:
    items = [environment_body(base, env) for env in broker.environments.values()]
    return 200, {"_embedded": {"environments": items},
                 "_links": {"self": {"href": href(base, "environments")},
                            "pb:environments": [{"href": href(base, "environments", e["uuid"]), "name": e["name"],
                                                 "title": "Environment"} for e in broker.environments.values()]}}


def create_environment(broker: FakeBroker, base: str, groups: dict[str, str], body: Any, raw: bytes,
                       query: str) -> tuple[int, Any]:
    if not isinstance(body, dict) or not isinstance(body.get("name"), str) or not body["name"] \
            or " " in body["name"]:
        raise Problem(400, {"errors": {"name": ["must be present and have no spaces"]}})
    if any(e["name"] == body["name"] for e in broker.environments.values()):
        raise Problem(400, {"errors": {"name": [f"Another environment with name '{body['name']}' already exists."]}})
    env = broker.environment(body["name"], production=body.get("production") is True)
    env["displayName"] = body.get("displayName") or body["name"]
    if isinstance(body.get("contacts"), list):
        env["contacts"] = body["contacts"]
    return 201, environment_body(base, env)


def get_environment(broker: FakeBroker, base: str, groups: dict[str, str], body: Any, raw: bytes,
                    query: str) -> tuple[int, Any]:
    return 200, environment_body(base, _env(broker, groups["uuid"]))


def _listed(broker: FakeBroker, base: str, uuid: str, kind: str, query: str) -> list[dict[str, Any]]:
    env = _env(broker, uuid)
    wanted = dict(parse_qsl(query))
    found = []
    for key, record in broker.records.items():
        if record["kind"] != kind or record["environment"] != env["name"]:
            continue
        if any(record.get(k) != v for k, v in wanted.items() if k in ("pacticipant", "version")):
            continue
        found.append({"uuid": key, "applicationInstance": record["applicationInstance"],
                      "target": record["applicationInstance"],
                      "_embedded": {"version": {"number": record["version"]}},
                      "_links": {"self": {"href": href(base, f"{kind}-versions", key)}}})
    return found


def currently_deployed(broker: FakeBroker, base: str, groups: dict[str, str], body: Any, raw: bytes,
                       query: str) -> tuple[int, Any]:
    return 200, {"_embedded": {"deployedVersions": _listed(broker, base, groups["uuid"], "deployed", query)}}


def currently_supported(broker: FakeBroker, base: str, groups: dict[str, str], body: Any, raw: bytes,
                        query: str) -> tuple[int, Any]:
    return 200, {"_embedded": {"releasedVersions": _listed(broker, base, groups["uuid"], "released", query)}}


def record(kind: str) -> Any:
    def post(broker: FakeBroker, base: str, groups: dict[str, str], body: Any, raw: bytes,
             query: str) -> tuple[int, Any]:
        env = _env(broker, groups["uuid"])
        if (groups["pacticipant"], groups["version"]) not in broker.versions:
            raise Problem(404, {"error": "No such version"})
        instance = (body or {}).get("applicationInstance") if isinstance(body, dict) else None
        if kind == "deployed":
            key = broker.record_deployment(groups["pacticipant"], groups["version"], env["name"], instance)
        else:
            key = broker.record_release(groups["pacticipant"], groups["version"], env["name"])
        return 201, {"uuid": key, "applicationInstance": instance, "target": instance,
                     "_links": {"self": {"href": href(base, f"{kind}-versions", key)}}}
    return post


def end(kind: str, flag: str) -> Any:
    def patch(broker: FakeBroker, base: str, groups: dict[str, str], body: Any, raw: bytes,
              query: str) -> tuple[int, Any]:
        record_ = broker.records.get(groups["uuid"])
        if record_ is None or record_["kind"] != kind:
            raise Problem(404, {"error": f"No {kind} version {groups['uuid']}"})
        if not isinstance(body, dict) or body.get(flag) is not False:
            raise Problem(400, {"errors": {flag: ["can only be set to false"]}})
        broker._end(groups["uuid"])
        return 200, {flag: False, "_embedded": {"version": {"number": record_["version"]}}}
    return patch


def record_links(broker: FakeBroker, base: str, version: Version) -> dict[str, Any]:
    """The version resource's pb:record-deployment and pb:record-release links, one per environment."""
    links: dict[str, Any] = {}
    for kind, relation in (("deployed", "pb:record-deployment"), ("released", "pb:record-release")):
        links[relation] = [{"href": href(base, "pacticipants", version.pacticipant, "versions", version.number,
                                         f"{kind}-versions", "environment", env["uuid"]),
                            "name": env["name"], "title": f"Record {kind} to {env['displayName']}"}
                           for env in broker.environments.values()]
    return links


def latest_pacts(broker: FakeBroker, base: str, groups: dict[str, str], body: Any, raw: bytes,
                 query: str) -> tuple[int, Any]:
    """The latest pact of each integration, shaped as the contract's "a request to list the latest pacts"."""
    latest: dict[tuple[str, str], Publication] = {}
    for publication in sorted(broker.publications, key=lambda p: broker.versions[(p.consumer, p.version)].order):
        latest[(publication.consumer, publication.provider)] = publication
    pacts = []
    for (consumer, provider), publication in sorted(latest.items()):
        pacts.append({
            "_embedded": {
                "consumer": {"name": consumer, "_embedded": {"version": {"number": publication.version}},
                             "_links": {"self": {"href": href(base, "pacticipants", consumer)}}},
                "provider": {"name": provider, "_links": {"self": {"href": href(base, "pacticipants", provider)}}}},
            "_links": {"self": [
                {"href": href(base, "pacts", "provider", provider, "consumer", consumer, "latest")},
                {"href": href(base, "pacts", "provider", provider, "consumer", consumer, "version",
                              publication.version)}]}})
    return 200, {"pacts": pacts, "_links": {"self": {"href": href(base, "pacts", "latest")}}}


def latest_result(broker: FakeBroker, base: str, groups: dict[str, str], body: Any, raw: bytes,
                  query: str) -> tuple[int, Any]:
    found = [r for r in broker.results if r.sha == groups["sha"] and r.provider == groups["provider"]]
    if not found:
        raise Problem(404, {"error": "No verification results"})
    result = max(found, key=lambda r: r.number)
    url = href(base, "pacts", "provider", groups["provider"], "consumer", groups["consumer"], "pact-version",
               groups["sha"], "verification-results", str(result.number))
    return 200, {**result.body, "success": result.success, "providerApplicationVersion": result.provider_version,
                 "verificationDate": "2026-01-01T00:00:00+00:00", "_links": {"self": {"href": url}}}
