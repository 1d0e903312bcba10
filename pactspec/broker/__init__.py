"""A Pact Broker client: publish pacts, fetch the pacts to verify (pending, WIP), publish results,
ask can-i-deploy, record deployments and releases, manage environments and versions.

It sits above the provider layer: :func:`verify` (``pactspec.verify``) verifies pact files and the
pacts a broker selects, with ``pactspec.provider``'s verifier.

``Broker(url, auth)`` (or ``Broker.from_env()``, reading ``PACT_BROKER_BASE_URL``,
``PACT_BROKER_USERNAME``, ``PACT_BROKER_PASSWORD`` and ``PACT_BROKER_TOKEN``) follows the broker's HAL
relations. Its errors are :class:`~pactspec.errors.PactBrokerError` subclasses and never carry
credentials. It does not import behave.
"""

from __future__ import annotations

from pactspec.errors import (
    NotDeployable,
    PactBrokerAuthError,
    PactBrokerConflict,
    PactBrokerError,
    PactBrokerNothingToRecord,
    PactBrokerRejected,
    PactBrokerResponseError,
    PactBrokerUnreachable,
)

from ._client import ENV_BASE_URL, ENV_PASSWORD, ENV_TOKEN, ENV_USERNAME, Broker, auth_from
from ._deployments import Recorded
from ._environments import Environment
from ._matrix import CanIDeployResult, MatrixRow, MatrixSelector, matrix_query
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
from ._pacts import LatestPact, VerificationResult
from ._results import VerifiedInteraction, outcomes_for
from ._verify import (
    BrokerOptions,
    BrokerRun,
    combine_results,
    fetch_from_broker,
    selectors_from,
    verify,
    verify_from_broker,
)
from ._versions import VersionInfo

__all__ = [
    "ENV_BASE_URL",
    "ENV_PASSWORD",
    "ENV_TOKEN",
    "ENV_USERNAME",
    "BasicAuth",
    "Broker",
    "BrokerOptions",
    "BrokerRun",
    "CanIDeployResult",
    "Environment",
    "InteractionOutcome",
    "LatestPact",
    "MatrixRow",
    "MatrixSelector",
    "NotDeployable",
    "Notice",
    "PactBrokerAuthError",
    "PactBrokerConflict",
    "PactBrokerError",
    "PactBrokerNothingToRecord",
    "PactBrokerRejected",
    "PactBrokerResponseError",
    "PactBrokerUnreachable",
    "PactForVerification",
    "PublishResult",
    "Recorded",
    "ResultMismatch",
    "ResultsPublished",
    "Selector",
    "TokenAuth",
    "VerificationResult",
    "VerifiedInteraction",
    "VersionInfo",
    "auth_from",
    "combine_results",
    "fetch_from_broker",
    "matrix_query",
    "outcomes_for",
    "selectors_from",
    "verify",
    "verify_from_broker",
]
