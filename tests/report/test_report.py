"""Reports: console text with numbered mismatches, JUnit XML, and the JSON document's schema."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest

from pactspec.mismatch import Mismatch
from pactspec.model import ProviderState
from pactspec.provider._results import (
    InteractionResult,
    PactResult,
    Problem,
    VerificationResult,
)
from pactspec.report._report import (
    SCHEMA,
    format_console,
    format_failure,
    mismatch_summary,
    to_json,
    to_junit,
    write_json,
    write_junit,
    write_reports,
)
from pactspec.sources import scenario_location

STARTED = dt.datetime(2026, 11, 25, 13, 45, 0, tzinfo=dt.UTC)


def result(*interactions: InteractionResult, problems: tuple[Problem, ...] = ()) -> VerificationResult:
    pact = PactResult("pacts/orders-user-events.json", "orders", "user-events", "4.0", interactions)
    return VerificationResult("user-events", "1.4.0", STARTED, 0.25, (pact,), problems)


PASSED = InteractionResult("a user created event", "Asynchronous/Messages", "passed",
                           (ProviderState("User 127 exists", {"id": 127}),), key="k1", duration=0.01)
FAILED = InteractionResult(
    "a user deleted event", "Asynchronous/Messages", "failed", (ProviderState("User 127 exists"),),
    comments={"testname": "features/users.feature:12 A deleted user", "text": ["deletions are soft"]},
    mismatches=(Mismatch("$.id", 127, "127", "Expected '127' (String) to be an integer"),
                Mismatch("$.reason", "gone", None, "Expected null (Null) to be equal to 'gone' (String)")),
    duration=0.02)
ERRORED = InteractionResult("an order event", "Asynchronous/Messages", "error",
                            errors=("the producer of 'an order event' raised ValueError: boom",))
PENDING = InteractionResult("a future event", "Asynchronous/Messages", "failed", pending=True,
                            mismatches=(Mismatch("$.x", 1, 2, "Expected 2 (Integer) to be equal to 1 (Integer)"),))


class TestConsole:
    def test_the_full_report(self) -> None:
        """Numbered failures with description, scenario, consumer, states, path, expected and actual."""
        text = format_console(result(PASSED, FAILED, ERRORED, PENDING))
        assert text == '''\
Verifying provider "user-events" version 1.4.0: 4 interactions in 1 pact file

orders -> user-events  (pacts/orders-user-events.json)
  ok      a user created event  [provider state "User 127 exists" {"id": 127}]
  FAILED  a user deleted event  [provider state "User 127 exists"]
          # deletions are soft
          # test: features/users.feature:12 A deleted user
  ERROR   an order event
  FAILED  a future event  (pending)

Failures:

1) 2 mismatches in "a user deleted event" (features/users.feature:12) from consumer "orders", \
provider state "User 127 exists":
  Body had differences
  (1) $.id: Expected '127' (String) to be an integer
      expected: 127 (Integer)
      actual:   '127' (String)
  (2) $.reason: Expected null (Null) to be equal to 'gone' (String)
      expected: 'gone' (String)
      actual:   null (Null)

2) 1 error in "an order event" from consumer "orders":
  - the producer of 'an order event' raised ValueError: boom

3) 1 mismatch in "a future event" from consumer "orders" [pending: does not fail the run]:
  Body had differences
  (1) $.x: Expected 2 (Integer) to be equal to 1 (Integer)
      expected: 1 (Integer)
      actual:   2 (Integer)

FAILED: 1 passed, 2 failed, 1 pending failed (not counted) in 0.25s
'''

    def test_all_passing(self) -> None:
        text = format_console(result(PASSED))
        assert "Failures:" not in text
        assert text.endswith("OK: 1 passed, 0 failed in 0.25s\n")

    @pytest.mark.parametrize(("seconds", "text"), [(12.3456, "12.35s"), (0.25, "0.25s"), (0.1, "0.10s"),
                                                   (0.0423, "42ms"), (0.00346, "3.5ms"), (0.00001, "<0.1ms")])
    def test_short_runs_are_timed_in_milliseconds(self, seconds: float, text: str) -> None:
        """A run under a tenth of a second reads in ms, never as 0.00s."""
        assert format_console(replace(result(PASSED), duration=seconds)).endswith(f" in {text}\n")

    def test_problems_are_numbered_first(self) -> None:
        text = format_console(result(FAILED, problems=(Problem("pacts/bad.json", "not JSON"),)))
        assert "1) pacts/bad.json: not JSON" in text
        assert '2) 2 mismatches in "a user deleted event"' in text
        assert text.endswith("FAILED: 0 passed, 1 failed, 1 problem in 0.25s\n")

    def test_a_problem_that_names_its_source_is_not_prefixed_twice(self) -> None:
        text = format_console(result(problems=(Problem("pacts/bad.json", "pacts/bad.json:2: is not JSON"),)))
        assert "1) pacts/bad.json:2: is not JSON\n" in text


class TestFormatFailure:
    def test_one_failure_is_its_block_of_the_console_report(self) -> None:
        """format_failure gives exactly the lines the console report lists for that failure."""
        pact = result(FAILED).pacts[0]
        text = format_failure(pact, FAILED)
        assert text.startswith('1) 2 mismatches in "a user deleted event"')
        assert text in format_console(result(FAILED))

    def test_errors_and_a_pending_interaction_say_so(self) -> None:
        """An errored interaction lists its errors; a pending one says it does not fail the run."""
        assert "  - the producer of 'an order event' raised ValueError: boom" in format_failure(
            result(ERRORED).pacts[0], ERRORED, 3).splitlines()
        assert "[pending: does not fail the run]" in format_failure(result(PENDING).pacts[0], PENDING)


class TestMismatchSummary:
    @pytest.mark.parametrize(("kinds", "expected"), [
        (["body"], ["Body had differences"]),
        (["content-type"], ["Body had differences"]),
        (["body", "content-type", "body"], ["Body had differences"]),
        (["metadata"], ["Metadata had differences"]),
        (["header"], ["Headers had differences"]),
        (["status"], ["Response status did not match"]),
        (["metadata", "body", "metadata"], ["Metadata had differences", "Body had differences"]),
        (["status", "header", "body"],
         ["Response status did not match", "Headers had differences", "Body had differences"]),
        ([], []),
    ])
    def test_one_heading_per_kind_in_order_of_first_appearance(self, kinds: list, expected: list) -> None:
        """The Pact verifiers' heading for each kind of mismatch, each once, first seen first."""
        assert mismatch_summary(Mismatch("$", 1, 2, "differs", kind=k) for k in kinds) == expected

    def test_the_console_gives_each_heading_before_the_numbered_list(self) -> None:
        """A body and a metadata mismatch: both headings, then (1) and (2)."""
        item = InteractionResult("e", "Asynchronous/Messages", "failed", mismatches=(
            Mismatch("$.id", 1, 2, "Expected 2 (Integer) to be equal to 1 (Integer)"),
            Mismatch("topic", "a", "b", "Expected 'b' to be equal to 'a'", kind="metadata")))
        text = format_console(result(item))
        block = text[text.index('1) 2 mismatches in "e"'):].splitlines()
        assert block[1:4] == ["  Body had differences", "  Metadata had differences",
                              "  (1) $.id: Expected 2 (Integer) to be equal to 1 (Integer)"]

    def test_errors_alone_have_no_heading(self) -> None:
        """An interaction that failed with an error, not a mismatch, gets no "had differences" line."""
        assert "had differences" not in format_console(result(ERRORED))


