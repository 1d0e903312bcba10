"""Build the documentation's :class:`~pactspec.docs._model.Site` from pacts, features and results."""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from pactspec.content import body_kind, encode_body, guess_content_type
from pactspec.docs._asyncapi import AsyncAPIIndex
from pactspec.docs._describe import NO_EXAMPLE, describe_generator, describe_rules
from pactspec.docs._features import FeatureIndex
from pactspec.docs._model import (
    BodyDoc,
    FieldRow,
    InteractionDoc,
    PactDoc,
    PartDoc,
    ScenarioDoc,
    ServiceDoc,
    Site,
    StateDoc,
    Status,
)
from pactspec.docs._results import ResultIndex
from pactspec.errors import RuleError
from pactspec.model import (
    NO_BODY,
    MessageContents,
    Pact,
    RawInteraction,
    SynchronousMessage,
    entry_json,
)
from pactspec.paths import parse_path
from pactspec.sources import reference_lines, scenario_locations

__all__ = ["MAX_SHOWN", "build_site", "pair_status"]

_UNSAFE = re.compile(r"[^a-z0-9._-]+")
_CATEGORY_ORDER = {"body": 0, "metadata": 1}
_BINARY_PREVIEW = 64
# Characters of an example body a page shows: a 50 MB body made a 100 MB page.
MAX_SHOWN = 20_000


def build_site(
    pacts: Sequence[tuple[str, Pact]],
    *,
    features: FeatureIndex | None = None,
    results: ResultIndex | None = None,
    title: str = "Message contracts",
    generated_at: _dt.datetime | None = None,
    asyncapi: AsyncAPIIndex | None = None,
) -> Site:
    """Everything the docs show, from ``(source, pact)`` pairs as :func:`pactspec.pactfile._files.load_pacts` gives."""
    features = features if features is not None else FeatureIndex()
    results = results if results is not None else ResultIndex()
    docs: list[PactDoc] = []
    slugs: set[str] = set()
    ordered = sorted(pacts, key=lambda item: (item[1].consumer, item[1].provider, item[0]))
    for source, pact in ordered:
        slug = _unique_slug(pact.consumer, pact.provider, source, slugs)
        docs.append(_pact_doc(source, pact, slug, features, results, asyncapi or {}))
    consumers = tuple(sorted({p.consumer for p in docs}))
    providers = tuple(sorted({p.provider for p in docs}))
    matrix = tuple(
        (c, p, tuple(d for d in docs if d.consumer == c and d.provider == p))
        for c in consumers
        for p in providers
        if any(d.consumer == c and d.provider == p for d in docs)
    )
    services = tuple(
        ServiceDoc(
            name=name,
            consumes_from=tuple(sorted({d.provider for d in docs if d.consumer == name})),
            provides_to=tuple(sorted({d.consumer for d in docs if d.provider == name})),
        )
        for name in sorted(set(consumers) | set(providers))
    )
    states = sorted({s.name for d in docs for i in d.interactions for s in i.states})
    when = generated_at or _dt.datetime.now(_dt.UTC)
    return Site(
        title=title,
        generated_at=when.strftime("%Y-%m-%d %H:%M UTC"),
        pacts=tuple(docs),
        services=services,
        consumers=consumers,
        providers=providers,
        matrix=matrix,
        state_names=tuple(states),
        unmatched_results=results.unmatched,
    )


def pair_status(pacts: Sequence[PactDoc]) -> Status:
    """The status of a consumer–provider pair over its pacts (usually one)."""
    return _combine([p.status for p in pacts])


def _combine(statuses: Sequence[str]) -> Status:
    if not statuses:
        return "unverified"
    if any(s in ("failed", "error") for s in statuses):
        return "failed"
    if all(s == "unverified" for s in statuses):
        return "unverified"
    if any(s in ("unverified", "partial") for s in statuses):
        return "partial"
    if any(s == "pending" for s in statuses):
        return "pending"
    return "passed"


def _slug(text: str) -> str:
    return _UNSAFE.sub("-", text.lower()).strip("-.")[:60] or "x"


def _unique_slug(consumer: str, provider: str, source: str, taken: set[str]) -> str:
    slug = f"{_slug(consumer)}--{_slug(provider)}"
    if slug in taken:  # names that differ only in case or punctuation, or one pair in several files
        slug += "-" + hashlib.sha256(f"{consumer}\0{provider}\0{source}".encode()).hexdigest()[:8]
    taken.add(slug)
    return slug


