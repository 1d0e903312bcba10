#!/usr/bin/env python3
"""Locate the Pact conformance material, fetching the pinned upstream commits when it is absent.

Prints the folder on stdout. Looks at $PACTSPEC_CONFORMANCE, then ../shared/conformance, then
.cache/conformance; if none holds the material, clones the commits that
../shared/conformance/README.md names (pinned below) into .cache/conformance with git. Exits 2
with one sentence saying why when that is impossible.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
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


def git(*args: str, cwd: Path | None = None) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, timeout=300)


def checkout(url: str, commit: str, dest: Path) -> None:
    """Materialise one commit of a repository into dest (no .git left behind)."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        git("init", "-q", cwd=work)
        git("remote", "add", "origin", url, cwd=work)
        git("fetch", "-q", "--depth", "1", "origin", commit, cwd=work)
        git("checkout", "-q", "FETCH_HEAD", cwd=work)
        shutil.rmtree(work / ".git")
        shutil.copytree(work, dest)


def fetch() -> Path:
    if shutil.which("git") is None:
        raise RuntimeError("git is not installed, so the pinned upstream commits cannot be fetched")
    staging = CACHE.with_name("conformance.partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    checkout(*COMPAT, staging / "pact-compatibility-suite")
    for version, commit in SPEC.items():
        checkout(SPEC_URL, commit, staging / "pact-specification" / version)
    shutil.rmtree(CACHE, ignore_errors=True)
    staging.rename(CACHE)
    return CACHE


def locate() -> Path:
    candidates = [Path(p) for p in (os.environ.get("PACTSPEC_CONFORMANCE"),) if p]
    candidates += [REPO.parent / "shared" / "conformance", CACHE]
    for folder in candidates:
        if complete(folder):
            return folder.resolve()
    print("pactspec: the Pact conformance material is not in ../shared/conformance; "
          "fetching the pinned upstream commits with git ...", file=sys.stderr)
    return fetch()


def main() -> int:
    try:
        folder = locate()
    except (RuntimeError, subprocess.SubprocessError, OSError) as exc:
        detail = exc.stderr.strip().splitlines()[-1] if getattr(exc, "stderr", None) else str(exc)
        print(f"pactspec: cannot get the Pact conformance material: {detail}. Put it in "
              "../shared/conformance or point PACTSPEC_CONFORMANCE at a copy of it.", file=sys.stderr)
        return 2
    if "--check" in sys.argv:
        print(f"Pact conformance material: {folder}")
    else:
        print(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
