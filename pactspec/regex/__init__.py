"""Regexes from contracts: Java/Rust syntax translated, risky patterns run safely, examples generated.
"""

from __future__ import annotations

from pactspec.regex._safe import compile_pattern
from pactspec.regex._uuid import UUID_PATTERNS, uuid_form

__all__ = [
    "UUID_PATTERNS",
    "compile_pattern",
    "uuid_form",
]
