"""HAL as the Pact Broker speaks it: find a relation, expand its template, resolve its href."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from pactspec.errors import PactBrokerResponseError

__all__ = [
    "expand",
    "find_link",
    "link_href",
    "resolve",
]

_TEMPLATE = re.compile(r"\{([^{}]+)\}")


def find_link(document: Any, relation: str, *, where: str) -> str | None:
    """The href of ``relation`` in a HAL document's ``_links``, or None when the relation is absent.

    A relation that is a list (``pb:contracts``) gives its first href. A ``_links`` that is not an
    object, or a link without a string href, is a malformed answer.
    """
    if not isinstance(document, Mapping):
        raise PactBrokerResponseError(f"{where} is not a JSON object (got {_short(document)})")
    links = document.get("_links", {})
    if not isinstance(links, Mapping):
        raise PactBrokerResponseError(f"{where}: '_links' is not a JSON object (got {_short(links)})")
    link = links.get(relation)
    if link is None:
        return None
    if isinstance(link, list):
        if not link:
            return None
        link = link[0]
    href = link.get("href") if isinstance(link, Mapping) else None
    if not isinstance(href, str) or not href:
        raise PactBrokerResponseError(f"{where}: the {relation!r} link has no href (got {_short(link)})")
    return href


def link_href(document: Any, relation: str, *, where: str) -> str:
    """Like :func:`find_link`, but a missing relation is an error that names it."""
    href = find_link(document, relation, where=where)
    if href is None:
        raise PactBrokerResponseError(f"{where} has no {relation!r} link; this Pact Broker may be too old "
                                      "for the request, or the URL is not a Pact Broker's")
    return href


def expand(href: str, values: Mapping[str, str]) -> str:
    """Fill a templated href's ``{name}`` parts with URL-encoded values; every part must be given."""

    def fill(found: re.Match[str]) -> str:
        name = found.group(1)
        if name not in values:
            raise PactBrokerResponseError(f"the templated link {href!r} needs {{{name}}}, which pactspec "
                                          f"does not know (it knows {', '.join(sorted(values)) or 'nothing'})")
        return quote(values[name], safe="")

    return _TEMPLATE.sub(fill, href)


def resolve(href: str, base_url: str) -> str:
    """The URL to call for ``href``, always on the configured broker's scheme and host.

    Brokers behind proxies often write hrefs with their internal host: an absolute href keeps its
    path and query and moves onto ``base_url``; a path that lacks the base URL's own path prefix
    (``https://ci/broker``) gets it. Relative hrefs are joined onto the base URL.
    """
    base = urlsplit(base_url)
    prefix = base.path.rstrip("/")
    parts = urlsplit(href)
    if parts.scheme or href.startswith("/"):
        path = parts.path or "/"
        if prefix and not (path == prefix or path.startswith(prefix + "/")):
            path = prefix + path
        return urlunsplit((base.scheme, base.netloc, path, parts.query, ""))
    return urljoin(urlunsplit((base.scheme, base.netloc, prefix + "/", "", "")), href)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
