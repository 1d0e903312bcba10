"""The ``pactspec`` command line: ``main(argv) -> int`` over one module per subcommand in ``commands/``."""

from __future__ import annotations

from pactspec.cli._main import build_parser, main

__all__ = [
    "build_parser",
    "main",
]
