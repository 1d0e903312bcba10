"""Verification results read for the docs (pactspec.docs._results)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pactspec.docs._results import load_results, parse_results
from pactspec.errors import InputError

FIXTURES = Path(__file__).parents[1] / "fixtures" / "docs"


def _doc(**entry):
    base = {"description": "m", "key": None, "providerStates": [], "pending": False, "status": "passed",
            "mismatches": [], "errors": []}
    base.update(entry)
    return {"schema": "pactspec-verification/1", "provider": {"name": "p", "version": "2.0"},
            "verifiedAt": "2026-01-01T00:00:00Z",
            "pacts": [{"source": "x.json", "consumer": "c", "provider": "p", "interactions": [base]}]}


class TestLookup:
    def test_by_description_and_states(self):
        index = parse_results(_doc(providerStates=[{"name": "s", "params": {}}]), source="r.json")
        assert index.latest("c", "p", "m", None, ["s"]).provider_version == "2.0"
        assert index.latest("c", "p", "m", None, []) is None  # other states: another interaction
        assert index.latest("other", "p", "m", None, ["s"]) is None

    def test_by_key_when_both_have_one(self):
        """A V4 key identifies the interaction even if its description changed."""
        index = parse_results(_doc(key="k1", description="old words"), source="r.json")
        assert index.latest("c", "p", "new words", "k1", []) is not None
        assert index.latest("c", "p", "old words", "k2", []) is None

    def test_errors_and_mismatches(self):
        index = parse_results(_doc(status="error", errors=["the producer raised KeyError: 'id'"],
                                   mismatches=[{"path": "$.id", "message": "m1", "kind": "body"}]), source="r")
        doc = index.latest("c", "p", "m", None, [])
        assert doc.status == "error"
        assert doc.errors == ("the producer raised KeyError: 'id'",)
        assert [(m.path, m.message) for m in doc.mismatches] == [("$.id", "m1")]

    def test_pending_failure_shows_as_pending(self):
        index = parse_results(_doc(status="failed", pending=True), source="r")
        assert index.latest("c", "p", "m", None, []).status == "pending"

    def test_skipped_is_not_a_result(self):
        assert len(parse_results(_doc(status="skipped"), source="r")) == 0

    def test_fixture_file(self):
        index = load_results([FIXTURES / "results-user-events.json"])
        assert len(index) == 3  # four interactions, one skipped


class TestBadInput:
    def test_not_json(self, tmp_path):
        path = tmp_path / "r.json"
        path.write_text('{"pacts": [\n oops')
        with pytest.raises(InputError, match=r"r.json:2: not JSON .* `pactspec verify --json FILE`"):
            load_results([path])

    def test_missing_file(self, tmp_path):
        with pytest.raises(InputError, match="cannot read this results file"):
            load_results([tmp_path / "none.json"])

    def test_not_a_results_document(self):
        with pytest.raises(InputError, match=r"r.json: \$.pacts: expected a list of verified pacts"):
            parse_results({"consumer": {"name": "c"}, "messages": []}, source="r.json")

    def test_bad_status_names_the_json_path(self):
        with pytest.raises(InputError, match=r"\$.pacts\[0\].interactions\[0\].status: expected passed, failed"):
            parse_results(_doc(status="great"), source="r.json")

    def test_missing_description(self):
        doc = _doc()
        del doc["pacts"][0]["interactions"][0]["description"]
        with pytest.raises(InputError, match=r"interactions\[0\].description"):
            parse_results(json.loads(json.dumps(doc)), source="r.json")
