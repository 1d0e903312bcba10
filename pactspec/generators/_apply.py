"""Pact generators: values that replace a contract's examples when a message is produced or verified.

One frozen class per Pact generator ``type`` (RandomInt, RandomDecimal, RandomHexadecimal,
RandomString, Regex, Uuid, Date, Time, DateTime, RandomBoolean, ProviderState, MockServerURL),
each with ``generate(context) -> value``. :func:`from_json` reads the Pact JSON form
(``{"type": "RandomInt", "min": 0, "max": 10}``) through one registry, and a generator's ``to_json``
writes it back exactly; :func:`apply_generators` applies a message's body and metadata generators.
The classes live in :mod:`pactspec.generators._types` and :mod:`pactspec.generators._context`.

The ``context`` mapping carries what generators may need:

- provider-state values (``{"id": 1000}``; also read from ``context["providerState"]``) for
  ``ProviderState`` expressions such as ``${id}`` or ``/users/${id}``;
- ``"mockServerURL"`` (or ``{"mockServer": {"href": …}}``) for ``MockServerURL``;
- optionally ``"now"`` (an aware ``datetime``) as the base of Date/Time/DateTime expressions and
  ``"random"`` (a ``random.Random``) for reproducible values.

Modes follow the reference implementation: ``ProviderState`` generators only run when
verifying a provider, ``MockServerURL`` only for consumers; the others run in both.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from pactspec.errors import RuleError
from pactspec.generators._context import MockServerURL, ProviderStateGenerator
from pactspec.generators._types import (
    Date,
    DateTime,
    Generator,
    Mode,
    RandomBoolean,
    RandomDecimal,
    RandomHexadecimal,
    RandomInt,
    RandomString,
    Regex,
    Time,
    Uuid,
)
from pactspec.model import NO_BODY, MessageContents, PactJson
from pactspec.paths import parse_path

__all__ = [
    "GENERATORS",
    "apply_generators",
    "as_generator",
    "from_json",
]

GENERATORS: dict[str, type[Any]] = {
    cls.TYPE: cls
    for cls in (RandomInt, RandomDecimal, RandomHexadecimal, RandomString, Regex, Uuid, Date, Time, DateTime,
                RandomBoolean, ProviderStateGenerator, MockServerURL)
}


def from_json(data: Any, *, path: str | None = None) -> Generator:
    """The generator for one Pact JSON object; RuleError naming ``path`` for a bad one."""
    if not isinstance(data, Mapping):
        raise RuleError(f"a generator must be a JSON object with a \"type\", got {data!r}", path=path)
    kind = data.get("type")
    cls = GENERATORS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise RuleError(
            f"generator type {kind!r} is unknown; use one of {', '.join(GENERATORS)}", path=path
        )
    generator: Generator = replace(cls.from_data(data, path), source=data)
    return generator


def as_generator(entry: Mapping[str, Any] | PactJson, *, path: str | None = None) -> Generator:
    """A model's generator entry as a generator: a parsed one as it is, Pact JSON parsed now."""
    if isinstance(entry, Generator):
        return entry
    return from_json(entry, path=path)


def apply_generators(contents: MessageContents, context: Mapping[str, Any], *, mode: Mode) -> MessageContents:
    """``contents`` with its body and metadata generators applied (a new object; the input is kept)."""
    changes: dict[str, Any] = {}
    body_generators = contents.generators_for("body")
    if body_generators and contents.body is not NO_BODY:
        body = copy.deepcopy(contents.body)
        for path, data in body_generators.items():
            generator = as_generator(data, path=f"generators.body['{path}']")
            if generator.applies_in(mode):
                body = _replace_at(body, path, functools.partial(_generate, generator, context, path))
        changes["body"] = body
    metadata_generators = contents.generators_for("metadata")
    if metadata_generators:
        metadata = copy.deepcopy(dict(contents.metadata))
        for key, data in metadata_generators.items():
            generator = as_generator(data, path=f"generators.metadata['{key}']")
            if not generator.applies_in(mode):
                continue
            if key in metadata:
                metadata[key] = _generate(generator, context, key)
            elif key.startswith("$"):
                metadata = _replace_at(metadata, key, functools.partial(_generate, generator, context, key))
        changes["metadata"] = metadata
    return replace(contents, **changes) if changes else contents


def _generate(generator: Generator, context: Mapping[str, Any], path: str) -> Any:
    try:
        return generator.generate(context)
    except RuleError as exc:
        if exc.path:
            raise
        raise RuleError(str(exc), path=path) from None


def _replace_at(document: Any, path: str, make: Callable[[], Any]) -> Any:
    """``document`` with every existing value at ``path`` replaced by a fresh ``make()``."""
    segments = parse_path(path)
    if not segments:
        return make()
    _walk_replace(document, segments, make)
    return document


def _walk_replace(node: Any, segments: tuple[Any, ...], make: Callable[[], Any]) -> None:
    head, rest = segments[0], segments[1:]
    if isinstance(head, str):
        keys: list[Any] = [head] if isinstance(node, dict) and head in node else []
    elif isinstance(head, int):
        index = head if head >= 0 else (len(node) + head if isinstance(node, list) else head)
        keys = [index] if isinstance(node, list) and 0 <= index < len(node) else []
    elif isinstance(node, list):  # a wildcard over an array
        keys = list(range(len(node)))
    elif isinstance(node, dict) and not getattr(head, "index_only", False):
        keys = list(node)
    else:
        keys = []
    for key in keys:
        if rest:
            _walk_replace(node[key], rest, make)
        else:
            node[key] = make()
