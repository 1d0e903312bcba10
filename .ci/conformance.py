#!/usr/bin/env python3
"""Locate the Pact conformance material, fetching the pinned upstream commits when it is absent.

Prints the folder on stdout. Looks at $PACTSPEC_CONFORMANCE, then ../shared/conformance, then
.cache/conformance; if none holds the material, clones the commits that
../shared/conformance/README.md names (pinned below) into .cache/conformance with git. Exits 2
with one sentence saying why when that is impossible.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from _reference import REPO, run, shallow_checkout

CACHE = REPO / ".cache" / "conformance"

COMPAT = ("https://github.com/pact-foundation/pact-compatibility-suite.git",
          "1acfa1ecbd9d63e4465c687b3cdd7e0d3ac5811c")
SPEC_URL = "https://github.com/pact-foundation/pact-specification.git"
SPEC = {
    "v1": "d83700c08b7c7b647b4cfcbeb8421d9c81c79f49",
    "v1.1": "64b2a01db4114597a0b3165ce68d2442669ed679",
    "v2": "e96b2acd93fc45738db1b1ebc167c975c218a394",
    "v3": "c1aba5c7a168690e6742eff800e38f9aa1e74c3a",
    "v4": "b16fd6fa24bff8af247f737e1296cb341911e425",
}


def complete(folder: Path) -> bool:
    return (folder / "pact-compatibility-suite" / "features").is_dir() and all(
        (folder / "pact-specification" / version / "testcases").is_dir() for version in SPEC
    )


def fetch() -> Path:
    if shutil.which("git") is None:
        raise RuntimeError("git is not installed, so the pinned upstream commits cannot be fetched")
    staging = CACHE.with_name("conformance.partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)

    def keep(dest: Path) -> Callable[[Path], None]:
        return lambda work: shutil.copytree(work, dest, ignore=shutil.ignore_patterns(".git"))

    shallow_checkout(*COMPAT, keep(staging / "pact-compatibility-suite"))
    for version, commit in SPEC.items():
        shallow_checkout(SPEC_URL, commit, keep(staging / "pact-specification" / version))
    shutil.rmtree(CACHE, ignore_errors=True)
    staging.rename(CACHE)
    return CACHE


def main() -> int:
    return run(what="Pact conformance material", variable="PACTSPEC_CONFORMANCE", shared="conformance",
               cache=CACHE, complete=complete, fetch=fetch)


if __name__ == "__main__":
    sys.exit(main())
