"""pactspec fails a message where the Pact reference implementation fails it, on thousands of random cases.

The reference is the Rust core (pact_ffi 0.5.12, from pact-python 4.2.0). Each case is an expected
JSON body with matching rules and an actual body, written as a V3 message or a V4
``Asynchronous/Messages`` interaction; both sides say whether the actual message satisfies it and
where it fails (the set of mismatch paths; the texts are each tool's own). The
cases are seeded (``SEED``), so a run is reproducible, and cover every body rule, wildcard and
concrete paths at any depth, ``AND`` and ``OR``, and actual values of every JSON type.

The reference is called in-process through its FFI (``pactffi_match_message``, the function the
Rust verifier calls for each message), since ``pact verifier`` spends ~35 ms per interaction;
``test_the_ffi_judges_as_the_rust_verifier_does`` checks, with one verifier run per version over a
sample, that the shortcut gives the verifier's verdicts.

Disagreements the project keeps are listed in ``KNOWN_DIFFERENCES`` with the reference's behaviour
and an example; a random case on which the two differ is fine only when one of them describes it, and
each example must still differ (so a fixed difference fails the test until it is removed here and
in the README). Not listed, because the reference itself is not deterministic there: two rule paths
of equal weight that reach one value (Pact weighs a path by 2 for the root and each name or index,
1 for a wildcard, times its length: ``$.*.b`` and ``$.a.*``, or ``$[0]`` cascading and
``$[*].*.*`` at ``$[0].a.b``): the reference keeps its rules in a hash map and picks either, run
to run; and a value-wise rule (values, eachKey, eachValue) at a wildcard path beside a more
specific path of the same length (``$.*`` values with ``$.a`` type: whether ``$.a``'s missing keys
fail varies run to run). The generator leaves such pairs out.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from pactspec.matching import match_message
from tests.conformance import conformance_dir
from tests.matching.test_json import ALL_PINNED
from tests.services import unavailable

pytestmark = pytest.mark.interop

SEED = 20261205
CASES = 4000
PACT = Path(sys.executable).parent / "pact"

Case = dict[str, Any]  # {"expected", "rules" (body category), "actual", "version": "3" | "4"}


# --- the reference, through its FFI


@pytest.fixture(scope="module")
def ffi() -> Any:
    """The pact_ffi library (from pact-python-ffi) with its cffi handle."""
    try:
        from pact_ffi.ffi import ffi as handle
        from pact_ffi.ffi import lib
    except ImportError:
        unavailable("pact-python (the reference implementation) is not installed: pip install -e '.[interop]'")
    return lib, handle


def _pact(case: Case) -> dict[str, Any]:
    rules = {"body": case["rules"]}
    if case["version"] == "4":
        interaction = {
            "type": "Asynchronous/Messages", "description": "x", "pending": False, "metadata": {},
            "contents": {"content": case["expected"], "contentType": "application/json", "encoded": False},
            "matchingRules": rules,
        }
        return {"consumer": {"name": "c"}, "provider": {"name": "p"}, "interactions": [interaction],
                "metadata": {"pactSpecification": {"version": "4.0"}}}
    message = {"description": "x", "contents": case["expected"], "matchingRules": rules,
               "metadata": {"contentType": "application/json"}}
    return {"consumer": {"name": "c"}, "provider": {"name": "p"}, "messages": [message],
            "metadata": {"pactSpecification": {"version": "3.0.0"}}}


def reference_mismatches(ffi: Any, case: Case) -> list[str]:
    """The reference's mismatches (``path: text``) for a case; empty when it passes."""
    lib, handle = ffi
    model = lib.pactffi_parse_pact_json(json.dumps(_pact(case)).encode())
    assert model != handle.NULL, f"the reference could not read the case: {json.dumps(case)}"
    interactions = lib.pactffi_pact_model_interaction_iterator(model)
    # as_message returns a message of its own; pactffi_match_message takes ownership of both
    expected = lib.pactffi_pact_interaction_as_message(lib.pactffi_pact_interaction_iter_next(interactions))
    lib.pactffi_pact_interaction_iter_delete(interactions)
    lib.pactffi_pact_model_delete(model)
    actual_json = {"description": "x", "contents": case["actual"], "metadata": {"contentType": "application/json"}}
    actual = lib.pactffi_message_new_from_json(0, json.dumps(actual_json).encode(), lib.PactSpecification_V3)
    mismatches = lib.pactffi_match_message(expected, actual)
    found = []
    iterator = lib.pactffi_mismatches_get_iter(mismatches)
    while (mismatch := lib.pactffi_mismatches_iter_next(iterator)) != handle.NULL:
        text = lib.pactffi_mismatch_to_json(mismatch)
        data = json.loads(handle.string(text).decode())
        lib.pactffi_string_delete(text)
        found.append(f"{data.get('path', '')}: {data.get('mismatch', data)}")
    lib.pactffi_mismatches_iter_delete(iterator)
    lib.pactffi_mismatches_delete(mismatches)
    return found


