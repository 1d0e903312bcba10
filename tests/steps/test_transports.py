"""The transport steps, run by behave in a subprocess on temporary features against real transports."""
# ruff: noqa: F811  (pytest fixtures imported from tests.services)

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
import uuid
from dataclasses import dataclass
from pathlib import Path

import boto3
import pika
import pytest

from tests.example_projects import assert_example_passes
from tests.services import rabbitmq_url, sqs_endpoint, sqs_url  # noqa: F401  (fixtures)
from tests.transport_pacts import USER_CREATED, USER_DELETED, write_pact

REPO = Path(__file__).resolve().parents[2]

PUBLISHER = '''
"""The provider's publishing code and its trigger."""
import json, os
import pika
from pactspec.capture import trigger
from pactspec.provider._registry import provider_state

USERS = {}

@provider_state("User 127 exists")
def user_exists(id):
    USERS[id] = {"id": id, "name": "Ada"}
    yield {"id": id}
    USERS.pop(id)

@trigger("a user created event")
def user_created(transport_url, context):
    user = USERS[context["id"]]
    connection = pika.BlockingConnection(pika.URLParameters(transport_url))
    connection.channel().basic_publish(
        os.environ["EXCHANGE"], "user.created", json.dumps(user).encode(),
        pika.BasicProperties(content_type="application/json"))
    connection.close()
'''

SUBSCRIBER = '''
"""The consumer's real subscription code (a queue bound to the exchange) and checks on it."""
import json, os
import boto3
import pika

RECEIVED = []

def listen(url, exchange):
    global channel
    connection = pika.BlockingConnection(pika.URLParameters(url))
    channel = connection.channel()
    channel.queue_declare("user-web", exclusive=True)
    channel.queue_bind("user-web", exchange, routing_key="user.*")

def has_received_ada():
    method, properties, body = channel.basic_get("user-web", auto_ack=True)
    if method is not None:
        RECEIVED.append((method.routing_key, json.loads(body)))
    return ("user.created", {"id": 127, "name": "Ada"}) in RECEIVED

def sqs_has_ada():
    client = boto3.client("sqs", endpoint_url=os.environ["SQS_ENDPOINT"], region_name="us-east-1")
    url = client.get_queue_url(QueueName=os.environ["SQS_QUEUE"])["QueueUrl"]
    answer = client.receive_message(QueueUrl=url, WaitTimeSeconds=0)
    return any(json.loads(m["Body"]) == {"id": 127, "name": "Ada"} for m in answer.get("Messages", []))

def never():
    return False
'''

STEPS = """
import os
import re
from behave import given
from pactspec.steps import *  # noqa: F403
import subscriber

@given("the user subscriber is listening")
def user_subscriber_listening(context):
    subscriber.listen(os.environ["AMQP_URL"], os.environ["EXCHANGE"])
"""


@dataclass(frozen=True)
class Project:
    """A user's project on disk and the environment behave runs in."""

    folder: Path
    env: dict[str, str]

    def behave(self, feature: str, *options: str) -> subprocess.CompletedProcess[str]:
        (self.folder / "features" / "test.feature").write_text(textwrap.dedent(feature))
        return _run_behave(self.folder, self.env, *options, "features")


def _run_behave(folder: Path, env: dict[str, str], *paths: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "behave", "--no-capture", "--format", "plain", *paths],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


@pytest.fixture
def project(tmp_path: Path, rabbitmq_url: str, sqs_endpoint: str) -> Project:
    """A user's project: app modules, a steps file, a pact folder; and the environment for behave."""
    (tmp_path / "features" / "steps").mkdir(parents=True)
    (tmp_path / "features" / "steps" / "steps.py").write_text(STEPS)
    (tmp_path / "publisher.py").write_text(PUBLISHER)
    (tmp_path / "subscriber.py").write_text(SUBSCRIBER)
    write_pact(tmp_path / "pacts", [USER_CREATED, USER_DELETED])
    exchange = f"users-{uuid.uuid4().hex[:8]}"
    connection = pika.BlockingConnection(pika.URLParameters(rabbitmq_url))
    connection.channel().exchange_declare(exchange, exchange_type="topic")
    connection.close()
    queue = f"user-web-{uuid.uuid4().hex[:8]}"
    boto3.client("sqs", endpoint_url=sqs_endpoint, region_name="us-east-1").create_queue(QueueName=queue)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(REPO)]),
        "AMQP_URL": rabbitmq_url,
        "EXCHANGE": exchange,
        "SQS_ENDPOINT": sqs_endpoint,
        "SQS_URL": sqs_endpoint.replace("http://", "sqs+http://") + "?region=us-east-1",
        "SQS_QUEUE": queue,
    }
    return Project(tmp_path, env)