def _pact_doc(source: str, pact: Pact, slug: str, features: FeatureIndex, results: ResultIndex,
              asyncapi: AsyncAPIIndex) -> PactDoc:
    interactions = []
    for number, interaction in enumerate(pact.interactions, start=1):
        doc = _interaction_doc(number, interaction, pact, features, results)
        found = asyncapi.get((source, number - 1))
        interactions.append(replace(doc, asyncapi=found) if found else doc)
    statuses = [i.status for i in interactions]
    counts = tuple((s, statuses.count(s)) for s in ("passed", "failed", "error", "pending", "unverified")
                   if statuses.count(s))
    metadata = tuple((str(k), _json_text(v)) for k, v in sorted(pact.metadata.items()))
    return PactDoc(
        consumer=pact.consumer,
        provider=pact.provider,
        slug=slug,
        source=source,
        spec_version=pact.spec_version,
        interactions=tuple(interactions),
        metadata=metadata,
        status=_combine(statuses),
        counts=counts,
    )


def _interaction_doc(number: int, interaction: Any, pact: Pact, features: FeatureIndex,
                     results: ResultIndex) -> InteractionDoc:
    description = interaction.description
    states = tuple(
        StateDoc(s.name, tuple((str(k), _json_text(v)) for k, v in s.params.items()))
        for s in interaction.provider_states
    )
    if isinstance(interaction, RawInteraction):
        data = interaction.data
        parts: tuple[PartDoc, ...] = (
            PartDoc("Interaction (shown as stored)", "application/json",
                    BodyDoc("json", json.dumps(data, indent=2, ensure_ascii=False, default=str), 0), (), ()),
        )
        stored = data.get("comments")
        comments_src: Mapping[str, Any] = stored if isinstance(stored, Mapping) else {}
        pending = bool(data.get("pending", False))
    elif isinstance(interaction, SynchronousMessage):
        responses = interaction.responses
        parts = (_part("Request", interaction.request),) + tuple(
            _part("Response" if len(responses) == 1 else f"Response {n}", r)
            for n, r in enumerate(responses, start=1)
        )
        comments_src, pending = interaction.comments, interaction.pending
    else:
        parts = (_part("Message", interaction.contents),)
        comments_src, pending = interaction.comments, interaction.pending
    key = interaction.key or ""
    scenario = _scenario(comments_src, description, pact, features)
    verification = results.latest(pact.consumer, pact.provider, description, interaction.key or None,
                                  [s.name for s in states])
    words = [description, pact.consumer, pact.provider, *(s.name for s in states),
             *(f"{k} {v}" for s in states for k, v in s.params), scenario.name if scenario else ""]
    return InteractionDoc(
        anchor=f"i{number}-{_slug(description)[:40]}",
        description=description,
        type=interaction.type,
        states=states,
        parts=parts,
        pending=pending,
        key=key,
        comments=tuple(_comment_lines(comments_src, hide_source=scenario is not None)),
        scenario=scenario,
        verification=verification,
        search_text=" ".join(w for w in words if w).lower(),
    )


def _scenario(comments: Mapping[str, Any], description: str, pact: Pact,
              features: FeatureIndex) -> ScenarioDoc | None:
    locations = scenario_locations(comments)
    for file, line in locations:
        found = features.at(file, line)
        if found is not None:
            return found
    found = features.for_message(description, pact.consumer, pact.provider)
    if found is not None:
        return found
    if locations:  # the pact says where it came from even when --features was not given
        file, line = locations[0]
        return ScenarioDoc(file=file, line=line, feature="", name="", text="")
    return None


def _comment_lines(comments: Mapping[str, Any], *, hide_source: bool) -> list[str]:
    lines: list[str] = []
    text = comments.get("text")
    texts = [text] if isinstance(text, str) else [str(t) for t in text] if isinstance(text, (list, tuple)) else []
    # pactspec's consumer records "source: <file>:<line>"; the Scenario section already shows it
    lines.extend(t for t in texts if not (hide_source and t.startswith("source: ")))
    for key, value in comments.items():
        # testname is "<feature>: <scenario>" for pactspec's consumer, shown in the Scenario section
        if key == "references":
            lines.extend(reference_lines(value))
        elif key != "text" and not (hide_source and key == "testname"):
            lines.append(f"{key}: {value if isinstance(value, str) else _json_text(value)}")
    return lines


