"""Exceptions raised by pactspec.

The tree (every exception class pactspec defines, all of them here; tests/test_errors.py checks it)::

    PactSpecError                    root of everything pactspec raises
    ├── InputError (ValueError)      unusable input; the CLI exits 2
    │   ├── PactFileError            a pact file that cannot be read or is malformed
    │   ├── RuleError                a matching rule, regex or generator that cannot be used
    │   │   └── InlineMarkerError    one inline marker of a consumer's body, with the line it was written on
    │   ├── ContractSyntaxError      a Gherkin/YAML contract the user wrote wrongly
    │   ├── AsyncAPIError            an AsyncAPI document that cannot be read: malformed, an unresolvable
    │   │                            $ref, a version pactspec cannot read; names the file and line or pointer
    │   ├── ConfigurationError       missing producer, handler that cannot be imported, bad option
    │   │   └── StateSignatureError  a state handler's parameters do not fit the pact's params;
    │   │                            also a StateSetupError
    │   └── TransportUnreachable     no transport answers at the URL, or it refuses the credentials;
    │                                also a TransportError
    ├── PactWriteError               two different interactions under one V4 key, I/O failure
    ├── UnsupportedJsonPath          a JSONPath construct Pact cannot express; the consumer turns it
    │                                into a RuleError naming the path the user wrote
    ├── ProducerError                a producer cannot be called, raised, or returned something that
    │                                cannot be sent; the CLI exits 1
    ├── StateSetupError              a provider-state handler raised or cannot be called
    │   └── StateSignatureError      (see above)
    ├── UserCodeError                a handler, producer, state handler or trigger raised;
    │                                callers re-raise it as their own error (ProducerError…)
    ├── TransportError               a transport (RabbitMQ, SQS, Kafka) refused or failed to route a message
    │   └── TransportUnreachable     (see above)
    ├── PactBrokerError              a Pact Broker answered something pactspec cannot use
    │   ├── PactBrokerUnreachable    no Pact Broker answers at the URL (after retries); also an InputError
    │   ├── PactBrokerAuthError      the Pact Broker refused the credentials (401/403); also an InputError
    │   ├── PactBrokerRejected       the Pact Broker refused the request (400/404/422), with its message,
    │   │                            e.g. an unknown pacticipant or an invalid selector; also an InputError
    │   ├── PactBrokerResponseError  a malformed HAL answer, a missing relation, a 5xx after retries;
    │   │                            also an InputError
    │   ├── PactBrokerConflict       the Pact Broker refused a publication that conflicts (409); exit 1
    │   └── PactBrokerNothingToRecord  nothing to record: the version is not deployed (or released) there;
    │                                exit 1, a "no"
    └── ContractError (AssertionError)  the contract is broken; behave reports a failed step
        ├── MismatchError            a message did not match; carries the mismatches
        ├── NothingArrived           no message arrived where a capture listened
        ├── UserCodeTimeout          user code did not return within the time limit
        ├── HandlerRejected          the consumer's handler raised on the example message
        ├── NotDeployable            can-i-deploy said no (or did not know); carries the broker's answer
        └── PactSpecStepError        a PactSpecError re-raised by the step library as one failed behave step

Renamed in 0.2: ``BrokerError`` is :class:`TransportError` and ``BrokerUnreachable`` is
:class:`TransportUnreachable`; the old names still work until 0.3, with a ``DeprecationWarning``.

User code (handlers, producers, state handlers, triggers, imported modules) is called inside
``except USER_CODE_FAILURES``: besides ``Exception``, a ``sys.exit()`` there is that code's
failure, reported on its scenario or interaction, and never ends the whole run.

Every message is one sentence that says where (file:line, JSON path), what was expected and what
to write instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from pactspec._version import renamed_names
from pactspec.mismatch import Mismatch, format_report

__all__ = [
    "USER_CODE_FAILURES",
    "AsyncAPIError",
    "ConfigurationError",
    "ContractError",
    "ContractSyntaxError",
    "HandlerRejected",
    "InlineMarkerError",
    "InputError",
    "MismatchError",
    "NotDeployable",
    "NothingArrived",
    "PactBrokerAuthError",
    "PactBrokerConflict",
    "PactBrokerError",
    "PactBrokerNothingToRecord",
    "PactBrokerRejected",
    "PactBrokerResponseError",
    "PactBrokerUnreachable",
    "PactFileError",
    "PactSpecError",
    "PactSpecStepError",
    "PactWriteError",
    "ProducerError",
    "RuleError",
    "StateSetupError",
    "StateSignatureError",
    "TransportError",
    "TransportUnreachable",
    "UnsupportedJsonPath",
    "UserCodeError",
    "UserCodeTimeout",
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


class InlineMarkerError(RuleError):
    """A matcher or generator of one inline marker that cannot be used, with the line it was written on."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


