"""pactspec: consumer-driven contract testing for event-driven systems.

The core (model, pact files, matching, generators, verification) never imports behave; the step
library lives in :mod:`pactspec.steps` and is loaded only by ``from pactspec.steps import *``.
Larger areas keep their own namespaces: :mod:`pactspec.docs` (living documentation),
:mod:`pactspec.transports`, :mod:`pactspec.capture` and :mod:`pactspec.stub` (transports: real
message brokers).

The names below are imported when first used (PEP 562), so ``import pactspec.cli`` or a step
library pays only for the parts it uses; type checkers read the imports under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from pactspec._version import __version__ as __version__

if TYPE_CHECKING:
    from pactspec.broker import verify  # pact files, and the pacts a Pact Broker selects
    from pactspec.consumer import MessagePact, generate, match  # contracts written in Python
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
    from pactspec.generators import apply_generators
    from pactspec.matching import (
        CompiledContents,
        compile_contents,
        match_body,
        match_contents,
        match_message,
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
    from pactspec.pactfile import (
        dumps_pact,
        load_pact,
        load_pacts,
        pact_path,
        pact_to_json,
        parse_pact,
        write_pact,
    )
    from pactspec.provider import (
        MessageProxy,
        Provider,
        VerificationResult,
        producer,
        provider_state,
    )
    from pactspec.report import format_console

# Where each public name lives (kept equal to the imports above and to __all__ by tests/test_public_api.py).
_HOMES: dict[str, tuple[str, ...]] = {
    "pactspec.broker": ("verify",),
    "pactspec.consumer": ("MessagePact", "generate", "match"),
    "pactspec.errors": (
        "ConfigurationError", "ContractError", "ContractSyntaxError", "InputError", "MismatchError",
        "PactFileError", "PactSpecError", "PactWriteError", "RuleError",
    ),
    "pactspec.generators": ("apply_generators",),
    "pactspec.matching": (
        "CompiledContents", "compile_contents", "match_body", "match_contents", "match_message",
    ),
    "pactspec.mismatch": ("Mismatch",),
    "pactspec.model": (
        "NO_BODY", "AsynchronousMessage", "Message", "MessageContents", "Pact", "ProviderState",
        "RawInteraction", "SynchronousMessage",
    ),
    "pactspec.pactfile": (
        "dumps_pact", "load_pact", "load_pacts", "pact_path", "pact_to_json", "parse_pact",
        "write_pact",
    ),
    "pactspec.provider": ("MessageProxy", "Provider", "VerificationResult", "producer", "provider_state"),
    "pactspec.report": ("format_console",),
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _HOME_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'pactspec' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups find it directly
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "NO_BODY",
    "AsynchronousMessage",
    "CompiledContents",
    "ConfigurationError",
    "ContractError",
    "ContractSyntaxError",
    "InputError",
    "Message",
    "MessageContents",
    "MessagePact",
    "MessageProxy",
    "Mismatch",
    "MismatchError",
    "Pact",
    "PactFileError",
    "PactSpecError",
    "PactWriteError",
    "Provider",
    "ProviderState",
    "RawInteraction",
    "RuleError",
    "SynchronousMessage",
    "VerificationResult",
    "apply_generators",
    "compile_contents",
    "dumps_pact",
    "format_console",
    "generate",
    "load_pact",
    "load_pacts",
    "match",
    "match_body",
    "match_contents",
    "match_message",
    "pact_path",
    "pact_to_json",
    "parse_pact",
    "producer",
    "provider_state",
    "verify",
    "write_pact",
]
