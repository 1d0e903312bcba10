"""Capture verification, as documented: ``from pactspec.capture import trigger``.

The implementation lives in :mod:`pactspec.transports`; this module is the documented name for it.
``BrokerBackend`` is :class:`TransportBackend` since 0.2; the old name works until 0.3, and warns.
"""

from __future__ import annotations

from pactspec._version import renamed_names
from pactspec.transports import (
    TransportBackend,
    TriggerFunction,
    call_trigger,
    captured_contents,
    load_triggers,
    trigger,
    verify_by_capture,
)

__all__ = [
    "TransportBackend",
    "TriggerFunction",
    "call_trigger",
    "captured_contents",
    "load_triggers",
    "trigger",
    "verify_by_capture",
]

__getattr__ = renamed_names(__name__, {"BrokerBackend": "TransportBackend"})
