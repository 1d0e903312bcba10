"""Reading an AsyncAPI document: the file (YAML or JSON), its version, its 3.0 view and its ``$ref`` resolver.

:func:`load_document` is the one entry point. A 3.x document is its own view; a 2.x document is
normalised to the 3.0 view by :func:`pactspec.asyncapi._normalise.to_v3_view`, and the view is what
the check (and a later export/import) works on. ``$ref`` resolution is ``referencing``'s: the view is
registered under the file's URI, and other files (``common.yaml#/User``, relative to the file that
refers to them) are read on demand with the same reader, so a chain of refs across files resolves.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import yaml
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT201909

from pactspec.asyncapi._normalise import to_v3_view
from pactspec.errors import AsyncAPIError

__all__ = [
    "AsyncAPIDocument",
    "Resolved",
    "load_document",
    "pointer_text",
    "read_document_file",
]

# The schema dialect of AsyncAPI payloads and headers, and the one the comparator's validator (ajv 2019) uses.
SPECIFICATION = DRAFT201909


def read_document_file(path: str | Path) -> Any:
    """A YAML or JSON file's content; a syntax error is one sentence with the file and line."""
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise AsyncAPIError(f"cannot be read ({exc.strerror or exc}); give the path of an AsyncAPI YAML or JSON "
                            "file", source=source) from exc
    except UnicodeDecodeError as exc:
        raise AsyncAPIError(f"is not UTF-8 text (byte {exc.start})", source=source) from exc
    if source.endswith(".json"):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise AsyncAPIError(f"is not valid JSON ({exc.msg}, column {exc.colno}); fix the syntax",
                                source=source, where=str(exc.lineno)) from exc
    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = str(mark.line + 1) if mark else None
        raise AsyncAPIError(f"is not valid YAML ({exc.problem or exc.context}); fix the syntax",
                            source=source, where=line) from exc
    except yaml.YAMLError as exc:
        raise AsyncAPIError(f"is not valid YAML ({exc}); fix the syntax", source=source) from exc


