"""Capture verification, as documented: ``from pactspec.capture import trigger``.

The implementation lives in :mod:`pactspec.transports`; this module is the documented name for it.
"""

from __future__ import annotations

from pactspec.transports import (
    BrokerBackend,
    TriggerFunction,
    call_trigger,
    captured_contents,
    load_triggers,
    trigger,
    verify_by_capture,
)

__all__ = [
    "BrokerBackend",
    "TriggerFunction",
    "call_trigger",
    "captured_contents",
    "load_triggers",
    "trigger",
    "verify_by_capture",
]
