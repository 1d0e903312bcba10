"""Capture verification: the provider's real publishing code against real transports."""
# ruff: noqa: F811  (pytest fixtures imported from tests.services)

from __future__ import annotations

import threading
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from pactspec.errors import ConfigurationError, ProducerError, UserCodeTimeout
from pactspec.model import Message, MessageContents
from pactspec.provider._results import Filters
from pactspec.transports import Destination
from pactspec.transports._capture import (
    call_trigger,
    captured_contents,
    load_triggers,
    trigger,
    verify_by_capture,
)
from tests import transport_app
from tests.services import (  # noqa: F401  (fixtures)
    fresh_exchange,
    kafka_url,
    rabbitmq_url,
    sqs_endpoint,
    sqs_url,
)
from tests.transport_pacts import USER_CREATED, USER_DELETED, message, write_pact

APP = "tests.transport_app"
DEFAULTS = dict(transport_app.SETTINGS)


@pytest.fixture(autouse=True)
def app_settings() -> Iterator[dict[str, Any]]:
    transport_app.SETTINGS.clear()
    transport_app.SETTINGS.update(DEFAULTS)
    transport_app.LOG.clear()
    yield transport_app.SETTINGS
    transport_app.SETTINGS.clear()
    transport_app.SETTINGS.update(DEFAULTS)


@pytest.fixture
def exchange(rabbitmq_url: str, app_settings: dict[str, Any]) -> Iterator[str]:
    """A fresh topic exchange the app publishes to."""
    with fresh_exchange(rabbitmq_url) as name:
        app_settings["exchange"] = name
        yield name


@pytest.fixture
def pacts(tmp_path: Path) -> Path:
    folder = tmp_path / "pacts"
    write_pact(folder, [USER_CREATED])
    return folder


def _only(result: Any) -> Any:
    [(_, interaction)] = result.interactions
    return interaction


@pytest.mark.services
class TestRabbitMQ:
    def test_what_the_app_really_publishes_passes_and_states_are_torn_down(
        self, pacts: Path, exchange: str, rabbitmq_url: str
    ) -> None:
        """Body, routing key and content type as contracted: passed; the state's teardown ran."""
        result = verify_by_capture([pacts], url=f"{rabbitmq_url}?exchange={exchange}", app=APP, timeout=5)
        assert _only(result).status == "passed", _only(result)
        assert result.exit_code == 0
        assert transport_app.LOG == ["setup 127", "teardown 127"]

    def test_a_wrong_routing_key_is_a_metadata_mismatch(
        self, pacts: Path, exchange: str, rabbitmq_url: str, app_settings: dict[str, Any]
    ) -> None:
        """The in-process producer can't see this: the real code publishes under another key."""
        app_settings["routing_key"] = "user.new"
        result = verify_by_capture([pacts], url=f"{rabbitmq_url}?exchange={exchange}", app=APP, timeout=5)
        outcome = _only(result)
        assert outcome.status == "failed"
        [mismatch] = outcome.mismatches
        assert mismatch.kind == "metadata"
        assert (mismatch.expected, mismatch.actual) == ("user.created", "user.new")
        assert "routingKey" in mismatch.path + mismatch.message
        assert result.exit_code == 1

    def test_a_body_that_breaks_a_rule_is_a_body_mismatch(
        self, pacts: Path, exchange: str, rabbitmq_url: str, app_settings: dict[str, Any]
    ) -> None:
        """The id serialised as text fails the integer rule at $.id."""
        app_settings["id_as_text"] = True
        outcome = _only(
            verify_by_capture([pacts], url=f"{rabbitmq_url}?exchange={exchange}", app=APP, timeout=5)
        )
        assert [(m.path, m.kind) for m in outcome.mismatches] == [("$.id", "body")]

    def test_a_message_that_never_arrives_names_the_queue_and_the_wait(
        self, pacts: Path, exchange: str, rabbitmq_url: str
    ) -> None:
        """Capturing under a binding key the app never uses: an error naming queue, binding and wait."""
        url = f"{rabbitmq_url}?exchange={exchange}&routing_key=user.deleted"
        outcome = _only(verify_by_capture([pacts], url=url, app=APP, timeout=0.5))
        assert outcome.status == "error"
        [error] = outcome.errors
        assert error.startswith(
            "'a user created event' was triggered, but no message arrived on RabbitMQ queue"
        )
        assert f"bound to exchange {exchange!r} with key 'user.deleted' within 0.5 s" in error
        assert transport_app.LOG == ["setup 127", "teardown 127"]

    def test_a_trigger_that_raises_or_is_missing_is_an_error_per_interaction(
        self, tmp_path: Path, exchange: str, rabbitmq_url: str
    ) -> None:
        """Each interaction fails on its own, with what to do."""
        folder = tmp_path / "more"
        write_pact(folder, [USER_DELETED, message("a user renamed event", {"id": 1})])
        result = verify_by_capture([folder], url=f"{rabbitmq_url}?exchange={exchange}", app=APP, timeout=0.5)
        errors = {r.description: r.errors for _, r in result.interactions}
        assert errors["a user deleted event"] == (
            ("the trigger of 'a user deleted event' raised RuntimeError: the users database is down"
             " (raised at tests/transport_app.py:90 in user_deleted)"),
        )
        assert "no trigger for message 'a user renamed event'" in errors["a user renamed event"][0]
        assert "@trigger('a user renamed event')" in errors["a user renamed event"][0]

    def test_filters_and_provider_select_interactions(
        self, pacts: Path, exchange: str, rabbitmq_url: str
    ) -> None:
        """The verifier's filters apply as they do in-process."""
        result = verify_by_capture(
            [pacts],
            url=f"{rabbitmq_url}?exchange={exchange}",
            app=APP,
            filters=Filters(description="deleted"),
            timeout=1,
        )
        assert result.interactions == [] and result.exit_code == 1


