"""AsyncAPI 2.x documents in the 3.0 shape the check reads (the "3.0 view").

In 2.x an operation sits in its channel under ``publish`` or ``subscribe``, named by
``operationId``, with one ``message`` or ``message: {oneOf: [...]}``. The view moves each into
``operations[operationId]`` as 3.0 writes it: ``subscribe`` (others subscribe, so the application
sends) becomes ``action: send``, ``publish`` becomes ``action: receive``; the channel keeps its
name as ``address`` and lists the operation's messages under ``messages``, and the operation
refers to them there. A message that was a ``$ref`` stays one (``#/components/messages/X``), so
its location in the check's results is the same in both versions; an inline 2.x message gets a
place in the view (``[root].channels.<channel>.messages.<operationId>``), which the results name.
``components`` and ``info`` are kept as they are. Bindings, servers and traits are not part of
what the check reads and are left out. An operation without an ``operationId`` is named
``<publish|subscribe>:<channel>``, so a contract can still refer to it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pactspec.errors import AsyncAPIError

__all__ = [
    "to_v3_view",
]

# 2.x verb -> 3.0 action, from the application's side (2.x "subscribe" = "you can subscribe to what we send")
_ACTIONS = {"subscribe": "send", "publish": "receive"}


def _escape(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")


def _messages(operation: Mapping[str, Any]) -> list[Any]:
    message = operation.get("message")
    if message is None:
        return []
    if isinstance(message, Mapping) and isinstance(message.get("oneOf"), list):
        return list(message["oneOf"])
    return [message]


def _message_name(message: Any, operation_id: str, index: int, count: int) -> str:
    if isinstance(message, Mapping) and isinstance(message.get("$ref"), str):
        return message["$ref"].rsplit("/", 1)[-1]
    for key in ("messageId", "name"):
        if isinstance(message, Mapping) and isinstance(message.get(key), str):
            return str(message[key])
    return operation_id if count == 1 else f"{operation_id}.{index}"


def to_v3_view(document: Mapping[str, Any], source: str) -> dict[str, Any]:
    """The 3.0 view of a 2.x document (see the module docstring for what moves where)."""
    raw_channels = document.get("channels") or {}
    if not isinstance(raw_channels, Mapping):
        raise AsyncAPIError("has 'channels' that is not a mapping of channel names to channels",
                            source=source, where="/channels")
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    for name, channel in raw_channels.items():
        if not isinstance(channel, Mapping):
            raise AsyncAPIError("is a channel that is not a mapping (publish, subscribe, parameters)",
                                source=source, where=f"/channels/{_escape(str(name))}")
        listed: dict[str, Any] = {}
        for verb, action in _ACTIONS.items():
            operation = channel.get(verb)
            if operation is None:
                continue
            if not isinstance(operation, Mapping):
                raise AsyncAPIError(f"is a {verb} operation that is not a mapping (operationId, message)",
                                    source=source, where=f"/channels/{_escape(str(name))}/{verb}")
            operation_id = str(operation.get("operationId") or f"{verb}:{name}")
            messages = _messages(operation)
            refs = []
            for index, message in enumerate(messages):
                key = _message_name(message, operation_id, index, len(messages))
                listed[key] = message
                refs.append({"$ref": f"#/channels/{_escape(str(name))}/messages/{_escape(key)}"})
            operations[operation_id] = {
                "action": action,
                "channel": {"$ref": f"#/channels/{_escape(str(name))}"},
                "messages": refs,
                **{k: operation[k] for k in ("summary", "description") if k in operation},
            }
        channels[str(name)] = {"address": str(name), "messages": listed}
    view: dict[str, Any] = {"asyncapi": "3.0.0", "info": document.get("info", {}), "channels": channels,
                            "operations": operations}
    if "components" in document:
        view["components"] = document["components"]
    return view
