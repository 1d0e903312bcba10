"""Pact generators: values that replace a contract's examples when a message is produced or verified.
"""

from __future__ import annotations

from pactspec.generators._apply import apply_generators, as_generator, from_json
from pactspec.generators._types import Generator

__all__ = [
    "Generator",
    "apply_generators",
    "as_generator",
    "from_json",
]
