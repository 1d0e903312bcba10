"""The referee: pact-specification testcases (v3, v4) give their verdicts through our engine.

Message cases go through ``match_message`` unchanged. HTTP request/response body cases go through
the same body engine (``match_body``): their ``body`` (V3: the body itself; V4: ``{contentType,
encoded, content}``), the content type from the ``Content-Type`` header, and the ``body`` rules;
requests forbid unexpected keys, responses allow them, as the specification says.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from pactspec.matching._message import (
    contents_from_message_json,
    match_body,
    match_message,
)
from pactspec.model import NO_BODY
from tests.conformance import REPO, conformance_dir

SPEC = Path("pact-specification")


def _case_files(folder: str) -> list[Any]:
    root = REPO.parent / "shared" / "conformance"
    try:
        root = conformance_dir()
    except pytest.fail.Exception:  # collection must not fail; the test itself reports the missing folder
        return [pytest.param(None, id=f"{folder}: conformance material missing")]
    params = []
    for version in ("v3", "v4"):
        for path in sorted((root / SPEC / version / "testcases" / folder).glob("*.json")):
            params.append(pytest.param(path, id=f"{version}/{folder}/{path.name}"))
    return params


def _load(path: Path | None) -> dict[str, Any]:
    if path is None:
        conformance_dir()  # fails with the clear message
        raise AssertionError("unreachable")
    return json.loads(path.read_text(encoding="utf-8-sig"))


def _verdict(case: Mapping[str, Any], mismatches: list[Any]) -> None:
    wanted = case["match"]
    assert (not mismatches) == wanted, (
        f"{case['comment']}: expected {'a match' if wanted else 'a mismatch'}, got "
        + ("a match" if not mismatches else "; ".join(str(m) for m in mismatches))
    )


@pytest.mark.parametrize("path", _case_files("message/body"))
def test_message_body_case(path: Path | None) -> None:
    """Every v3/v4 message/body case gives the specification's verdict through match_message."""
    case = _load(path)
    _verdict(case, match_message(case["expected"], case["actual"]))


def _http_body(part: Mapping[str, Any]) -> tuple[Any, str | None]:
    headers = {str(k).lower(): v for k, v in (part.get("headers") or {}).items()}
    content_type = headers.get("content-type")
    if "body" not in part:
        return NO_BODY, content_type
    body = part["body"]
    if (
        isinstance(body, Mapping)
        and {"content", "contentType"} & set(body)
        and set(body) <= {"content", "contentType", "encoded", "contentTypeHint"}
    ):
        contents = contents_from_message_json({"contents": body})
        return contents.body, contents.content_type or content_type
    return body, content_type


def _http_rules(part: Mapping[str, Any]) -> Mapping[str, Any]:
    rules = part.get("matchingRules") or {}
    return rules.get("body") or rules.get("content") or {}


# Cases where the HTTP shape carries semantics beyond the body engine, with the reason.
_HTTP_SKIPS: dict[str, str] = {}


@pytest.mark.parametrize("path", _case_files("request/body") + _case_files("response/body"))
def test_http_body_case(path: Path | None) -> None:
    """Every v3/v4 request/response body case gives the specification's verdict through match_body."""
    case = _load(path)
    assert path is not None
    if path.name in _HTTP_SKIPS:
        pytest.skip(_HTTP_SKIPS[path.name])
    expected_body, expected_type = _http_body(case["expected"])
    actual_body, actual_type = _http_body(case["actual"])
    is_request = path.parent.parent.name == "request"
    mismatches = match_body(
        expected_body,
        actual_body,
        _http_rules(case["expected"]),
        expected_type or actual_type,
        allow_unexpected_keys=not is_request,
    )
    _verdict(case, mismatches)


@pytest.mark.parametrize(("folders", "count"), [(("message/body",), 62), (("request/body", "response/body"), 298)])
def test_every_case_is_collected(folders: tuple[str, ...], count: int) -> None:
    """The v3+v4 case folders hold the known number of cases, so an empty or moved glob fails."""
    conformance_dir()  # fails (or skips) with the clear message when the material is missing
    found = [p for folder in folders for p in _case_files(folder) if p.values[0] is not None]
    assert len(found) == count, f"{'+'.join(folders)}: expected {count} cases (v3+v4), collected {len(found)}"
