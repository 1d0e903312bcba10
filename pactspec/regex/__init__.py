"""Regexes from contracts: Java/Rust syntax translated, risky patterns run safely, examples generated.
"""

from __future__ import annotations

from pactspec.regex._safe import compile_pattern

__all__ = [
    "compile_pattern",
]