@pytest.mark.services
class TestSQS:
    def test_an_sqs_message_without_content_type_is_read_as_the_contract_says(
        self, tmp_path: Path, sqs_endpoint: str, sqs_url: str, app_settings: dict[str, Any]
    ) -> None:
        """SQS has no content-type field: the body is read as JSON; attributes are verified."""
        name = f"users-{uuid.uuid4().hex[:8]}"
        boto3.client("sqs", endpoint_url=sqs_endpoint, region_name="us-east-1").create_queue(QueueName=name)
        app_settings["queue"] = name
        folder = tmp_path / "sqs"
        contract = message(
            "a user created event",
            {"id": 127, "name": "Ada"},
            {"eventType": "UserCreated"},
            providerStates=[{"name": "User 127 exists", "params": {"id": 127}}],
        )
        write_pact(folder, [contract])
        base, _, query = sqs_url.partition("?")
        result = verify_by_capture([folder], url=f"{base}/{name}?{query}", app=APP, timeout=5)
        assert _only(result).status == "passed", _only(result)

        contract["metadata"]["eventType"] = "UserRegistered"
        write_pact(folder, [contract])
        outcome = _only(verify_by_capture([folder], url=f"{base}/{name}?{query}", app=APP, timeout=5))
        assert [(m.kind, m.expected, m.actual) for m in outcome.mismatches] == [
            ("metadata", "UserRegistered", "UserCreated")
        ]


@pytest.mark.services
class TestKafka:
    def test_the_record_key_is_verified_like_any_metadata(
        self, tmp_path: Path, kafka_url: str, app_settings: dict[str, Any]
    ) -> None:
        """A contract stating the Kafka key passes when the app keys records by user id, fails otherwise."""
        from confluent_kafka.admin import AdminClient, NewTopic

        name = f"users-{uuid.uuid4().hex[:8]}"
        admin = AdminClient({"bootstrap.servers": kafka_url.removeprefix("kafka://")})
        admin.create_topics([NewTopic(name, num_partitions=1, replication_factor=1)])[name].result(timeout=10)
        app_settings["topic"] = name
        folder = tmp_path / "kafka"
        contract = message(
            "a user created event",
            {"id": 127, "name": "Ada"},
            {"key": "127", "topic": name},
            providerStates=[{"name": "User 127 exists", "params": {"id": 127}}],
        )
        write_pact(folder, [contract])
        result = verify_by_capture([folder], url=f"{kafka_url}/{name}", app=APP, timeout=10)
        assert _only(result).status == "passed", _only(result)

        contract["metadata"]["key"] = "user-127"
        write_pact(folder, [contract])
        outcome = _only(verify_by_capture([folder], url=f"{kafka_url}/{name}", app=APP, timeout=10))
        assert [(m.kind, m.expected, m.actual) for m in outcome.mismatches] == [
            ("metadata", "user-127", "127")
        ]


