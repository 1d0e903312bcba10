"""pytest, natively: the ``message_pact`` fixture for consumer tests and :func:`verify_interactions` for
providers (one pytest test per interaction).

The plugin (:mod:`pactspec.pytest._plugin`) is registered through the ``pytest11`` entry point, so it is
loaded whenever pactspec is installed; it does nothing until a test asks for ``message_pact`` or a module
calls :func:`verify_interactions`. Like the step library and the CLI it is a front end: it calls the
consumer builder, the locked merging pact writer, the provider verifier and its report, and holds no
matching of its own.
"""

from __future__ import annotations

from pactspec.pytest._consumer import PactSession
from pactspec.pytest._provider import PactInteraction, verify_interactions

__all__ = ["PactInteraction", "PactSession", "verify_interactions"]
