"""The Pact Broker in behave runs: the provider verifies from it and gates deployments (publishing: test_publish)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.fake_broker import FakeBroker, Result
from tests.steps.test_consumer import BACKGROUND, USER_EXAMPLE, project

REPO = Path(__file__).resolve().parents[2]
PRODUCER = '''
from pactspec import Message
from pactspec.provider import producer, provider_state

@provider_state("User with id 127 exists")
def user(id):
    yield {"id": id}

@producer("a user event")
def user_event(context):
    return Message({"datetime": "2021-02-03", "name": "Ann", "lastName": "Lee", "id": ID},
                   metadata={"topic": "users.v1", "Content-Type": "application/json"})
'''
PROVIDER_FEATURE = '''
Feature: user-events honours the pacts on the Pact Broker
  Scenario: verify from the broker and publish the results
    Given the pacts for provider "user-events" from the Pact Broker at "URL"
    And the consumer version selectors:
      """
      [{"mainBranch": true}]
      """
    And pending pacts are enabled
    And the provider branch "main"
    And the provider version "2.0.0"
    And the producers in "producer"
    And the verification results are published
    When the pacts are verified
    Then every interaction passes
'''


def behave(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PACT_BROKER_")}
    env.update({"PYTHONPATH": os.pathsep.join([str(folder), str(REPO)]), "PACT_DO_NOT_TRACK": "true"})
    return subprocess.run([sys.executable, "-m", "behave", "--no-capture", "--format", "plain", "--no-color",
                           "--no-timings", *args, "features"], check=False, cwd=folder, env=env, capture_output=True,
                          text=True, timeout=120)


def _consumer(tmp_path: Path) -> Path:
    return project(tmp_path / "consumer", {"users.feature": "Feature: User events\n" + BACKGROUND + USER_EXAMPLE})


def _provider(tmp_path: Path, fake: FakeBroker, user_id: object = 12) -> Path:
    root = tmp_path / "provider"
    (root / "features" / "steps").mkdir(parents=True)
    (root / "features" / "steps" / "pactspec_steps.py").write_text("from pactspec.steps import *\n")
    (root / "features" / "verify.feature").write_text(textwrap.dedent(PROVIDER_FEATURE.replace("URL", fake.url)))
    (root / "producer.py").write_text(PRODUCER.replace("ID", repr(user_id)))
    return root


def test_the_provider_steps_verify_from_the_broker_and_publish(fake: FakeBroker, tmp_path: Path) -> None:
    """Consumer publishes, the provider's scenario verifies from the broker and publishes a success."""
    assert behave(_consumer(tmp_path), "-D", "publish=true", "-D", f"broker_url={fake.url}",
                  "-D", "consumer_app_version=1.0.0", "-D", "branch=main").returncode == 0
    done = behave(_provider(tmp_path, fake))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "is being verified because" in done.stdout
    [result] = fake.results
    assert result.success and result.provider_version == "2.0.0"
    assert fake.versions[("user-events", "2.0.0")].branches == ["main"]


def test_a_pending_failure_passes_the_provider_scenario(fake: FakeBroker, tmp_path: Path) -> None:
    """The pact is pending (never verified from main): a broken producer is reported, the scenario passes."""
    assert behave(_consumer(tmp_path), "-D", "publish=true", "-D", f"broker_url={fake.url}",
                  "-D", "consumer_app_version=1.0.0", "-D", "branch=main").returncode == 0
    done = behave(_provider(tmp_path, fake, user_id="12"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert fake.results[-1].success is False


DEPLOY_FEATURE = '''
Feature: deploy gating
  Scenario: orders goes to production
    Given the Pact Broker at "URL"
    Then "orders" version "p1" can be deployed to "production"
    When the deployment of "orders" version "p1" to "production" is recorded

  Scenario: web cannot go yet
    Given the Pact Broker at "URL"
    Then "web" version "c1" can be deployed to "production"
'''


def test_can_i_deploy_and_record_deployment_steps(fake: FakeBroker, tmp_path: Path) -> None:
    """A yes passes and records the deployment; a no (a failed result) fails its step with the reason and matrix."""
    fake.store_pact("web", "orders", "c1", {"consumer": {"name": "web"}, "provider": {"name": "orders"},
                                            "messages": [{"description": "an order", "contents": {}}]})
    [publication] = fake.publications
    fake.version("orders", "p1")
    fake.results.append(Result("orders", "p1", publication.sha, False, {}, 1))
    root = tmp_path / "deploy"
    (root / "features" / "steps").mkdir(parents=True)
    (root / "features" / "steps" / "pactspec_steps.py").write_text("from pactspec.steps import *\n")
    (root / "features" / "deploy.feature").write_text(DEPLOY_FEATURE.replace("URL", fake.url))
    fake.environment("production")
    done = behave(root)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "1 scenario passed, 1 failed" in done.stdout
    assert fake.deployed == [("orders", "p1", "production")]
    assert "can-i-deploy web c1 to production: the Pact Broker says no: The verification for the pact between " \
           "version c1 of web and version p1 of orders failed" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_the_step_library_starts_without_the_pact_broker_client() -> None:
    """A consumer run loads no Pact Broker client (nor urllib.request); a broker step loads it when it runs."""
    code = "import sys, pactspec.steps; print('pactspec.broker' in sys.modules, 'urllib.request' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert done.stdout.split() == ["False", "False"]
