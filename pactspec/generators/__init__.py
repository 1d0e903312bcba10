"""Pact generators: values that replace a contract's examples when a message is produced or verified.
"""

from __future__ import annotations

from pactspec.generators._apply import apply_generators, from_json

__all__ = [
    "apply_generators",
    "from_json",
]
