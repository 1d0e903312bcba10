"""Pact files for the transport tests, written as a consumer's run would leave them (V4 JSON)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

USER_CREATED: dict[str, Any] = {
    "type": "Asynchronous/Messages",
    "description": "a user created event",
    "providerStates": [{"name": "User 127 exists", "params": {"id": 127}}],
    "contents": {"contentType": "application/json", "encoded": False, "content": {"id": 127, "name": "Ada"}},
    "metadata": {"contentType": "application/json", "routingKey": "user.created"},
    "matchingRules": {
        "body": {
            "$.id": {"combine": "AND", "matchers": [{"match": "integer"}]},
            "$.name": {"combine": "AND", "matchers": [{"match": "type"}]},
        }
    },
}

USER_DELETED: dict[str, Any] = {
    "type": "Asynchronous/Messages",
    "description": "a user deleted event",
    "contents": {"contentType": "application/json", "encoded": False, "content": {"id": 42}},
    "metadata": {"contentType": "application/json", "routingKey": "user.deleted"},
    "matchingRules": {"body": {"$.id": {"combine": "AND", "matchers": [{"match": "integer"}]}}},
}


def message(
    description: str, body: Any, metadata: dict[str, Any] | None = None, **extra: Any
) -> dict[str, Any]:
    """A V4 asynchronous message interaction with a JSON body."""
    return {
        "type": "Asynchronous/Messages",
        "description": description,
        "contents": {"contentType": "application/json", "encoded": False, "content": body},
        "metadata": {"contentType": "application/json", **(metadata or {})},
        **extra,
    }


def write_pact(
    folder: Path,
    interactions: list[dict[str, Any]],
    *,
    consumer: str = "user-web",
    provider: str = "user-service",
) -> Path:
    """Write a V4 pact file into ``folder`` and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{consumer}-{provider}.json"
    pact = {
        "consumer": {"name": consumer},
        "provider": {"name": provider},
        "interactions": interactions,
        "metadata": {"pactSpecification": {"version": "4.0"}},
    }
    path.write_text(json.dumps(pact, indent=2) + "\n")
    return path
