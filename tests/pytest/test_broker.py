"""The plugin with the Pact Broker client: --pact-publish, and verify_interactions on the pacts a broker selects."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pactspec.broker import Broker
from tests.fake_broker import FakeBroker
from tests.pytest.test_consumer import USER_EVENTS
from tests.pytest.test_provider import PRODUCER


@pytest.fixture()
def fake() -> Iterator[FakeBroker]:
    with FakeBroker() as broker:
        yield broker


def test_pact_publish_sends_the_written_pacts(fake: FakeBroker, pytester: pytest.Pytester) -> None:
    """--pact-publish, even under -n 2, publishes the session's pacts once for the consumer version given."""
    pytester.makepyfile(test_users=USER_EVENTS, test_more=USER_EVENTS.replace('"a user event"', '"another event"'))
    result = pytester.runpytest_subprocess("-n", "2", "-p", "xdist", "--pact-publish", "--consumer-app-version",
                                           "1.0.0", "--branch", "main", "--broker-url", fake.url)
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*pacts published for consumer version 1.0.0*"])
    with Broker(fake.url, retries=0) as broker:
        [pact] = broker.pacts_for_verification("user-events")
    assert sorted(i["description"] for i in pact.content["interactions"]) == ["a user event", "another event"]


def test_an_unreachable_broker_fails_the_session_in_one_sentence(pytester: pytest.Pytester) -> None:
    """A publish that cannot reach the broker makes the run fail, with the reason in the pactspec section."""
    pytester.makepyfile(test_users=USER_EVENTS)
    result = pytester.runpytest("--pact-publish", "--consumer-app-version", "1.0.0", "--broker-url",
                                "http://127.0.0.1:9")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["publishing the pacts failed: *"])
    assert "Traceback" not in result.stdout.str()


def _provider_tests(fake: FakeBroker, pytester: pytest.Pytester, more: str = "") -> None:
    """Publish the consumer's pact to the fake broker, then leave only a provider test verifying from it."""
    pytester.makepyfile(test_users=USER_EVENTS)
    pytester.runpytest("--pact-publish", "--consumer-app-version", "1.0.0", "--branch", "main",
                       "--broker-url", fake.url).assert_outcomes(passed=1)
    (pytester.path / "test_users.py").unlink()
    pytester.makepyfile(producer=PRODUCER, test_provider=f'''
from pactspec.pytest import verify_interactions

test_from_broker = verify_interactions(provider="user-events", app="producer", broker_url={fake.url!r},
                                       selectors=[{{"mainBranch": True}}]{more})
''')
    pytester.syspathinsert()


def test_verify_interactions_from_the_broker(fake: FakeBroker, pytester: pytest.Pytester) -> None:
    """With broker_url and selectors, each interaction of the selected pacts is a test of its own."""
    _provider_tests(fake, pytester)
    result = pytester.runpytest("-v")
    result.assert_outcomes(failed=1)  # PRODUCER's "a user event" lacks lastName and datetime
    test_id = "test_from_broker[[]user-service -> user-events: a user event [[]User with id 127 exists]]"
    result.stdout.fnmatch_lines([f"*{test_id} FAILED*", "*Body had differences*"])


def test_a_pending_pact_from_the_broker_is_an_xfail(fake: FakeBroker, pytester: pytest.Pytester) -> None:
    """With enable_pending, a pact the provider branch never verified fails as an xfail, with the report."""
    _provider_tests(fake, pytester, ', enable_pending=True, provider_branch="main"')
    result = pytester.runpytest("-rx")
    result.assert_outcomes(xfailed=1)
    result.stdout.fnmatch_lines(["XFAIL *a user event* - pending interaction: 1) *"])
