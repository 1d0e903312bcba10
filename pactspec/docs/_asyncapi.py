"""The AsyncAPI side of the living docs (``pactspec docs --asyncapi FILE``): for each interaction that names an
operation, the operation, its channel, its messages' schemas as rows, and the offline check's result.

:mod:`pactspec.asyncapi` needs the ``asyncapi`` extra (jsonschema, referencing), so it is imported when
the docs are asked for it, not when the docs package is: docs without ``--asyncapi`` work without it.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any, Literal

from pactspec.docs._model import AsyncAPIDoc, AsyncAPIMessageDoc, SchemaRowDoc
from pactspec.errors import ConfigurationError
from pactspec.model import Pact

__all__ = ["AsyncAPIIndex", "asyncapi_index"]

# (pact source, index of the interaction in pact.interactions) -> what the docs show for it
AsyncAPIIndex = Mapping[tuple[str, int], AsyncAPIDoc]


def _asyncapi() -> ModuleType:
    try:
        return importlib.import_module("pactspec.asyncapi")
    except ModuleNotFoundError as exc:
        if exc.name not in ("jsonschema", "referencing"):
            raise
        raise ConfigurationError(f"docs --asyncapi needs {exc.name}; install pactspec with its asyncapi extra: "
                                 "pip install 'pactspec-messages[asyncapi]'") from exc


def _rows(rows: Sequence[Any]) -> tuple[SchemaRowDoc, ...]:
    return tuple(SchemaRowDoc(r.path, r.type, r.required, r.details) for r in rows)


def _messages(view: Any) -> tuple[AsyncAPIMessageDoc, ...]:
    roles: tuple[tuple[Literal["message", "reply"], Any], ...] = (("message", view.messages), ("reply", view.replies))
    return tuple(AsyncAPIMessageDoc(m.name, m.title, role, m.content_type, _rows(m.payload), _rows(m.headers))
                 for role, messages in roles for m in messages)


def asyncapi_index(spec: str | Path, pacts: Sequence[tuple[str, Pact]]) -> AsyncAPIIndex:
    """What the docs show for each message interaction of ``pacts`` against the document ``spec``."""
    asyncapi = _asyncapi()
    document = asyncapi.load_document(spec)
    checker = asyncapi.Checker(document)
    views: dict[str, Any] = {}
    index: dict[tuple[str, int], AsyncAPIDoc] = {}
    for source, pact in pacts:
        for check in checker.check(pact, source).interactions:
            operation = check.operation_id
            if operation is not None and operation not in views:
                views[operation] = asyncapi.operation_view(document, operation)
            view = views.get(operation) if operation is not None else None
            outcome = check.outcome
            causes = tuple(f"{c.mock_location or '[root]'}: {c.message} (document: {c.spec_location})"
                           for c in outcome.causes) or ((outcome.message,) if not check.passed else ())
            index[(source, check.index)] = AsyncAPIDoc(
                operation_id=operation or "", spec=str(spec), found=view is not None,
                action=view.action if view else "", summary=view.summary if view else "",
                channel=view.channel if view else "", address=view.address if view else "",
                messages=_messages(view) if view else (), check_passed=check.passed, check_code=outcome.code,
                check_causes=causes)
    return index
