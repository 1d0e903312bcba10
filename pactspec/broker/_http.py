"""HTTP to a Pact Broker: HAL headers, credentials, bounded retries, timeouts, errors in one sentence.

Credentials go in request headers only; nothing here logs or formats a header, and URLs are shown
without any user information, so secrets cannot reach output, ``--verbose`` logs or errors.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from pactspec.errors import (
    PactBrokerAuthError,
    PactBrokerRejected,
    PactBrokerResponseError,
    PactBrokerUnreachable,
)

from ._models import BasicAuth, TokenAuth

if TYPE_CHECKING:
    import httpx

__all__ = [
    "HAL_JSON",
    "BrokerHttp",
    "Response",
    "broker_message",
    "public_url",
]

HAL_JSON = "application/hal+json"
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
LOG = logging.getLogger("pactspec.broker")


@dataclass(frozen=True, slots=True)
class Response:
    """A broker answer: status, the URL asked (without credentials) and the decoded JSON body (or None)."""

    status: int
    url: str
    body: Any
    text: str


def public_url(url: str) -> str:
    """``url`` without user information (``https://user:secret@host`` shows as ``https://host``)."""
    parts = urlsplit(url)
    netloc = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def broker_message(body: Any, text: str = "") -> str:
    """The broker's own words from an error body: ``errors`` (object or list), ``error``, notices or text."""
    if isinstance(body, Mapping):
        errors = body.get("errors")
        if isinstance(errors, Mapping):
            parts: list[str] = []
            for key, value in errors.items():
                items = value if isinstance(value, list) else [value]
                parts.extend(f"{key}: {item}" if key not in ("base", "message") else str(item) for item in items)
            if parts:
                return "; ".join(parts)
        if isinstance(errors, list) and errors:
            return "; ".join(str(e.get("message", e)) if isinstance(e, Mapping) else str(e) for e in errors)
        error = body.get("error")
        if isinstance(error, Mapping) and error.get("message"):
            return str(error["message"])
        if isinstance(error, str) and error:
            return error
        notices = body.get("notices")
        if isinstance(notices, list):
            texts = [str(n.get("text")) for n in notices if isinstance(n, Mapping) and n.get("type") == "error"]
            if texts:
                return "; ".join(texts)
        if isinstance(body.get("message"), str):
            return str(body["message"])
    text = " ".join(text.split())
    return text[:300] if text else "no explanation in the answer"


class BrokerHttp:
    """One connection to a Pact Broker: every request times out, and 5xx/408/429 are retried with backoff."""

    def __init__(self, base_url: str, auth: BasicAuth | TokenAuth | None = None, *, timeout: float = 10.0,
                 retries: int = 3, backoff: float = 0.5,
                 transport: httpx.BaseTransport | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        import httpx  # imported when a broker is used: `import pactspec` stays fast

        self._httpx = httpx
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise PactBrokerRejected(f"the Pact Broker URL {public_url(base_url)!r} is not an http(s) URL "
                                     "such as https://broker.example.com")
        if auth is None and parts.username:  # https://user:password@broker: take them out of the URL
            auth = BasicAuth(parts.username, parts.password or "")
        self.base_url = public_url(base_url).rstrip("/") or public_url(base_url)
        self.retries = max(0, retries)
        self.backoff = backoff
        self._sleep = sleep
        headers = {"Accept": HAL_JSON}
        httpx_auth: httpx.Auth | None = None
        if isinstance(auth, TokenAuth):
            headers["Authorization"] = f"Bearer {auth.token}"
        elif isinstance(auth, BasicAuth):
            httpx_auth = httpx.BasicAuth(auth.username, auth.password)
        self._client = httpx.Client(headers=headers, auth=httpx_auth, timeout=timeout, transport=transport,
                                    follow_redirects=True, trust_env=False)

    def close(self) -> None:
        self._client.close()

    def get(self, url: str) -> Response:
        return self.request("GET", url)

    def request(self, method: str, url: str, body: Any = None, *, raw: bytes | None = None,
                accept: Callable[[int], bool] | None = None,
                content_type: str = "application/json") -> Response:
        """Send one request; answers ``accept`` does not take (default: 2xx) become PactBrokerErrors.

        ``content_type`` is the body's (the broker's PATCHes of deployed and released versions take
        ``application/merge-patch+json``).
        """
        shown = public_url(url)
        content = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        headers = {"Content-Type": content_type} if content is not None else {}
        attempt = 0
        while True:
            attempt += 1
            try:
                LOG.debug("%s %s", method, shown)
                answer = self._client.request(method, url, content=content, headers=headers)
            except self._httpx.TimeoutException as exc:
                failure = f"it did not answer {method} {shown} in time ({type(exc).__name__})"
            except self._httpx.TransportError as exc:
                failure = f"{method} {shown} failed: {_reason(exc)}"
            else:
                LOG.debug("%s %s -> HTTP %s", method, shown, answer.status_code)
                if answer.status_code not in RETRY_STATUSES or attempt > self.retries:
                    return self._checked(method, shown, answer, accept)
                failure = f"HTTP {answer.status_code}"
                self._pause(attempt, answer.headers.get("Retry-After"))
                continue
            if attempt > self.retries:
                raise PactBrokerUnreachable(f"the Pact Broker at {self.base_url} is unreachable: {failure} "
                                            f"(tried {attempt} times); check the URL and that it is running")
            self._pause(attempt, None)

    def _pause(self, attempt: int, retry_after: str | None) -> None:
        delay = self.backoff * 2 ** (attempt - 1)
        if retry_after and retry_after.isdigit():
            delay = max(delay, float(retry_after))
        self._sleep(min(delay, 10.0))

    def _checked(self, method: str, shown: str, answer: httpx.Response,
                 accept: Callable[[int], bool] | None) -> Response:
        text = answer.text
        try:
            body = answer.json() if text.strip() else None
        except ValueError:
            body = None
        response = Response(answer.status_code, shown, body, text)
        status = answer.status_code
        if (accept or (lambda s: 200 <= s < 300))(status):
            return response
        message = broker_message(body, text)
        if status in (401, 403):
            raise PactBrokerAuthError(f"the Pact Broker at {self.base_url} refused the credentials for "
                                      f"{method} {shown} (HTTP {status}); check --broker-username/--broker-"
                                      "password or --broker-token (PACT_BROKER_USERNAME, PACT_BROKER_PASSWORD, "
                                      "PACT_BROKER_TOKEN)")
        if 400 <= status < 500:
            raise PactBrokerRejected(f"the Pact Broker refused {method} {shown} (HTTP {status}): {message}")
        raise PactBrokerResponseError(f"the Pact Broker failed on {method} {shown} (HTTP {status}"
                                      f"{f', after {self.retries + 1} attempts' if status in RETRY_STATUSES and self.retries else ''}"
                                      f"): {message}")

    def json(self, response: Response, what: str) -> Mapping[str, Any]:
        """The body of an answer that must be a JSON object (a HAL resource)."""
        if not isinstance(response.body, Mapping):
            snippet = " ".join(response.text.split())[:80] or "an empty body"
            raise PactBrokerResponseError(f"the Pact Broker's answer to {what} ({response.url}) is not a JSON "
                                          f"object: {snippet!r}")
        return response.body


def _reason(exc: httpx.TransportError) -> str:
    text = str(exc) or type(exc).__name__
    # httpx names the URL in some messages; it was built without user information.
    return " ".join(text.split())
