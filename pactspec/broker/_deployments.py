"""Deployments and releases: record them through the version resource's links, end them through the environment's.

Recording follows the ``pb:record-deployment`` / ``pb:record-release`` links of the pacticipant
version (one per environment, named by it). Undeploying and ending support PATCH the deployed or
released versions the environment lists (``pb:currently-deployed-deployed-versions``,
``pb:currently-supported-released-versions``) with ``application/merge-patch+json``, as the
official client does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import quote

from pactspec.errors import PactBrokerNothingToRecord, PactBrokerRejected, PactBrokerResponseError

from ._environments import environment_names, environment_resource, environments_answer
from ._hal import expand, find_link, link_href, resolve
from ._http import BrokerHttp

__all__ = [
    "Recorded",
    "pacticipant_version",
    "record",
    "record_support_ended",
    "record_undeployment",
]

Action = Literal["deployment", "release", "undeployment", "support ended"]
MERGE_PATCH = "application/merge-patch+json"


@dataclass(frozen=True, slots=True)
class Recorded:
    """What the broker recorded: a deployment, release, undeployment or end of support."""

    action: Action
    pacticipant: str
    version: str | None
    environment: str
    application_instance: str | None = None
    url: str | None = None

    @property
    def message(self) -> str:
        """One line for the user, as the official client words it."""
        version = f" version {self.version}" if self.version else ""
        instance = f" (application instance {self.application_instance})" if self.application_instance else ""
        if self.action == "support ended":
            return f"Recorded support ended for {self.pacticipant}{version} in {self.environment} environment"
        where = "from" if self.action == "undeployment" else "to"
        return f"Recorded {self.action} of {self.pacticipant}{version} {where} {self.environment} environment{instance}"


def pacticipant_version(http: BrokerHttp, index: Mapping[str, Any], pacticipant: str,
                        version: str) -> Mapping[str, Any]:
    """The version resource (``pb:pacticipant-version``); an unknown version is a one-sentence error."""
    template = link_href(index, "pb:pacticipant-version", where="the Pact Broker's index")
    url = resolve(expand(template, {"pacticipant": pacticipant, "version": version}), http.base_url)
    response = http.request("GET", url, accept=lambda s: 200 <= s < 300 or s == 404)
    if response.status == 404:
        raise PactBrokerRejected(f"the Pact Broker has no version {version} of {pacticipant}; publish a pact or "
                                 f"verification result for it, or create it with `pactspec broker "
                                 f"create-or-update-version --pacticipant {pacticipant} --version {version}`")
    return http.json(response, f"the version {version} of {pacticipant}")


def record(http: BrokerHttp, index: Mapping[str, Any], action: Literal["deployment", "release"], *,
           pacticipant: str, version: str, environment: str,
           application_instance: str | None = None) -> Recorded:
    """POST to the version's ``pb:record-deployment`` (or ``-release``) link named ``environment``."""
    relation = f"pb:record-{action}"
    resource = pacticipant_version(http, index, pacticipant, version)
    links = resource.get("_links")
    found = links.get(relation) if isinstance(links, Mapping) else None
    if found is None:
        raise PactBrokerResponseError(f"the version {version} of {pacticipant} has no {relation!r} link; this "
                                      f"Pact Broker may be too old to record a {action} (2.80.0 or later can)")
    candidates = found if isinstance(found, list) else [found]
    href = next((link.get("href") for link in candidates
                 if isinstance(link, Mapping) and link.get("name") == environment), None)
    if not isinstance(href, str):
        known = environment_names(environments_answer(http, index))
        if environment in known:
            raise PactBrokerRejected(f"the environment {environment!r} is not an available option for recording a "
                                     f"{action} of {pacticipant}")
        raise PactBrokerRejected(f"no environment named {environment!r} on the Pact Broker (it has "
                                 f"{', '.join(known) or 'none'}); create it with "
                                 f"`pactspec broker create-environment --name {environment}`")
    body: dict[str, Any] = {}
    if action == "deployment" and application_instance:
        # "target" too: brokers before 2.85 read that name (the official client sends both)
        body = {"applicationInstance": application_instance, "target": application_instance}
    response = http.request("POST", resolve(href, http.base_url), body)
    url = find_link(response.body, "self", where=f"the recorded {action}") if isinstance(response.body, Mapping) \
        else None
    return Recorded(action, pacticipant, version, environment, application_instance,
                    resolve(url, http.base_url) if url else None)


