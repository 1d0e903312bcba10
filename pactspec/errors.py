"""Exceptions raised by pactspec.

The tree (every exception class defined anywhere in pactspec; tests/test_errors.py checks it)::

    PactSpecError                    root of everything pactspec raises
    ├── InputError (ValueError)      unusable input; the CLI exits 2
    │   ├── PactFileError            a pact file that cannot be read or is malformed
    │   ├── RuleError                a matching rule, regex or generator that cannot be used
    │   │   └── _MarkerError         (inline) one inline marker, with the line it was written on
    │   ├── ContractSyntaxError      a Gherkin/YAML contract the user wrote wrongly
    │   └── ConfigurationError       missing producer, handler that cannot be imported, bad option
    │       └── StateSignatureError  (states) a state handler's parameters do not fit the pact's params;
    │                                also a StateSetupError
    ├── PactWriteError               two different interactions under one V4 key, I/O failure
    ├── _Unsupported                 (userpaths) private: a JSONPath construct Pact cannot express,
    │                                turned into a RuleError in its module
    ├── ProducerError                (producing) a producer cannot be called, raised, or returned
    │                                something that cannot be sent; the CLI exits 1
    ├── StateSetupError              (states) a provider-state handler raised or cannot be called
    │   └── StateSignatureError      (see above)
    ├── BrokerError                  (transports.base) the broker refused or failed to route a message
    │   └── BrokerUnreachable        no broker answers, or it refuses the credentials; also an InputError
    └── ContractError (AssertionError)  the contract is broken; behave reports a failed step
        ├── MismatchError            a message did not match; carries the mismatches
        ├── NothingArrived           (transports.base) no message arrived where a capture listened
        ├── HandlerRejected          (handlers) the consumer's handler raised on the example message
        └── PactSpecStepError        (steps._errors) a PactSpecError re-raised as one failed behave step

User code (handlers, producers, state handlers, triggers, imported modules) is called inside
``except USER_CODE_FAILURES``: besides ``Exception``, a ``sys.exit()`` there is that code's
failure, reported on its scenario or interaction, and never ends the whole run.

Every message is one sentence that says where (file:line, JSON path), what was expected and what
to write instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pactspec.mismatch import Mismatch

__all__ = [
    "USER_CODE_FAILURES",
    "ConfigurationError",
    "ContractError",
    "ContractSyntaxError",
    "InputError",
    "MismatchError",
    "PactFileError",
    "PactSpecError",
    "PactWriteError",
    "RuleError",
]

USER_CODE_FAILURES: tuple[type[BaseException], ...] = (Exception, SystemExit)


class PactSpecError(Exception):
    """Root of every exception pactspec raises."""


class InputError(PactSpecError, ValueError):
    """Input that pactspec cannot use; the CLI reports it and exits 2."""


class PactFileError(InputError):
    """A pact file that cannot be read, or whose content is malformed."""

    def __init__(self, message: str, *, source: str | None = None, path: str | None = None) -> None:
        where = ", ".join(part for part in (source, f"at {path}" if path else None) if part)
        super().__init__(f"{where}: {message}" if where else message)
        self.source = source
        self.path = path


class RuleError(InputError):
    """A matching rule, regex or generator definition that cannot be used."""

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path


class ContractSyntaxError(InputError):
    """A contract (Gherkin table, docstring or YAML) written wrongly; names the file and line."""

    def __init__(self, message: str, *, filename: str | None = None, line: int | None = None) -> None:
        where = f"{filename}:{line}" if filename and line else filename
        super().__init__(f"{where}: {message}" if where else message)
        self.filename = filename
        self.line = line


class ConfigurationError(InputError):
    """A missing producer or handler, a module that cannot be imported, a bad option."""


class PactWriteError(PactSpecError):
    """A pact file could not be written or merged without losing an interaction."""


class ContractError(PactSpecError, AssertionError):
    """The contract is broken: a message or handler does not honour it."""


class MismatchError(ContractError):
    """A message did not match its contract; ``mismatches`` holds each difference."""

    def __init__(self, title: str, mismatches: Sequence[Mismatch]) -> None:
        from pactspec.mismatch import format_report

        self.title = title
        self.mismatches = tuple(mismatches)
        super().__init__(format_report(title, self.mismatches))
