"""Options shared by several commands (``--path``, ``--junit``/``--json``), defined once."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pactspec.errors import InputError

__all__ = ["add_path_option", "add_report_options", "extend_import_path"]


def add_path_option(parser: argparse.ArgumentParser, what: str = "--app modules") -> None:
    parser.add_argument("--path", metavar="DIR", action="append", default=[],
                        help=f"a folder to import {what} from (repeatable; the current folder is always used)")


def extend_import_path(folders: list[str]) -> None:
    """Put the ``--path`` folders first on ``sys.path``, in the order given."""
    for folder in reversed(folders):
        resolved = Path(folder).resolve()
        if not resolved.is_dir():
            raise InputError(f"--path {folder}: there is no such folder; give the folder holding your modules")
        if str(resolved) not in sys.path:
            sys.path.insert(0, str(resolved))


def add_report_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--junit", metavar="FILE", help="also write a JUnit XML report")
    parser.add_argument("--json", metavar="FILE", help="also write a JSON report")
