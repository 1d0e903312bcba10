"""AsyncAPI: read a provider's document (3.x, or 2.x normalised to the 3.0 view) and check message pacts
against it offline, with the semantics, result codes and locations of PactFlow's comparator.

Needs the ``asyncapi`` extra (``pip install 'pactspec-messages[asyncapi]'``: jsonschema, referencing).
:func:`check_pacts` is the whole check; the pieces are public for tools built on the same view
(:func:`export_pacts` derives a provider's document from its consumers' pacts; :func:`import_messages`,
:func:`contract_yaml` and :func:`feature_text` write consumer contracts from a document): :func:`load_document`, :func:`to_v3_view`,
:func:`inline_refs`, :func:`consumer_schema` and :func:`schema_violations`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pactspec.asyncapi._check import (
    Checker,
    CheckResult,
    InteractionCheck,
    PactCheck,
    ResultType,
    operation_reference,
)
from pactspec.asyncapi._document import (
    AsyncAPIDocument,
    Resolved,
    load_document,
    pointer_text,
    read_document_file,
)
from pactspec.asyncapi._export import (
    CHANNEL_KEYS,
    derived_name,
    export_document,
    merge_schemas,
    payload_schema,
    unreferenced,
)
from pactspec.asyncapi._import import (
    HANDLER_PLACEHOLDER,
    ImportedMessage,
    contract_yaml,
    example_for,
    feature_text,
    import_messages,
    matcher_word,
)
from pactspec.asyncapi._normalise import to_v3_view
from pactspec.asyncapi._report import format_checks, to_verification_result
from pactspec.asyncapi._schema import (
    SchemaViolation,
    compile_validator,
    consumer_schema,
    inline_refs,
    schema_violations,
)
from pactspec.asyncapi._view import MessageView, OperationView, SchemaRow, operation_view, schema_rows
from pactspec.pactfile import load_pacts

__all__ = [
    "CHANNEL_KEYS",
    "HANDLER_PLACEHOLDER",
    "AsyncAPIDocument",
    "CheckResult",
    "Checker",
    "ImportedMessage",
    "InteractionCheck",
    "MessageView",
    "OperationView",
    "PactCheck",
    "Resolved",
    "ResultType",
    "SchemaRow",
    "SchemaViolation",
    "check_pacts",
    "compile_validator",
    "consumer_schema",
    "contract_yaml",
    "derived_name",
    "example_for",
    "export_document",
    "export_pacts",
    "feature_text",
    "format_checks",
    "import_messages",
    "inline_refs",
    "load_document",
    "matcher_word",
    "merge_schemas",
    "operation_reference",
    "operation_view",
    "payload_schema",
    "pointer_text",
    "read_document_file",
    "schema_rows",
    "schema_violations",
    "to_v3_view",
    "to_verification_result",
    "unreferenced",
]


def check_pacts(pacts: Sequence[str | Path], spec: str | Path, *, allow_empty: bool = False) -> list[PactCheck]:
    """Check the pact files (or folders, or URLs) against the AsyncAPI document ``spec``.

    The document is read first, so a broken one is reported before any pact; finding no pact file is an
    :class:`~pactspec.errors.InputError` unless ``allow_empty``.
    """
    checker = Checker(load_document(spec))
    return [checker.check(pact, source) for source, pact in load_pacts(pacts, allow_empty=allow_empty)]


def export_pacts(pacts: Sequence[str | Path], provider: str, *, allow_empty: bool = False) -> dict[str, Any]:
    """The AsyncAPI 3.0 document (as data) that ``provider``'s consumers need, from pact files, folders or URLs."""
    return export_document([pact for _, pact in load_pacts(pacts, allow_empty=allow_empty)], provider)
