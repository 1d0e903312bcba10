#!/usr/bin/env python3
"""Locate PactFlow's comparator CLI (``opc``, npm ``@pactflow/openapi-pact-comparator``), the AsyncAPI tests' oracle.

Prints the path of its ``cli.cjs`` (run it with node). Looks at $PACTSPEC_OPC, then .cache/opc; if
neither holds it, installs the pinned version below into .cache/opc with ``npm install --prefix``
(test-only: nothing is committed, .cache is git-ignored). Exits 2 with one sentence saying why when
that is impossible. ``--check`` prints a line for people instead of the bare path.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGE = "@pactflow/openapi-pact-comparator"
VERSION = "2.3.1"  # the first line with --asyncapi; the tests' expectations are this version's
CACHE = REPO / ".cache" / "opc"
CLI = Path("node_modules") / PACKAGE / "dist" / "cli.cjs"


def main() -> int:
    given = os.environ.get("PACTSPEC_OPC")
    found = Path(given) if given else CACHE / CLI
    installed = CACHE / "node_modules" / PACKAGE / "package.json"
    stale = not given and installed.is_file() and f'"version": "{VERSION}"' not in installed.read_text()
    if stale or not found.is_file():
        if given:
            print(f"pactspec: PACTSPEC_OPC={given} is not the comparator's cli.cjs; unset it to install "
                  f"{PACKAGE}@{VERSION} into .cache/opc", file=sys.stderr)
            return 2
        if shutil.which("npm") is None or shutil.which("node") is None:
            print(f"pactspec: node and npm are needed to install {PACKAGE}@{VERSION} (the AsyncAPI tests' oracle); "
                  "apt-get install nodejs npm, or point PACTSPEC_OPC at its dist/cli.cjs", file=sys.stderr)
            return 2
        staging = CACHE.with_name("opc.partial")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        done = subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(staging),
                               f"{PACKAGE}@{VERSION}"], capture_output=True, text=True, timeout=600, check=False)
        if done.returncode != 0 or not (staging / CLI).is_file():
            detail = (done.stderr.strip().splitlines() or ["no output"])[-1]
            print(f"pactspec: npm could not install {PACKAGE}@{VERSION}: {detail}", file=sys.stderr)
            return 2
        shutil.rmtree(CACHE, ignore_errors=True)
        staging.rename(CACHE)
    print(f"PactFlow's comparator (opc): {found.resolve()}" if "--check" in sys.argv else found.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
