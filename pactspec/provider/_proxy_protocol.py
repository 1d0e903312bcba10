"""The Pact message-proxy protocol: paths, the metadata header, and message contents as JSON.

The protocol, as the Pact verifiers speak it:

* ``POST /_pact/message`` with ``{"description": …, "providerStates": [{"name": …, "params": {…}}]}``
  (``providerStates`` absent when there are none; a synchronous message adds ``"request"``, its V4
  request contents). The answer's body is the message, its ``Content-Type`` header the message's
  content type, and the ``Pact-Message-Metadata`` header base64(JSON) of the message metadata.
* ``POST /_pact/state`` with ``{"state": …, "params": {…}, "action": "setup" | "teardown"}``; the
  answer to a setup may be a JSON object of values for ``ProviderState`` generators.

:mod:`pactspec.provider._proxy_server` serves it (``pactspec serve``); :mod:`pactspec.provider._proxy_client` calls it
(``pactspec verify --message-url URL [--state-url URL]``).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from typing import Any

from pactspec.content import decode_body, load_json
from pactspec.model import NO_BODY, MessageContents

__all__ = ["MESSAGE_PATH", "METADATA_HEADER", "STATE_PATH", "contents_from_wire", "contents_to_wire",
           "decode_metadata", "encode_metadata", "error_text", "jsonable"]

MESSAGE_PATH = "/_pact/message"
STATE_PATH = "/_pact/state"
METADATA_HEADER = "Pact-Message-Metadata"


def contents_to_wire(contents: MessageContents) -> dict[str, Any]:
    """V4 message contents JSON (``{"contents": {"content", "contentType", "encoded"}, "metadata"}``)."""
    body: dict[str, Any] = {"contentType": contents.content_type}
    if isinstance(contents.body, (bytes, bytearray)):
        body.update(content=base64.b64encode(bytes(contents.body)).decode("ascii"), encoded="base64")
    elif contents.body is NO_BODY:
        body = {}
    else:
        body.update(content=contents.body, encoded=False)
    return {"contents": body, "metadata": dict(contents.metadata)}


def contents_from_wire(data: Any) -> MessageContents:
    """The V4 contents JSON back into contents (base64 and JSON-text encodings decoded)."""
    if not isinstance(data, Mapping):
        return MessageContents()
    body_json = data.get("contents") or {}
    metadata = data.get("metadata") or {}
    content_type = body_json.get("contentType") if isinstance(body_json, Mapping) else None
    body: Any = NO_BODY
    if isinstance(body_json, Mapping) and "content" in body_json:
        body = body_json["content"]
        if body_json.get("encoded") == "base64" and isinstance(body, str):
            body = decode_body(base64.b64decode(body), content_type)
        elif body_json.get("encoded") == "json" and isinstance(body, str):
            body = load_json(body)
    return MessageContents(body=body, content_type=content_type,
                           metadata=dict(metadata) if isinstance(metadata, Mapping) else {})


def jsonable(value: Any) -> Any:
    """``value`` as plain JSON data (what JSON cannot hold becomes its ``str``)."""
    return json.loads(json.dumps(value, default=str))




def error_text(body: bytes) -> str:
    """The reason in an error answer: its ``{"error": …}`` text, else the start of the body."""
    text = body.decode("utf-8", "replace").strip()
    try:
        data = json.loads(text)
    except ValueError:
        return text[:500] or "(empty answer)"
    if isinstance(data, Mapping) and isinstance(data.get("error"), str):
        return data["error"]
    return text[:500]


def encode_metadata(metadata: Mapping[str, Any]) -> str:
    """The ``Pact-Message-Metadata`` header value: base64 of the metadata as compact JSON."""
    encoded = json.dumps(jsonable(dict(metadata)), separators=(",", ":")).encode("utf-8")
    return base64.b64encode(encoded).decode("ascii")


def decode_metadata(header: str) -> dict[str, Any]:
    """The metadata a ``Pact-Message-Metadata`` header holds; ``ValueError``/``TypeError`` say what to send."""
    try:
        data = json.loads(base64.b64decode(header, validate=True))
    except (binascii.Error, ValueError) as exc:
        raise ValueError(f"the {METADATA_HEADER} header is not base64-encoded JSON ({exc}); "
                         "send base64(JSON object of the message metadata)") from exc
    if not isinstance(data, Mapping):
        raise TypeError(f"the {METADATA_HEADER} header must hold a JSON object, got {type(data).__name__}")
    return dict(data)
