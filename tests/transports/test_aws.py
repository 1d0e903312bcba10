"""What the AWS adapters share: bad input is one sentence and exit 2 before anything is published."""
# ruff: noqa: F811  (pytest fixtures imported from tests.services)

from __future__ import annotations

from pathlib import Path

import pytest

from pactspec.cli import main
from pactspec.transports import Destination, split_url, transport_schemes
from tests import transport_app
from tests.services import aws_url, free_port, no_aws_credentials, sqs_endpoint  # noqa: F401  (fixtures)
from tests.transport_pacts import USER_CREATED, write_pact

APP = "tests.transport_app"
SERVICES = {"kinesis": "Kinesis stream", "sns": "SNS topic", "s3": "S3 bucket"}


@pytest.fixture
def pacts(tmp_path: Path) -> Path:
    folder = tmp_path / "pacts"
    write_pact(folder, [USER_CREATED])
    return folder


def _commands(pacts: Path, url: str) -> list[list[str]]:
    """`pactspec capture` and `pactspec stub` against the same URL."""
    return [["capture", str(pacts), "--transport", url, "--app", APP, "--wait", "1"],
            ["stub", "--pacts", str(pacts), "--to", url]]


def _one_line_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    transport_app.LOG.clear()
    assert main(argv) == 2
    captured = capsys.readouterr()
    [line] = captured.err.splitlines()
    assert captured.out == "" and "Traceback" not in line
    assert transport_app.LOG == []  # no provider state was set up: nothing was triggered or published
    return line


@pytest.mark.services
@pytest.mark.parametrize("scheme", sorted(SERVICES))
def test_a_destination_that_does_not_exist_exits_2(
    scheme: str, pacts: Path, sqs_endpoint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A missing stream, topic or bucket is named, with what to do, for capture and stub alike."""
    for argv in _commands(pacts, aws_url(sqs_endpoint, scheme) + "/no-such-place"):
        line = _one_line_exit_2(argv, capsys)
        assert f"there is no {SERVICES[scheme]} 'no-such-place' at http://127.0.0.1" in line
        assert "create it first" in line


@pytest.mark.services
@pytest.mark.parametrize("scheme", sorted(SERVICES))
def test_an_unreachable_endpoint_exits_2(scheme: str, pacts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Nothing listening at the URL: one sentence naming the service and the endpoint, no secret."""
    for argv in _commands(pacts, f"{scheme}+http://key:secret@127.0.0.1:{free_port()}/place"):
        line = _one_line_exit_2(argv, capsys)
        service = SERVICES[scheme].split()[0]
        assert f"cannot connect to {service} at http://127.0.0.1:" in line
        assert "secret" not in line


@pytest.mark.services
@pytest.mark.usefixtures("no_aws_credentials")
@pytest.mark.parametrize("scheme", sorted(SERVICES))
def test_missing_credentials_exit_2(scheme: str, pacts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """No credentials in the URL or boto3's chain: the sentence says where to put them."""
    for argv in _commands(pacts, f"{scheme}+http://127.0.0.1:1/place"):
        line = _one_line_exit_2(argv, capsys)
        assert "no AWS credentials; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY" in line


@pytest.mark.services
def test_an_unknown_url_parameter_is_an_input_error(
    pacts: Path, sqs_endpoint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Only region= is understood besides the destination parameters."""
    line = _one_line_exit_2(["stub", "--pacts", str(pacts), "--to", aws_url(sqs_endpoint, "kinesis") + "/s?regoin=x"],
                            capsys)
    assert "unknown Kinesis URL parameter 'regoin'; use region=…" in line


def test_the_aws_schemes_are_known() -> None:
    """kinesis, sns and s3, each also over plain HTTP for a local endpoint."""
    assert {"kinesis", "kinesis+http", "sns", "sns+http", "s3", "s3+http"} <= set(transport_schemes())


def test_the_aws_destination_parameters_are_pactspecs() -> None:
    """stream, bucket, prefix and filter_policy leave the URL the client gets and name the destination."""
    url, destination = split_url('sns+http://h:1/?region=eu-west-1&topic=t&filter_policy={"a":["b"]}')
    assert url == "sns+http://h:1/?region=eu-west-1"
    assert destination == Destination(topic="t", filter_policy='{"a":["b"]}')
    assert split_url("s3+http://h:1/?bucket=b&prefix=in/")[1] == Destination(bucket="b", prefix="in/")
    assert split_url("kinesis:///?stream=s&region=x")[1] == Destination(stream="s")


def test_aws_destinations_describe_themselves() -> None:
    """Error messages name the stream, the bucket with its prefix, the topic with its filter policy."""
    assert Destination(stream="orders").describe() == "stream 'orders'"
    assert Destination(bucket="b", prefix="in/").describe() == "bucket 'b' (key prefix 'in/')"
    assert Destination(topic="t", filter_policy="{}").describe() == "topic 't' (filter policy {})"
    assert Destination(stream="s").merged(Destination(bucket="b", stream="x")) == Destination(stream="s", bucket="b")
