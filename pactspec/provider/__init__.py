"""The provider side: producers and provider states, calling them in-process or through the Pact
message proxy, and verification of every consumer's pact against them.
"""

from __future__ import annotations

from pactspec.errors import ProducerError
from pactspec.provider._api import Spelling, backend_for, verify_provider
from pactspec.provider._producing import InProcessBackend
from pactspec.provider._proxy_protocol import MESSAGE_PATH, STATE_PATH
from pactspec.provider._proxy_server import MessageProxy
from pactspec.provider._registry import Provider, load_app, producer, provider_state
from pactspec.provider._results import (
    Backend,
    Filters,
    InteractionResult,
    PactResult,
    Problem,
    StateHandle,
    VerificationResult,
)
from pactspec.provider._verifier import check_description, verify, verify_interaction, verify_pacts

__all__ = [
    "MESSAGE_PATH",
    "STATE_PATH",
    "Backend",
    "Filters",
    "InProcessBackend",
    "InteractionResult",
    "MessageProxy",
    "PactResult",
    "Problem",
    "ProducerError",
    "Provider",
    "Spelling",
    "StateHandle",
    "VerificationResult",
    "backend_for",
    "check_description",
    "load_app",
    "producer",
    "provider_state",
    "verify",
    "verify_interaction",
    "verify_pacts",
    "verify_provider",
]
