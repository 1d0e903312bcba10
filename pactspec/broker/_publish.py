"""Publish pact files: ``pb:publish-contracts`` when the broker has it, else the older PUT per pact."""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pactspec.errors import PactBrokerConflict, PactBrokerResponseError, PactFileError

from ._hal import expand, find_link, resolve
from ._http import BrokerHttp, Response, broker_message
from ._models import Notice, PublishResult

__all__ = [
    "PactToPublish",
    "pact_files_in",
    "publish_pacts",
    "read_pact_file",
]


@dataclass(frozen=True, slots=True)
class PactToPublish:
    """A pact file's bytes as they are on disk, with the names read from them."""

    path: str
    content: bytes
    consumer: str
    provider: str


def pact_files_in(paths: Sequence[str | Path]) -> list[Path]:
    """The pact files given: files as they are, folders as their ``*.json`` files (sorted)."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            inside = sorted(path.glob("*.json"))
            if not inside:
                raise PactFileError("the folder holds no pact files (*.json)", source=str(path))
            found.extend(inside)
        else:
            found.append(path)
    return found


def read_pact_file(path: str | Path) -> PactToPublish:
    """Read a pact file for publishing; the bytes are kept exactly, the names are checked."""
    source = str(path)
    try:
        content = Path(path).read_bytes()
    except OSError as exc:
        raise PactFileError(f"cannot read the pact file: {exc.strerror or exc}", source=source) from exc
    try:
        data = json.loads(content)
    except (ValueError, UnicodeDecodeError) as exc:
        raise PactFileError(f"not JSON, so not a pact file: {exc}", source=source) from exc
    names = []
    for role in ("consumer", "provider"):
        party = data.get(role) if isinstance(data, Mapping) else None
        name = party.get("name") if isinstance(party, Mapping) else None
        if not isinstance(name, str) or not name:
            raise PactFileError(f"the pact names no {role} ({{\"{role}\": {{\"name\": …}}}})", source=source)
        names.append(name)
    return PactToPublish(source, content, names[0], names[1])


def publish_pacts(http: BrokerHttp, index: Mapping[str, Any], pacts: Sequence[PactToPublish], *,
                  version: str, branch: str | None, tags: Sequence[str], build_url: str | None,
                  merge: bool) -> PublishResult:
    """Publish every pact for consumer version ``version``; one request per consumer (the broker's rule)."""
    href = find_link(index, "pb:publish-contracts", where="the Pact Broker's index")
    by_consumer: dict[str, list[PactToPublish]] = {}
    for pact in pacts:
        by_consumer.setdefault(pact.consumer, []).append(pact)
    notices: list[Notice] = []
    urls: list[str] = []
    version_url = None
    for consumer, group in by_consumer.items():
        if href is not None:
            result = _publish_contracts(http, resolve(href, http.base_url), consumer, group, version=version,
                                        branch=branch, tags=tags, build_url=build_url, merge=merge)
        else:
            result = _publish_the_old_way(http, index, consumer, group, version=version, branch=branch,
                                          tags=tags, build_url=build_url, merge=merge)
        notices.extend(result.notices)
        urls.extend(result.contract_urls)
        version_url = version_url or result.version_url
    return PublishResult(tuple(notices), tuple(urls), version_url)


def _publish_contracts(http: BrokerHttp, url: str, consumer: str, pacts: Sequence[PactToPublish], *,
                       version: str, branch: str | None, tags: Sequence[str], build_url: str | None,
                       merge: bool) -> PublishResult:
    body: dict[str, Any] = {"pacticipantName": consumer, "pacticipantVersionNumber": version}
    if branch:
        body["branch"] = branch
    if tags:
        body["tags"] = list(tags)
    if build_url:
        body["buildUrl"] = build_url
    contracts = []
    for pact in pacts:
        contract = {
            "consumerName": pact.consumer,
            "providerName": pact.provider,
            "specification": "pact",
            "contentType": "application/json",
            "content": base64.b64encode(pact.content).decode("ascii"),
        }
        if merge:
            contract["onConflict"] = "merge"
        contracts.append(contract)
    body["contracts"] = contracts
    response = http.request("POST", url, body, accept=lambda s: 200 <= s < 300 or s == 409)
    answer = http.json(response, "the publication")
    notices = _notices(answer)
    if response.status == 409:
        errors = [n.text for n in notices if n.type in ("error", "danger")]
        raise PactBrokerConflict(
            f"the Pact Broker refused to change a published pact (HTTP 409): "
            f"{errors[0] if errors else broker_message(answer, response.text)}", notices)
    links = answer.get("_links") if isinstance(answer.get("_links"), Mapping) else {}
    contract_links = links.get("pb:contracts") if isinstance(links, Mapping) else None
    urls = tuple(str(link["href"]) for link in contract_links or ()
                 if isinstance(link, Mapping) and isinstance(link.get("href"), str))
    return PublishResult(notices, urls, find_link(answer, "pb:pacticipant-version", where="the publication's answer"))


def _notices(answer: Mapping[str, Any]) -> tuple[Notice, ...]:
    """``notices`` of brokers from 2.86, or ``logs`` (``level``/``message``) of the releases before."""
    found: list[Notice] = []
    notices = answer.get("notices")
    logs = answer.get("logs")
    if isinstance(notices, list):
        for item in notices:
            if not isinstance(item, Mapping) or not isinstance(item.get("text"), str):
                raise PactBrokerResponseError(f"the publication's answer has a notice without text: {item!r}")
            found.append(Notice(item["text"], type=str(item.get("type") or "info")))
    elif isinstance(logs, list):
        for item in logs:
            if not isinstance(item, Mapping) or not isinstance(item.get("message"), str):
                raise PactBrokerResponseError(f"the publication's answer has a log line without a message: {item!r}")
            found.append(Notice(item["message"], type=str(item.get("level") or "info")))
    return tuple(found)


def _publish_the_old_way(http: BrokerHttp, index: Mapping[str, Any], consumer: str,
                         pacts: Sequence[PactToPublish], *, version: str, branch: str | None,
                         tags: Sequence[str], build_url: str | None, merge: bool) -> PublishResult:
    """Brokers before 2.86: the version (branch, build URL), its tags, then each pact by PUT (PATCH merges).

    The paths are the broker's documented resource paths (doc/index_pacticipant-version,
    /pacticipants/{p}/versions/{v}/tags/{t}, /pacts/provider/{p}/consumer/{c}/version/{v}): an index
    without ``pb:publish-contracts`` gives no relation for the last two; ``pb:pacticipant-version`` is
    used when it is there.
    """
    values = {"pacticipant": consumer, "version": version}
    notices: list[Notice] = []
    if branch or build_url:
        body = {key: value for key, value in (("branch", branch), ("buildUrl", build_url)) if value}
        template = (find_link(index, "pb:pacticipant-version", where="the Pact Broker's index")
                    or "/pacticipants/{pacticipant}/versions/{version}")
        http.request("PUT", resolve(expand(template, values), http.base_url), body)
    for tag in tags:
        http.request("PUT", resolve(expand("/pacticipants/{pacticipant}/versions/{version}/tags/{tag}",
                                           {**values, "tag": tag}), http.base_url), {})
        notices.append(Notice(f"Tagged {consumer} version {version} with {tag!r}", type="info"))
    urls = []
    for pact in pacts:
        url = resolve(expand("/pacts/provider/{provider}/consumer/{consumer}/version/{version}",
                             {"provider": pact.provider, "consumer": consumer, "version": version}), http.base_url)
        response: Response = http.request("PATCH" if merge else "PUT", url, raw=pact.content,
                                          accept=lambda s: 200 <= s < 300 or s == 409)
        if response.status == 409:
            raise PactBrokerConflict("the Pact Broker refused to change a published pact (HTTP 409): "
                                     f"{broker_message(response.body, response.text)}")
        urls.append(response.url)
        notices.append(Notice(f"Published the pact for {consumer} version {version} and provider "
                              f"{pact.provider} ({'merged' if merge else 'HTTP ' + str(response.status)})",
                              type="info"))
    return PublishResult(tuple(notices), tuple(urls), None)
