"""What the brokers whose headers are text (Redis, NATS, MQTT, STOMP) share: metadata values as text and back,
the capture queue their callbacks fill, and the handle of a stub answering requests (request/reply).

A contract's metadata value that is not text (a number, a list) travels as JSON text; what comes
back is text (UTF-8), or bytes when it does not decode. Write such values in contracts as text, or
match them by type.
"""

from __future__ import annotations

import json
import queue
from collections.abc import Callable, Mapping
from typing import Any, Self, TypeVar
from urllib.parse import unquote, urlsplit

from pactspec.content import CONTENT_TYPE_KEY, declared_content_type, is_content_type_key

__all__ = ["Responder", "as_text", "drain", "from_bytes", "metadata_headers", "path_name", "with_content_type"]

_T = TypeVar("_T")


def as_text(value: Any) -> str:
    """A metadata value as header text: text as it is, bytes as UTF-8, anything else as JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", errors="replace")
    return json.dumps(value, separators=(",", ":"))


def drain(arrived: queue.Queue[_T], seconds: float) -> list[_T]:
    """What a client's callbacks put in ``arrived``: the first within ``seconds``, then all already there."""
    try:
        batch = [arrived.get(timeout=seconds)]
    except queue.Empty:
        return []
    while not arrived.empty():
        batch.append(arrived.get_nowait())
    return batch


def from_bytes(value: bytes | str) -> str | bytes:
    """A received header or field value: text when it is UTF-8, else the bytes."""
    if isinstance(value, str):
        return value
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value


def path_name(url: str) -> str | None:
    """The destination a URL's path names (``/users``, ``/sensors/room-1``): ``None`` when it has none."""
    path = unquote(urlsplit(url).path).strip("/")
    return path or None


def with_content_type(metadata: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """Received metadata with its content type under ``contentType`` (whatever case it came in), and that type."""
    content_type = declared_content_type(metadata)
    if content_type is not None:
        metadata = {k: v for k, v in metadata.items() if not is_content_type_key(k)}
        metadata[CONTENT_TYPE_KEY] = content_type
    return metadata, content_type


def metadata_headers(metadata: Mapping[str, Any], skip: tuple[str, ...]) -> dict[str, str]:
    """The metadata that travels as text headers: every key but the broker's own (``skip``)."""
    return {key: as_text(value) for key, value in metadata.items() if key not in skip}


class Responder:
    """Requests being answered on a transport until :meth:`close` (or the end of a ``with`` block)."""

    def __init__(self, where: str, stop: Callable[[], None]) -> None:
        self.where = where
        self._stop = stop
        self._closed = False

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._stop()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