class TestTriggers:
    def test_load_triggers_finds_decorated_functions_of_the_app(self) -> None:
        """Triggers registered with @trigger in the app module are found by description."""
        found = load_triggers(APP)
        assert found["a user created event"] is transport_app.user_created
        assert found["a user deleted event"] is transport_app.user_deleted

    def test_a_trigger_gets_only_the_parameters_it_declares(self) -> None:
        """transport_url, context and description are passed by name when asked for."""
        seen: list[Any] = []

        def nothing() -> None:
            seen.append("called")

        def some(description: str, context: dict[str, Any]) -> None:
            seen.append((description, context))

        call_trigger(nothing, transport_url="amqp://x", context={"id": 1}, description="d")
        call_trigger(some, transport_url="amqp://x", context={"id": 1}, description="d")
        assert seen == ["called", ("d", {"id": 1})]

    def test_a_trigger_that_never_returns_is_abandoned_at_the_timeout(self) -> None:
        """A stuck trigger is a UserCodeTimeout naming it and its message, about on time."""
        release = threading.Event()

        def stuck() -> None:
            release.wait()

        try:
            with pytest.raises(UserCodeTimeout, match=r"^the trigger of 'a user created event', .*stuck \(.*"
                                                      r"test_capture.py:\d+\), did not return within 0.3 s"):
                call_trigger(stuck, transport_url="amqp://x", context={}, description="a user created event",
                             timeout=0.3)
        finally:
            release.set()

    def test_a_trigger_asking_for_an_unknown_parameter_is_a_configuration_error(self) -> None:
        """The error lists what a trigger can take."""

        def wrong(user_id: int) -> None: ...

        with pytest.raises(ConfigurationError, match="asks for 'user_id'; a trigger can take transport_url"):
            call_trigger(wrong, transport_url="amqp://x", context={}, description="d")

    def test_a_trigger_taking_the_old_broker_url_still_gets_the_url_and_is_warned(self) -> None:
        """``broker_url`` (the name before 0.2) gets the URL, with a FutureWarning at the trigger's def naming transport_url."""
        seen: list[str] = []

        def old_style(broker_url: str) -> None:
            seen.append(broker_url)

        with pytest.warns(FutureWarning, match="takes broker_url, renamed transport_url in pactspec 0.2") as caught:
            call_trigger(old_style, transport_url="amqp://x", context={}, description="d")
        assert seen == ["amqp://x"]
        assert caught[0].filename == __file__
        assert caught[0].lineno == old_style.__code__.co_firstlineno

    def test_a_trigger_taking_transport_url_is_not_warned(self) -> None:
        """Only the old parameter name warns."""

        def new_style(transport_url: str) -> None: ...

        with warnings.catch_warnings():
            warnings.simplefilter("error")
            call_trigger(new_style, transport_url="amqp://x", context={}, description="d")

    def test_a_nameless_trigger_is_a_configuration_error(self) -> None:
        """@trigger needs the message description."""
        with pytest.raises(ConfigurationError, match=r"a trigger needs a non-empty text name \(the message's description\)"):
            trigger("")(lambda: None)


class TestCapturedContents:
    def test_a_transport_with_a_content_type_field_is_taken_at_its_word(self) -> None:
        """AMQP: no content type on the wire stays none, so the contract's contentType fails."""
        expected = MessageContents(body={}, content_type="application/json")
        actual = captured_contents(Message(raw=b"{}", metadata={}), expected, where="q", typed=True)
        assert actual.content_type is None and actual.body == {} and "contentType" not in actual.metadata

    def test_an_undecodable_body_is_a_clear_error(self) -> None:
        """A body declared JSON that isn't: the error says where it was captured."""
        expected = MessageContents(body={}, content_type="application/json")
        with pytest.raises(ProducerError, match="captured from SQS queue 'q' cannot be read.*not valid JSON"):
            captured_contents(
                Message(raw=b"{oops", content_type="application/json"),
                expected,
                where="SQS queue 'q'",
                typed=False,
            )


def test_destination_describes_itself() -> None:
    """Error messages use these words."""
    assert (
        Destination(exchange="users", routing_key="user.#").describe()
        == "exchange 'users' (routing key 'user.#')"
    )
    assert Destination(exchange="").describe() == "the default exchange"


