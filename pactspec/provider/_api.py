"""The front ends' way in: the backend for what the user gave (``backend_for``), and ``pactspec.verify``.

Every front end (the CLI, the behave steps, the Python API) names its inputs its own way; a
:class:`Spelling` lets each message say what to change in the user's own words.
"""

from __future__ import annotations

import types
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pactspec.errors import ConfigurationError
from pactspec.provider._producing import InProcessBackend
from pactspec.provider._proxy_client import ProxyBackend
from pactspec.provider._registry import Provider, load_app
from pactspec.provider._results import Backend, Filters, VerificationResult
from pactspec.provider._verifier import check_description, type_text, verify
from pactspec.usercode import DEFAULT_TIMEOUT, check_timeout

__all__ = ["Spelling", "backend_for", "verify_provider"]


def _pact_sources(pacts: Any) -> list[str | Path]:
    if isinstance(pacts, (str, Path)):
        return [pacts]
    if isinstance(pacts, Iterable) and not isinstance(pacts, (bytes, Mapping)):
        items = list(pacts)
        if all(isinstance(item, (str, Path)) for item in items):
            return items
        pacts = next(item for item in items if not isinstance(item, (str, Path)))
    raise TypeError(f"pacts must be a pact file, a folder of them or an http(s) URL (str or Path), or a list of "
                    f"those (got {type_text(pacts)})")


@dataclass(frozen=True, slots=True)
class Spelling:
    """How a front end names the three inputs of :func:`backend_for`, for its error messages."""

    app: str = "app="
    app_hint: str = "(the module registering your producers, or a Provider)"
    message_url: str = "message_url"
    state_url: str = "state_url"
    message_hint: str = ""  # how to give the message URL, where its name alone doesn't say


API_SPELLING = Spelling()


def backend_for(app: Any, message_url: str | None = None, state_url: str | None = None, *,
                spelling: Spelling = API_SPELLING, timeout: float | None = DEFAULT_TIMEOUT) -> Backend:
    """The backend of every front end: the message proxy when ``message_url`` is given, else in-process.

    ``app`` is a module name, a list of them, an imported module, a
    :class:`~pactspec.provider._registry.Provider` or ``None``; with ``message_url`` its provider states (if
    any) are served next to the proxy. ``spelling`` names the inputs as the caller's user wrote
    them (``--message-url`` on the command line), so each message says what to change. ``timeout``:
    seconds each producer and state handler (or request to the message proxy) may take, ``None`` for
    no limit.
    """
    if state_url is not None and message_url is None:
        raise ConfigurationError(f"{spelling.state_url} needs {spelling.message_url}; "
                                 f"give the producer's message URL too{spelling.message_hint}")
    registered: Provider | None
    if app is None:
        registered = None
    elif isinstance(app, Provider):
        registered = app
    elif isinstance(app, types.ModuleType):
        registered = load_app(app.__name__)
    elif isinstance(app, str) or (isinstance(app, (list, tuple)) and app and all(isinstance(a, str) for a in app)):
        registered = load_app(app)
    else:
        raise TypeError(f"app must be a module name such as \"users.producer\", a list of them, a module or a "
                        f"pactspec Provider (got {type_text(app)})")
    if message_url is not None:
        if not message_url.startswith(("http://", "https://")):
            raise ConfigurationError(f"{spelling.message_url} {message_url!r} is not an http(s) URL; write for "
                                     "example http://127.0.0.1:8080/_pact/message")
        return ProxyBackend(message_url, state_url, registered, timeout)
    if registered is None:
        raise ConfigurationError(f"nothing to verify against: give {spelling.app} {spelling.app_hint} "
                                 f"or {spelling.message_url}{spelling.message_hint}")
    return InProcessBackend(registered, timeout)


def verify_provider(pacts: str | Path | Sequence[str | Path], *, provider: str | None = None,
                    app: Any = None, message_url: str | None = None, state_url: str | None = None,
                    consumers: Sequence[str] = (), description: str | None = None, state: str | None = None,
                    no_state: bool = False, allow_empty: bool = False, provider_version: str | None = None,
                    timeout: float | None = DEFAULT_TIMEOUT) -> VerificationResult:
    """Verify pact files (files, folders, URLs) against the provider's producers; ``pactspec verify`` in Python.

    ``app`` is what registers the producers and provider states: a module name (``"users.producer"``),
    a list of them, an imported module, or a :class:`~pactspec.provider._registry.Provider`. ``message_url``
    (with ``state_url``) verifies a producer in any language over the Pact message-proxy protocol
    instead. ``timeout`` is how many seconds each producer and state handler may take (0 or ``None``:
    no limit); one that takes longer fails its interaction. The other arguments are the CLI's filters
    and options. Wrong argument types raise
    ``TypeError``, unusable values :class:`~pactspec.errors.ConfigurationError`, both before any
    pact is read; the result says what passed and failed (``result.passed``, ``result.exit_code``).
    """
    sources = _pact_sources(pacts)
    for name, value in (("provider", provider), ("message_url", message_url), ("state_url", state_url),
                        ("description", description), ("state", state), ("provider_version", provider_version)):
        if value is not None and not isinstance(value, str):
            raise TypeError(f"{name} must be a str or None (got {type_text(value)})")
    if isinstance(consumers, str) or not all(isinstance(c, str) for c in consumers):
        raise TypeError(f"consumers must be a list of consumer names (got {type_text(consumers)})")
    if state is not None and no_state:
        raise ConfigurationError("state and no_state exclude each other; give one")
    if description is not None:
        check_description(description, "description")
    limit = check_timeout(0 if timeout is None else timeout, "timeout=")
    backend = backend_for(app, message_url, state_url, timeout=limit)
    return verify(sources, backend, provider=provider,
                  filters=Filters(description, state, no_state, tuple(consumers)),
                  allow_empty=allow_empty, provider_version=provider_version)
