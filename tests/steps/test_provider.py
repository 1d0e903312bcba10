"""The provider steps in a real behave run, as a user's project would use them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

APP = '''
from pactspec.provider._registry import producer, provider_state

@provider_state("User 127 exists")
def user(id):
    yield {"id": id}

@producer("a user event")
def user_event(context):
    return {"id": context["id"], "name": "Ann"}

@producer("a broken user event")
def broken():
    return {"id": "127", "name": "Ann"}
'''

FEATURE = '''
Feature: verification
  Scenario: user-events honours its contracts
    Given the pacts for provider "user-events" in "pacts/"
    And the producers in "steps_app"
    And the provider version "3.1.0"
    And only the interactions described as "^a user event$"
    When the pacts are verified
    Then every interaction passes

  Scenario: a broken producer is caught
    Given the pacts for provider "user-events" in "pacts/"
    And the producers in "steps_app"
    And only the interactions described as "broken"
    When the pacts are verified
    Then the verification fails
    And the verification report says:
      """
      (1) $.id: Expected '127' (String) to be an integer
      """
'''

FAILING_FEATURE = '''
Feature: verification that fails
  Scenario: every interaction must pass
    Given the pacts for provider "user-events" in "pacts/"
    And the producers in "steps_app"
    When the pacts are verified
    Then every interaction passes
'''


def make_project(root: Path, feature: str) -> None:
    (root / "features" / "steps").mkdir(parents=True)
    (root / "features" / "steps" / "pactspec_steps.py").write_text("from pactspec.steps import *  # noqa\n")
    (root / "features" / "verification.feature").write_text(feature)
    (root / "steps_app.py").write_text(APP)
    (root / "pacts").mkdir()
    rules = {"body": {"$.id": {"combine": "AND", "matchers": [{"match": "integer"}]}}}
    interactions = [
        {"type": "Asynchronous/Messages", "description": description,
         "providerStates": [{"name": "User 127 exists", "params": {"id": 127}}],
         "contents": {"content": {"id": 1, "name": "Ann"}, "contentType": "application/json", "encoded": False},
         "matchingRules": rules}
        for description in ("a user event", "a broken user event")
    ]
    (root / "pacts" / "orders-user-events.json").write_text(json.dumps({
        "consumer": {"name": "orders"}, "provider": {"name": "user-events"}, "interactions": interactions,
        "metadata": {"pactSpecification": {"version": "4.0"}}}))


def behave(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), str(REPO)])}
    return subprocess.run([sys.executable, "-m", "behave", "--no-capture", "--format", "plain", *args, "features"],
                          cwd=root, capture_output=True, text=True, env=env, timeout=120, check=False)


def test_verification_scenarios_pass(tmp_path: Path) -> None:
    """Passing verification and an expected failure with its report text both pass as scenarios."""
    make_project(tmp_path, FEATURE)
    done = behave(tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 scenarios passed, 0 failed" in done.stdout + done.stderr


def test_a_failing_verification_fails_the_step_with_the_report(tmp_path: Path) -> None:
    make_project(tmp_path, FAILING_FEATURE)
    done = behave(tmp_path)
    output = done.stdout + done.stderr
    assert done.returncode == 1
    assert "1 mismatch in \"a broken user event\" from consumer \"orders\"" in output
    assert "(1) $.id: Expected '127' (String) to be an integer" in output
    assert "Traceback" not in output


def test_quiet_leaves_the_passing_interactions_out_of_the_failed_step(tmp_path: Path) -> None:
    """-D quiet=true: the failed step shows the failures and the summary, not a line per passing interaction."""
    make_project(tmp_path, FAILING_FEATURE)
    loud, quiet = behave(tmp_path), behave(tmp_path, "-D", "quiet=true")
    assert loud.returncode == quiet.returncode == 1
    assert "  ok      a user event" in loud.stdout + loud.stderr
    output = quiet.stdout + quiet.stderr
    assert "(1) $.id: Expected '127' (String) to be an integer" in output
    assert "FAILED: 1 passed, 1 failed" in output
    assert "  ok      a user event" not in output and "Verifying provider" not in output


PROVIDER_FAILURES = {
    "no producers": (
        ['Given the pacts for provider "user-events" in "pacts/"', "When the pacts are verified"],
        'nothing to verify against: give "And the producers in \\"<module>\\""',
    ),
    "app that does not import": (
        ['Given the pacts for provider "user-events" in "pacts/"', 'And the producers in "no_such_app"',
         "When the pacts are verified"],
        "no_such_app",
    ),
    "missing pact folder": (
        ['Given the pacts for provider "user-events" in "no-such-pacts/"', 'And the producers in "steps_app"',
         "When the pacts are verified"],
        "no-such-pacts",
    ),
    "state URL without a message proxy": (
        ['Given the pacts for provider "user-events" in "pacts/"', 'And the producers in "steps_app"',
         'And the provider state URL "http://127.0.0.1:1/state"', "When the pacts are verified"],
        "the provider state URL needs the message proxy URL",
    ),
    "message proxy that is not http": (
        ['Given the pacts for provider "user-events" in "pacts/"', 'And the message proxy at "ftp://x"',
         "When the pacts are verified"],
        "the message proxy URL 'ftp://x' is not an http(s) URL",
    ),
    "state filters that exclude each other": (
        ['Given the pacts for provider "user-events" in "pacts/"', 'And the producers in "steps_app"',
         'And only the interactions with provider state "User 127 exists"',
         "And only the interactions without provider state", "When the pacts are verified"],
        "exclude each other; keep one",
    ),
    "no producers, with the step to add": (
        ['Given the pacts for provider "user-events" in "pacts/"', "When the pacts are verified"],
        'or the message proxy URL (add "And the message proxy at \\"<url>\\"")',
    ),
    "check before verifying": (
        ['Given the pacts for provider "user-events" in "pacts/"', "Then every interaction passes"],
        'add "When the pacts are verified" before this step',
    ),
}


@pytest.mark.parametrize("case", sorted(PROVIDER_FAILURES))
def test_bad_input_fails_the_step_with_one_sentence_and_no_traceback(tmp_path: Path, case: str) -> None:
    """Unusable setup (no producers, an app that won't import, a missing pact folder) is one failed step."""
    steps, sentence = PROVIDER_FAILURES[case]
    make_project(tmp_path, "\n".join(["Feature: provider trouble", f"  Scenario: {case}", *(f"    {s}" for s in steps)])
                 + "\n")
    done = behave(tmp_path)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "Traceback" not in output
    assert ", 1 failed, " in output.splitlines()[-2], output
    failures = [line for line in output.splitlines() if line.startswith("ASSERT FAILED: ")]
    assert len(failures) == 1 and sentence in failures[0], output


MALFORMED_PACT_FEATURE = '''
Feature: provider trouble
  Scenario: malformed pact
    Given the pacts for provider "user-events" in "broken-pacts/"
    And the producers in "steps_app"
    When the pacts are verified
    Then every interaction passes
'''


def test_a_malformed_pact_is_one_numbered_problem_of_the_report(tmp_path: Path) -> None:
    """The verifier reads every pact it can; a broken one is a problem line in the failed step's report."""
    make_project(tmp_path, MALFORMED_PACT_FEATURE)
    (tmp_path / "broken-pacts").mkdir()
    (tmp_path / "broken-pacts" / "broken.json").write_text('{"consumer": {"name": "orders"}, "interactions": [')
    done = behave(tmp_path)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "Traceback" not in output
    assert "1) broken-pacts/broken.json:1: is not valid JSON" in output, output
    assert "FAILED: 0 passed, 0 failed, 1 problem" in output, output


AGGREGATOR_FEATURE = '''
Feature: verification through an aggregator module
  Scenario: the support module imports the producers
    Given the pacts for provider "user-events" in "pacts/"
    And the producers in "provider_support"
    And only the interactions described as "^a user event$"
    When the pacts are verified
    Then every interaction passes

  Scenario: a producer that never returns
    Given the pacts for provider "user-events" in "pacts/"
    And the producers in "stuck_app"
    When the pacts are verified
    Then the verification fails
    And the verification report says:
      """
      did not return within 0.5 s
      """
'''


def test_an_aggregator_module_and_a_timeout(tmp_path: Path) -> None:
    """"the producers in" an aggregator module find what it imports; -D timeout=0.5 fails a stuck producer."""
    make_project(tmp_path, AGGREGATOR_FEATURE)
    (tmp_path / "provider_support.py").write_text("import steps_app  # registers the producers\n")
    (tmp_path / "stuck_app.py").write_text(
        "import threading\n\nfrom pactspec import producer, provider_state\n\n"
        "@provider_state('User 127 exists')\ndef user(id):\n    return {'id': id}\n\n"
        "@producer('a user event')\ndef stuck(context):\n    threading.Event().wait()\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(REPO)])}
    done = subprocess.run([sys.executable, "-m", "behave", "--no-capture", "--format", "plain", "-D", "timeout=0.5",
                           "features"], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120,
                          check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "2 scenarios passed, 0 failed" in output
