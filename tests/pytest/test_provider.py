"""The plugin's provider side: one pytest test per interaction, run through ``pytester``."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest


def _message(description: str, body: dict, states: tuple[tuple[str, dict], ...] = (), pending: bool = False) -> dict:
    return {"type": "Asynchronous/Messages", "description": description, "pending": pending,
            "providerStates": [{"name": n, "params": p} for n, p in states],
            "contents": {"content": body, "contentType": "application/json", "encoded": False},
            "metadata": {"contentType": "application/json"},
            "matchingRules": {"body": {"$.id": {"combine": "AND", "matchers": [{"match": "integer"}]}}}}


PACT = {
    "consumer": {"name": "user-service"}, "provider": {"name": "user-events"},
    "interactions": [
        _message("a user event", {"id": 12, "name": "Billy"}, (("User with id 127 exists", {"id": 127}),)),
        _message("a deleted user", {"id": 12, "deleted": True}),
        _message("a renamed user", {"id": 12, "newName": "Bill"}, pending=True),
    ],
    "metadata": {"pactSpecification": {"version": "4.0"}},
}

# The provider's producers: the renamed user's event is not implemented yet (pending), the deletion is broken.
PRODUCER = '''
from pactspec import producer, provider_state

USERS = {}
LOG = []


@provider_state("User with id 127 exists")
def user_exists(id):
    USERS[id] = "Billy"
    LOG.append(f"set up {id}")
    yield {"id": id}
    del USERS[id]
    LOG.append(f"tore down {id}")


@producer("a user event")
def user_event(context):
    assert context["id"] in USERS, "the provider state was not set up"
    return {"id": context["id"], "name": USERS[context["id"]]}


@producer("a deleted user")
def deleted_user(context):
    return {"id": "12", "deleted": True}


@producer("a renamed user")
def renamed_user(context):
    return {"id": 12}
'''

TEST = '''
from pactspec.pytest import verify_interactions

test_user_events = verify_interactions("pacts", provider="user-events", app="producer")
'''

IDS = ["test_provider.py::test_user_events[user-service -> user-events: a user event [User with id 127 exists]]",
       "test_provider.py::test_user_events[user-service -> user-events: a deleted user]",
       "test_provider.py::test_user_events[user-service -> user-events: a renamed user]"]


@pytest.fixture
def provider(pytester: pytest.Pytester) -> pytest.Pytester:
    """A folder with a pact, the provider's producers and a test module verifying them."""
    (pytester.path / "pacts").mkdir()
    (pytester.path / "pacts" / "user-service-user-events.json").write_text(json.dumps(PACT))
    pytester.makepyfile(producer=PRODUCER, test_provider=TEST)
    pytester.syspathinsert()
    return pytester


class TestVerifyInteractions:
    def test_one_test_per_interaction_with_its_id(self, provider: pytest.Pytester) -> None:
        """Each interaction is a test named consumer -> provider: description [state]."""
        result = provider.runpytest("--collect-only", "-q")
        result.stdout.fnmatch_lines([line.replace("[", "[[]") for line in IDS])

    def test_outcomes_pass_fail_and_pending_xfail(self, provider: pytest.Pytester) -> None:
        """The matching interaction passes, the broken one fails, the pending broken one is an xfail."""
        result = provider.runpytest("-rxX")
        result.assert_outcomes(passed=1, failed=1, xfailed=1)
        result.stdout.fnmatch_lines(['XFAIL *a renamed user* - pending interaction: 1) 1 mismatch in "a renamed user"*'])

    def test_failure_text_is_the_pact_style_report(self, provider: pytest.Pytester) -> None:
        """A failed interaction's text is the numbered mismatch report pactspec verify prints, no traceback."""
        result = provider.runpytest("-k", "deleted")
        result.assert_outcomes(failed=1)
        result.stdout.fnmatch_lines([
            '1) 1 mismatch in "a deleted user" from consumer "user-service":',
            "  Body had differences",
            "  (1) $.id: *",
            "      expected: 12*",
            "      actual:   '12'*",
        ])
        assert "def verify" not in result.stdout.str()

    def test_states_are_set_up_and_torn_down_around_each_test(self, provider: pytest.Pytester) -> None:
        """The provider state handler runs before its interaction's producer and is torn down after it."""
        provider.makepyfile(test_zz_log='''
import producer

def test_zz_log():
    assert producer.LOG == ["set up 127", "tore down 127"]
''')
        provider.runpytest().assert_outcomes(passed=2, failed=1, xfailed=1)

    def test_k_selects_interactions(self, provider: pytest.Pytester) -> None:
        """-k on words of the id (here the provider state's) runs only the interactions it names."""
        result = provider.runpytest("-k", "exists")
        result.assert_outcomes(passed=1, deselected=2)

    def test_last_failed_reruns_only_the_failed_interaction(self, provider: pytest.Pytester) -> None:
        """--lf after a run reruns only the interaction that failed."""
        provider.runpytest("-p", "cacheprovider").assert_outcomes(passed=1, failed=1, xfailed=1)
        result = provider.runpytest("-p", "cacheprovider", "--lf", "-v")
        result.assert_outcomes(failed=1)
        result.stdout.fnmatch_lines(["run-last-failure: rerun previous 1 failure*", "*a deleted user* FAILED*"])

    def test_junit_xml_has_a_testcase_per_interaction(self, provider: pytest.Pytester) -> None:
        """pytest's --junitxml carries one testcase per interaction, named by its id."""
        provider.runpytest("--junitxml", "report.xml")
        cases = ET.parse(provider.path / "report.xml").getroot().iter("testcase")
        assert sorted(case.get("name") for case in cases) == sorted(i.split("::")[1] for i in IDS)

    def test_timeout_applies_to_producers(self, provider: pytest.Pytester) -> None:
        """--pact-timeout fails an interaction whose producer takes longer, naming the limit."""
        provider.makepyfile(producer=PRODUCER.replace('    return {"id": "12", "deleted": True}',
                                                      '    import time; time.sleep(5)'))
        result = provider.runpytest("--pact-timeout", "0.5", "-k", "deleted")
        result.assert_outcomes(failed=1)
        result.stdout.fnmatch_lines(["*a deleted user*", "*0.5*"])

    def test_a_missing_pact_folder_is_one_failing_test_saying_why(self, pytester: pytest.Pytester) -> None:
        """Pact sources that cannot be read make one failed test with the reason, not a collection traceback."""
        pytester.makepyfile(test_provider=TEST)
        result = pytester.runpytest()
        result.assert_outcomes(failed=1)
        result.stdout.fnmatch_lines(["*pacts*"])
        assert "Traceback" not in result.stdout.str()

    def test_xdist_runs_each_interaction_once(self, provider: pytest.Pytester) -> None:
        """With -n 2 the interactions are spread over the workers, each verified once."""
        result = provider.runpytest_subprocess("-n", "2", "-p", "xdist")
        result.assert_outcomes(passed=1, failed=1, xfailed=1)
