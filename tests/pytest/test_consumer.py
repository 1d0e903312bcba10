"""The plugin's consumer side, run the way its users run it: inner pytest sessions through ``pytester``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

# A consumer test file as a user writes it: the pact-go message example, with the message_pact fixture.
USER_EVENTS = '''
from dataclasses import dataclass, field

from pactspec import match


@dataclass
class User:
    id: int
    name: str
    lastName: str
    date: str = field(metadata={"alias": "datetime"})


def handle_user(user):
    if user.id < 0:
        raise ValueError(f"invalid user id {user.id}")


def test_a_user_event(message_pact):
    pact = message_pact("user-service", "user-events", version="4.0")
    (pact.given("User with id 127 exists", id=127)
         .expects_to_receive("a user event")
         .with_metadata({"Content-Type": "application/json"})
         .with_content({"datetime": match.regex("2020-01-01", r"[0-9\\\\-]+"), "name": match.like("Billy"),
                        "lastName": match.like("Sampson"), "id": match.integer(12)})
         .as_type(User)
         .consumed_by(handle_user)
         .verify())
'''


def _pact(path: Path) -> dict:
    return json.loads(path.read_text())


def _descriptions(path: Path) -> list[str]:
    return sorted(i["description"] for i in _pact(path)["interactions"])


class TestMessagePactFixture:
    def test_the_pact_is_written_at_session_end(self, pytester: pytest.Pytester) -> None:
        """A test using message_pact leaves its interaction in pacts/consumer-provider.json after the run."""
        pytester.makepyfile(test_users=USER_EVENTS)
        result = pytester.runpytest()
        result.assert_outcomes(passed=1)
        pact = _pact(pytester.path / "pacts" / "user-service-user-events.json")
        assert [i["description"] for i in pact["interactions"]] == ["a user event"]
        assert pact["metadata"]["pactSpecification"]["version"] == "4.0"
        result.stdout.fnmatch_lines(["*pact file written: *user-service-user-events.json"])

    def test_pact_dir_option(self, pytester: pytest.Pytester) -> None:
        """--pact-dir chooses the folder the pacts are written to."""
        pytester.makepyfile(test_users=USER_EVENTS)
        pytester.runpytest("--pact-dir", "out/contracts").assert_outcomes(passed=1)
        assert (pytester.path / "out" / "contracts" / "user-service-user-events.json").is_file()
        assert not (pytester.path / "pacts").exists()

    def test_a_failed_test_writes_nothing(self, pytester: pytest.Pytester) -> None:
        """An interaction whose test fails after verify() is not part of the contract."""
        pytester.makepyfile(test_users=USER_EVENTS + "\n    assert False, 'later failure'\n")
        pytester.runpytest().assert_outcomes(failed=1)
        assert not (pytester.path / "pacts" / "user-service-user-events.json").exists()

    def test_a_contract_the_handler_breaks_fails_the_test(self, pytester: pytest.Pytester) -> None:
        """A handler rejecting a message the contract allows fails that test, with the handler's error."""
        pytester.makepyfile(test_users=USER_EVENTS.replace("match.integer(12)", "match.integer(-3)"))
        result = pytester.runpytest()
        result.assert_outcomes(failed=1)
        result.stdout.fnmatch_lines(["*invalid user id -3*"])

    def test_merge_keeps_and_overwrite_replaces(self, pytester: pytest.Pytester) -> None:
        """--pact-write-mode merge keeps the file's other interactions; overwrite drops them."""
        pytester.makepyfile(test_users=USER_EVENTS)
        pytester.runpytest().assert_outcomes(passed=1)
        path = pytester.path / "pacts" / "user-service-user-events.json"
        renamed = USER_EVENTS.replace('"a user event"', '"a renamed user event"')
        pytester.makepyfile(test_users=renamed)
        result = pytester.runpytest()
        result.assert_outcomes(passed=1)
        assert _descriptions(path) == ["a renamed user event", "a user event"]
        result.stdout.fnmatch_lines(["*keeps 1 interaction*--pact-write-mode overwrite*"])
        pytester.runpytest("--pact-write-mode", "overwrite").assert_outcomes(passed=1)
        assert _descriptions(path) == ["a renamed user event"]

    def test_the_same_interaction_from_two_tests_is_an_error(self, pytester: pytest.Pytester) -> None:
        """Two tests writing one interaction (description and states) is an error naming the first test."""
        pytester.makepyfile(test_users=USER_EVENTS + USER_EVENTS.split("def test_a_user_event", 1)[1].join(
            ["\ndef test_again", ""]))
        result = pytester.runpytest()
        result.assert_outcomes(passed=2, errors=1)
        first = "test_users.py::test_a_user_event"
        result.stdout.fnmatch_lines([f'*the message "a user event" with these provider states is already written at {first}*'])

    def test_a_bad_timeout_is_a_usage_error(self, pytester: pytest.Pytester) -> None:
        """--pact-timeout that is no number of seconds stops the run with one sentence."""
        pytester.makepyfile(test_users=USER_EVENTS)
        result = pytester.runpytest("--pact-timeout", "soon")
        assert result.ret == pytest.ExitCode.USAGE_ERROR
        result.stderr.fnmatch_lines(["*--pact-timeout soon is not a number of seconds*"])

    def test_publish_needs_a_consumer_version(self, pytester: pytest.Pytester) -> None:
        """--pact-publish without --consumer-app-version is a usage error naming the missing option."""
        pytester.makepyfile(test_users=USER_EVENTS)
        result = pytester.runpytest("--pact-publish")
        assert result.ret == pytest.ExitCode.USAGE_ERROR
        result.stderr.fnmatch_lines(["*--pact-publish needs --consumer-app-version*"])

    def test_inert_unless_used(self, pytester: pytest.Pytester) -> None:
        """The plugin is loaded through its entry point, yet a session without message_pact writes nothing."""
        pytester.makepyfile(test_plain="def test_nothing():\n    assert True\n")
        result = pytester.runpytest()
        result.assert_outcomes(passed=1)
        result.stdout.fnmatch_lines(["plugins:*pactspec-messages*"])
        assert not (pytester.path / "pacts").exists()
        assert "= pactspec =" not in result.stdout.str()


