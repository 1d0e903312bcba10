"""Where the Pact conformance material lives: ``$PACTSPEC_CONFORMANCE`` or ``../shared/conformance``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def conformance_dir() -> Path:
    """The conformance folder; fails the calling test with a clear message when it is absent."""
    folder = Path(os.environ.get("PACTSPEC_CONFORMANCE") or REPO.parent / "shared" / "conformance")
    if not (folder / "pact-specification").is_dir():
        pytest.fail(
            f"the Pact conformance material is not at {folder}; set PACTSPEC_CONFORMANCE to its folder "
            "or run `make conformance` to fetch the pinned upstream commits",
            pytrace=False,
        )
    return folder
