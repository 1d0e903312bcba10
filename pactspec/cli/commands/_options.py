"""Options shared by several commands (``--path``, ``--timeout``, ``--junit``/``--json``, ``--allow-empty``,
renamed options), defined once."""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pactspec.errors import InputError
from pactspec.usercode import DEFAULT_TIMEOUT, check_timeout

__all__ = [
    "RenamedOption",
    "add_allow_empty_option",
    "add_broker_connection_options",
    "add_path_option",
    "add_report_options",
    "add_timeout_option",
    "extend_import_path",
    "timeout_from",
    "verbose_logging",
]


def add_broker_connection_options(parser: argparse.ArgumentParser, *, title: str, url_help: str,
                                  verbose: bool = True) -> None:
    """The pact-broker CLI's connection flags: ``-b/--broker-base-url`` (alias ``--broker-url``), ``-u``, ``-p``,
    ``-k`` and, where the command logs its requests, ``--verbose``; read as ``args.broker_base_url`` etc."""
    group = parser.add_argument_group(f"{title} (default: PACT_BROKER_BASE_URL, _USERNAME, _PASSWORD, _TOKEN)")
    group.add_argument("-b", "--broker-base-url", "--broker-url", dest="broker_base_url", metavar="URL",
                       help=url_help)
    group.add_argument("-u", "--broker-username", metavar="NAME", help="basic auth username")
    group.add_argument("-p", "--broker-password", metavar="PASSWORD", help="basic auth password")
    group.add_argument("-k", "--broker-token", metavar="TOKEN", help="bearer token (PactFlow)")
    if verbose:
        group.add_argument("--verbose", action="store_true",
                           help="log each request to the broker (credentials are never shown)")


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


def add_timeout_option(parser: argparse.ArgumentParser, what: str = "producer and provider-state handler") -> None:
    parser.add_argument("--timeout", metavar="SECONDS", default=str(DEFAULT_TIMEOUT),
                        help=f"how long each {what} may take before its interaction fails "
                             f"(default {DEFAULT_TIMEOUT:g}; 0: no limit)")


def timeout_from(args: argparse.Namespace) -> float | None:
    """``--timeout`` in seconds, ``None`` for no limit; a value that is no number of seconds is an error."""
    return check_timeout(args.timeout, "--timeout ")


def add_report_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--junit", metavar="FILE", help="also write a JUnit XML report")
    parser.add_argument("--json", metavar="FILE", help="also write a JSON report")


class RenamedOption(argparse.Action):
    """An option's old spelling: stores its value as the new one does, and says so in one line on stderr.

    A plain line, not a ``warnings`` warning: a CLI user never sees a DeprecationWarning, and a
    FutureWarning would add pactspec's own file and line, which mean nothing to them.
    """

    def __init__(self, option_strings: list[str], dest: str, *, new: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, help=argparse.SUPPRESS, **kwargs)
        self.new = new

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        sys.stderr.write(f"{parser.prog}: warning: {option_string} is renamed {self.new} in pactspec 0.2 and goes "
                         f"in 0.3; write {self.new} {self.metavar or ''}".rstrip() + "\n")
        setattr(namespace, self.dest, values)


def add_allow_empty_option(parser: argparse.ArgumentParser, what: str) -> None:
    """``--allow-empty``: accept finding no pact file (every command that reads pacts has it)."""
    parser.add_argument("--allow-empty", action="store_true", help=what)


@contextlib.contextmanager
def verbose_logging(enabled: bool) -> Iterator[None]:
    """While the command runs, send the broker client's request log to stderr (URLs, statuses; never headers)."""
    if not enabled:
        yield
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("pactspec broker: %(message)s"))
    log = logging.getLogger("pactspec.broker")
    level = log.level
    log.addHandler(handler)
    log.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        log.removeHandler(handler)
        log.setLevel(level)
