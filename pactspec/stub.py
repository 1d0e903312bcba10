"""Stub delivery, as documented: ``from pactspec.stub import deliver_pacts`` (``serve_pacts`` for ws://).

The implementation lives in :mod:`pactspec.transports`; this module is the documented name for it.
"""

from __future__ import annotations

from pactspec.transports import (
    StubAnswer,
    StubExchange,
    StubMessage,
    StubServer,
    answer_pacts,
    deliver,
    deliver_pacts,
    example_message,
    serve_pacts,
    stub_exchanges,
    stub_messages,
)

__all__ = [
    "StubAnswer",
    "StubExchange",
    "StubMessage",
    "StubServer",
    "answer_pacts",
    "deliver",
    "deliver_pacts",
    "example_message",
    "serve_pacts",
    "stub_exchanges",
    "stub_messages",
]