@pytest.mark.services
class TestCaptureSteps:
    def test_provider_scenarios_pass_and_fail_as_the_transport_says(
        self, project: Project
    ) -> None:
        """Capturing the real publisher's message verifies it; a wrong binding reports the wait."""
        env = project.env
        result = project.behave(
            f'''
            Feature: user-service publishes what its consumers expect
              Background:
                Given the pacts for provider "user-service" in "pacts"
                And only the interactions described as "created"
                And the producers in "publisher"
                And the transport at "${{AMQP_URL}}"

              Scenario: the real publisher honours the contract
                Given the messages are captured from the RabbitMQ exchange "{env["EXCHANGE"]}" with routing key "user.*"
                When the pacts are verified against the transport
                Then every interaction passes

              Scenario: listening under another routing key finds nothing
                Given the messages are captured from the RabbitMQ exchange "{env["EXCHANGE"]}" with routing key "order.*"
                And each captured message is awaited for 0.5 seconds
                When the pacts are verified against the transport
                Then the verification fails
                And the verification report says:
                  """
                  with key 'order.*' within 0.5 s
                  """
        ''',
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "2 scenarios passed, 0 failed" in result.stdout

    def test_a_failing_verification_fails_the_step_with_the_numbered_report(
        self, project: Project
    ) -> None:
        """'Then every interaction passes' shows why: here, a message without a trigger."""
        env = project.env
        result = project.behave(
            f'''
            Feature: missing trigger
              Scenario: the deleted event has no trigger
                Given the pacts for provider "user-service" in "pacts"
                And the producers in "publisher"
                And the transport at "${{AMQP_URL}}"
                And the messages are captured from the RabbitMQ exchange "{env["EXCHANGE"]}"
                When the pacts are verified against the transport
                Then every interaction passes
        ''',
        )
        assert result.returncode == 1
        assert "no trigger for message 'a user deleted event'" in result.stdout
        assert "1 passed, 1 failed" in result.stdout

    def test_an_unset_environment_variable_is_named(self, project: Project) -> None:
        """``${NAME}`` that isn't set fails the step with the variable's name."""
        result = project.behave(
            """
            Feature: no transport
              Scenario: the URL variable is missing
                Given the transport at "${NO_SUCH_TRANSPORT_URL}"
        """,
        )
        assert result.returncode == 1
        assert "the environment variable NO_SUCH_TRANSPORT_URL used in" in result.stdout


# name -> (the transport steps of a scenario, the one sentence behave must show for its failed step)
TRANSPORT_FAILURES: dict[str, tuple[list[str], str]] = {
    "unreachable transport, capture": (
        ['Given the pacts for provider "user-service" in "pacts"',
         'And the producers in "publisher"',
         'And the transport at "amqp://guest:guest@127.0.0.1:1/"',
         'And the messages are captured from the RabbitMQ exchange "users"',
         "When the pacts are verified against the transport"],
        "cannot connect to RabbitMQ at amqp://guest:***@127.0.0.1:1/",
    ),
    "unreachable transport, delivery": (
        ['Given the transport at "amqp://guest:guest@127.0.0.1:1/"',
         'When the messages of the pacts in "pacts" are delivered to the RabbitMQ exchange "users"'],
        "cannot connect to RabbitMQ at amqp://guest:***@127.0.0.1:1/",
    ),
    "unknown scheme": (
        ['Given the transport at "zmq://127.0.0.1:5555/"',
         'When the messages of the pacts in "pacts" are delivered to the RabbitMQ exchange "users"'],
        "zmq://127.0.0.1:5555/: no transport for the scheme 'zmq'",
    ),
    "missing exchange, delivery": (
        ['Given the transport at "${AMQP_URL}"',
         'When the messages of the pacts in "pacts" are delivered to the RabbitMQ exchange "no-such-exchange"'],
        "no-such-exchange",
    ),
    "description matching no message, delivery": (
        ['Given the transport at "${AMQP_URL}"',
         'When the message "^no such event$" of the pacts in "pacts" is delivered to the RabbitMQ exchange "users"'],
        "for a description matching /^no such event$/; check the pact folder and the filters",
    ),
    "description that is not a regular expression, delivery": (
        ['Given the transport at "${AMQP_URL}"',
         'When the message "a user (created" of the pacts in "pacts" is delivered to the RabbitMQ exchange "users"'],
        "the message description",
    ),
    "missing pact folder": (
        ['Given the transport at "${AMQP_URL}"',
         'When the messages of the pacts in "no-such-pacts" are delivered to the RabbitMQ exchange "users"'],
        "no-such-pacts",
    ),
}


@pytest.mark.services
class TestTransportErrors:
    @pytest.mark.parametrize("case", sorted(TRANSPORT_FAILURES))
    def test_fails_the_step_with_one_sentence_and_no_traceback(self, project: Project, case: str) -> None:
        """A transport that can't be used fails its step with one clear sentence, never a traceback."""
        steps, sentence = TRANSPORT_FAILURES[case]
        scenario = "\n".join(["Feature: transport trouble", f"  Scenario: {case}", *(f"    {s}" for s in steps)])
        result = project.behave(scenario + "\n")  # behave's defaults: its log capture shows what is logged
        output = result.stdout + result.stderr
        assert result.returncode == 1, output
        assert "Traceback" not in output and str(REPO / "pactspec") not in output
        assert re.search(r"^\d+ steps? passed, 1 failed, ", output, re.MULTILINE), output
        failures = [line for line in output.splitlines() if line.startswith("ASSERT FAILED: ")]
        assert len(failures) == 1 and sentence in failures[0], output


class TestRenamedSteps:
    """The step texts before 0.2 still work until 0.3, and warn at the feature file's line."""

    def test_the_old_texts_run_the_new_steps_and_name_them(self, tmp_path: Path) -> None:
        """``the message broker at`` sets the URL the next steps use; each old text prints a FutureWarning naming the new one."""
        (tmp_path / "features" / "steps").mkdir(parents=True)
        (tmp_path / "features" / "steps" / "steps.py").write_text("from pactspec.steps import *  # noqa: F403\n")
        (tmp_path / "features" / "old.feature").write_text(textwrap.dedent("""\
            Feature: written for pactspec 0.1
              Scenario: capture
                Given the pacts for provider "user-service" in "pacts"
                And the message broker at "amqp://guest:guest@127.0.0.1:1/"
                When the pacts are verified against the broker
        """))
        write_pact(tmp_path / "pacts", [USER_CREATED])
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(REPO)])}
        result = _run_behave(tmp_path, env, "features")
        assert result.returncode == 1, result.stdout + result.stderr
        # the renamed verification step ran: it asks for the triggers before it connects
        assert "no triggers to run" in result.stdout
        warnings = [line for line in result.stderr.splitlines() if "FutureWarning" in line]
        assert warnings == [
            ("features/old.feature:4: FutureWarning: the step 'the message broker at \"…\"' is renamed "
             "'the transport at \"…\"' in pactspec 0.2 (the old text goes in 0.3); write 'the transport at \"…\"'"),
            ("features/old.feature:5: FutureWarning: the step 'the pacts are verified against the broker' is renamed "
             "'the pacts are verified against the transport' in pactspec 0.2 (the old text goes in 0.3); "
             "write 'the pacts are verified against the transport'"),
        ]

    def test_the_old_transport_step_sets_the_url_delivery_uses(self, tmp_path: Path) -> None:
        """A delivery after ``the message broker at`` goes to that URL (here one that refuses: its error names it)."""
        (tmp_path / "features" / "steps").mkdir(parents=True)
        (tmp_path / "features" / "steps" / "steps.py").write_text("from pactspec.steps import *  # noqa: F403\n")
        (tmp_path / "features" / "old.feature").write_text(textwrap.dedent("""\
            Feature: written for pactspec 0.1
              Scenario: delivery
                Given the message broker at "amqp://guest:guest@127.0.0.1:1/"
                When the messages of the pacts in "pacts" are delivered to the RabbitMQ exchange "users"
        """))
        write_pact(tmp_path / "pacts", [USER_CREATED])
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(REPO)])}
        result = _run_behave(tmp_path, env, "features")
        assert result.returncode == 1, result.stdout + result.stderr
        assert "cannot connect to RabbitMQ at amqp://guest:***@127.0.0.1:1/" in result.stdout
        assert "features/old.feature:3: FutureWarning: the step 'the message broker at" in result.stderr


