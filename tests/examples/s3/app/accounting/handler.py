"""What accounting does with an invoice object, whatever brought it."""

from __future__ import annotations

from pactspec import Message

BOOKED: dict[int, float] = {}


def book_invoice(message: Message) -> None:
    if not str(message.metadata.get("key", "")).startswith("invoices/"):
        raise ValueError(f"not an invoice: {message.metadata.get('key')!r}")
    BOOKED[int(message.body["invoiceId"])] = float(message.body["amount"])