class TestScenarioLocation:
    @pytest.mark.parametrize(("comments", "expected"), [
        ({"testname": "Users: A user", "text": ["source: features/my users.feature:12", "x"]},
         "features/my users.feature:12"),
        ({"text": ["source: contracts/users.yaml:7"]}, "contracts/users.yaml:7"),
        ({"testname": "features/users.feature:12 A user"}, "features/users.feature:12"),
        ({"text": ["Scenario: A user (features/a b/x.feature:3)"]}, "features/a b/x.feature:3"),
        ({"text": ["written by features/x.feature:3"]}, "features/x.feature:3"),
        ({"pactspec": {"scenario": {"file": "f", "location": "features/o.feature:40"}}}, "features/o.feature:40"),
        ({}, None),
        ({"text": ["no location here"]}, None),
    ])
    def test_finds_the_first_feature_location(self, comments: dict, expected: str | None) -> None:
        assert scenario_location(comments) == expected


class TestJson:
    def test_schema(self, tmp_path: Path) -> None:
        """The document the docs helper reads: provider, time, summary, per-interaction outcome."""
        path = tmp_path / "report.json"
        write_json(result(PASSED, FAILED, ERRORED, PENDING), path)
        data = json.loads(path.read_text())
        assert data["schema"] == SCHEMA
        assert data["provider"] == {"name": "user-events", "version": "1.4.0"}
        assert data["verifiedAt"] == "2026-11-25T13:45:00Z"
        assert data["success"] is False
        assert data["summary"] == {"interactions": 4, "passed": 1, "failed": 2, "errors": 1, "skipped": 0,
                                   "pending": 1}
        [pact] = data["pacts"]
        assert (pact["consumer"], pact["provider"], pact["specification"]) == ("orders", "user-events", "4.0")
        first, second, third, _ = pact["interactions"]
        assert first["providerStates"] == [{"name": "User 127 exists", "params": {"id": 127}}]
        assert first["status"] == "passed" and first["key"] == "k1"
        assert second["scenario"] == "features/users.feature:12"
        assert second["mismatches"][0] == {"path": "$.id", "kind": "body",
                                           "message": "Expected '127' (String) to be an integer",
                                           "expected": 127, "actual": "127"}
        assert third["errors"] == ["the producer of 'an order event' raised ValueError: boom"]
        assert (first["summary"], second["summary"], third["summary"]) == ([], ["Body had differences"], [])

    def test_the_summary_of_a_pending_interaction(self) -> None:
        """A pending interaction's headings are listed too, though it does not fail the run."""
        item = InteractionResult("p", "Asynchronous/Messages", "failed", pending=True, mismatches=(
            Mismatch("contentType", "a/b", "c/d", "differs", kind="metadata"),
            Mismatch("$", "x", "y", "differs", kind="content-type")))
        interaction = to_json(result(item))["pacts"][0]["interactions"][0]
        assert interaction["summary"] == ["Metadata had differences", "Body had differences"]

    def test_bytes_become_base64(self) -> None:
        item = InteractionResult("bin", "Asynchronous/Messages", "failed",
                                 mismatches=(Mismatch("$", b"\x00\x01", b"\x02", "differs"),))
        mismatch = to_json(result(item))["pacts"][0]["interactions"][0]["mismatches"][0]
        assert (mismatch["expected"], mismatch["actual"]) == ("AAE=", "Ag==")


