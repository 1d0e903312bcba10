"""The transport layer without a real transport: URLs, the scheme registry, captures, lazy imports."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pactspec.errors import ConfigurationError, InputError
from pactspec.model import NO_BODY, Message
from pactspec.transports import (
    Destination,
    NothingArrived,
    _registry,
    open_transport,
    register_transport,
    split_url,
    transport_schemes,
)
from pactspec.transports._base import (
    PollingCapture,
    message_bytes,
    received_message,
    redact_url,
)


class TestSplitUrl:
    def test_destination_parameters_are_taken_out_and_the_rest_kept(self) -> None:
        """exchange/routing_key/queue/topic are pactspec's; other parameters stay for the client."""
        url, destination = split_url("amqp://u:p@h:5672/%2F?heartbeat=30&exchange=users&routing_key=user.%23")
        assert url == "amqp://u:p@h:5672/%2F?heartbeat=30"
        assert destination == Destination(exchange="users", routing_key="user.#")

    def test_an_empty_exchange_means_the_default_exchange(self) -> None:
        """``exchange=`` is kept as the empty string, not dropped."""
        assert split_url("amqp://h/?exchange=&queue=q")[1] == Destination(exchange="", queue="q")

    def test_a_url_without_a_host_keeps_its_three_slashes(self) -> None:
        """``sqs:///queue`` (AWS, no endpoint) comes back as written, not as ``sqs:/queue``."""
        assert split_url("sqs:///q?region=eu-west-1&queue=x") == ("sqs:///q?region=eu-west-1", Destination(queue="x"))

    def test_a_parameter_given_twice_is_an_input_error(self) -> None:
        """Ambiguity is refused, with the password hidden."""
        with pytest.raises(InputError, match=r"amqp://u:\*\*\*@h/.*'queue' is given twice"):
            split_url("amqp://u:secret@h/?queue=a&queue=b")


