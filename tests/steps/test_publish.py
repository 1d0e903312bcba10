"""Publishing after a consumer run (``steps/_publish.py``): ``-D publish=true`` sends the run's pact files."""

from __future__ import annotations

from pathlib import Path

from tests.fake_broker import FakeBroker
from tests.steps.test_broker import _consumer, behave


def test_a_consumer_run_publishes_with_publish_true(fake: FakeBroker, tmp_path: Path) -> None:
    """-D publish=true: after the run, the written pact is published with the version, branch and tags given."""
    done = behave(_consumer(tmp_path), "-D", "publish=true", "-D", f"broker_url={fake.url}",
                  "-D", "consumer_app_version=1.0.0", "-D", "branch=main", "-D", "tags=dev,ci")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Pact successfully published for user-service version 1.0.0 and provider user-events." in done.stdout
    [publication] = fake.publications
    assert (publication.consumer, publication.provider) == ("user-service", "user-events")
    version = fake.versions[("user-service", "1.0.0")]
    assert (version.branches, version.tags) == (["main"], ["dev", "ci"])


def test_publish_without_a_version_fails_the_run_in_one_sentence(fake: FakeBroker, tmp_path: Path) -> None:
    """No consumer version: the run fails saying how to give it; nothing is published."""
    done = behave(_consumer(tmp_path), "-D", "publish=true", "-D", f"broker_url={fake.url}")
    assert done.returncode != 0
    assert "-D publish=true needs the consumer version" in done.stdout + done.stderr
    assert fake.publications == []


def test_without_publish_nothing_is_published(fake: FakeBroker, tmp_path: Path) -> None:
    """Publishing is opt-in."""
    done = behave(_consumer(tmp_path), "-D", f"broker_url={fake.url}", "-D", "consumer_app_version=1")
    assert done.returncode == 0, done.stdout + done.stderr
    assert fake.publications == []
