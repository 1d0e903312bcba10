"""Stub delivery, as documented: ``from pactspec.stub import deliver_pacts``.

The implementation lives in :mod:`pactspec.transports`; this module is the documented name for it.
"""

from __future__ import annotations

from pactspec.transports import (
    StubAnswer,
    StubMessage,
    answer_pacts,
    deliver,
    deliver_pacts,
    example_message,
    stub_messages,
)

__all__ = [
    "StubAnswer",
    "StubMessage",
    "answer_pacts",
    "deliver",
    "deliver_pacts",
    "example_message",
    "stub_messages",
]
