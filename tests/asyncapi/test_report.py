"""pactspec.asyncapi._report: the console text and the check as verify's result (for its JUnit/JSON reports)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pactspec.asyncapi import check_pacts, format_checks, to_verification_result
from pactspec.report import to_json
from tests.asyncapi.support import FIXTURES, USER, message, write_pact

STARTED = dt.datetime(2026, 12, 6, 0, 0, tzinfo=dt.UTC)


def _checks(tmp_path: Path) -> list:
    pact = write_pact(tmp_path, "p", [message("good", USER), message("bad", {**USER, "id": "x", "x": 1}),
                                      message("unknown", USER, "nope")])
    return check_pacts([pact], FIXTURES / "users-kafka.yaml")


def test_a_line_per_interaction_and_its_causes(tmp_path: Path) -> None:
    """Each interaction is one line with its code; causes follow it, one a line; the verdict counts them."""
    lines = format_checks(_checks(tmp_path), "users-kafka.yaml", 0.5).splitlines()
    assert lines[1] == "  ok      good -> onUserSignedUp: message.matched [root].components.messages.UserSignedUp"
    assert lines[2] == "  FAILED  bad -> onUserSignedUp: message.no.match [root].interactions[1]"
    assert [line.split(" at ")[0].strip() for line in lines[3:5]] == ["message.payload.incompatible"] * 2
    assert lines[5:7] == [("  FAILED  unknown -> nope: message.operation.unknown "
                          "[root].interactions[2].comments.references.AsyncAPI.operationId"),
                          "          Operation not defined in AsyncAPI spec: nope"]
    assert lines[-1] == "FAILED: 1 passed, 2 failed in 0.50s"


def test_as_verify_result(tmp_path: Path) -> None:
    """A failed interaction's mismatches are its causes (or its one error), a passed one has none."""
    report = to_json(to_verification_result(_checks(tmp_path), STARTED, 0.5))
    items = report["pacts"][0]["interactions"]
    assert [i["status"] for i in items] == ["passed", "failed", "failed"]
    assert sorted(m["path"] for m in items[1]["mismatches"]) == [
        "[root].interactions[1].contents.content", "[root].interactions[1].contents.content.id"]
    assert [m["message"].split(":")[0] for m in items[2]["mismatches"]] == ["message.operation.unknown"]
    assert report["success"] is False