@pytest.mark.services
class TestDeliverySteps:
    def test_contract_messages_reach_the_consumers_real_subscription(
        self, project: Project
    ) -> None:
        """Delivered to the exchange, the example arrives on the consumer's bound queue; and on SQS.

        The step's description is a regular expression searched, as ``pactspec stub --description``:
        "user created" picks "a user created event".
        """
        env = project.env
        result = project.behave(
            f'''
            Feature: user-web reads user events from the transport
              Scenario: through RabbitMQ
                Given the user subscriber is listening
                And the transport at "${{AMQP_URL}}"
                When the messages of the pacts in "pacts" are delivered to the RabbitMQ exchange "{env["EXCHANGE"]}"
                Then "subscriber:has_received_ada" is true within 5 seconds

              Scenario: through SQS
                Given the transport at "${{SQS_URL}}"
                When the message "user created" of the pacts in "pacts" is delivered to the SQS queue "{env["SQS_QUEUE"]}"
                Then "subscriber:sqs_has_ada" is true within 5 seconds
        ''',
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "2 scenarios passed, 0 failed" in result.stdout

    def test_a_check_that_never_holds_fails_with_the_wait(self, project: Project) -> None:
        """The eventually-step says which check and how long it waited."""
        result = project.behave(
            """
            Feature: never
              Scenario: a check that never holds
                Then "subscriber:never" is true within 0.2 seconds
        """,
        )
        assert result.returncode == 1
        assert "subscriber:never was not true within 0.2 s; it returned false" in result.stdout


@pytest.mark.services
def test_the_rabbitmq_example_runs_end_to_end(tmp_path: Path, rabbitmq_url: str) -> None:
    """tests/examples/rabbitmq: contract, delivery to the real subscription, capture of the real publisher."""
    assert_example_passes("rabbitmq", tmp_path, {"AMQP_URL": rabbitmq_url}, scenarios=4,
                          pact="user-directory-user-events.json")
