"""The message-proxy protocol's client: verify a producer in any language over HTTP.

``pactspec verify --message-url URL [--state-url URL]`` uses :class:`ProxyBackend`; the protocol
is described in :mod:`pactspec.provider._proxy_protocol`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pactspec.content import CONTENT_TYPE_KEY, decode_body
from pactspec.errors import InputError, ProducerError, StateSetupError
from pactspec.model import (
    AsynchronousMessage,
    MessageContents,
    ProviderState,
    SynchronousMessage,
)
from pactspec.provider._proxy_protocol import (
    METADATA_HEADER,
    contents_to_wire,
    decode_metadata,
    error_text,
)
from pactspec.provider._registry import Provider
from pactspec.provider._states import set_up_state
from pactspec.usercode import DEFAULT_TIMEOUT

__all__ = ["ProxyBackend"]


@dataclass(slots=True)
class _RemoteState:
    backend: ProxyBackend
    state: ProviderState
    values: dict[str, Any]

    def teardown(self) -> None:
        self.backend._post_state(self.state, "teardown")


@dataclass(slots=True)
class ProxyBackend:
    """A verifier backend that reaches the producer over HTTP (any language).

    States go to ``state_url`` when given, else to in-process handlers of ``provider`` when it has
    them, else nowhere (the message request still names them, for servers that set up themselves).
    """

    message_url: str
    state_url: str | None = None
    provider: Provider | None = None
    timeout: float | None = DEFAULT_TIMEOUT  # for each HTTP request and in-process state handler; None: none

    def _post(self, url: str, payload: Mapping[str, Any]) -> tuple[int, bytes, Any]:
        # urllib.request (with http.client, email and ssl) loads on the first request, not with every verify
        import urllib.error
        import urllib.request

        request = urllib.request.Request(url, data=json.dumps(payload).encode("utf-8"), method="POST",
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.status, response.read(), response.headers
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read(), exc.headers
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ProducerError(f"cannot reach {url}: {reason}; is the producer's message proxy running?") from exc

    def _post_state(self, state: ProviderState, action: str) -> dict[str, Any]:
        assert self.state_url is not None
        payload = {"state": state.name, "params": dict(state.params or {}), "action": action}
        try:
            status, body, _ = self._post(self.state_url, payload)
        except ProducerError as exc:
            raise StateSetupError(f"provider state {state.name!r} ({action}): {exc}") from exc
        if not 200 <= status < 300:
            raise StateSetupError(f"the state URL answered {status} to the {action} of provider state "
                                  f"{state.name!r}: {error_text(body)}")
        if action == "setup" and body.strip():
            try:
                values = json.loads(body)
            except ValueError:
                return {}
            if isinstance(values, Mapping):
                return {str(k): v for k, v in values.items()}
        return {}

    def set_up(self, state: ProviderState) -> Any:
        if self.state_url:
            return _RemoteState(self, state, self._post_state(state, "setup"))
        if self.provider is not None:
            handler = self.provider.find_state(state.name)
            if handler is None:
                # States were given to the --app handlers: a missing one is not set up anywhere.
                raise StateSetupError(
                    f"no handler for provider state {state.name!r} in the app; add "
                    f"@provider_state({state.name!r}), or give --state-url so the producer's side sets it up")
            return set_up_state(handler, state, timeout=self.timeout)
        return None

    def produce(self, interaction: AsynchronousMessage | SynchronousMessage,
                request: MessageContents | None, context: Mapping[str, Any]) -> list[MessageContents]:
        payload: dict[str, Any] = {"description": interaction.description}
        if interaction.provider_states:
            payload["providerStates"] = [{"name": s.name, "params": dict(s.params or {})}
                                         for s in interaction.provider_states]
        if request is not None:
            payload["request"] = contents_to_wire(request)
        status, raw, headers = self._post(self.message_url, payload)
        if status != 200:
            raise ProducerError(f"the message proxy at {self.message_url} answered {status} for "
                                f"{interaction.description!r}: {error_text(raw)}")
        content_type = headers.get("Content-Type")
        metadata: dict[str, Any] = {CONTENT_TYPE_KEY: content_type} if content_type else {}
        header = headers.get(METADATA_HEADER)
        if header:
            try:
                metadata.update(decode_metadata(header))
            except (ValueError, TypeError) as exc:
                raise ProducerError(str(exc)) from exc
        try:
            body = decode_body(raw, content_type)
        except InputError as exc:
            raise ProducerError(f"the message from {self.message_url}: {exc}") from exc
        return [MessageContents(body=body, content_type=content_type, metadata=metadata)]
