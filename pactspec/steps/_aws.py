"""Steps for the AWS transports (Kinesis, SNS, S3), worded as the other transport steps.

Provider (capture verification)::

    And the messages are captured from the Kinesis stream "orders"
    And the messages are captured from the SNS topic "orders"
    And the messages are captured from the SNS topic "orders" with the filter policy '{"eventType": ["OrderPlaced"]}'
    And the messages are captured from the S3 bucket "invoices" under "invoices/"

Consumer — a Lambda handler, called as AWS invokes it (``handler(event, context)``, see
:mod:`pactspec.consumer._lambda`)::

    And it is handled by "orders.lambda_fn:handler" as a Lambda SQS event

(``SNS``, ``Kinesis``, ``S3``, ``EventBridge``; an S3 event's object is put in the S3 endpoint
of ``Given the transport at "s3+http://…"``.)

Consumer (stub delivery)::

    When the messages of the pacts in "pacts" are delivered to the Kinesis stream "orders"
    When the message "RE" of the pacts in "pacts" is delivered to the SNS topic "orders"
    When the messages of the pacts in "pacts" are delivered to the S3 bucket "invoices"
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from behave import given

from pactspec.consumer import lambda_source
from pactspec.errors import InputError
from pactspec.steps import _types  # noqa: F401  (registers the parse types before the patterns below)
from pactspec.steps._consumer import _any_keyword, _handle
from pactspec.steps._errors import reported
from pactspec.steps._tables import step_source
from pactspec.steps._transports import _capture_step, _delivery_steps, _transport
from pactspec.transports import Destination, s3_object_store

__all__: list[str] = []


@given("the messages are captured from the SNS topic \"{topic:PactspecQuoted}\" with the filter policy '{policy}'")
@reported
def captured_from_sns_topic_filtered(context: Any, topic: str, policy: str) -> None:
    _transport(context).source = Destination(topic=topic, filter_policy=policy)


@given('the messages are captured from the S3 bucket "{bucket:PactspecQuoted}" under "{prefix:PactspecQuoted}"')
@reported
def captured_from_s3_prefix(context: Any, bucket: str, prefix: str) -> None:
    _transport(context).source = Destination(bucket=bucket, prefix=prefix)


# the words naming a place in a capture or delivery step -> the Destination it is
_PLACES: dict[str, Callable[[str], Destination]] = {
    "Kinesis stream": lambda name: Destination(stream=name),
    "SNS topic": lambda name: Destination(topic=name),
    "S3 bucket": lambda name: Destination(bucket=name),
}

for _words, _place in _PLACES.items():
    _capture_step(_words, _place)
    _delivery_steps(_words, _place)


@_any_keyword('it is handled by "{handler:PactspecQuoted}" as a Lambda {source:w} event')
@reported
def handled_as_lambda(context: Any, handler: str, source: str) -> None:
    try:
        kind = lambda_source(source)
    except InputError as exc:
        raise step_source(context).error(str(exc)) from None
    url = _transport(context).url
    store = s3_object_store(url) if kind == "s3" and url is not None else None
    _handle(context, handler, None, lambda_source=kind, store=store)
