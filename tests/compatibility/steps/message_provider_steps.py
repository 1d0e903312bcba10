"""Steps of V3/message_provider.feature and V4/message_provider.feature, on pactspec's verifier.

"A provider is started" registers a producer per message name on a :class:`pactspec.provider._registry.Provider`
served by a real :class:`pactspec.provider._proxy_server.MessageProxy` on 127.0.0.1 (stopped after the scenario);
"a Pact file ... is to be verified" writes a real pact file with :func:`pactspec.write_pact`; the
verification runs :func:`pactspec.verify` on those files against the proxy's message and state URLs,
and the assertions read the result and pactspec's own console report (:func:`pactspec.format_console`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from behave import given, then, when

from pactspec import (
    AsynchronousMessage,
    Message,
    MessageContents,
    MessageProxy,
    Pact,
    Provider,
    ProviderState,
    format_console,
    load_pact,
    verify,
    write_pact,
)
from tests.compatibility.support import load_body, parse_value, rules_cell, spec_version

CONSUMER, PROVIDER = "c", "p"


def _provider(context: Any) -> Provider:
    if getattr(context, "provider", None) is None:
        context.provider = Provider()
        context.provider_events = []
        context.proxy = MessageProxy(context.provider, host="127.0.0.1").start()
        context.cleanups.append(context.proxy.stop)
    return context.provider


def _start_provider(context: Any, name: str, fixture: str, metadata: dict[str, Any]) -> None:
    body = load_body(fixture, context.fixtures)
    message = Message(body=body.value, metadata={"contentType": body.content_type, **metadata},
                      content_type=body.content_type, raw=body.raw)
    provider = _provider(context)
    events = context.provider_events

    def produce() -> Message:
        events.append(("produce", name))
        return message

    provider.producer(name)(produce)


def _metadata_rows(table: Any) -> dict[str, Any]:
    return {row["key"]: parse_value(row["value"]) for row in table}


@given('a provider is started that can generate the "{name}" message with "{fixture}"')
def step_provider_started(context: Any, name: str, fixture: str) -> None:
    _start_provider(context, name, fixture.replace('\\"', '"'), {})


@given('a provider is started that can generate the "{name}" message with "{fixture}" and the following metadata:')
def step_provider_started_with_metadata(context: Any, name: str, fixture: str) -> None:
    _start_provider(context, name, fixture.replace('\\"', '"'), _metadata_rows(context.table))


def _pact_for(context: Any, name: str, fixture: str | None, **options: Any) -> None:
    """Write a one-message pact for the provider into a folder of its own; queue it for verification."""
    metadata = options.pop("metadata", {})
    rules = options.pop("matching_rules", {})
    if fixture is not None:
        body = load_body(fixture, context.fixtures)
        contents = MessageContents(body=body.value, content_type=body.content_type,
                                   metadata={"contentType": body.content_type, **metadata}, matching_rules=rules)
    else:
        contents = MessageContents(metadata=metadata, matching_rules=rules)
    message = AsynchronousMessage(description=name, contents=contents, **options)
    pact = Pact(CONSUMER, PROVIDER, (message,), spec_version=spec_version(context))
    if not hasattr(context, "pact_sources"):
        context.pact_sources = []
    folder = context.scenario_dir / f"pact-{len(context.pact_sources) + 1}"
    folder.mkdir()
    context.pact_sources.append(write_pact(pact, folder))


@given('a Pact file for "{name}":"{fixture}" is to be verified')
def step_pact_to_verify(context: Any, name: str, fixture: str) -> None:
    _pact_for(context, name, fixture)


@given('a Pact file for "{name}":"{fixture}" is to be verified with provider state "{state}"')
def step_pact_with_state(context: Any, name: str, fixture: str, state: str) -> None:
    _pact_for(context, name, fixture, provider_states=(ProviderState(state),))


@given('a Pact file for "{name}":"{fixture}" is to be verified with the following metadata:')
def step_pact_with_metadata(context: Any, name: str, fixture: str) -> None:
    _pact_for(context, name, fixture, metadata=_metadata_rows(context.table))


@given('a Pact file for "{name}" is to be verified with the following:')
def step_pact_with_the_following(context: Any, name: str) -> None:
    # A vertical table: behave reads its first row as headings, so put it back in front.
    rows = [list(context.table.headings)] + [list(row.cells) for row in context.table]
    fields = {row[0].strip(): row[1].strip() for row in rows}
    metadata: dict[str, Any] = {}
    for item in fields.get("metadata", "").split(";"):
        if item.strip():
            key, _, value = item.strip().partition("=")
            metadata[key.strip()] = parse_value(value.strip())
    rules: dict[str, Any] = {}
    if "matching rules" in fields:
        cell = fields["matching rules"]
        rules = rules_cell(cell, context.fixtures)
    _pact_for(context, name, fields.get("body"), metadata=metadata, matching_rules=rules)


@given('a Pact file for "{name}":"{fixture}" is to be verified, but is marked pending')
def step_pact_pending(context: Any, name: str, fixture: str) -> None:
    _pact_for(context, name, fixture, pending=True)


@given('a Pact file for "{name}":"{fixture}" is to be verified with the following comments:')
def step_pact_with_comments(context: Any, name: str, fixture: str) -> None:
    comments: dict[str, Any] = {}
    for row in context.table:
        if row["type"] == "text":
            comments.setdefault("text", []).append(row["comment"])
        else:
            comments[row["type"]] = row["comment"]
    _pact_for(context, name, fixture, comments=comments)


@given("a provider state callback is configured")
def step_state_callback(context: Any) -> None:
    context.state_callback = True


def _register_state_callbacks(context: Any) -> None:
    """Record every setup and teardown of the states the pacts name, in order with the producer calls."""
    provider, events = _provider(context), context.provider_events
    names = {state.name for source in context.pact_sources
             for interaction in load_pact(source).interactions for state in interaction.provider_states}
    for name in names:
        def handler(_name: str = name, **params: Any) -> Iterator[None]:
            events.append(("setup", _name, params))
            yield None
            events.append(("teardown", _name, params))

        provider.provider_state(name)(handler)


@when("the verification is run")
def step_verify(context: Any) -> None:
    if getattr(context, "state_callback", False):
        _register_state_callbacks(context)
    _provider(context)
    context.verification = verify(context.pact_sources, provider=PROVIDER, message_url=context.proxy.message_url,
                                  state_url=context.proxy.state_url)
    context.console = format_console(context.verification)


@then("the verification will be successful")
def step_verification_passed(context: Any) -> None:
    assert context.verification.passed, f"the verification failed:\n{context.console}"


@then("the verification will NOT be successful")
def step_verification_failed(context: Any) -> None:
    assert not context.verification.passed, f"the verification passed:\n{context.console}"


@then('the verification results will contain a "{error}" error')
def step_results_contain(context: Any, error: str) -> None:
    assert error in context.console, f"pactspec's report does not say {error!r}:\n{context.console}"


@then('there will be a pending "{error}" error')
def step_pending_error(context: Any, error: str) -> None:
    pending = [r for _, r in context.verification.interactions if r.pending and r.failed]
    assert pending, f"no pending interaction failed:\n{context.console}"
    assert error in context.console, f"pactspec's report does not say {error!r}:\n{context.console}"


def _events(context: Any, kind: str) -> list[tuple[Any, ...]]:
    return [event for event in context.provider_events if event[0] == kind]


@then("the provider state callback will be called before the verification is run")
def step_callback_before(context: Any) -> None:
    events = context.provider_events
    assert _events(context, "setup"), f"no state was set up; calls were {events}"
    assert _events(context, "produce"), f"the producer was not called; calls were {events}"
    assert events.index(_events(context, "setup")[0]) < events.index(_events(context, "produce")[0]), (
        f"the state was set up after the message was produced: {events}"
    )


@then("the provider state callback will be called after the verification is run")
def step_callback_after(context: Any) -> None:
    events = context.provider_events
    assert _events(context, "teardown"), f"no state was torn down; calls were {events}"
    assert events.index(_events(context, "teardown")[-1]) > events.index(_events(context, "produce")[-1]), (
        f"the state was torn down before the message was produced: {events}"
    )


@then('the provider state callback will receive a setup call with "{state}" as the provider state parameter')
def step_setup_call(context: Any, state: str) -> None:
    assert any(e[1] == state for e in _events(context, "setup")), (
        f"no setup call for {state!r}; calls were {context.provider_events}"
    )


@then('the provider state callback will receive a teardown call "{state}" as the provider state parameter')
def step_teardown_call(context: Any, state: str) -> None:
    assert any(e[1] == state for e in _events(context, "teardown")), (
        f"no teardown call for {state!r}; calls were {context.provider_events}"
    )


@then('the comment "{comment}" will have been printed to the console')
def step_comment_printed(context: Any, comment: str) -> None:
    assert any(comment in line for line in context.console.splitlines()), (
        f"the comment {comment!r} is not in pactspec's report:\n{context.console}"
    )


@then('the "{name}" will displayed as the original test name')
def step_test_name(context: Any, name: str) -> None:
    assert any(name in line and "test" in line for line in context.console.splitlines()), (
        f"pactspec's report does not show {name!r} as the test name:\n{context.console}"
    )
