"""The ``pactspec`` command line: a thin dispatcher over the subcommands in :mod:`pactspec.cli.commands`.

Each subcommand is a module there with ``HELP`` (one line), ``configure(parser)`` and
``run(args) -> int``. Exit codes: 0 ok, 1 contract failures, 2 bad input or usage.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence
from types import ModuleType

from pactspec._version import __version__
from pactspec.cli import commands
from pactspec.errors import InputError, PactSpecError, PactWriteError

__all__ = [
    "build_parser",
    "main",
]


def _commands() -> dict[str, ModuleType]:
    found: dict[str, ModuleType] = {}
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
        if not info.name.startswith("_"):
            found[info.name] = importlib.import_module(f"pactspec.cli.commands.{info.name}")
    return found


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pactspec",
        description="Consumer-driven contract testing for messages: pact files, verification, docs.",
    )
    parser.add_argument("--version", action="version", version=f"pactspec {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module in _commands().items():
        command = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.configure(command)
        command.set_defaults(_run=module.run, _parser=command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code instead of exiting, so tests can call it."""
    parser = build_parser()
    try:
        args, unknown = parser.parse_known_args(argv)
        if unknown:  # name the subcommand's own usage, not the top-level one
            getattr(args, "_parser", parser).error(f"unrecognized arguments: {' '.join(unknown)}")
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help and --version
        return int(exc.code or 0)
    if not getattr(args, "_run", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args._run(args))
    except (InputError, PactWriteError) as exc:  # a pact file that cannot be written is unusable input too
        print(f"pactspec {args.command}: {exc}", file=sys.stderr)
        return 2
    except PactSpecError as exc:
        print(f"pactspec {args.command}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
