"""Pact files: Pact JSON <-> model (V3 message pacts, V4 pacts), loading, safe names and merging writes.
"""

from __future__ import annotations

from pactspec.pactfile._files import load_pact, load_pacts, pact_path, write_pact
from pactspec.pactfile._json import dumps_pact, pact_to_json, parse_pact
from pactspec.pactfile._parts import V4_BODY_KEYS, Where, contents_from_json

__all__ = [
    "V4_BODY_KEYS",
    "Where",
    "contents_from_json",
    "dumps_pact",
    "load_pact",
    "load_pacts",
    "pact_path",
    "pact_to_json",
    "parse_pact",
    "write_pact",
]
