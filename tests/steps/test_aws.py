"""The AWS transport steps and tests/examples' AWS loops, run by behave in a subprocess against moto's server."""
# ruff: noqa: F811  (pytest fixtures imported from tests.services)

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import boto3
import pytest

from tests.example_projects import assert_example_passes
from tests.services import aws_url, sqs_endpoint  # noqa: F401  (fixtures)

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.services


def test_the_kinesis_example_runs_end_to_end(tmp_path: Path, sqs_endpoint: str) -> None:
    """tests/examples/kinesis: a Lambda consumer's contract, delivery through the stream, capture (partition key)."""
    assert_example_passes("kinesis", tmp_path, {"KINESIS_URL": aws_url(sqs_endpoint, "kinesis")}, scenarios=5, pact="order-audit-order-events.json")


def test_the_sns_example_runs_end_to_end(tmp_path: Path, sqs_endpoint: str) -> None:
    """tests/examples/sns: contract, delivery through the filtered subscription, capture (missing attribute)."""
    assert_example_passes("sns", tmp_path, {"SNS_URL": aws_url(sqs_endpoint, "sns")}, scenarios=4, pact="notifications-shipping.json")


def test_the_s3_example_runs_end_to_end(tmp_path: Path, sqs_endpoint: str) -> None:
    """tests/examples/s3: contract, delivery to the real bucket reader, capture of the real writer (key prefix)."""
    assert_example_passes("s3", tmp_path, {"S3_URL": aws_url(sqs_endpoint, "s3")}, scenarios=4, pact="accounting-billing.json")


LAMBDA_APP = """
import json, os
import boto3

def s3_handler(event, context):
    record = event["Records"][0]["s3"]
    s3 = boto3.client("s3", endpoint_url=os.environ["S3_ENDPOINT"], region_name="us-east-1")
    body = json.loads(s3.get_object(Bucket=record["bucket"]["name"], Key=record["object"]["key"])["Body"].read())
    assert body["invoiceId"] == 1001, body
    assert context.get_remaining_time_in_millis() > 0

def sqs_handler(event, context):
    assert json.loads(event["Records"][0]["body"])["invoiceId"] == 1001
"""

LAMBDA_FEATURE = """
Feature: Lambda consumers
  Scenario: an S3 event points at the object in the test S3 endpoint
    Given "accounting" consumes messages from "billing"
    And the transport at "${S3_URL}"
    When the message "an invoice" is received
    And the message metadata is:
      | key    | value              |
      | bucket | {bucket}           |
      | key    | invoices/1001.json |
    Then the content matches:
      | path        | example |
      | $.invoiceId | 1001    |
    And it is handled by "lambda_app:s3_handler" as a Lambda S3 event

  Scenario: an SQS event
    Given "accounting" consumes messages from "billing"
    When the message "an invoice by SQS" is received
    Then the content matches:
      | path        | example |
      | $.invoiceId | 1001    |
    And it is handled by "lambda_app:sqs_handler" as a Lambda SQS event

  Scenario: a source that does not exist
    Given "accounting" consumes messages from "billing"
    When the message "an invoice by pigeon" is received
    Then the content matches:
      | path        | example |
      | $.invoiceId | 1001    |
    And it is handled by "lambda_app:sqs_handler" as a Lambda Pigeon event
"""


def test_lambda_steps_put_the_s3_object_and_call_the_handler(tmp_path: Path, sqs_endpoint: str) -> None:
    """`as a Lambda S3 event` puts the example in the transport's S3; an unknown source names the file and line."""
    bucket = "lambda-invoices"
    boto3.client("s3", endpoint_url=sqs_endpoint, region_name="us-east-1").create_bucket(Bucket=bucket)
    (tmp_path / "features" / "steps").mkdir(parents=True)
    (tmp_path / "features" / "steps" / "pactspec_steps.py").write_text("from pactspec.steps import *\n")
    (tmp_path / "features" / "lambda.feature").write_text(textwrap.dedent(LAMBDA_FEATURE).replace("{bucket}", bucket))
    (tmp_path / "lambda_app.py").write_text(LAMBDA_APP)
    result = subprocess.run(
        [sys.executable, "-m", "behave", "--no-capture", "--format", "plain"], cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": f"{REPO}:{tmp_path}", "S3_URL": aws_url(sqs_endpoint, "s3"),
             "S3_ENDPOINT": sqs_endpoint},
        capture_output=True, text=True, timeout=180, check=False,
    )
    assert "2 scenarios passed, 1 failed" in result.stdout, result.stdout + result.stderr
    assert ("lambda.feature:30: 'Pigeon' is not a Lambda event source pactspec knows; write one of SQS, SNS, "
            "Kinesis, S3, EventBridge") in result.stdout
