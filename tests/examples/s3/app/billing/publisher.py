"""The service's real code that writes invoices, and the triggers that let pactspec drive it.

Consumers are notified of new objects under the key prefix ``invoices/``, so the prefix is part
of the contract.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
from botocore.config import Config

from pactspec.capture import trigger
from pactspec.provider._registry import provider_state

BUCKET = "invoices"
INVOICES: dict[int, dict[str, Any]] = {}


def s3_client(transport_url: str) -> Any:
    """A boto3 client for the endpoint in an ``s3+http://HOST:PORT`` URL."""
    endpoint = transport_url.replace("s3+http://", "http://").split("?")[0].rstrip("/")
    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                        config=Config(s3={"addressing_style": "path"}))


def invoice_object(invoice: dict[str, Any], folder: str = "invoices") -> dict[str, Any]:
    return {
        "Bucket": BUCKET,
        "Key": f"{folder}/{invoice['id']}.json",
        "Body": json.dumps({"invoiceId": invoice["id"], "amount": invoice["amount"]}).encode("utf-8"),
        "ContentType": "application/json",
        "Metadata": {"source": "billing"},
    }


def write_invoice(transport_url: str, invoice_id: int) -> None:
    s3_client(transport_url).put_object(**invoice_object(INVOICES[invoice_id]))


@provider_state("Invoice 1001 was issued")
def invoice_issued(id: int) -> Iterator[dict[str, Any]]:
    INVOICES[int(id)] = {"id": int(id), "amount": 99.0}
    yield {"id": int(id)}
    INVOICES.pop(int(id), None)


@trigger("an invoice")
def invoice_trigger(transport_url: str, context: dict[str, Any]) -> None:
    write_invoice(transport_url, context["id"])