def our_mismatches(case: Case) -> list[str]:
    """pactspec's mismatches for a case, read from the same pact-file shape."""
    interaction = _pact(case)["interactions" if case["version"] == "4" else "messages"][0]
    if case["version"] == "4":
        actual = {"contents": {"content": case["actual"], "contentType": "application/json", "encoded": False}}
        return [f"{m.path}: {m.message}" for m in match_message(interaction, actual, version="4.0")]
    actual = {"contents": case["actual"], "metadata": {"contentType": "application/json"}}
    return [f"{m.path}: {m.message}" for m in match_message(interaction, actual, version="3.0.0")]


# --- random cases

KEYS = ("k0", "k1", "k2")
STRINGS = ("", "a", "abc", "2024-01-05", "12:30:00", "2024-01-05T12:30:00", "2024-01-05T12:30:00+01:00",
           "1.2.3", "true", "12", "-3.5", "k0", '{"a":1}', "<a/>")
REGEXES = (".*", "\\d+", "[a-z]+", "a.*", "\\w*", "-?\\d+(\\.\\d+)?", "true|false")
FORMATS = {"date": ("yyyy-MM-dd", "yyyy", "dd/MM/yyyy"), "time": ("HH:mm:ss", "HH", "HH:mm"),
           "datetime": ("yyyy-MM-dd'T'HH:mm:ss",), "timestamp": ("yyyy-MM-dd'T'HH:mm:ss", "yyyy")}
RULES = ("number", "integer", "decimal", "boolean", "include", "regex", "equality", "type", "type", "min", "max",
         "null", "date", "time", "datetime", "timestamp", "contentType", "semver", "values", "notEmpty",
         "eachKey", "eachValue", "arrayContains", "statusCode")
INNER_RULES = ("number", "integer", "regex", "type", "equality", "include", "notEmpty", "boolean")


def _scalar(rng: random.Random) -> Any:
    kind = rng.randrange(5)
    if kind == 0:
        return rng.choice(STRINGS)
    if kind == 1:
        return rng.choice((0, 1, -5, 12, 200, 100000000000))
    if kind == 2:
        return rng.choice((2.5, -0.5, 1.0, 0.0, 1e10))
    if kind == 3:
        return rng.choice((True, False))
    return None


def _value(rng: random.Random, depth: int) -> Any:
    roll = rng.random()
    if depth <= 0 or roll < 0.45:
        return _scalar(rng)
    if roll < 0.75:
        return {key: _value(rng, depth - 1) for key in rng.sample(KEYS, rng.randint(0, 3))}
    return [_value(rng, depth - 1) for _ in range(rng.randint(0, 3))]