class TestXdist:
    def test_every_workers_interactions_end_up_in_the_file(self, pytester: pytest.Pytester) -> None:
        """With -n 2, twenty tests spread over two workers leave twenty interactions, none lost, none twice."""
        tests = "\n".join(f'''
def test_event_{n}(message_pact):
    pact = message_pact("orders-ui", "orders")
    (pact.expects_to_receive("order {n} placed").with_content({{"id": match.integer({n})}})
         .consumed_by(lambda body: None).verify())
''' for n in range(20))
        pytester.makepyfile(test_orders="from pactspec import match\n" + tests)
        result = pytester.runpytest_subprocess("-n", "2", "-p", "xdist")
        result.assert_outcomes(passed=20)
        descriptions = [i["description"] for i in _pact(pytester.path / "pacts" / "orders-ui-orders.json")
                        ["interactions"]]
        assert sorted(descriptions) == sorted(f"order {n} placed" for n in range(20))
        result.stdout.fnmatch_lines(["*pact file written: *orders-ui-orders.json"])

    def test_overwrite_replaces_once_per_run_not_per_worker(self, pytester: pytest.Pytester) -> None:
        """With -n 2 and overwrite, the workers share one run: the second worker's write merges, not replaces."""
        tests = "\n".join(f'''
def test_event_{n}(message_pact):
    pact = message_pact("orders-ui", "orders")
    (pact.expects_to_receive("order {n} placed").with_content({{"id": {n}}})
         .consumed_by(lambda body: None).verify())
''' for n in range(10))
        pytester.makepyfile(test_orders=tests)
        result = pytester.runpytest_subprocess("-n", "2", "-p", "xdist", "--pact-write-mode", "overwrite")
        result.assert_outcomes(passed=10)
        assert len(_pact(pytester.path / "pacts" / "orders-ui-orders.json")["interactions"]) == 10
