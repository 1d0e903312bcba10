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
from dataclasses import replace
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
from pactspec.provider._registry import Provider
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
    "check_description",
    "type_text",
    "verify",
    "verify_interaction",
    "verify_pacts",
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


def type_text(value: Any) -> str:
    kind = type(value).__name__
    return f"{value!r} that is {'an' if kind[0] in 'aeiouAEIOU' else 'a'} {kind}"


def _checked_backend(backend: Any) -> Backend:
    """A :class:`~pactspec.provider._registry.Provider` becomes its in-process backend; other non-backends are refused."""
    if isinstance(backend, Provider):
        return InProcessBackend(backend)
    if not (callable(getattr(backend, "set_up", None)) and callable(getattr(backend, "produce", None))):
        raise TypeError(f"backend must be a pactspec Provider or have set_up() and produce() methods (got "
                        f"{type_text(backend)}); or call pactspec.verify(pacts, app=...)")
    return backend


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
