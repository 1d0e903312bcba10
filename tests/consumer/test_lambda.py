"""Lambda event envelopes: the example wrapped as AWS's sample events, handler(event, context), batchItemFailures."""

from __future__ import annotations

import base64
import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
from aws_lambda_powertools.utilities import data_classes as powertools  # the envelopes parse as real ones do

from pactspec.cli import main
from pactspec.consumer._builder import ContractBuilder
from pactspec.consumer._contents import ContentRow, MetadataRow
from pactspec.consumer._handlers import example_message
from pactspec.consumer._lambda import LambdaContext, call_lambda, lambda_event, lambda_source
from pactspec.consumer._recorder import Recorder
from pactspec.consumer._yaml import load_contract_file
from pactspec.errors import ConfigurationError, ContractSyntaxError, HandlerRejected, InputError
from pactspec.model import Message, MessageContents
from pactspec.sources import Source

CALLS: list[tuple[Any, Any]] = []


def _message(body: Any = None, metadata: dict[str, Any] | None = None) -> Message:
    contents = MessageContents(body={"orderId": 1001} if body is None else body, content_type="application/json",
                               metadata=metadata or {})
    return example_message(contents, [])


def record(event: Any, context: Any) -> None:
    """A Lambda handler that keeps what it was called with."""
    CALLS.append((event, context))


def fail_the_record(event: Any, context: Any) -> dict[str, Any]:
    """A Lambda handler that reports its one SQS record as failed."""
    return {"batchItemFailures": [{"itemIdentifier": event["Records"][0]["messageId"]}]}


def fail_another_record(event: Any, context: Any) -> dict[str, Any]:
    return {"batchItemFailures": [{"itemIdentifier": "someone-else"}]}


def one_argument(message: Any) -> None:
    """Not a Lambda handler."""


class TestEnvelopes:
    def test_sqs_carries_the_body_as_text_and_metadata_as_typed_attributes(self) -> None:
        """Powertools' SQSEvent reads the body, the attributes and the FIFO group id."""
        event = lambda_event("sqs", _message(metadata={"eventType": "OrderPlaced", "version": 2, "queue": "orders",
                                                       "messageGroupId": "g1"}))
        parsed = next(iter(powertools.SQSEvent(event).records))
        assert json.loads(parsed.body) == {"orderId": 1001}
        assert parsed.message_attributes["eventType"].string_value == "OrderPlaced"
        assert parsed.message_attributes["version"].data_type == "Number"
        assert parsed.message_attributes["contentType"].string_value == "application/json"
        assert parsed.attributes.message_group_id == "g1"
        assert parsed.event_source_arn.endswith(":orders")

    def test_sns_carries_message_subject_topic_and_typed_attributes(self) -> None:
        """Powertools' SNSEvent reads Sns.Message, Subject, TopicArn and MessageAttributes."""
        arn = "arn:aws:sns:us-east-1:123456789012:shipments"
        event = lambda_event("sns", _message(metadata={"eventType": "OrderShipped", "subject": "shipped",
                                                       "topicArn": arn}))
        parsed = next(iter(powertools.SNSEvent(event).records)).sns
        assert (json.loads(parsed.message), parsed.subject, parsed.topic_arn) == ({"orderId": 1001}, "shipped", arn)
        assert parsed.message_attributes["eventType"].value == "OrderShipped"
        assert parsed.message_attributes["eventType"].get_type == "String"

    def test_kinesis_carries_the_body_base64_with_the_partition_key(self) -> None:
        """Powertools' KinesisStreamEvent decodes kinesis.data; the partition key is the contract's."""
        event = lambda_event("kinesis", _message(metadata={"partitionKey": "order-1001", "stream": "orders"}))
        parsed = next(iter(powertools.KinesisStreamEvent(event).records))
        assert parsed.kinesis.data_as_json() == {"orderId": 1001}
        assert parsed.kinesis.partition_key == "order-1001"
        assert parsed.event_source_arn.endswith(":stream/orders")

    def test_s3_points_at_the_object_the_store_was_given(self) -> None:
        """The object is put first; Powertools' S3Event reads bucket and the URL-encoded key."""
        stored: list[tuple[Any, ...]] = []
        event = lambda_event("s3", _message(metadata={"bucket": "invoices", "key": "invoices/a b.json",
                                                      "x-amz-meta-source": "billing"}),
                             store=lambda *args: stored.append(args))
        parsed = powertools.S3Event(event)
        assert (parsed.bucket_name, parsed.object_key) == ("invoices", "invoices/a b.json")  # Powertools unquotes
        assert event["Records"][0]["s3"]["object"]["key"] == "invoices/a+b.json"
        assert stored == [("invoices", "invoices/a b.json", b'{"orderId":1001}', "application/json",
                           {"source": "billing"})]

    def test_s3_without_an_endpoint_says_how_to_give_one(self) -> None:
        """No store: the error names the transport step."""
        with pytest.raises(ConfigurationError, match='no S3 endpoint.*Given the transport at "s3\\+http'):
            lambda_event("s3", _message(metadata={"bucket": "b", "key": "k"}))

    def test_eventbridge_carries_the_object_as_detail(self) -> None:
        """Powertools' EventBridgeEvent reads detail, detail-type and source from the contract."""
        event = lambda_event("eventbridge", _message(metadata={"detail-type": "OrderPlaced", "source": "shop"}))
        parsed = powertools.EventBridgeEvent(event)
        assert (parsed.detail, parsed.detail_type, parsed.source) == ({"orderId": 1001}, "OrderPlaced", "shop")

    def test_a_body_that_is_not_utf8_travels_base64_in_sqs(self) -> None:
        """As the SQS transport sends it: base64 with contentEncoding."""
        contents = MessageContents(body=b"\xff\x00", content_type="application/octet-stream")
        event = lambda_event("sqs", example_message(contents, []))
        sqs = event["Records"][0]
        assert base64.b64decode(sqs["body"]) == b"\xff\x00"
        assert sqs["messageAttributes"]["contentEncoding"]["stringValue"] == "base64"

    @pytest.mark.parametrize("word", ["SQS", "sqs", "EventBridge", "Kinesis"])
    def test_source_words_in_any_case(self, word: str) -> None:
        """The step's word is read case-insensitively."""
        assert lambda_source(word) == word.lower()

    def test_an_unknown_source_lists_the_known_ones(self) -> None:
        """A typo says what to write."""
        with pytest.raises(InputError, match="'SQSS' is not a Lambda event source.*SQS, SNS, Kinesis, S3, EventBridge"):
            lambda_source("SQSS")