class AsyncAPIError(InputError):
    """An AsyncAPI document that cannot be used; the message names the file and the line or JSON pointer."""

    def __init__(self, message: str, *, source: str | None = None, where: str | None = None) -> None:
        place = f"{source}:{where}" if source and where and where[0].isdigit() else (
            f"{source}, at {where}" if source and where else source or where)
        super().__init__(f"{place}: {message}" if place else message)
        self.source = source
        self.where = where


class ConfigurationError(InputError):
    """A missing producer or handler, a module that cannot be imported, a bad option."""


class PactWriteError(PactSpecError):
    """A pact file could not be written or merged without losing an interaction."""


class UnsupportedJsonPath(PactSpecError):
    """A JSONPath construct with no Pact equivalent: ``what`` it does and what to write ``instead``."""

    def __init__(self, what: str, instead: str) -> None:
        super().__init__(f"{what}; {instead}")
        self.what = what
        self.instead = instead


class ProducerError(PactSpecError):
    """A producer could not be called, raised, or returned something that is not a message."""


class StateSetupError(PactSpecError):
    """A provider-state handler failed or cannot be called; the message names the state."""


class StateSignatureError(StateSetupError, ConfigurationError):
    """A provider-state handler's parameters do not fit the params the pact gives it."""


class TransportError(PactSpecError):
    """The transport refused or could not route a message, or failed while a run was under way."""


class TransportUnreachable(TransportError, InputError):
    """No transport answers at the URL, or it refuses the credentials or vhost: the CLI exits 2."""


class ContractError(PactSpecError, AssertionError):
    """The contract is broken: a message or handler does not honour it."""


class MismatchError(ContractError):
    """A message did not match its contract; ``mismatches`` holds each difference."""

    def __init__(self, title: str, mismatches: Sequence[Mismatch]) -> None:
        self.title = title
        self.mismatches = tuple(mismatches)
        super().__init__(format_report(title, self.mismatches))


class NothingArrived(ContractError):
    """No message arrived where a capture was listening within its time limit."""

    def __init__(self, where: str, wait: float, waiting: int = 0) -> None:
        self.where = where
        self.wait = wait
        self.waiting = waiting
        left = ""
        if waiting:
            were = "message was" if waiting == 1 else "messages were"
            left = f" ({waiting} {were} already waiting there before the capture opened and were left alone)"
        super().__init__(
            f"no message arrived on {where} within {wait:g} s{left}; check that the trigger publishes there "
            "(exchange, routing key, queue or topic) or allow a longer wait"
        )


class HandlerRejected(ContractError):
    """The consumer's handler raised on the example message; ``error`` is what it raised."""

    def __init__(self, message: str, error: BaseException) -> None:
        super().__init__(message)
        self.error = error


class PactSpecStepError(ContractError):
    """A contract written wrongly, reported by behave as a failed step (one sentence, no traceback)."""


class PactBrokerError(PactSpecError):
    """A Pact Broker answered something pactspec cannot use; messages never carry credentials."""


class PactBrokerUnreachable(PactBrokerError, InputError):
    """No Pact Broker answers at the URL, after the bounded retries."""


class PactBrokerAuthError(PactBrokerError, InputError):
    """The Pact Broker refused the credentials (HTTP 401 or 403)."""


class PactBrokerRejected(PactBrokerError, InputError):
    """The Pact Broker refused the request (HTTP 400, 404 or 422); carries its message."""


class PactBrokerResponseError(PactBrokerError, InputError):
    """A Pact Broker answer that is not the HAL pactspec expects, or a 5xx after the retries."""


class PactBrokerConflict(PactBrokerError):
    """The Pact Broker refused to change a published pact (HTTP 409); ``notices`` holds its answer."""

    def __init__(self, message: str, notices: Sequence[object] = ()) -> None:
        super().__init__(message)
        self.notices = tuple(notices)


class PactBrokerNothingToRecord(PactBrokerError):
    """The broker holds nothing the command could act on (no such deployed or released version); exit 1."""


class NotDeployable(ContractError):
    """can-i-deploy answered no, or did not know; ``result`` is the broker's answer."""

    def __init__(self, message: str, result: object = None) -> None:
        super().__init__(message)
        self.result = result


class UserCodeError(PactSpecError):
    """User code raised; ``error`` is what it raised, ``reason`` says what and where (``Type: text (raised at …)``)."""

    def __init__(self, message: str, error: BaseException, reason: str) -> None:
        super().__init__(message)
        self.error = error
        self.reason = reason


class UserCodeTimeout(ContractError):
    """User code did not return within the time limit; the message names it and where it is defined."""


# Renamed in 0.2 (message brokers are transports; "broker" is the Pact Broker): the old names until 0.3.
__getattr__ = renamed_names(__name__, {"BrokerError": "TransportError", "BrokerUnreachable": "TransportUnreachable"})

