"""Pact JSON <-> model: whole pacts and their interactions, V3 message pacts and V4 pacts.

V3: ``messages[]`` (``providerStates`` or the legacy ``providerState`` string, ``metadata`` or
``metaData``); any V3 ``interactions[]`` (HTTP) are kept as :class:`RawInteraction`.
V4: ``interactions[]`` of type ``Asynchronous/Messages`` and ``Synchronous/Messages``; HTTP and
other interactions are kept as :class:`RawInteraction` and written back untouched.
Output is deterministic: keys sorted, two-space indentation, one trailing newline.

Reading then writing keeps a file's meaning; these spellings are normalised on the way:
- V3 ``metaData`` is written ``metadata`` (as pact-reference writes it); ``providerState`` strings
  become ``providerStates`` lists; V1/V2 files are written as V3 (``3.0.0``).
- Matching rules: V2 flat paths become categories, ``combine`` is added (``AND``), the V4
  category ``content``/``contents`` is written ``body``; generators likewise.
- V4 bodies: ``encoded: "json"`` and base64-encoded text or JSON are written plain
  (``encoded: false``); ``contentTypeHint`` is dropped; ``pending: false`` is written explicitly.
- A V3 string body declared as JSON that is itself JSON object or string text reads as that JSON
  value (as pact-reference reads it).
- ``metadata.pactspec.version`` is set to the writing pactspec's version.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import sys
from collections.abc import Iterator, Mapping
from typing import Any

from pactspec._version import __version__
from pactspec.content import (
    MAX_DEPTH,
    finite_float,
    indented_json,
    json_depth,
    json_error,
    not_json,
    reject_constant,
)
from pactspec.errors import PactFileError, PactWriteError
from pactspec.model import (
    AsynchronousMessage,
    Interaction,
    MessageContents,
    Pact,
    ProviderState,
    RawInteraction,
    SpecVersion,
    SynchronousMessage,
)
from pactspec.pactfile._parts import contents_from_json, contents_to_json
from pactspec.pactfile._where import Where, expect_object, expect_text, type_name

__all__ = [
    "detect_spec_version",
    "dumps_pact",
    "identity",
    "interaction_from_json",
    "interaction_key",
    "interaction_to_json",
    "loads_pact",
    "pact_to_json",
    "parse_pact",
]

ASYNC = "Asynchronous/Messages"
SYNC = "Synchronous/Messages"
_PART_KEYS = {"contents", "metadata", "metaData", "matchingRules", "generators"}
_V3_KEYS = {"description", "providerStates", "providerState", "provider_state"} | _PART_KEYS
_V4_KEYS = {"type", "description", "key", "pending", "comments", "providerStates"} | _PART_KEYS
_SYNC_KEYS = {"type", "description", "key", "pending", "comments", "providerStates", "request", "response"}


# The levels a pact file puts around a message body: the file, "interactions", the interaction,
# "request"/"contents", "content" and a spare.
_ENVELOPE = 6


def loads_pact(text: str, *, source: str) -> Pact:
    """Parse pact-file text; ``source`` names it in errors (a path or URL)."""
    depth = json_depth(text)
    if depth > MAX_DEPTH + _ENVELOPE:
        raise PactFileError(f"nests arrays or objects too deeply to read ({depth:,} levels, past the limit of "
                            f"{MAX_DEPTH} for a message); no pact needs that depth: check what wrote this file",
                            source=source)
    with _collection_paused():  # one pause for the JSON and the model built from it
        try:
            data = json.loads(text, parse_constant=reject_constant, parse_float=finite_float)
        except json.JSONDecodeError as exc:
            raise PactFileError(
                f"is not valid JSON ({json_error(exc)}); "
                "a pact file is one JSON object",
                source=f"{source}:{exc.lineno}",
            ) from exc
        except RecursionError as exc:
            raise PactFileError(
                "nests arrays or objects too deeply to read (more levels than the JSON reader's limit of "
                f"about {sys.getrecursionlimit()}); no pact needs that depth: check what wrote this file",
                source=source,
            ) from exc
        except ValueError as exc:
            raise PactFileError(f"is not valid JSON ({exc}); a pact file is one JSON object", source=source) from exc
        return parse_pact(data, source=source)


@contextlib.contextmanager
def _collection_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a pact is read.

    Reading allocates a few objects per JSON value and frees none, and each full collection walks every
    live object, so collections made reading grow faster than the file (a 10× pact took 13–20× as
    long). What reading builds holds no reference cycles; reference counting frees it all the same.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _version_text(metadata: Mapping[str, Any]) -> Any:
    for name in ("pactSpecification", "pact-specification", "pactSpecificationVersion"):
        value = metadata.get(name)
        if isinstance(value, dict):
            return value.get("version")
        if value is not None:
            return value
    return None


def detect_spec_version(data: Mapping[str, Any], where: Where) -> SpecVersion:
    """``"4.0"`` or ``"3.0.0"`` from ``metadata.pactSpecification.version``, else from the shape."""
    metadata = data.get("metadata")
    version = _version_text(metadata) if isinstance(metadata, dict) else None
    if version is not None:
        if not isinstance(version, str) or not version[:1].isdigit():
            where.key("metadata").key("pactSpecification").key("version").fail(
                f'expected a version such as "3.0.0" or "4.0", got {json.dumps(version)}'
            )
        major = version.split(".", 1)[0]
        if major == "4":
            return "4.0"
        if major in ("1", "2", "3"):
            return "3.0.0"
        where.key("metadata").key("pactSpecification").key("version").fail(
            f'pactspec reads Pact specification versions 1 to 4, not "{version}"; use "3.0.0" or "4.0"'
        )
    interactions = data.get("interactions")
    if isinstance(interactions, list) and any(isinstance(i, dict) and "type" in i for i in interactions):
        return "4.0"
    return "3.0.0"


def _party(data: Mapping[str, Any], role: str, where: Where) -> str:
    if role not in data:
        where.fail(f'has no {role}; write "{role}": {{"name": "..."}}')
    party = expect_object(data[role], where.key(role), f'{{"name": "{role}-name"}}')
    name = party.get("name")
    here = where.key(role).key("name")
    if not isinstance(name, str) or not name.strip():
        here.fail(f'expected the {role} name as non-empty text, got {json.dumps(name)}; e.g. "name": "users"')
    return name


def parse_pact(data: Any, *, source: str) -> Pact:
    """A pact from its decoded JSON; raises PactFileError naming ``source`` and the JSON path."""
    where = Where(source)
    data = expect_object(data, where, '{"consumer": {...}, "provider": {...}, "interactions": [...]}')
    consumer = _party(data, "consumer", where)
    provider = _party(data, "provider", where)
    metadata: dict[str, Any] = {}
    if data.get("metadata") is not None:
        metadata = expect_object(data["metadata"], where.key("metadata"), '{"pactSpecification": {...}}')
    version = detect_spec_version(data, where)
    interactions: list[Interaction] = []
    if version == "4.0":
        if "messages" in data:
            where.key("messages").fail(
                f'a V4 pact lists messages under "interactions" with "type": "{ASYNC}"; move them there '
                'or mark the file as V3 ("pactSpecification": {"version": "3.0.0"})'
            )
        for i, item in enumerate(_array(data, "interactions", where)):
            interactions.append(interaction_from_json(item, spec_version="4.0", where=where.key("interactions").index(i)))
    else:
        for i, item in enumerate(_array(data, "messages", where)):
            interactions.append(interaction_from_json(item, spec_version="3.0.0", where=where.key("messages").index(i)))
        for i, item in enumerate(_array(data, "interactions", where)):
            here = where.key("interactions").index(i)
            item = expect_object(item, here, '{"description": "...", "request": {...}, "response": {...}}')
            if item.get("type") in (ASYNC, SYNC):
                here.key("type").fail(
                    'is a V4 interaction in a V3 pact; set "metadata": {"pactSpecification": '
                    '{"version": "4.0"}} or write the message under "messages"'
                )
            interactions.append(_raw(item, here))
    return Pact(consumer=consumer, provider=provider, interactions=tuple(interactions), spec_version=version,
                metadata=metadata)


def _array(data: Mapping[str, Any], name: str, where: Where) -> list[Any]:
    if name not in data:
        return []
    value = data[name]
    if not isinstance(value, list):  # null too: a field that is written says what it holds
        where.key(name).fail(f"expected an array of interactions, got {type_name(value)}")
    return value


def _provider_states(data: Mapping[str, Any], where: Where) -> tuple[ProviderState, ...]:
    if data.get("providerStates") is not None:
        here = where.key("providerStates")
        states = data["providerStates"]
        if not isinstance(states, list):
            here.fail(f'expected an array, got {type_name(states)}; write [{{"name": "user 1 exists"}}]')
        out = []
        for i, state in enumerate(states):
            at = here.index(i)
            state = expect_object(state, at, '{"name": "user 1 exists", "params": {"id": 1}}')
            name = expect_text(state.get("name"), at.key("name"), '"name": "user 1 exists"')
            params = state.get("params")
            if params is None:
                params = {}
            params = expect_object(params, at.key("params"), '{"id": 1}')
            out.append(ProviderState(name, params))
        return tuple(out)
    for legacy in ("providerState", "provider_state"):
        if data.get(legacy) is not None:
            name = expect_text(data[legacy], where.key(legacy), '"providerState": "user 1 exists"')
            return (ProviderState(name, {}),)
    return ()


def _description(data: Mapping[str, Any], where: Where) -> str:
    if "description" not in data:
        where.fail('has no description; write "description": "a user created event"')
    return expect_text(data["description"], where.key("description"), '"a user created event"')


def _raw(data: dict[str, Any], where: Where) -> RawInteraction:
    # Validated just enough that merging (key, description, provider states) can rely on it.
    if data.get("key") is not None:
        expect_text(data["key"], where.key("key"), '"key": "a1b2c3"')
    if data.get("description") is not None:
        expect_text(data["description"], where.key("description"), '"a request for user 1"')
    _provider_states(data, where)
    return RawInteraction(data)


def interaction_from_json(data: Any, *, spec_version: SpecVersion, where: Where | None = None) -> Interaction:
    """One ``messages[]`` (V3) or ``interactions[]`` (V4) entry as the model."""
    where = where or Where("<json>")
    data = expect_object(data, where, '{"description": "...", "contents": ...}')
    if spec_version == "3.0.0":
        return AsynchronousMessage(
            description=_description(data, where),
            contents=contents_from_json(data, spec_version="3.0.0", where=where),
            provider_states=_provider_states(data, where),
            extra={k: v for k, v in data.items() if k not in _V3_KEYS},
        )
    kind = data.get("type")
    if kind is None:
        where.fail(f'has no type; write "type": "{ASYNC}" (or "{SYNC}", "Synchronous/HTTP")')
    if not isinstance(kind, str):
        where.key("type").fail(f'expected the interaction type as text, got {type_name(kind)}; e.g. "{ASYNC}"')
    if kind not in (ASYNC, SYNC):
        return _raw(data, where)
    key = data.get("key")
    if key is not None:
        key = expect_text(key, where.key("key"), '"key": "a1b2c3"')
    pending = data.get("pending", False)
    if pending is None:
        pending = False
    if not isinstance(pending, bool):
        where.key("pending").fail(f"expected true or false, got {json.dumps(pending)}")
    comments = data.get("comments") or {}
    comments = expect_object(comments, where.key("comments"), '{"text": ["why this message exists"]}')
    common: dict[str, Any] = {
        "description": _description(data, where),
        "provider_states": _provider_states(data, where),
        "key": key,
        "pending": pending,
        "comments": comments,
    }
    if kind == ASYNC:
        return AsynchronousMessage(
            contents=contents_from_json(data, spec_version="4.0", where=where),
            extra={k: v for k, v in data.items() if k not in _V4_KEYS},
            **common,
        )
    request = MessageContents()
    if data.get("request") is not None:
        here = where.key("request")
        part = expect_object(data["request"], here, '{"contents": {"content": ...}}')
        request = contents_from_json(part, spec_version="4.0", where=here)
    responses = []
    if data.get("response") is not None:
        here = where.key("response")
        items = data["response"]
        if not isinstance(items, list):
            here.fail(f'expected an array of responses, got {type_name(items)}; write [{{"contents": ...}}]')
        for i, item in enumerate(items):
            part = expect_object(item, here.index(i), '{"contents": {"content": ...}}')
            responses.append(contents_from_json(part, spec_version="4.0", where=here.index(i)))
    return SynchronousMessage(
        request=request,
        responses=tuple(responses),
        extra={k: v for k, v in data.items() if k not in _SYNC_KEYS},
        **common,
    )


def _states_to_json(states: tuple[ProviderState, ...]) -> list[dict[str, Any]]:
    out = []
    for state in states:
        entry: dict[str, Any] = {"name": state.name}
        if state.params:
            entry["params"] = dict(state.params)
        out.append(entry)
    return out


def interaction_to_json(interaction: Interaction, *, spec_version: SpecVersion) -> dict[str, Any]:
    """One interaction as pact JSON for the given version (V3: a ``messages[]`` entry)."""
    if isinstance(interaction, RawInteraction):
        return dict(interaction.data)
    if spec_version == "3.0.0":
        if not isinstance(interaction, AsynchronousMessage):
            raise PactWriteError(
                f"interaction {interaction.description!r} is a {interaction.type} interaction, which V3 "
                "pacts cannot hold; write the pact as V4"
            )
        out = dict(interaction.extra)
        out["description"] = interaction.description
        out.update(contents_to_json(interaction.contents, spec_version="3.0.0"))
    else:
        out = dict(interaction.extra)
        out["type"] = interaction.type
        out["description"] = interaction.description
        out["pending"] = interaction.pending
        if interaction.key is not None:
            out["key"] = interaction.key
        if interaction.comments:
            out["comments"] = dict(interaction.comments)
        if isinstance(interaction, AsynchronousMessage):
            out.update(contents_to_json(interaction.contents, spec_version="4.0"))
        else:
            out["request"] = contents_to_json(interaction.request, spec_version="4.0")
            out["response"] = [contents_to_json(r, spec_version="4.0") for r in interaction.responses]
    if interaction.provider_states:
        out["providerStates"] = _states_to_json(interaction.provider_states)
    return out


def pact_to_json(pact: Pact) -> dict[str, Any]:
    """The pact as JSON in its own version (``pact.spec_version``)."""

    metadata = {k: v for k, v in pact.metadata.items() if k not in ("pact-specification", "pactSpecificationVersion")}
    metadata["pactSpecification"] = {"version": pact.spec_version}
    metadata["pactspec"] = {"version": __version__}
    out: dict[str, Any] = {
        "consumer": {"name": pact.consumer},
        "provider": {"name": pact.provider},
        "metadata": metadata,
    }
    if pact.spec_version == "3.0.0":
        messages = [i for i in pact.interactions if not isinstance(i, RawInteraction)]
        raw = [i for i in pact.interactions if isinstance(i, RawInteraction)]
        out["messages"] = [interaction_to_json(i, spec_version="3.0.0") for i in messages]
        if raw:
            out["interactions"] = [dict(i.data) for i in raw]
    else:
        out["interactions"] = [interaction_to_json(i, spec_version="4.0") for i in pact.interactions]
    return out


def _canonical(value: Any) -> str:
    try:
        return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        # Not plain JSON (a model built by hand): still stable within one run, which is all merging needs.
        return repr(value)


def dumps_pact(pact: Pact) -> str:
    """The pact-file text: keys sorted, two-space indentation, UTF-8, one trailing newline."""
    data = pact_to_json(pact)
    try:
        text = indented_json(data)
    except (TypeError, ValueError) as exc:
        where = not_json(data)  # the place in the pact file's JSON, e.g. $.interactions[0].contents.content.a
        if where is None:
            where = (f"it holds a value JSON cannot represent ({exc}); bodies, metadata and rules must be plain "
                     "JSON values (no NaN, Decimal, sets or objects)")
        raise PactWriteError(
            f"the pact {pact.consumer!r} -> {pact.provider!r} cannot be written to its file: {where}") from exc
    return text + "\n"


def interaction_key(interaction: Interaction) -> str:
    """The V4 key: the interaction's own, else a stable hash of what it says (not its comments).

    pact-reference hashes the description, provider states, contents, metadata, rules, generators
    and pending flag; this hashes the same fields through their canonical JSON.
    """
    if interaction.key:
        return interaction.key
    data = interaction_to_json(interaction, spec_version="4.0")
    data = {k: v for k, v in data.items() if k not in ("key", "comments", "_id")}
    text = _canonical(data)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def identity(interaction: Interaction) -> tuple[str, str, str]:
    """What makes two interactions "the same one" when merging without keys: type, description, states."""
    states = _canonical(_states_to_json(interaction.provider_states))
    return (interaction.type, interaction.description, states)
