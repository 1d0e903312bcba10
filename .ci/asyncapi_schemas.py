#!/usr/bin/env python3
"""Locate the official AsyncAPI JSON Schemas the tests validate documents with, fetching them when absent.

Prints the folder on stdout. Looks at $PACTSPEC_ASYNCAPI_SCHEMAS, then ../shared/asyncapi, then
.cache/asyncapi; if none holds them, fetches the commit ../shared/asyncapi/README.md names (pinned
below) into .cache/asyncapi with git. Exits 2 with one sentence saying why when that is impossible.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from _reference import REPO, run, shallow_checkout

CACHE = REPO / ".cache" / "asyncapi"
SOURCE = ("https://github.com/asyncapi/spec-json-schemas.git", "7dd3990d9fff9df76e81c8d2ab544e0000f29aff")
FILES = ("2.6.0-without-$id.json", "3.0.0-without-$id.json")


def complete(folder: Path) -> bool:
    return all((folder / name).is_file() for name in FILES)


def fetch() -> Path:
    if shutil.which("git") is None:
        raise RuntimeError("git is not installed, so the pinned upstream commit cannot be fetched")
    staging = CACHE.with_name("asyncapi.partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)

    def keep(work: Path) -> None:
        for name in (*FILES, "LICENSE"):
            shutil.copy(work / ("schemas" if name != "LICENSE" else "") / name, staging / name)

    shallow_checkout(*SOURCE, keep)
    shutil.rmtree(CACHE, ignore_errors=True)
    staging.rename(CACHE)
    return CACHE


def main() -> int:
    return run(what="AsyncAPI JSON Schemas", variable="PACTSPEC_ASYNCAPI_SCHEMAS", shared="asyncapi", cache=CACHE,
               complete=complete, fetch=fetch)


if __name__ == "__main__":
    sys.exit(main())