@pytest.mark.services
class TestCaptureCommand:
    def test_exit_codes_follow_the_verification(
        self,
        pacts: Path,
        exchange: str,
        rabbitmq_url: str,
        app_settings: dict[str, Any],
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """0 when the real message matches, 1 with the numbered report when it doesn't; JSON report written."""
        from pactspec.cli import main

        url = f"{rabbitmq_url}?exchange={exchange}"
        assert (
            main(["capture", str(pacts), "--transport", url, "--app", APP, "--json", str(tmp_path / "r.json")])
            == 0
        )
        assert '"status": "passed"' in (tmp_path / "r.json").read_text()
        capsys.readouterr()
        # a report that cannot be written is one sentence and exit 2, as with verify
        assert main(["capture", str(pacts), "--transport", url, "--app", APP, "--junit", "/proc/no/such/j.xml"]) == 2
        [line] = capsys.readouterr().err.splitlines()
        assert "cannot write the report /proc/no/such/j.xml" in line and "writable folder" in line
        app_settings["routing_key"] = "user.new"
        assert main(["capture", str(pacts), "--transport", url, "--app", APP, "--wait", "3"]) == 1
        out = capsys.readouterr().out
        assert "Expected message metadata 'routingKey' to have value 'user.created' but was 'user.new'" in out

    def test_quiet_prints_only_the_summary_when_all_pass(
        self, pacts: Path, exchange: str, rabbitmq_url: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`pactspec capture --quiet` leaves out the line per interaction, as `verify --quiet` does."""
        from pactspec.cli import main

        url = f"{rabbitmq_url}?exchange={exchange}"
        assert main(["capture", str(pacts), "--transport", url, "--app", APP, "--quiet"]) == 0
        [line] = capsys.readouterr().out.splitlines()
        assert line.startswith("OK: 1 passed, 0 failed in ")


class TestCaptureCommandInput:
    def test_bad_input_exits_2_with_one_line(self, pacts: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A non-positive wait and a module that can't be imported are usage errors."""
        from pactspec.cli import main

        assert (
            main(["capture", str(pacts), "--transport", "amqp://127.0.0.1/", "--app", APP, "--wait", "0"]) == 2
        )
        assert "--wait must be a positive number" in capsys.readouterr().err
        assert (
            main(["capture", str(pacts), "--transport", "amqp://127.0.0.1/", "--app", "no_such_app_module"]) == 2
        )
        assert "cannot import module 'no_such_app_module'" in capsys.readouterr().err
        # the description is checked as verify checks it: no hint about JSON escapes on the command line
        assert main(["capture", str(pacts), "--transport", "amqp://127.0.0.1/", "--app", APP,
                     "--description", "a (b"]) == 2
        [line] = capsys.readouterr().err.splitlines()
        assert "--description: regex /a (b/ is not a valid regular expression" in line and "JSON" not in line

    def test_a_transport_that_cannot_be_reached_exits_2_before_any_interaction(
        self, pacts: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A refused port and a host name that does not resolve are one sentence each, never a traceback."""
        from pactspec.cli import main
        from tests.services import free_port

        for url in (f"amqp://guest:secret@127.0.0.1:{free_port()}/?exchange=users",
                    "amqp://guest:secret@no-such-host.invalid:5672/?exchange=users"):
            assert main(["capture", str(pacts), "--transport", url, "--app", APP, "--wait", "1"]) == 2
            captured = capsys.readouterr()
            [line] = captured.err.splitlines()
            assert line.startswith("pactspec capture: cannot connect to RabbitMQ at amqp://guest:***@"), line
            assert "secret" not in line and "()" not in line and ": )" not in line
            assert captured.out == ""


class TestTransportErrorsDuringCapture:
    def test_a_transport_error_while_capturing_reads_as_the_transports_words(self, pacts: Path) -> None:
        """A capture the transport refuses is that interaction's error in plain words, not 'verifying raised'."""
        from pactspec.provider._registry import load_app
        from pactspec.provider._verifier import verify
        from pactspec.transports import TransportBackend, TransportError

        class RefusingTransport:
            url = "fake://"
            destination = Destination()
            carries_content_type = True

            def capture(self, source: Destination | None = None, *, timeout: float = 5.0) -> Any:
                raise TransportError("RabbitMQ refused the queue 'q': ACCESS_REFUSED")

        backend = TransportBackend(provider=load_app(APP), transport=RefusingTransport(),  # type: ignore[arg-type]
                                transport_url="fake://", triggers=load_triggers(APP))
        result = verify([pacts], backend, provider="user-service")
        interaction = _only(result)
        assert interaction.status == "error"
        assert interaction.errors == (
            "cannot capture 'a user created event': RabbitMQ refused the queue 'q': ACCESS_REFUSED",)