class TestJunit:
    def test_one_testcase_per_interaction(self, tmp_path: Path) -> None:
        path = tmp_path / "junit.xml"
        write_junit(result(PASSED, FAILED, ERRORED, PENDING), path)
        root = ET.parse(path).getroot()
        assert root.tag == "testsuites"
        assert (root.get("tests"), root.get("failures"), root.get("errors"), root.get("skipped")) == ("4", "1", "1", "1")
        [suite] = root
        cases = {case.get("name"): case for case in suite}
        assert set(cases) == {'a user created event [provider state "User 127 exists" {"id": 127}]',
                              'a user deleted event [provider state "User 127 exists"]',
                              "an order event", "a future event"}
        failed = cases['a user deleted event [provider state "User 127 exists"]']
        assert failed.find("failure").get("message") == "$.id: Expected '127' (String) to be an integer"
        assert (failed.get("file"), failed.get("line")) == ("features/users.feature", "12")
        assert cases["an order event"].find("error") is not None
        assert cases["a future event"].find("skipped") is not None

    def test_problems_are_errors(self) -> None:
        root = ET.fromstring(to_junit(result(problems=(Problem("pacts/bad.json", "not JSON"),))))
        assert root.get("errors") == "1"
        assert root.find("testsuite/testcase/error").get("message") == "not JSON"


class TestWriteReports:
    def test_writes_the_reports_asked_for_creating_their_folders(self, tmp_path: Path) -> None:
        outcome = result(PASSED)
        write_reports(outcome, junit=tmp_path / "a" / "junit.xml", json=tmp_path / "b" / "report.json")
        assert ET.parse(tmp_path / "a" / "junit.xml").getroot().tag == "testsuites"
        assert json.loads((tmp_path / "b" / "report.json").read_text())["summary"]["passed"] == 1
        write_reports(outcome)  # nothing asked, nothing written, no error

    def test_an_unwritable_path_is_one_sentence(self, tmp_path: Path) -> None:
        from pactspec.errors import ConfigurationError

        (tmp_path / "file").write_text("x")
        with pytest.raises(ConfigurationError, match=r"cannot write the report .*junit.xml: .*; give a path in a "
                                                     r"writable folder"):
            write_reports(result(), junit=tmp_path / "file" / "junit.xml")


def test_the_asyncapi_operation_is_shown_under_its_interaction() -> None:
    """comments.references.AsyncAPI reads as "AsyncAPI operation: X" in the console, not as raw JSON."""
    item = InteractionResult("a user signed up", "Asynchronous/Messages", "passed",
                             comments={"references": {"AsyncAPI": {"operationId": "onUserSignedUp"},
                                                      "OpenAPI": {"operationId": "getUser"}}})
    text = format_console(result(item))
    assert "          # AsyncAPI operation: onUserSignedUp\n" in text
    assert '          # OpenAPI reference: {"operationId": "getUser"}\n' in text