class TestCalling:
    def test_the_handler_gets_the_event_and_a_context(self) -> None:
        """handler(event, context), with the context's usual attributes and remaining time."""
        CALLS.clear()
        event = lambda_event("sqs", _message())
        call_lambda(record, event, label="h")
        got_event, context = CALLS[0]
        assert got_event is event
        assert isinstance(context, LambdaContext) and context.function_name and context.aws_request_id
        assert 0 < context.get_remaining_time_in_millis() <= 60_000
        assert context.invoked_function_arn.startswith("arn:aws:lambda:")

    def test_batch_item_failures_listing_the_record_is_a_rejection(self) -> None:
        """The record's messageId in batchItemFailures rejects the message; another id does not."""
        event = lambda_event("sqs", _message())
        with pytest.raises(HandlerRejected, match="batchItemFailures lists the record"):
            call_lambda(fail_the_record, event, label="h")
        call_lambda(fail_another_record, event, label="h")


class TestFrontEnds:
    def _builder(self) -> ContractBuilder:
        builder = ContractBuilder("audit", "orders", source=Source("f.feature", 1))
        builder.start("an order", synchronous=False, source=Source("f.feature", 2))
        builder.message.metadata.append(MetadataRow("partitionKey", "order-1", source=Source("f", 3)))
        builder.message.add_rows([ContentRow("$.orderId", 1001, source=Source("f", 4))], Source("f", 4))
        return builder

    def test_the_builder_calls_a_lambda_handler_and_records(self, tmp_path: Path) -> None:
        """run_handler with lambda_source wraps the example; the interaction is recorded as usual."""
        CALLS.clear()
        builder = self._builder()
        recorder = Recorder()
        builder.run_handler(f"{__name__}:record", None, rejects=None, source=Source("f.feature", 4),
                            recorder=recorder, pact_dir=str(tmp_path), lambda_source="kinesis")
        assert CALLS[0][0]["Records"][0]["kinesis"]["partitionKey"] == "order-1"
        assert len(recorder) == 1

    def test_a_handler_taking_one_argument_is_told_to_take_event_and_context(self, tmp_path: Path) -> None:
        """The signature check names the Lambda shape."""
        with pytest.raises(ContractSyntaxError, match=r"a Lambda handler is called with \(event, context\)"):
            self._builder().run_handler(f"{__name__}:one_argument", None, rejects=None, source=Source("f", 4),
                                        recorder=Recorder(), pact_dir=str(tmp_path), lambda_source="sqs")

    def test_yaml_lambda_key_runs_the_handler_as_lambda(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
        """`lambda: sns` in a YAML contract; `pactspec run` passes and writes the pact."""
        (tmp_path / "lambda_app.py").write_text(textwrap.dedent('''
            def handler(event, context):
                assert event["Records"][0]["Sns"]["MessageAttributes"]["eventType"]["Value"] == "OrderShipped"
        '''))
        (tmp_path / "c.yaml").write_text(textwrap.dedent('''
            consumer: notifications
            provider: shipping
            messages:
              - description: an order shipped event
                metadata:
                  eventType: OrderShipped
                content:
                  $.orderId: {example: 1001, matcher: integer}
                handler: lambda_app:handler
                lambda: sns
        '''))
        code = main(["run", str(tmp_path / "c.yaml"), "--path", str(tmp_path), "--pact-dir", str(tmp_path / "p")])
        assert code == 0, capsys.readouterr().out
        assert (tmp_path / "p" / "notifications-shipping.json").is_file()

    def test_yaml_lambda_with_as_is_a_syntax_error(self, tmp_path: Path) -> None:
        """A Lambda handler gets the event: as: makes no sense with it."""
        (tmp_path / "c.yaml").write_text(textwrap.dedent('''
            consumer: a
            provider: b
            messages:
              - description: m
                content:
                  $.id: {example: 1}
                handler: x:y
                as: x:T
                lambda: sqs
        '''))
        (error,) = list(load_contract_file(tmp_path / "c.yaml"))
        assert isinstance(error, ContractSyntaxError) and "remove as: or lambda:" in str(error)
