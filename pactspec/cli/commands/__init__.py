"""Subcommands of the ``pactspec`` CLI, one module each (see :mod:`pactspec.cli`)."""

__all__: list[str] = []