def _listed(http: BrokerHttp, environment: Mapping[str, Any], relations: tuple[str, ...], query: dict[str, str],
            embedded: str, what: str) -> list[Mapping[str, Any]]:
    href = next((h for h in (find_link(environment, r, where="the environment") for r in relations) if h), None)
    if href is None:
        raise PactBrokerResponseError(f"the environment has no {relations[0]!r} link; this Pact Broker may be too "
                                      f"old to record {what} (2.80.0 or later can)")
    params = "&".join(f"{key}={quote(value, safe='')}" for key, value in query.items())
    url = resolve(href, http.base_url)
    answer = http.json(http.get(url + ("&" if "?" in url else "?") + params), f"the {embedded} request")
    found = answer.get("_embedded")
    items = found.get(embedded) if isinstance(found, Mapping) else None
    if not isinstance(items, list):
        raise PactBrokerResponseError(f"the Pact Broker's answer has no '_embedded.{embedded}' list")
    return [item for item in items if isinstance(item, Mapping)]


def _patched_version(response_body: Any) -> str | None:
    embedded = response_body.get("_embedded") if isinstance(response_body, Mapping) else None
    version = embedded.get("version") if isinstance(embedded, Mapping) else None
    number = version.get("number") if isinstance(version, Mapping) else None
    return number if isinstance(number, str) else None


def record_undeployment(http: BrokerHttp, index: Mapping[str, Any], *, pacticipant: str, environment: str,
                        application_instance: str | None = None) -> tuple[Recorded, ...]:
    """Mark the pacticipant's currently deployed version(s) in the environment as no longer deployed."""
    resource = environment_resource(http, index, environment)
    deployed = _listed(http, resource, ("pb:currently-deployed-deployed-versions", "pb:currently-deployed-versions"),
                       {"pacticipant": pacticipant}, "deployedVersions", "undeployments")
    chosen = [item for item in deployed
              if (item.get("applicationInstance") or item.get("target") or None) == application_instance]
    if not chosen:
        if deployed:
            instances = ", ".join(str(item.get("applicationInstance") or item.get("target") or "<none>")
                                  for item in deployed)
            raise PactBrokerNothingToRecord(
                f"{pacticipant} is not deployed to {environment}"
                f"{f' as application instance {application_instance!r}' if application_instance else ''}; "
                f"give one of its application instances there with --application-instance: {instances}")
        raise PactBrokerNothingToRecord(f"{pacticipant} is not currently deployed to the {environment} environment; "
                                        "there is no deployment to record the end of")
    recorded = []
    for item in chosen:
        href = link_href(item, "self", where="a deployed version")
        response = http.request("PATCH", resolve(href, http.base_url), {"currentlyDeployed": False},
                                content_type=MERGE_PATCH)
        recorded.append(Recorded("undeployment", pacticipant, _patched_version(response.body), environment,
                                 application_instance, resolve(href, http.base_url)))
    return tuple(recorded)


def record_support_ended(http: BrokerHttp, index: Mapping[str, Any], *, pacticipant: str, version: str,
                         environment: str) -> tuple[Recorded, ...]:
    """Mark a released version as no longer supported in the environment."""
    resource = environment_resource(http, index, environment)
    released = _listed(http, resource,
                       ("pb:currently-supported-released-versions", "pb:currently-supported-versions"),
                       {"pacticipant": pacticipant, "version": version}, "releasedVersions", "the end of support")
    if not released:
        raise PactBrokerNothingToRecord(f"{pacticipant} version {version} is not currently released in the "
                                        f"{environment} environment; there is no support to end")
    recorded = []
    for item in released:
        href = link_href(item, "self", where="a released version")
        http.request("PATCH", resolve(href, http.base_url), {"currentlySupported": False}, content_type=MERGE_PATCH)
        recorded.append(Recorded("support ended", pacticipant, version, environment, None,
                                 resolve(href, http.base_url)))
    return tuple(recorded)
