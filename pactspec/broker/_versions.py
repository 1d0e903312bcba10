"""Pacticipant versions: create or update one (its branch), tag one, describe one.

Paths come from the index (``pb:pacticipant-version``, ``pb:latest-version``,
``pb:latest-tagged-version``); a tag uses ``pb:pacticipant-version-tag`` when the index has it, else
the broker's documented ``/pacticipants/{pacticipant}/versions/{version}/tags/{tag}`` (the official
client's path, which the index of older brokers does not name).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pactspec.errors import InputError, PactBrokerRejected

from ._hal import expand, find_link, link_href, resolve
from ._http import BrokerHttp

__all__ = [
    "VersionInfo",
    "create_or_update_version",
    "create_version_tag",
    "describe_version",
]

TAG_PATH = "/pacticipants/{pacticipant}/versions/{version}/tags/{tag}"


@dataclass(frozen=True, slots=True)
class VersionInfo:
    """A pacticipant version as the broker describes it."""

    pacticipant: str
    number: str
    branches: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    build_url: str | None = None
    url: str | None = None

    @classmethod
    def from_json(cls, pacticipant: str, data: Mapping[str, Any], *, number: str | None,
                  base_url: str) -> VersionInfo:
        embedded = data.get("_embedded") if isinstance(data.get("_embedded"), Mapping) else {}

        def names(key: str) -> tuple[str, ...]:
            items = embedded.get(key) if isinstance(embedded, Mapping) else None
            return tuple(str(i["name"]) for i in items or () if isinstance(i, Mapping) and isinstance(i.get("name"), str))

        found = data.get("number")
        url = find_link(data, "self", where=f"the version of {pacticipant}")
        return cls(pacticipant, found if isinstance(found, str) else number or "?",
                   names("branchVersions") or names("branches"), names("tags"),
                   data.get("buildUrl") if isinstance(data.get("buildUrl"), str) else None,
                   resolve(url, base_url) if url else None)


def create_or_update_version(http: BrokerHttp, index: Mapping[str, Any], *, pacticipant: str, version: str,
                             branch: str | None = None, build_url: str | None = None) -> VersionInfo:
    """PUT the version (doc/index_pacticipant-version) with its branch and build URL when given."""
    if not pacticipant or not version:
        raise InputError("create-or-update-version needs --pacticipant and --version")
    template = link_href(index, "pb:pacticipant-version", where="the Pact Broker's index")
    url = resolve(expand(template, {"pacticipant": pacticipant, "version": version}), http.base_url)
    body = {key: value for key, value in (("branch", branch), ("buildUrl", build_url)) if value}
    response = http.request("PUT", url, body)
    data = response.body if isinstance(response.body, Mapping) else {}
    return VersionInfo.from_json(pacticipant, data, number=version, base_url=http.base_url)


def create_version_tag(http: BrokerHttp, index: Mapping[str, Any], *, pacticipant: str, version: str,
                       tag: str) -> str:
    """PUT ``{}`` to the version's tag (the broker creates the version if needed); returns the tag's URL."""
    if not tag:
        raise InputError("create-version-tag needs --tag")
    template = find_link(index, "pb:pacticipant-version-tag", where="the Pact Broker's index") or TAG_PATH
    url = resolve(expand(template, {"pacticipant": pacticipant, "version": version, "tag": tag}), http.base_url)
    response = http.request("PUT", url, {})
    href = find_link(response.body, "self", where="the new tag") if isinstance(response.body, Mapping) else None
    return resolve(href, http.base_url) if href else url


def describe_version(http: BrokerHttp, index: Mapping[str, Any], *, pacticipant: str, version: str | None = None,
                     latest: bool | str = False) -> VersionInfo:
    """A version by number, or the latest one (``latest="prod"``: the latest with that tag)."""
    if version and latest:
        raise InputError("describe-version takes --version or --latest, not both")
    if version:
        template = link_href(index, "pb:pacticipant-version", where="the Pact Broker's index")
        values = {"pacticipant": pacticipant, "version": version}
    elif isinstance(latest, str) and latest:
        template = link_href(index, "pb:latest-tagged-version", where="the Pact Broker's index")
        values = {"pacticipant": pacticipant, "tag": latest}
    else:
        template = link_href(index, "pb:latest-version", where="the Pact Broker's index")
        values = {"pacticipant": pacticipant}
    url = resolve(expand(template, values), http.base_url)
    response = http.request("GET", url, accept=lambda s: 200 <= s < 300 or s == 404)
    if response.status == 404:
        which = f"version {version}" if version else (f"version tagged {latest!r}" if isinstance(latest, str)
                                                      and latest else "version")
        raise PactBrokerRejected(f"the Pact Broker has no {which} of {pacticipant}")
    return VersionInfo.from_json(pacticipant, http.json(response, f"the version of {pacticipant}"),
                                 number=version, base_url=http.base_url)
