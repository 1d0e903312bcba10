"""Pact files: Pact JSON <-> model (V3 message pacts, V4 pacts), loading, safe names and merging writes.
"""

from __future__ import annotations

from pactspec.pactfile._files import (
    RUN_ID_VARIABLE,
    WriteMode,
    check_write_mode,
    current_run_id,
    kept_interactions,
    pact_file_name,
    pact_path,
    write_pact,
)
from pactspec.pactfile._json import dumps_pact, pact_to_json, parse_pact
from pactspec.pactfile._parts import V4_BODY_KEYS, contents_from_json
from pactspec.pactfile._reading import find_pact_files, load_pact, load_pact_source, load_pacts
from pactspec.pactfile._where import Where

__all__ = [
    "RUN_ID_VARIABLE",
    "V4_BODY_KEYS",
    "Where",
    "WriteMode",
    "check_write_mode",
    "contents_from_json",
    "current_run_id",
    "dumps_pact",
    "find_pact_files",
    "kept_interactions",
    "load_pact",
    "load_pact_source",
    "load_pacts",
    "pact_file_name",
    "pact_path",
    "pact_to_json",
    "parse_pact",
    "write_pact",
]
