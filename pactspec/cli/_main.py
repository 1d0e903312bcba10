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


def _command_names() -> list[str]:
    found = pkgutil.iter_modules(commands.__path__)
    return sorted(info.name for info in found if not info.name.startswith("_"))


def _commands(only: str | None = None) -> dict[str, ModuleType]:
    names = [only] if only is not None else _command_names()
    return {name: importlib.import_module(f"pactspec.cli.commands.{name}") for name in names}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with ``command``, only that subcommand is set up (and imported)."""
    parser = argparse.ArgumentParser(
        prog="pactspec",
        description="Consumer-driven contract testing for messages: pact files, verification, docs.",
    )
    parser.add_argument("--version", action="version", version=f"pactspec {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module in _commands(command).items():
        command_parser = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.configure(command_parser)
        command_parser.set_defaults(_run=module.run, _parser=command_parser)
    return parser


def _chosen(argv: Sequence[str]) -> str | None:
    """The subcommand ``argv`` names, if it names one and asks for no top-level help first.

    The top level takes no option with a value, so the first word not starting with ``-`` is the command.
    """
    for arg in argv:
        if arg in ("-h", "--help"):
            return None
        if not arg.startswith("-"):
            return arg if arg in _command_names() else None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code instead of exiting, so tests can call it."""
    argv = sys.argv[1:] if argv is None else list(argv)
    # One command's modules are imported, not every command's: a run pays only for what it uses.
    # Without a known command (help, a typo) the whole parser lists and checks them all.
    parser = build_parser(_chosen(argv))
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
