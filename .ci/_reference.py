"""What .ci/conformance.py and .ci/broker_reference.py share: finding reference material, or fetching it.

Each script names its material, its environment variable, its folder in ../shared and how to tell a
complete copy; :func:`run` looks at $VARIABLE, then ../shared/<folder>, then .cache/<folder>, fetches
the pinned commits when none is complete, and prints the folder (``--check``: a line for people).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, timeout=300)


def shallow_checkout(url: str, commit: str, use: Callable[[Path], None]) -> None:
    """Fetch one commit of a repository into a temporary work tree and hand it to ``use``."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        git("init", "-q", cwd=work)
        git("remote", "add", "origin", url, cwd=work)
        git("fetch", "-q", "--depth", "1", "origin", commit, cwd=work)
        git("checkout", "-q", "FETCH_HEAD", cwd=work)
        use(work)


def run(*, what: str, variable: str, shared: str, cache: Path,
        complete: Callable[[Path], bool], fetch: Callable[[], Path]) -> int:
    """Print where the material is (fetching it if need be); exit code 2 with one sentence if impossible."""
    try:
        candidates = [Path(p) for p in (os.environ.get(variable),) if p]
        candidates += [REPO.parent / "shared" / shared, cache]
        found = next((folder.resolve() for folder in candidates if complete(folder)), None)
        if found is None:
            print(f"pactspec: the {what} is not in ../shared/{shared}; fetching the pinned upstream commits "
                  "with git ...", file=sys.stderr)
            found = fetch()
    except (RuntimeError, subprocess.SubprocessError, OSError) as exc:
        detail = exc.stderr.strip().splitlines()[-1] if getattr(exc, "stderr", None) else str(exc)
        print(f"pactspec: cannot get the {what}: {detail}. Put it in ../shared/{shared} or point {variable} "
              "at a copy of it.", file=sys.stderr)
        return 2
    print(f"{what[0].upper()}{what[1:]}: {found}" if "--check" in sys.argv else found)
    return 0
