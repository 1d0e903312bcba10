"""The AWS transport steps and tests/examples' AWS loops, run by behave in a subprocess against moto's server."""
# ruff: noqa: F811  (pytest fixtures imported from tests.services)

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.services import aws_url, sqs_endpoint  # noqa: F401  (fixtures)

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.services


def _run_example(name: str, tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Copy tests/examples/NAME and run behave on it as a user would."""
    example = tmp_path / name
    shutil.copytree(REPO / "tests" / "examples" / name, example, ignore=shutil.ignore_patterns("pacts", "__pycache__"))
    return subprocess.run(
        [sys.executable, "-m", "behave", "--no-capture", "--format", "plain"],
        cwd=example, env={**os.environ, "PYTHONPATH": str(REPO), **env},
        capture_output=True, text=True, timeout=180, check=False,
    )


def test_the_kinesis_example_runs_end_to_end(tmp_path: Path, sqs_endpoint: str) -> None:
    """tests/examples/kinesis: contract, delivery to the real reader, capture of the real publisher (partition key)."""
    result = _run_example("kinesis", tmp_path, {"KINESIS_URL": aws_url(sqs_endpoint, "kinesis")})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 scenarios passed, 0 failed" in result.stdout
    assert (tmp_path / "kinesis" / "pacts" / "order-audit-order-events.json").is_file()


def test_the_sns_example_runs_end_to_end(tmp_path: Path, sqs_endpoint: str) -> None:
    """tests/examples/sns: contract, delivery through the filtered subscription, capture (missing attribute)."""
    result = _run_example("sns", tmp_path, {"SNS_URL": aws_url(sqs_endpoint, "sns")})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 scenarios passed, 0 failed" in result.stdout
    assert (tmp_path / "sns" / "pacts" / "notifications-shipping.json").is_file()


def test_the_s3_example_runs_end_to_end(tmp_path: Path, sqs_endpoint: str) -> None:
    """tests/examples/s3: contract, delivery to the real bucket reader, capture of the real writer (key prefix)."""
    result = _run_example("s3", tmp_path, {"S3_URL": aws_url(sqs_endpoint, "s3")})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 scenarios passed, 0 failed" in result.stdout
    assert (tmp_path / "s3" / "pacts" / "accounting-billing.json").is_file()