def _json_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        return repr(value)


def _part(title: str, contents: MessageContents) -> PartDoc:
    content_type = contents.content_type or guess_content_type(contents.body) or ""
    metadata = tuple((str(k), _json_text(v)) for k, v in contents.metadata.items())
    return PartDoc(
        title=title,
        content_type=content_type,
        body=_body(contents.body, content_type),
        metadata=metadata,
        fields=_fields(contents),
    )


def _body(body: Any, content_type: str) -> BodyDoc:
    shown = _full_body(body, content_type)
    if len(shown.text) <= MAX_SHOWN:
        return shown
    rest = len(shown.text) - MAX_SHOWN
    return BodyDoc(shown.kind, f"{shown.text[:MAX_SHOWN]}\n… {rest:,} more characters not shown (the full "
                               "example is linked below the excerpt)", shown.size, full_text=shown.text)


def _full_body(body: Any, content_type: str) -> BodyDoc:
    if body is NO_BODY:
        return BodyDoc("none", "", 0)
    try:
        size = len(encode_body(body, content_type or None))
    except (TypeError, ValueError):
        size = 0
    if isinstance(body, (bytes, bytearray)):
        return BodyDoc("binary", _hex_preview(bytes(body)), len(body))
    kind = body_kind(content_type)
    if kind == "json" or not isinstance(body, str):
        return BodyDoc("json", json.dumps(body, indent=2, ensure_ascii=False, default=str), size)
    if kind == "xml":
        return BodyDoc("xml", _pretty_xml(body), size)
    return BodyDoc("text", body, size)


def _hex_preview(data: bytes) -> str:
    head = data[:_BINARY_PREVIEW]
    rows = [" ".join(f"{b:02x}" for b in head[i:i + 16]) for i in range(0, len(head), 16)]
    if len(data) > _BINARY_PREVIEW:
        rows.append(f"… {len(data) - _BINARY_PREVIEW} more bytes")
    return "\n".join(rows)


def _pretty_xml(text: str) -> str:
    # A document type could declare entities that expand without bound: show such documents as written.
    if "<!DOCTYPE" in text.upper() or "<!ENTITY" in text.upper():
        return text
    from xml.dom import minidom
    from xml.parsers.expat import ExpatError

    try:
        pretty = minidom.parseString(text.encode("utf-8")).toprettyxml(indent="  ")
    except (ExpatError, ValueError):
        return text
    lines = [line for line in pretty.splitlines() if line.strip()]
    if text.lstrip().startswith("<?xml") is False and lines and lines[0].startswith("<?xml"):
        lines = lines[1:]
    return "\n".join(lines)


def _example_at(body: Any, path: str) -> Any:
    if body is NO_BODY or isinstance(body, (str, bytes)):
        return NO_EXAMPLE
    try:
        segments = parse_path(path)
    except RuleError:
        return NO_EXAMPLE
    value = body
    for segment in segments:
        if isinstance(value, Mapping) and not isinstance(segment, int):
            key = segment if isinstance(segment, str) else next(iter(value), None)
            if key not in value:
                return NO_EXAMPLE
            value = value[key]
        elif isinstance(value, list) and not isinstance(segment, str):
            index = segment if isinstance(segment, int) else 0
            if not -len(value) <= index < len(value):
                return NO_EXAMPLE
            value = value[index]
        else:
            return NO_EXAMPLE
    return value


def _fields(contents: MessageContents) -> tuple[FieldRow, ...]:
    categories = sorted(set(contents.matching_rules) | set(contents.generators),
                        key=lambda c: (_CATEGORY_ORDER.get(c, 9), c))
    rows = []
    for category in categories:
        rules = contents.rules_for(category)
        generators = contents.generators_for(category)
        for path in list(rules) + [p for p in generators if p not in rules]:
            if category == "body":
                example = _example_at(contents.body, path)
            elif category == "metadata":
                example = contents.metadata.get(path, NO_EXAMPLE)
            else:
                example = NO_EXAMPLE
            rule = describe_rules(entry_json(rules[path]), example) if path in rules else ""
            generator = generators.get(path)
            rows.append(FieldRow(
                category=category,
                path=str(path),
                rule=rule,
                generator=describe_generator(entry_json(generator)) if generator is not None else "",
            ))
    return tuple(rows)