def _nodes(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _nodes(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nodes(item, (*path, index))


def _render(segments: tuple[Any, ...]) -> str:
    text = "$"
    for segment in segments:
        if segment in ("*", "[*]"):
            text += ".*" if segment == "*" else "[*]"
        else:
            text += f"[{segment}]" if isinstance(segment, int) else f".{segment}"
    return text


def _tokens(path: str) -> list[str]:
    return re.findall(r"\.[^.\[]+|\[[^\]]+\]", path)


def _rule(rng: random.Random, inner: bool = False) -> dict[str, Any]:
    kind = rng.choice(INNER_RULES if inner else RULES)
    if kind == "include":
        return {"match": "include", "value": rng.choice(("a", "1", "", "k", "2024"))}
    if kind == "regex":
        return {"match": "regex", "regex": rng.choice(REGEXES)}
    if kind == "type":
        rule: dict[str, Any] = {"match": "type"}
        if rng.random() < 0.4:
            rule["min"] = rng.randint(0, 2)
        if rng.random() < 0.3:
            rule["max"] = rule.get("min", 0) + rng.randint(0, 2)
        return rule
    if kind in ("min", "max"):
        return {"match": "type", kind: rng.randint(0, 3)}
    if kind in FORMATS:
        return {"match": kind, "format": rng.choice(FORMATS[kind])} if rng.random() < 0.8 else {"match": kind}
    if kind == "contentType":
        return {"match": "contentType", "value": rng.choice(("application/json", "text/plain"))}
    if kind in ("eachKey", "eachValue"):
        return {"match": kind, "rules": [_rule(rng, inner=True)]}
    if kind == "arrayContains":
        return {"match": "arrayContains", "variants": [{"index": 0, "rules": {}}]}
    if kind == "statusCode":
        return {"match": "statusCode", "status": rng.choice(("success", "clientError", [200, 201]))}
    return {"match": kind}


def _mutated(rng: random.Random, value: Any) -> Any:
    """A changed copy: a node swapped for a value of any JSON type, keys or items added or dropped."""
    roll = rng.random()
    if roll < 0.15:
        return _value(rng, 2)
    if isinstance(value, dict):
        value = dict(value)
        if value and rng.random() < 0.6:
            key = rng.choice(list(value))
            value[key] = _mutated(rng, value[key])
        if rng.random() < 0.2:
            value[rng.choice((*KEYS, "x"))] = _value(rng, 1)
        if value and rng.random() < 0.15:
            value.pop(rng.choice(list(value)))
        return value
    if isinstance(value, list):
        value = list(value)
        if value and rng.random() < 0.6:
            index = rng.randrange(len(value))
            value[index] = _mutated(rng, value[index])
        if rng.random() < 0.2:
            value.append(value[0] if value and rng.random() < 0.7 else _value(rng, 1))
        if value and rng.random() < 0.15:
            value.pop()
        return value
    return _scalar(rng) if roll < 0.7 else value


def random_case(rng: random.Random) -> Case:
    """An expected body, one to three rule paths (some with wildcards), and an actual body."""
    expected: Any = {key: _value(rng, 3) for key in rng.sample(KEYS, rng.randint(1, 3))}
    if rng.random() < 0.15:
        expected = [_value(rng, 2) for _ in range(rng.randint(1, 3))]
    nodes = list(_nodes(expected))
    rules: dict[str, Any] = {}
    scores: dict[int, str] = {}
    for _ in range(rng.randint(1, 3)):
        segments = tuple(
            ("[*]" if isinstance(segment, int) else "*") if rng.random() < 0.25 else segment
            for segment in rng.choice(nodes)
        )
        path = _render(segments)
        wildcards = sum(segment in ("*", "[*]") for segment in segments)
        # Pact's weight of a path: 2 for the root and each name or index, 1 for a wildcard, times
        # the number of tokens
        score = 2 ** (1 + len(segments) - wildcards) * (1 + len(segments))
        if scores.setdefault(score, path) != path:
            continue  # an equally weighted pair: the reference picks one at random (see the docstring)
        matchers = [_rule(rng) for _ in range(1 if rng.random() < 0.8 else 2)]
        rules[path] = {"combine": "OR" if rng.random() < 0.15 else "AND", "matchers": matchers}
    for path, rule_list in list(rules.items()):
        if ("*" in path and any(m["match"] in ("values", "eachKey", "eachValue") for m in rule_list["matchers"])
                and any(len(_tokens(other)) == len(_tokens(path)) for other in rules if other != path)):
            del rules[path]  # beside another path of its length: the reference's verdict varies (docstring)
    actual = expected if rng.random() < 0.25 else _mutated(rng, expected)
    return {"expected": expected, "rules": rules, "actual": actual, "version": rng.choice("34")}


# --- the differences we keep


def _matchers(case: Case) -> Iterator[tuple[str, dict[str, Any], dict[str, Any]]]:
    for path, rule_list in case["rules"].items():
        for matcher in rule_list["matchers"]:
            yield path, rule_list, matcher


def _uses(*names: str) -> Callable[[Case], bool]:
    return lambda case: any(matcher["match"] in names for _, _, matcher in _matchers(case))


def _content_type_at_root(case: Case) -> bool:
    return any(path == "$" and matcher["match"] == "contentType" for path, _, matcher in _matchers(case))


@dataclass(frozen=True)
class KnownDifference:
    name: str
    reference: str  # what the reference does, and why pactspec does otherwise
    applies: Callable[[Case], bool]
    example: Case


KNOWN_DIFFERENCES = (
    KnownDifference(
        "contentType at $ in a JSON body",
        # pactspec follows pact-jvm: a root contentType rule judges the body's bytes as a whole and is
        # not cascaded (pactspec.rules._tree.RuleTree.whole_body). The Rust core cascades it as any
        # other rule: "$ -> Unable to match {...} using ContentType("application/json")".
        "the reference cascades it to every value: objects fail ('Unable to match {...} using ContentType') "
        "and each value is sniffed; pactspec checks the whole body once, as pact-jvm does",
        _content_type_at_root,
        {"expected": {"a": 1}, "rules": {"$": {"combine": "AND", "matchers": [
            {"match": "contentType", "value": "application/json"}]}}, "actual": {"a": 1}, "version": "4"},
    ),
    KnownDifference(
        "contentType on a JSON value",
        # The reference sniffs a value's text with its own detector: '10000000000.0' is application/json
        # and 'true' is text/plain to it; pactspec.content.sniff_content_type says text/plain and
        # application/json.
        "the reference's content sniffing of a value's text differs from pactspec's for bare JSON "
        "scalars ('true' passes text/plain there, '1.0' passes application/json)",
        _uses("contentType"),
        {"expected": {"a": True}, "rules": {"$.a": {"combine": "AND", "matchers": [
            {"match": "contentType", "value": "text/plain"}]}}, "actual": {"a": True}, "version": "3"},
    ),
    KnownDifference(
        "statusCode in a body",
        # An HTTP status rule has no meaning in a body. The reference judges only HTTP statuses with
        # it: any single value in a body passes, and objects and arrays fail ('Unable to match [...]
        # using StatusCode(Success)'); pactspec checks a value as a status code (404 fails 'success').
        "the reference lets any single value in a body pass a statusCode rule and fails every array "
        "and object under it; pactspec checks each value as an HTTP status code",
        _uses("statusCode"),
        {"expected": {"a": 200}, "rules": {"$.a": {"combine": "AND", "matchers": [
            {"match": "statusCode", "status": "success"}]}}, "actual": {"a": 404}, "version": "4"},
    ),
    KnownDifference(
        "date, time and timestamp patterns",
        # The reference parses Java patterns with its own nom parser: a field may be shorter than its
        # letters ('yyyy' accepts '5'), and without a format a timestamp needs a zone
        # ('yyyy-MM-dd'T'HH:mm:ssXXX'); pactspec.timeformats follows java.time (as pact-jvm does):
        # 'yyyy' needs four digits, and the ISO default takes an optional zone.
        "the reference lets a field be shorter than its pattern letters ('yyyy' accepts '5') and, "
        "without a format, wants a zone on a timestamp; pactspec follows java.time, as pact-jvm does",
        _uses("date", "time", "datetime", "timestamp"),
        {"expected": {"a": "5"}, "rules": {"$.a": {"combine": "AND", "matchers": [
            {"match": "date", "format": "yyyy"}]}}, "actual": {"a": "5"}, "version": "4"},
    ),
)


def _explained(case: Case) -> list[str]:
    return [difference.name for difference in KNOWN_DIFFERENCES if difference.applies(case)]


def _paths(mismatches: list[str]) -> set[str]:
    # the reference puts a missing or unparsable body at "/", pactspec at "$"
    return {mismatch.split(": ", 1)[0].replace("/", "$") for mismatch in mismatches}


def _disagree(ffi: Any, case: Case) -> bool:
    """Whether the two differ on where the case fails (the set of mismatch paths; empty: it passes)."""
    return _paths(reference_mismatches(ffi, case)) != _paths(our_mismatches(case))


def _smaller(case: Case) -> Iterator[Case]:
    """Cases one step simpler than ``case``: a rule path, a matcher, an entry or an item less."""
    for path in case["rules"]:
        yield {**case, "rules": {p: r for p, r in case["rules"].items() if p != path}}
    for path, rule_list in case["rules"].items():
        if len(rule_list["matchers"]) > 1:
            for index in range(len(rule_list["matchers"])):
                fewer = {**rule_list, "matchers": rule_list["matchers"][:index] + rule_list["matchers"][index + 1:]}
                yield {**case, "rules": {**case["rules"], path: fewer}}
    for side in ("expected", "actual"):
        for simpler in _simpler_values(case[side]):
            yield {**case, side: simpler}


def _simpler_values(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        for key in value:
            yield {k: v for k, v in value.items() if k != key}
            for simpler in _simpler_values(value[key]):
                yield {**value, key: simpler}
    elif isinstance(value, list):
        for index in range(len(value)):
            yield value[:index] + value[index + 1:]
            for simpler in _simpler_values(value[index]):
                yield [*value[:index], simpler, *value[index + 1:]]


def _disagrees_if_valid(ffi: Any, case: Case) -> bool:
    """Whether the two disagree on a simplified case; False when either side rejects it as malformed."""
    try:
        return _disagree(ffi, case)
    except (AssertionError, ValueError):
        return False


def shrink(ffi: Any, case: Case) -> Case:
    """The smallest case reached by single simplifications on which the two still disagree."""
    for _ in range(200):
        for smaller in _smaller(case):
            if _disagrees_if_valid(ffi, smaller):
                case = smaller
                break
        else:
            return case
    return case


def _report(ffi: Any, case: Case) -> str:
    return (f"{json.dumps(case)}\n  reference: {reference_mismatches(ffi, case)}\n"
            f"  pactspec:  {our_mismatches(case)}")


def test_pactspec_agrees_with_the_reference_on_random_cases(ffi: Any) -> None:
    """On CASES seeded random cases, V3 and V4, pactspec fails where the reference fails, or a known difference says why."""
    rng = random.Random(SEED)
    unexplained: list[Case] = []
    agreed = 0
    for _ in range(CASES):
        case = random_case(rng)
        if not _disagree(ffi, case):
            agreed += 1
        elif not _explained(case):
            unexplained.append(case)
    if unexplained:
        smallest = shrink(ffi, unexplained[0])
        pytest.fail(
            f"{len(unexplained)} of {CASES} random cases (seed {SEED}) fail elsewhere in the reference; "
            f"the first, made minimal:\n{_report(ffi, smallest)}\n"
            "Fix pactspec, or add a KnownDifference that cites the reference's behaviour.",
            pytrace=False,
        )
    assert agreed > CASES * 0.9, f"only {agreed} of {CASES} agree outright: the known differences cover too much"


@pytest.mark.parametrize("difference", KNOWN_DIFFERENCES, ids=lambda d: d.name)
def test_each_known_difference_still_differs(ffi: Any, difference: KnownDifference) -> None:
    """A known difference's example still gets another verdict from the reference (else remove it)."""
    assert difference.applies(difference.example)
    assert _disagree(ffi, difference.example), (
        f"pactspec now agrees with the reference on {difference.name!r}: remove it from KNOWN_DIFFERENCES "
        "and from the README's Conformance section"
    )


@pytest.mark.parametrize("version", ["3", "4"])
def test_the_pinned_verdicts_are_the_references(ffi: Any, version: str) -> None:
    """tests/matching/test_json.py's table of rules on objects and arrays is what the reference says."""
    for rules, expected, actual, paths in ALL_PINNED:
        case = {"expected": {"f": expected}, "rules": {"$.f": rules}, "actual": {"f": actual}, "version": version}
        found = sorted({text.split(": ", 1)[0] for text in reference_mismatches(ffi, case)})
        assert found == sorted(paths), f"{json.dumps(case)}: the reference reports {found}"


def _reference_message(ffi: Any, message: dict[str, Any], version: str) -> Any:
    lib, handle = ffi
    if version == "v3":
        return lib.pactffi_message_new_from_json(0, json.dumps(message).encode(), lib.PactSpecification_V3)
    interaction = {**message, "type": "Asynchronous/Messages", "pending": False}
    pact = {"consumer": {"name": "c"}, "provider": {"name": "p"}, "interactions": [interaction],
            "metadata": {"pactSpecification": {"version": "4.0"}}}
    model = lib.pactffi_parse_pact_json(json.dumps(pact).encode())
    assert model != handle.NULL, message
    return lib.pactffi_pact_interaction_as_message(
        lib.pactffi_pact_interaction_iter_next(lib.pactffi_pact_model_interaction_iterator(model)))


def test_the_reference_gives_every_message_testcase_its_verdict(ffi: Any) -> None:
    """The reference agrees with all v3/v4 message testcases, so where pactspec follows it, it follows them."""
    lib, handle = ffi
    wrong = []
    root = conformance_dir() / "pact-specification"
    for version in ("v3", "v4"):
        for path in sorted((root / version / "testcases" / "message").rglob("*.json")):
            case = json.loads(path.read_text(encoding="utf-8-sig"))
            expected = _reference_message(ffi, {**case["expected"], "description": "x"}, version)
            actual = _reference_message(ffi, {**case["actual"], "description": "x"}, version)
            mismatches = lib.pactffi_match_message(expected, actual)
            iterator = lib.pactffi_mismatches_get_iter(mismatches)
            passed = lib.pactffi_mismatches_iter_next(iterator) == handle.NULL
            lib.pactffi_mismatches_iter_delete(iterator)
            lib.pactffi_mismatches_delete(mismatches)
            if passed != case["match"]:
                wrong.append(f"{version}/{path.parent.name}/{path.name}")
    assert not wrong, f"the reference disagrees with these testcases (say so where pactspec follows it): {wrong}"


# --- the FFI shortcut is the verifier's verdict


class _Provider(BaseHTTPRequestHandler):
    """Answers the verifier's message request for a description with that case's actual body."""

    protocol_version = "HTTP/1.1"
    bodies: ClassVar[dict[str, Any]] = {}

    def do_POST(self) -> None:
        request = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        body = json.dumps(self.bodies[request["description"]]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def _provider(bodies: dict[str, Any]) -> Iterator[int]:
    handler = type("Provider", (_Provider,), {"bodies": bodies})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def _verifier_failures(cases: list[Case], version: str, folder: Path) -> set[int]:
    """Indexes of the cases the Rust verifier fails, all verified in one run against a local provider."""
    interactions = []
    for index, case in enumerate(cases):
        [interaction] = _pact(case)["interactions" if version == "4" else "messages"]
        interactions.append({**interaction, "description": f"case {index}"})
    pact = {**_pact(cases[0]), ("interactions" if version == "4" else "messages"): interactions}
    pact_file, report = folder / f"v{version}.json", folder / f"v{version}-report.json"
    pact_file.write_text(json.dumps(pact))
    with _provider({f"case {i}": case["actual"] for i, case in enumerate(cases)}) as port:
        subprocess.run(
            [str(PACT if PACT.exists() else shutil.which("pact")), "verifier", "-f", str(pact_file),
             "-h", "127.0.0.1", "-p", str(port), "-n", "p", "-j", str(report)],
            capture_output=True, text=True, timeout=120, check=False, env={**os.environ, "PACT_DO_NOT_TRACK": "true"},
        )
    results = json.loads(report.read_text())["interactionResults"]
    assert len(results) == len(cases), results
    return {int(result["description"].split()[1]) for result in results if result["result"] != "OK"}


@pytest.mark.parametrize("version", ["3", "4"])
def test_the_ffi_judges_as_the_rust_verifier_does(ffi: Any, tmp_path: Path, version: str) -> None:
    """For a sample of random cases and the known differences' examples, `pact verifier` fails the same ones."""
    if not PACT.exists() and not shutil.which("pact"):
        unavailable("the Pact reference CLI is not installed: pip install 'pact-python-cli==1!0.10.9'")
    rng = random.Random(SEED + int(version))
    cases = [{**random_case(rng), "version": version} for _ in range(60)]
    cases += [{**difference.example, "version": version} for difference in KNOWN_DIFFERENCES]
    by_ffi = {index for index, case in enumerate(cases) if reference_mismatches(ffi, case)}
    assert 0 < len(by_ffi) < len(cases)
    assert _verifier_failures(cases, version, tmp_path) == by_ffi
