"""Provider verification: replay every consumer's message contract against the real producers.

For each message interaction of each pact for the provider: set up its provider states in order,
call the producer (a synchronous message's producer gets the request), match what it produced
against the contract with the core matcher, and tear the states down in reverse order, also after
a failure or an exception. Pending interactions are verified and reported but do not fail the run.

Producers are reached through a :class:`Backend`: :class:`~pactspec.provider._producing.InProcessBackend`
calls the functions a :class:`~pactspec.provider._registry.Provider` registered (re-exported here);
:class:`pactspec.provider._proxy_client.ProxyBackend` speaks the Pact message-proxy protocol to a producer in
any language; :class:`pactspec.capture.TransportBackend` captures what it publishes on a transport.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import gc
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pactspec.content import is_content_type_key
from pactspec.errors import (
    USER_CODE_FAILURES,
    ConfigurationError,
    InputError,
    PactFileError,
    ProducerError,
    StateSetupError,
)
from pactspec.generators import apply_generators
from pactspec.matching import compile_contents
from pactspec.mismatch import Mismatch
from pactspec.model import (
    AsynchronousMessage,
    MessageContents,
    Pact,
    RawInteraction,
    SynchronousMessage,
    entry_json,
)
from pactspec.pactfile import find_pact_files, load_pact_source
from pactspec.provider._producing import InProcessBackend
from pactspec.provider._proxy_client import ProxyBackend
from pactspec.provider._registry import Provider, load_app
from pactspec.provider._results import (
    Backend,
    Filters,
    InteractionResult,
    PactResult,
    Problem,
    StateHandle,
    Status,
    VerificationResult,
)
from pactspec.regex import compile_pattern

__all__ = [
    "Spelling",
    "backend_for",
    "check_description",
    "verify",
    "verify_interaction",
    "verify_pacts",
    "verify_provider",
]

_ALL = Filters()


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while pact files are parsed.

    Parsing builds many long-lived objects and no reference cycles, so every collection the
    allocations trigger rescans the growing pact for nothing (with it paused and the pacts frozen
    afterwards, 10,000 interactions cost 10x 1,000, not 12x). Reference counting still frees garbage.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def verify(sources: Sequence[str | Path], backend: Backend, *, provider: str | None = None,
           filters: Filters = _ALL, allow_empty: bool = False, provider_version: str | None = None,
           ) -> VerificationResult:
    """Load the pacts for ``provider`` from files, folders or URLs and verify them against ``backend``.

    Raises :class:`InputError` when no pact file is found (unless ``allow_empty``; see
    :func:`pactspec.pactfile.find_pact_files`). A pact file that
    cannot be read is a :class:`Problem` on the result; the others are still verified.
    """
    backend = _checked_backend(backend)
    clock = time.perf_counter()  # the run's duration includes reading the pact files
    files = find_pact_files(sources, allow_empty=allow_empty)
    loaded: list[tuple[str, Pact]] = []
    problems: list[Problem] = []
    with _collector_paused():
        for source in files:
            try:
                loaded.append((source, load_pact_source(source)))
            except (PactFileError, OSError, ValueError) as exc:
                problems.append(Problem(source, str(exc)))
            except RecursionError:  # a reader without its own depth check; the file is the culprit
                problems.append(Problem(source, f"{source}: nests arrays or objects too deeply to read; no pact "
                                                "needs that depth: check what wrote this file"))
    # The loaded pacts live until the end: keep the collector from rescanning them on every full
    # collection the verification triggers. Not when someone else froze objects (unfreeze is global).
    freeze = gc.isenabled() and gc.get_freeze_count() == 0
    if freeze:
        gc.freeze()
    try:
        # when no file could be read, those problems say why nothing ran: no "no interactions" on top
        result = verify_pacts(loaded, backend, provider=provider, filters=filters,
                              allow_empty=allow_empty or (bool(files) and not loaded),
                              provider_version=provider_version)
    finally:
        if freeze:
            gc.unfreeze()
    return replace(result, problems=tuple(problems) + result.problems,
                   usable=bool(loaded) or not files, duration=time.perf_counter() - clock)


def check_description(pattern: str, origin: str) -> None:
    """Compile a description filter now, so that a bad one is one sentence before anything runs.

    A pattern from the command line or a Python call is written as it is read, not inside a JSON
    string, so its error names ``origin`` and leaves out the hint about JSON's escapes.
    """
    compile_pattern(pattern, path=origin, in_json=False)


def _type_text(value: Any) -> str:
    kind = type(value).__name__
    return f"{value!r} that is {'an' if kind[0] in 'aeiouAEIOU' else 'a'} {kind}"


def _checked_backend(backend: Any) -> Backend:
    """A :class:`~pactspec.provider._registry.Provider` becomes its in-process backend; other non-backends are refused."""
    if isinstance(backend, Provider):
        return InProcessBackend(backend)
    if not (callable(getattr(backend, "set_up", None)) and callable(getattr(backend, "produce", None))):
        raise TypeError(f"backend must be a pactspec Provider or have set_up() and produce() methods (got "
                        f"{_type_text(backend)}); or call pactspec.verify(pacts, app=...)")
    return backend


def _pact_sources(pacts: Any) -> list[str | Path]:
    if isinstance(pacts, (str, Path)):
        return [pacts]
    if isinstance(pacts, Iterable) and not isinstance(pacts, (bytes, Mapping)):
        items = list(pacts)
        if all(isinstance(item, (str, Path)) for item in items):
            return items
        pacts = next(item for item in items if not isinstance(item, (str, Path)))
    raise TypeError(f"pacts must be a pact file, a folder of them or an http(s) URL (str or Path), or a list of "
                    f"those (got {_type_text(pacts)})")


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
                spelling: Spelling = API_SPELLING) -> Backend:
    """The backend of every front end: the message proxy when ``message_url`` is given, else in-process.

    ``app`` is a module name, a list of them, an imported module, a
    :class:`~pactspec.provider._registry.Provider` or ``None``; with ``message_url`` its provider states (if
    any) are served next to the proxy. ``spelling`` names the inputs as the caller's user wrote
    them (``--message-url`` on the command line), so each message says what to change.
    """
    import types

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
                        f"pactspec Provider (got {_type_text(app)})")
    if message_url is not None:
        if not message_url.startswith(("http://", "https://")):
            raise ConfigurationError(f"{spelling.message_url} {message_url!r} is not an http(s) URL; write for "
                                     "example http://127.0.0.1:8080/_pact/message")
        return ProxyBackend(message_url, state_url, registered)
    if registered is None:
        raise ConfigurationError(f"nothing to verify against: give {spelling.app} {spelling.app_hint} "
                                 f"or {spelling.message_url}{spelling.message_hint}")
    return InProcessBackend(registered)


def verify_provider(pacts: str | Path | Sequence[str | Path], *, provider: str | None = None,
                    app: Any = None, message_url: str | None = None, state_url: str | None = None,
                    consumers: Sequence[str] = (), description: str | None = None, state: str | None = None,
                    no_state: bool = False, allow_empty: bool = False, provider_version: str | None = None,
                    ) -> VerificationResult:
    """Verify pact files (files, folders, URLs) against the provider's producers; ``pactspec verify`` in Python.

    ``app`` is what registers the producers and provider states: a module name (``"users.producer"``),
    a list of them, an imported module, or a :class:`~pactspec.provider._registry.Provider`. ``message_url``
    (with ``state_url``) verifies a producer in any language over the Pact message-proxy protocol
    instead. The other arguments are the CLI's filters and options. Wrong argument types raise
    ``TypeError``, unusable values :class:`~pactspec.errors.ConfigurationError`, both before any
    pact is read; the result says what passed and failed (``result.passed``, ``result.exit_code``).
    """
    sources = _pact_sources(pacts)
    for name, value in (("provider", provider), ("message_url", message_url), ("state_url", state_url),
                        ("description", description), ("state", state), ("provider_version", provider_version)):
        if value is not None and not isinstance(value, str):
            raise TypeError(f"{name} must be a str or None (got {_type_text(value)})")
    if isinstance(consumers, str) or not all(isinstance(c, str) for c in consumers):
        raise TypeError(f"consumers must be a list of consumer names (got {_type_text(consumers)})")
    if state is not None and no_state:
        raise ConfigurationError("state and no_state exclude each other; give one")
    if description is not None:
        check_description(description, "description")
    backend = backend_for(app, message_url, state_url)
    return verify(sources, backend, provider=provider,
                  filters=Filters(description, state, no_state, tuple(consumers)),
                  allow_empty=allow_empty, provider_version=provider_version)


def verify_pacts(pacts: Iterable[tuple[str, Pact]], backend: Backend, *, provider: str | None = None,
                 filters: Filters = _ALL, allow_empty: bool = False, provider_version: str | None = None,
                 ) -> VerificationResult:
    """Verify pacts already loaded (``(source, pact)`` pairs)."""
    started_at = _dt.datetime.now(_dt.UTC)
    clock = time.perf_counter()
    results: list[PactResult] = []
    others: list[str] = []
    other_consumers: list[str] = []
    seen = 0  # interactions of the provider's pacts before the interaction filters
    for source, pact in pacts:
        if provider is not None and pact.provider != provider:
            others.append(f"{pact.provider!r} in {source}")
            continue
        if filters.consumers and pact.consumer not in filters.consumers:
            other_consumers.append(repr(pact.consumer))
            continue
        seen += len(pact.interactions)
        interactions = []
        for interaction in pact.interactions:
            if not filters.accepts(interaction):
                continue
            interactions.append(verify_interaction(interaction, backend))
        results.append(PactResult(source, pact.consumer, pact.provider, pact.spec_version, tuple(interactions)))
    problems: list[Problem] = []
    verified = any(r.status != "skipped" for p in results for r in p.interactions)
    if not verified and not allow_empty:
        problems.append(Problem("", _nothing_verified(provider, filters, results, seen, others, other_consumers)))
    return VerificationResult(provider, provider_version, started_at, time.perf_counter() - clock,
                              tuple(results), tuple(problems))


def _nothing_verified(provider: str | None, filters: Filters, results: list[PactResult], seen: int,
                      others: list[str], other_consumers: list[str]) -> str:
    """Why no interaction was verified, naming the option that removed them."""
    who = f"provider {provider!r}" if provider else "any provider"
    skipped = sum(len(p.interactions) for p in results)
    if skipped:
        noun = "interaction is" if skipped == 1 else f"{skipped} interactions are"
        return (f"the pacts for {who} hold no message interactions (the {noun} HTTP or plugin, which pactspec "
                "skips); verify those with an HTTP Pact verifier, or pass --allow-empty")
    if seen:
        used = [f"--description {filters.description!r}" if filters.description is not None else "",
                f"--state {filters.state!r}" if filters.state is not None else "",
                "--no-state" if filters.no_state else ""]
        noun = "interaction" if seen == 1 else "interactions"
        files = "pact file" if len(results) == 1 else "pact files"
        return (f"all {seen} {noun} for {who} in {len(results)} {files} were filtered out by "
                f"{' and '.join(u for u in used if u)}; check the filters, or pass --allow-empty")
    if results:
        return f"the pacts for {who} hold no interactions; pass --allow-empty to accept that"
    if other_consumers:
        wanted = ", ".join(repr(c) for c in filters.consumers)
        found = ", ".join(sorted(set(other_consumers))[:5])
        return (f"no pacts of consumer {wanted} for {who} (its consumers: {found}); check --consumer, or pass "
                "--allow-empty")
    elsewhere = f" (pacts found for {', '.join(others[:5])})" if others else ""
    return f"no pacts for {who}{elsewhere}; check --provider, or pass --allow-empty"


def verify_interaction(interaction: Any, backend: Backend) -> InteractionResult:
    """Set up states, produce, match, tear down; every failure ends up in the result."""
    clock = time.perf_counter()
    base: dict[str, Any] = {"description": interaction.description, "type": interaction.type,
                            "provider_states": tuple(interaction.provider_states), "key": interaction.key}
    if isinstance(interaction, RawInteraction):
        return InteractionResult(**base, status="skipped",
                                 errors=(f"{interaction.type} interactions are not verified by pactspec",))
    base.update(pending=interaction.pending, comments=interaction.comments)
    errors: list[str] = []
    mismatches: list[Mismatch] = []
    active: list[StateHandle] = []
    context: dict[str, Any] = {}
    try:
        for state in interaction.provider_states:
            context.update(state.params or {})
            handle = backend.set_up(state)
            if handle is not None:
                active.append(handle)
                context.update(handle.values)
        mismatches = _produce_and_match(interaction, backend, context)
    except (StateSetupError, ProducerError, ConfigurationError) as exc:
        errors.append(str(exc))
    except InputError as exc:  # a bad rule or regex in this interaction's contract
        errors.append(f"the contract cannot be used: {exc}")
    except USER_CODE_FAILURES as exc:  # one interaction's crash (or sys.exit) must not end the whole run
        errors.append(f"verifying raised {type(exc).__name__}: {exc}")
    finally:
        for handle in reversed(active):
            try:
                handle.teardown()
            except USER_CODE_FAILURES as exc:  # every teardown runs, each failure is reported
                errors.append(str(exc) if isinstance(exc, StateSetupError)
                              else f"tearing down a provider state raised {type(exc).__name__}: {exc}")
    status: Status = "error" if errors else "failed" if mismatches else "passed"
    return InteractionResult(**base, status=status, mismatches=tuple(mismatches),
                             errors=tuple(errors), duration=time.perf_counter() - clock)


def _only_provider_state_generators(contents: MessageContents) -> MessageContents:
    # On the provider side the expected message keeps its examples; only ${…} values from the
    # provider states replace them (random generators would make equality checks flaky).
    kept = {category: {p: g for p, g in gens.items() if entry_json(g).get("type") == "ProviderState"}
            for category, gens in contents.generators.items()}
    return replace(contents, generators={c: g for c, g in kept.items() if g})


def _expected(contents: MessageContents, context: Mapping[str, Any]) -> MessageContents:
    contents = _only_provider_state_generators(contents)
    if not contents.generators:
        return contents

    return apply_generators(contents, context, mode="provider")


def _align_content_type(expected: MessageContents, actual: MessageContents) -> MessageContents:
    """Give the actual content type under whichever key the contract spells it with.

    Transports carry the content type as a property of the message, not as a metadata key of a
    given spelling, so ``Content-Type`` in the contract is the producer's content type. Metadata
    matching already treats the spellings as one key, but it sees only the metadata: a backend may
    report the content type as the property alone, and the property is the transport's word on it.
    """
    if not actual.content_type:
        return actual
    missing = [k for k in expected.metadata if is_content_type_key(k) and k not in actual.metadata]
    if not missing:
        return actual
    return replace(actual, metadata={**actual.metadata, **dict.fromkeys(missing, actual.content_type)})


def _produce_and_match(interaction: AsynchronousMessage | SynchronousMessage, backend: Backend,
                       context: Mapping[str, Any]) -> list[Mismatch]:
    if isinstance(interaction, SynchronousMessage):
        request = interaction.request
        if request.generators:
            request = apply_generators(request, context, mode="provider")
        actual = backend.produce(interaction, request, context)
        expected = list(interaction.responses)
        mismatches: list[Mismatch] = []
        if len(actual) != len(expected):  # extra responses are as wrong as missing ones: no rule covers them
            noun = "response message" if len(expected) == 1 else "response messages"
            mismatches.append(Mismatch("$", len(expected), len(actual),
                                       f"Expected {len(expected)} {noun} but got {len(actual)}"))
        for index, (want, got) in enumerate(zip(expected, actual)):
            found = compile_contents(_expected(want, context)).match(_align_content_type(want, got))
            if len(expected) > 1:
                found = [replace(m, message=f"response {index + 1}: {m.message}") for m in found]
            mismatches.extend(found)
        return mismatches
    [actual_contents] = backend.produce(interaction, None, context)[:1] or [MessageContents()]
    contract = _expected(interaction.contents, context)
    return list(compile_contents(contract).match(_align_content_type(contract, actual_contents)))