def pointer_text(parts: tuple[str | int, ...] | list[str | int]) -> str:
    """``("components", "schemas", "a/b")`` as the JSON pointer ``/components/schemas/a~1b``."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts) or "/"


def _retrieve(uri: str) -> Resource[Any]:
    """Another file a ``$ref`` names, read as the document is (only local files: no network at check time)."""
    if not uri.startswith("file://"):
        raise AsyncAPIError(f"names {uri}, which is not a local file; pactspec resolves $refs to files only")
    return SPECIFICATION.create_resource(read_document_file(Path(uri.removeprefix("file://"))))


@dataclass(frozen=True, slots=True)
class Resolved:
    """What a ``$ref`` names, the URI it was found at and the resolver for the refs inside it."""

    contents: Any
    uri: str  # absolute, with the fragment: file:///…/asyncapi.yaml#/components/schemas/User
    resolver: Any  # referencing.Resolver, bound to the file the contents came from

    @property
    def base(self) -> str:
        """The URI of the file the contents came from, against which the refs inside them resolve."""
        return self.uri.split("#", 1)[0]


@dataclass(frozen=True, slots=True)
class AsyncAPIDocument:
    """An AsyncAPI document as pactspec reads it: the 3.0 view of the file, with its ``$ref`` registry."""

    source: str  # the path as given
    version: str  # the version the file declares ("3.0.0", "2.6.0")
    view: Mapping[str, Any]  # the document in its AsyncAPI 3.0 shape
    uri: str
    registry: Registry[Any]

    @property
    def operations(self) -> Mapping[str, Any]:
        operations = self.view.get("operations")
        return operations if isinstance(operations, Mapping) else {}

    def resolver(self) -> Any:
        return self.registry.resolver(base_uri=self.uri)

    def lookup(self, ref: str, resolver: Any, base: str, where: tuple[str | int, ...]) -> Resolved:
        """Follow one ``$ref`` (written at the pointer ``where``); an unresolvable one is an AsyncAPIError."""
        if not isinstance(ref, str):
            raise AsyncAPIError(f"has a $ref that is not text ({ref!r}); write a reference such as "
                                "'#/components/schemas/User'", source=self.source, where=pointer_text(where))
        try:
            found = resolver.lookup(ref)
        except AsyncAPIError:
            raise
        except Unresolvable as exc:
            cause: BaseException | None = exc
            while cause is not None and not isinstance(cause, AsyncAPIError):  # the file that cannot be read
                cause = cause.__cause__ or cause.__context__
            why = f": {cause}" if cause is not None else ""
            raise AsyncAPIError(f"has the $ref {ref!r}, which cannot be resolved{why}; point it at an existing "
                                "definition", source=self.source, where=pointer_text(where)) from exc
        return Resolved(found.contents, urljoin(base, ref), found.resolver)


def _version(raw: Any, source: str) -> str:
    if not isinstance(raw, Mapping):
        raise AsyncAPIError(f"is not an AsyncAPI document: its top level is {type(raw).__name__}, not a mapping with "
                            "'asyncapi: 3.0.0', info, channels and operations", source=source)
    version = raw.get("asyncapi")
    if not isinstance(version, str):
        raise AsyncAPIError("is not an AsyncAPI document: it has no 'asyncapi' version text at the top; write "
                            "asyncapi: 3.0.0", source=source, where="/asyncapi")
    if not version.startswith(("3.", "2.")):
        raise AsyncAPIError(f"declares AsyncAPI {version}, which pactspec cannot read; it reads 3.x documents and "
                            "2.x ones (normalised to the 3.0 view)", source=source, where="/asyncapi")
    return version


def _check_shape(view: Mapping[str, Any], source: str) -> None:
    """The parts of the view the check walks are the types AsyncAPI says; anything else is one sentence."""
    operations = view.get("operations", {})
    if not isinstance(operations, Mapping):
        raise AsyncAPIError("has 'operations' that is not a mapping of operation ids to operations",
                            source=source, where="/operations")
    for name, operation in operations.items():
        where = ("operations", str(name))
        if not isinstance(operation, Mapping):
            raise AsyncAPIError("is an operation that is not a mapping (action, channel, messages)",
                                source=source, where=pointer_text(where))
        for key, at in (("messages", where), ("messages", (*where, "reply"))):
            owner = operation if at == where else operation.get("reply")
            if isinstance(owner, Mapping) and "messages" in owner and not isinstance(owner[key], list):
                raise AsyncAPIError("has 'messages' that is not a list of message references",
                                    source=source, where=pointer_text((*at, key)))


def _check_refs(document: AsyncAPIDocument) -> None:
    """Every ``$ref`` written in the document resolves (those inside other files are followed when used), so a
    broken one is bad input at load, wherever it is, and not only when a pact happens to reach it."""
    resolver = document.resolver()
    todo: list[tuple[Any, tuple[str | int, ...]]] = [(document.view, ())]
    while todo:  # a loop, not recursion: a deep document must not reach Python's recursion limit
        node, where = todo.pop()
        if isinstance(node, Mapping):
            if "$ref" in node:
                document.lookup(node["$ref"], resolver, document.uri, (*where, "$ref"))
            todo += [(value, (*where, str(key))) for key, value in node.items() if key != "$ref"]
        elif isinstance(node, list):
            todo += [(value, (*where, index)) for index, value in enumerate(node)]


def load_document(path: str | Path) -> AsyncAPIDocument:
    """Read an AsyncAPI 3.x or 2.x document (YAML or JSON) and normalise it to the 3.0 view."""
    source = str(path)
    raw = read_document_file(path)
    version = _version(raw, source)
    view = raw if version.startswith("3.") else to_v3_view(raw, source)
    _check_shape(view, source)
    uri = Path(path).resolve().as_uri()
    registry: Registry[Any] = Registry(retrieve=_retrieve).with_resource(  # type: ignore[call-arg]
        uri, SPECIFICATION.create_resource(view))
    document = AsyncAPIDocument(source, version, view, uri, registry)
    _check_refs(document)
    return document
