"""The CLI dispatcher (pactspec.cli): version, usage errors, exit codes."""

from __future__ import annotations

import pytest

import pactspec
from pactspec.cli import build_parser, main


class TestMain:
    def test_version(self, capsys: pytest.CaptureFixture[str]) -> None:
        """``--version`` prints the package version and exits 0."""
        assert main(["--version"]) == 0
        assert capsys.readouterr().out.strip() == f"pactspec {pactspec.__version__}"

    def test_no_command_is_a_usage_error(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without a subcommand the help goes to stderr and the exit code is 2."""
        assert main([]) == 2
        assert "COMMAND" in capsys.readouterr().err

    def test_unknown_option_shows_the_subcommands_usage(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An option the subcommand doesn't know is exit 2 with that subcommand's usage, not the top-level one."""
        assert main(["verify", "pacts", "--bogus"]) == 2
        err = capsys.readouterr().err
        assert err.startswith("usage: pactspec verify ")
        assert "pactspec verify: error: unrecognized arguments: --bogus" in err

    def test_unknown_command(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A misspelt subcommand is exit 2 and names the choices."""
        assert main(["verfy"]) == 2
        assert "invalid choice: 'verfy'" in capsys.readouterr().err

    def test_every_subcommand_is_registered(self) -> None:
        """The dispatcher finds each subcommand module."""
        sub = next(a for a in build_parser()._actions if a.dest == "command")
        assert set(sub.choices) == {"asyncapi", "broker", "capture", "docs", "run", "serve", "stub", "verify"}
