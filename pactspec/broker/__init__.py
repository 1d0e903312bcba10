"""A Pact Broker client: publish pacts, fetch the pacts to verify (pending, WIP), publish results.

``Broker(url, auth)`` (or ``Broker.from_env()``, reading ``PACT_BROKER_BASE_URL``,
``PACT_BROKER_USERNAME``, ``PACT_BROKER_PASSWORD`` and ``PACT_BROKER_TOKEN``) follows the broker's HAL
relations. Its errors are :class:`~pactspec.errors.PactBrokerError` subclasses and never carry
credentials. It does not import behave.
"""

from __future__ import annotations

from pactspec.errors import (
    PactBrokerAuthError,
    PactBrokerConflict,
    PactBrokerError,
    PactBrokerRejected,
    PactBrokerResponseError,
    PactBrokerUnreachable,
)

from ._client import ENV_BASE_URL, ENV_PASSWORD, ENV_TOKEN, ENV_USERNAME, Broker, auth_from
from ._models import (
    BasicAuth,
    InteractionOutcome,
    Notice,
    PactForVerification,
    PublishResult,
    ResultMismatch,
    ResultsPublished,
    Selector,
    TokenAuth,
)
from ._results import VerifiedInteraction, outcomes_for

__all__ = [
    "ENV_BASE_URL",
    "ENV_PASSWORD",
    "ENV_TOKEN",
    "ENV_USERNAME",
    "BasicAuth",
    "Broker",
    "InteractionOutcome",
    "Notice",
    "PactBrokerAuthError",
    "PactBrokerConflict",
    "PactBrokerError",
    "PactBrokerRejected",
    "PactBrokerResponseError",
    "PactBrokerUnreachable",
    "PactForVerification",
    "PublishResult",
    "ResultMismatch",
    "ResultsPublished",
    "Selector",
    "TokenAuth",
    "VerifiedInteraction",
    "auth_from",
    "outcomes_for",
]
