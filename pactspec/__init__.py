"""pactspec: consumer-driven contract testing for event-driven systems.

The core (model, pact files, matching, generators, verification) never imports behave; the step
library lives in :mod:`pactspec.steps` and is loaded only by ``from pactspec.steps import *``.
"""

from __future__ import annotations

from pactspec.errors import (
    ConfigurationError,
    ContractError,
    ContractSyntaxError,
    InputError,
    MismatchError,
    PactFileError,
    PactSpecError,
    PactWriteError,
    RuleError,
)
from pactspec.mismatch import Mismatch
from pactspec.model import (
    NO_BODY,
    AsynchronousMessage,
    Message,
    MessageContents,
    Pact,
    ProviderState,
    RawInteraction,
    SynchronousMessage,
)

__version__ = "0.1.0"

__all__ = [
    "NO_BODY",
    "AsynchronousMessage",
    "ConfigurationError",
    "ContractError",
    "ContractSyntaxError",
    "InputError",
    "Message",
    "MessageContents",
    "Mismatch",
    "MismatchError",
    "Pact",
    "PactFileError",
    "PactSpecError",
    "PactWriteError",
    "ProviderState",
    "RawInteraction",
    "RuleError",
    "SynchronousMessage",
]
