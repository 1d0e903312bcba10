#!/usr/bin/env python3
"""Run the Pact compatibility suite's message, matching and generator features under behave.

The features are read where they are (``$PACTSPEC_CONFORMANCE/pact-compatibility-suite``, by
default ``<repo>/../shared/conformance``), never copied into the repository: the runner builds a
temporary behave base folder holding symbolic links to them and to this folder's ``steps/`` and
``environment.py``. Extra arguments go to behave (``-n 'include matcher'``, ``--format pretty``).
Exit status: behave's (0 all passed, 1 failures), 2 when the features are absent.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent

# (version folder, feature file stem, scenarios run): the features pactspec conforms to.
FEATURES: tuple[tuple[str, str, int], ...] = (
    ("V3", "message_consumer", 7),
    ("V3", "message_provider", 17),  # 18 minus the @wip Kafka schema-registry scenario
    ("V4", "message_consumer", 4),
    ("V4", "message_provider", 2),
    ("V4", "synchronous_message_consumer", 11),
    ("V4", "v4", 1),
    ("V3", "matching_rules", 24),
    ("V4", "matching_rules", 15),
    ("V3", "generators", 10),
    ("V4", "generators", 6),
)


def conformance_dir() -> Path:
    """The conformance folder: ``$PACTSPEC_CONFORMANCE`` or ``<repo>/../shared/conformance``."""
    return Path(os.environ.get("PACTSPEC_CONFORMANCE") or REPO.parent / "shared" / "conformance")


def missing_features(suite: Path) -> list[str]:
    """The feature files (and fixtures folder) this runner needs that are not in the suite folder."""
    missing = [
        f"features/{version}/{stem}.feature"
        for version, stem, _ in FEATURES
        if not (suite / "features" / version / f"{stem}.feature").is_file()
    ]
    return missing + ([] if (suite / "fixtures").is_dir() else ["fixtures/"])


def build_base_dir(suite: Path, base: Path) -> list[str]:
    """Link steps, environment and the selected features into ``base``; return the feature paths
    relative to it (behave runs there, so its report names ``V3/matching_rules.feature:12``)."""
    (base / "steps").symlink_to(HERE / "steps", target_is_directory=True)
    (base / "environment.py").symlink_to(HERE / "environment.py")
    paths = []
    for version, stem, _ in FEATURES:
        folder = base / version
        folder.mkdir(exist_ok=True)
        link = folder / f"{stem}.feature"
        link.symlink_to(suite / "features" / version / f"{stem}.feature")
        paths.append(f"{version}/{stem}.feature")
    return paths


_PATH_OPTIONS = ("--junit-directory", "-o", "--outfile")


def absolute_paths(args: Sequence[str], cwd: Path) -> list[str]:
    """Make behave's output paths absolute: behave runs in the temporary folder, not here."""
    out: list[str] = []
    for index, arg in enumerate(args):
        option, equals, value = arg.partition("=")
        if equals and option in _PATH_OPTIONS:
            arg = f"{option}={cwd / value}"
        elif index > 0 and args[index - 1] in _PATH_OPTIONS:
            arg = str(cwd / arg)
        out.append(arg)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    extra = absolute_paths(list(sys.argv[1:] if argv is None else argv), Path.cwd())
    folder = conformance_dir()
    suite = folder / "pact-compatibility-suite"
    if not (suite / "features").is_dir():
        print(
            f"error: the Pact compatibility suite is not at {suite}; set PACTSPEC_CONFORMANCE to the folder "
            "that holds pact-compatibility-suite/ or run `.ci/conformance.py` to fetch the pinned commit",
            file=sys.stderr,
        )
        return 2
    absent = missing_features(suite)
    if absent:
        print(
            f"error: {suite} lacks {', '.join(absent)}; point PACTSPEC_CONFORMANCE at a complete "
            "copy of the suite (commit 1acfa1ec or later)",
            file=sys.stderr,
        )
        return 2

    # The step modules import tests.compatibility.support; behave runs in this process.
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from behave.__main__ import main as behave_main

    with tempfile.TemporaryDirectory(prefix="pactspec-compat-") as tmp:
        paths = build_base_dir(suite, Path(tmp))
        args = [
            "--tags=not @wip",
            "--format=progress",
            "--no-snippets",
            "-D", f"fixtures={suite / 'fixtures'}",
            *extra,
            *paths,
        ]
        print(f"Pact compatibility suite: {suite} ({sum(n for *_, n in FEATURES)} scenarios)", flush=True)
        previous = os.getcwd()
        os.chdir(tmp)
        try:
            return int(behave_main(args))
        finally:
            os.chdir(previous)


if __name__ == "__main__":
    sys.exit(main())