class TestRegistry:
    def test_builtin_schemes(self) -> None:
        """RabbitMQ, SQS and Kafka schemes are known."""
        assert {"amqp", "amqps", "sqs", "sqs+http", "kafka"} <= set(transport_schemes())

    def test_a_registered_factory_gets_the_client_url_and_destination(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Custom transports plug in by scheme."""
        monkeypatch.setattr(_registry, "_CUSTOM", {})
        seen = []
        register_transport("memory", lambda url, destination: seen.append((url, destination)) or "opened")  # type: ignore[arg-type,func-returns-value]
        assert open_transport("memory://here/?topic=t&x=1") == "opened"
        assert seen == [("memory://here/?x=1", Destination(topic="t"))]

    @pytest.mark.parametrize(("url", "extra"), [
        ("amqp://h/?queue=q", "pactspec-messages[rabbitmq]"),
        ("sqs+http://h:1/q", "pactspec-messages[sqs]"),
        ("kafka://h:9092/t", "pactspec-messages[kafka]"),
    ])
    def test_a_missing_client_names_the_extra_of_this_distribution(
        self, monkeypatch: pytest.MonkeyPatch, url: str, extra: str
    ) -> None:
        """The hint installs pactspec-messages' extra: ``pactspec`` on PyPI is another project."""
        def missing(name: str) -> None:
            raise ModuleNotFoundError(f"No module named {name!r}", name="client")

        monkeypatch.setattr(_registry.importlib, "import_module", missing)
        with pytest.raises(ConfigurationError, match=rf"run: pip install '{re.escape(extra)}'$"):
            open_transport(url)

    def test_not_a_url_is_an_input_error_with_examples(self) -> None:
        """A bare word gets examples of URLs that work."""
        with pytest.raises(InputError, match="not a transport URL; write one such as amqp://"):
            open_transport("localhost:5672")


class TestPollingCapture:
    def test_next_returns_buffered_messages_in_order(self) -> None:
        """One poll may bring several messages; next() hands them out one by one."""
        batches = [[Message(body=1), Message(body=2)], [Message(body=3)]]
        capture = PollingCapture("q", lambda s: batches.pop(0) if batches else [], lambda: None, timeout=1)
        assert [capture.next().body for _ in range(3)] == [1, 2, 3]

    def test_nothing_arrived_after_the_wait_names_the_place(self) -> None:
        """The error is an AssertionError naming where and how long."""
        capture = PollingCapture(
            "SQS queue 'q'", lambda s: (time.sleep(min(s, 0.01)), [])[1], lambda: None, timeout=0.05
        )
        with pytest.raises(NothingArrived, match=r"no message arrived on SQS queue 'q' within 0.05 s"):
            capture.next()

    def test_closing_runs_once(self) -> None:
        """The context manager closes the transport's side exactly once."""
        closed = []
        with PollingCapture("q", lambda s: [], lambda: closed.append(1), timeout=1) as capture:
            capture.close()
        assert closed == [1]

    def test_a_non_positive_wait_is_an_input_error(self) -> None:
        with pytest.raises(InputError, match="positive wait"):
            PollingCapture("q", lambda s: [], lambda: None, timeout=0)


class TestMessages:
    def test_bytes_follow_the_content_type_and_raw_wins(self) -> None:
        """JSON bodies are encoded compactly; a message with raw bytes is sent as is."""
        assert message_bytes(Message(body={"a": 1})) == (b'{"a":1}', "application/json")
        assert message_bytes(Message(body="hi", metadata={"contentType": "text/plain"})) == (
            b"hi",
            "text/plain",
        )
        assert message_bytes(Message(body={"a": 1}, raw=b"xyz", content_type="text/plain")) == (
            b"xyz",
            "text/plain",
        )

    def test_metadata_names_the_content_type_in_any_case(self) -> None:
        """A 'Content-TYPE' metadata entry is the content type the body is encoded as."""
        assert message_bytes(Message(body="hi", metadata={"Content-TYPE": "application/json"})) == (
            b'"hi"',
            "application/json",
        )

    def test_received_bodies_are_decoded_when_they_can_be(self) -> None:
        """Valid JSON is decoded; invalid JSON stays bytes; an empty body is NO_BODY."""
        assert received_message(b'{"a":1}', "application/json", {}).body == {"a": 1}
        assert received_message(b"{oops", "application/json", {}).body == b"{oops"
        assert received_message(b"", None, {}).body is NO_BODY

    def test_passwords_are_redacted(self) -> None:
        assert redact_url("amqp://guest:s3cret@h:1/") == "amqp://guest:***@h:1/"
        assert redact_url("sqs+http://h:1/q") == "sqs+http://h:1/q"


def test_the_core_imports_no_transport_client() -> None:
    """pika, boto3 and confluent_kafka load only when a transport of theirs is opened."""
    code = (
        "import sys, pactspec, pactspec.transports, pactspec.transports._capture, pactspec.transports._stub, pactspec.cli;"
        "import pactspec.cli.commands.stub;"
        "print(sorted(m for m in ('pika', 'boto3', 'botocore', 'confluent_kafka') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


class TestServiceFixtures:
    def test_a_missing_service_fails_under_ci(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """CI=true turns "cannot start the transport" into a failure, never a silent skip."""
        from tests.services import unavailable

        monkeypatch.setenv("CI", "true")
        with pytest.raises(pytest.fail.Exception, match="CI=true and a real service is needed: no transport"):
            unavailable("no transport")

    def test_a_missing_service_skips_with_its_reason_elsewhere(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """On a developer's machine the test is skipped and says why."""
        from tests.services import unavailable

        monkeypatch.delenv("CI", raising=False)
        with pytest.raises(pytest.skip.Exception, match="no transport"):
            unavailable("no transport")

    @pytest.mark.parametrize(("ci", "outcome"), [("true", "1 error"), ("", "1 skipped")])
    def test_a_transport_that_is_not_installed_errors_under_ci_and_skips_elsewhere(
        self, tmp_path: Path, ci: str, outcome: str
    ) -> None:
        """Run as pytest runs it: the fixture itself fails the run under CI=true, else skips with the reason."""
        (tmp_path / "test_needs_rabbitmq.py").write_text(
            "from pathlib import Path\n"
            "import tests.services as services\n"
            "from tests.services import rabbitmq_url  # noqa: F401\n"
            "services.RABBITMQ_BIN = Path('/nonexistent/rabbitmq/bin')\n"
            "def test_it(rabbitmq_url):\n"
            "    pass\n"
        )
        env = {**os.environ, "CI": ci, "PYTHONPATH": str(Path(__file__).parents[2])}
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", str(tmp_path)],
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False,
        )
        assert outcome in done.stdout, done.stdout
        assert "RabbitMQ is not installed; run: apt-get install -y --no-install-recommends rabbitmq-server" in done.stdout
        if ci:
            assert done.returncode == 1 and "CI=true and a real service is needed" in done.stdout
        else:
            assert done.returncode == 0
