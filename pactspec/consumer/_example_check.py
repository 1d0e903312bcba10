"""Check that a contract's example satisfies the contract's own matchers, naming the row that breaks it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pactspec.consumer._contents import PartBuilder
from pactspec.consumer._userpaths import parse_user_path
from pactspec.errors import InputError, RuleError
from pactspec.generators import apply_generators
from pactspec.matching import match_contents
from pactspec.model import NO_BODY, MessageContents, entry_json
from pactspec.paths import parse_path, path_weight
from pactspec.sources import Source

__all__ = ["V4_ONLY_MATCHERS", "check_example", "check_generated", "check_v3_matchers"]


def check_example(contents: MessageContents, part: PartBuilder) -> None:
    """Fail when the example (or what its generators make) breaks the contract's own matchers."""
    _check_no_gaps(contents.body, part.source)
    mismatches = match_contents(contents, contents)
    if mismatches:
        first = mismatches[0]
        raise _source_for(first.path, first.kind, part).error(
            f"the example breaks its own matcher at {first.path}: {first.message}; "
            "change the example or the matcher so that they agree"
        )


def check_generated(contents: MessageContents, part: PartBuilder, context: Mapping[str, Any]) -> None:
    """Fail when a generator makes values the contract's own matchers reject (the handler would get them)."""
    if not contents.generators:
        return

    for _ in range(_SAMPLES):  # random generators: a few draws, so a mismatch is not missed by luck
        try:
            generated = apply_generators(contents, context, mode="consumer")
        except (RuleError, InputError):
            return  # a generator that cannot run here is reported where it is applied
        mismatches = match_contents(contents, generated)
        if mismatches:
            first = mismatches[0]
            raise _source_for(first.path, first.kind, part).error(
                f"the generator makes a value its own matcher rejects at {first.path}: {first.message}; give the "
                "generator the same format as the matcher (e.g. matcher 'date dd/MM/yyyy' with generator "
                "'date dd/MM/yyyy', matcher 'uuid urn' with generator 'uuid urn') or remove the generator"
            )


_SAMPLES = 5

# The matchers the Pact specification lists as V4 (pact-specification v4/README.md's matcher table);
# V3's README adds only include, integer, decimal, number, null, date, time, datetime (and boolean,
# contentType, values, listed as V3 in V4's table).
V4_ONLY_MATCHERS = {
    "semver": "write a regex instead, e.g. 'regex ^\\d+\\.\\d+\\.\\d+$'",
    "notEmpty": "write 'type min 1' (arrays) or a regex such as 'regex .+' (text) instead",
    "arrayContains": "write 'each like' with the element's matchers instead",
    "eachKey": "name the keys in the contract instead",
    "eachValue": "write 'values' on the object and the value's matcher at .* instead",
    "statusCode": "remove it",
}


def check_v3_matchers(contents: MessageContents, part: PartBuilder, to_v4: str) -> None:
    """Refuse the matchers that exist only in Pact V4 in a V3 pact, at the row that wrote them."""
    for category, rules in contents.matching_rules.items():
        for path, rule_list in (rules or {}).items():
            for rule in entry_json(rule_list).get("matchers", []):
                match = rule.get("match")
                if match in V4_ONLY_MATCHERS:
                    where = path if category == "body" else f"{category} {path}"
                    raise _source_for(path, "metadata" if category == "metadata" else "body", part).error(
                        f"{match} at {where} is a Pact V4 matcher, which a V3 pact cannot hold; {to_v4}, or "
                        f"{V4_ONLY_MATCHERS[match]}")


def _check_no_gaps(body: Any, source: Source) -> None:
    if body is NO_BODY:
        return
    if isinstance(body, dict):
        for item in body.values():
            _check_no_gaps(item, source)
    elif isinstance(body, list):
        for item in body:
            if item is NO_BODY:
                raise source.error("an array in the example has an element without a value; give each [*] or "
                                   "[N] a row with an example")
            _check_no_gaps(item, source)


def _source_for(path: str, kind: str, part: PartBuilder) -> Source:
    if kind == "metadata":
        for meta in part.metadata:
            if meta.key in path:
                return meta.source
    if part.doc is not None:
        return part.doc.source

    try:
        actual = [s for s in parse_path(path) if isinstance(s, (str, int))]
    except RuleError:
        actual = []
    best, weight = None, 0
    for row in part.rows:
        try:
            segments = parse_user_path(row.path)
        except RuleError:
            continue
        if len(segments) > len(actual):
            continue
        score = path_weight(segments, actual[: len(segments)]) * 100 + len(segments)
        if score > weight:
            best, weight = row, score
    return best.source if best else part.source

