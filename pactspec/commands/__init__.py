"""Subcommands of the ``pactspec`` CLI, one module each (see :mod:`pactspec.cli`)."""
