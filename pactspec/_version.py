"""The version of pactspec, in one place (setup.cfg reads it too)."""

__all__ = ["__version__"]

__version__ = "0.1.0"
