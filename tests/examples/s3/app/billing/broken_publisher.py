"""A regression: a refactoring renamed the folder to ``invoice/``. The object itself is right."""

from __future__ import annotations

from typing import Any

from billing import publisher
from billing.publisher import invoice_issued  # noqa: F401  (the same provider state)
from pactspec.capture import trigger


@trigger("an invoice")
def invoice_trigger(transport_url: str, context: dict[str, Any]) -> None:
    invoice = publisher.INVOICES[context["id"]]
    publisher.s3_client(transport_url).put_object(**publisher.invoice_object(invoice, folder="invoice"))
