"""Environments (doc/index_environments, doc/index_environment): list, create, find one by name."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pactspec.errors import InputError, PactBrokerRejected, PactBrokerResponseError

from ._hal import link_href, resolve
from ._http import BrokerHttp

__all__ = [
    "Environment",
    "check_environment_name",
    "create_environment",
    "environment_names",
    "environment_resource",
    "environments_answer",
    "list_environments",
]


@dataclass(frozen=True, slots=True)
class Environment:
    """An environment the broker knows: ``production`` marks a production one."""

    name: str
    uuid: str | None = None
    display_name: str | None = None
    production: bool = False
    url: str | None = None

    @classmethod
    def from_json(cls, data: Any, where: str, base_url: str) -> Environment:
        if not isinstance(data, Mapping) or not isinstance(data.get("name"), str):
            raise PactBrokerResponseError(f"{where} is not an environment (no 'name')")
        links = data.get("_links")
        self_link = links.get("self") if isinstance(links, Mapping) else None
        href = self_link.get("href") if isinstance(self_link, Mapping) else None
        return cls(name=data["name"], uuid=data.get("uuid") if isinstance(data.get("uuid"), str) else None,
                   display_name=data.get("displayName") if isinstance(data.get("displayName"), str) else None,
                   production=data.get("production") is True,
                   url=resolve(href, base_url) if isinstance(href, str) else None)


def _environments_url(http: BrokerHttp, index: Mapping[str, Any]) -> str:
    return resolve(link_href(index, "pb:environments", where="the Pact Broker's index"), http.base_url)


def list_environments(http: BrokerHttp, index: Mapping[str, Any]) -> tuple[Environment, ...]:
    """The environments of ``pb:environments`` (``_embedded.environments``)."""
    answer = http.json(http.get(_environments_url(http, index)), "the environments request")
    embedded = answer.get("_embedded")
    items = embedded.get("environments") if isinstance(embedded, Mapping) else None
    if not isinstance(items, list):
        raise PactBrokerResponseError("the Pact Broker's environments have no '_embedded.environments' list")
    return tuple(Environment.from_json(item, f"environment {n + 1}", http.base_url) for n, item in enumerate(items))


def check_environment_name(name: str) -> None:
    """The broker's rule (doc/index_environments): a name is not empty and holds no spaces."""
    if not name or any(c.isspace() for c in name):
        raise InputError(f"an environment name cannot be empty or hold spaces (got {name!r}); "
                         "use --display-name for a longer name")


def create_environment(http: BrokerHttp, index: Mapping[str, Any], *, name: str, display_name: str | None,
                       production: bool) -> Environment:
    """POST a new environment to ``pb:environments``; the broker answers with it (and its uuid)."""
    check_environment_name(name)
    body: dict[str, Any] = {"name": name}
    if display_name:
        body["displayName"] = display_name
    body["production"] = production
    answer = http.json(http.request("POST", _environments_url(http, index), body), "the new environment")
    return Environment.from_json(answer, "the new environment", http.base_url)


def environments_answer(http: BrokerHttp, index: Mapping[str, Any]) -> Mapping[str, Any]:
    """The environments list resource as the broker answers it."""
    return http.json(http.get(_environments_url(http, index)), "the environments request")


def _named_links(answer: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    links = answer.get("_links")
    named = links.get("pb:environments") if isinstance(links, Mapping) else None
    named = named if isinstance(named, list) else [named] if isinstance(named, Mapping) else []
    return [link for link in named if isinstance(link, Mapping) and link.get("name")]


def environment_names(answer: Mapping[str, Any]) -> list[str]:
    """The names of the ``pb:environments`` links of the environments list."""
    return [str(link["name"]) for link in _named_links(answer)]


def environment_resource(http: BrokerHttp, index: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    """The environment named ``name``, found among the named ``pb:environments`` links of the list."""
    answer = environments_answer(http, index)
    for link in _named_links(answer):
        if link["name"] == name and isinstance(link.get("href"), str):
            return http.json(http.get(resolve(link["href"], http.base_url)), f"the environment {name!r}")
    raise PactBrokerRejected(f"no environment named {name!r} on the Pact Broker (it has "
                             f"{', '.join(environment_names(answer)) or 'none'}); create it with "
                             f"`pactspec broker create-environment --name {name}`")
