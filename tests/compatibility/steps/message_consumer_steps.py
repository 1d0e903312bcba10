"""Steps of the message consumer features: V3/message_consumer, V4/message_consumer,
V4/synchronous_message_consumer and V4/v4.

The steps describe one interaction at a time with pactspec's model; "the message is (NOT)
successfully processed" runs a consumer test through :mod:`tests.compatibility.consumer_flow`
(pactspec's consumer side: example messages with generators applied, the handler, the pact file),
and the assertions read the received messages and the pact file that pactspec wrote.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from behave import given, then, when

from pactspec import (
    NO_BODY,
    AsynchronousMessage,
    MessageContents,
    ProviderState,
    RawInteraction,
    SynchronousMessage,
)
from pactspec.content import decode_body
from tests.compatibility.consumer_flow import ConsumerTest, load_written_pact
from tests.compatibility.support import (
    check_value_type,
    generators_cell,
    horizontal_rows,
    load_body,
    parse_value,
    spec_version,
    value_at,
)

ORDINALS = {"first": 0, "second": 1, "third": 2}


@dataclass(slots=True)
class Draft:
    """One message of the interaction being defined (the async message, a request or a response)."""

    body: Any = NO_BODY
    content_type: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    generators: dict[str, Any] = field(default_factory=dict)

    def contents(self) -> MessageContents:
        return MessageContents(body=self.body, content_type=self.content_type, metadata=dict(self.metadata),
                               generators=dict(self.generators))


@dataclass(slots=True)
class World:
    """The consumer test a scenario defines, and what running it produced."""

    kind: str  # "async" or "sync"
    test: ConsumerTest
    message: Draft = field(default_factory=Draft)
    request: Draft = field(default_factory=Draft)
    responses: list[Draft] = field(default_factory=list)
    states: list[ProviderState] = field(default_factory=list)
    key: str | None = None
    pending: bool = False
    comments: dict[str, Any] = field(default_factory=dict)
    received: list[Any] = field(default_factory=list)  # what the handler got: [message] or [request, *responses]
    failure: str | None = None
    pact: Any = None  # the pact file as pactspec reads it back
    pact_json: dict[str, Any] = field(default_factory=dict)  # ... and as JSON

    def interaction(self) -> AsynchronousMessage | SynchronousMessage:
        common: dict[str, Any] = {"provider_states": tuple(self.states), "key": self.key,
                                  "pending": self.pending, "comments": dict(self.comments)}
        if self.kind == "sync":
            return SynchronousMessage(description="a synchronous message", request=self.request.contents(),
                                      responses=tuple(r.contents() for r in self.responses), **common)
        return AsynchronousMessage(description="a message", contents=self.message.contents(), **common)


def _world(context: Any) -> World:
    world = getattr(context, "consumer_world", None)
    assert world is not None, "no consumer interaction is being defined in this scenario"
    return world


def _define(context: Any, kind: str) -> None:
    version = spec_version(context)
    prefix = "V3" if version.startswith("3") else "V4"
    existing = getattr(context, "consumer_world", None)
    # V4/v4.feature defines an HTTP and a message interaction for the same pact: keep the test.
    test = existing.test if existing is not None else ConsumerTest(
        f"{prefix}-message-consumer", f"{prefix}-message-provider", version, context.scenario_dir / "pacts"
    )
    context.consumer_world = World(kind=kind, test=test)


@given("a message integration is being defined for a consumer test")
@given("a message interaction is being defined for a consumer test")
def step_define_message(context: Any) -> None:
    _define(context, "async")


@given("a synchronous message interaction is being defined for a consumer test")
def step_define_sync(context: Any) -> None:
    _define(context, "sync")


@given("an HTTP interaction is being defined for a consumer test")
def step_define_http(context: Any) -> None:
    # pactspec keeps interactions it does not model (V4 HTTP) untouched; a minimal one suffices here.
    _define(context, "async")
    _world(context).test.add(RawInteraction({
        "type": "Synchronous/HTTP",
        "description": "an HTTP interaction",
        "request": {"method": "GET", "path": "/"},
        "response": {"status": 200},
    }))


def _fill(draft: Draft, cell: str, context: Any) -> None:
    body = load_body(cell, context.fixtures)
    draft.body, draft.content_type = body.value, body.content_type


@given('the message payload contains the "{name}" JSON document')
def step_payload(context: Any, name: str) -> None:
    _fill(_world(context).message, f"file: {name}.json", context)


@given('the message request payload contains the "{name}" JSON document')
def step_request_payload(context: Any, name: str) -> None:
    _fill(_world(context).request, f"file: {name}.json", context)


@given('the message response payload contains the "{cell}" document')
def step_response_payload(context: Any, cell: str) -> None:
    draft = Draft()
    _fill(draft, cell, context)
    _world(context).responses.append(draft)


def _metadata_table(table: Any) -> dict[str, Any]:
    return {row["key"]: parse_value(row["value"]) for row in table}


@given("the message contains the following metadata:")
def step_message_metadata(context: Any) -> None:
    _world(context).message.metadata.update(_metadata_table(context.table))


@given("the message request contains the following metadata:")
def step_request_metadata(context: Any) -> None:
    _world(context).request.metadata.update(_metadata_table(context.table))


def _configure(draft: Draft, context: Any) -> None:
    (row,) = horizontal_rows(context.table)
    if row.get("body"):
        _fill(draft, row["body"], context)
    if row.get("generators"):
        cell = row["generators"]
        draft.generators = generators_cell(cell, context.fixtures)
    if row.get("metadata"):
        draft.metadata.update(json.loads(row["metadata"]))


@given("the message is configured with the following:")
def step_configure_message(context: Any) -> None:
    _configure(_world(context).message, context)


@given("the message request is configured with the following:")
def step_configure_request(context: Any) -> None:
    _configure(_world(context).request, context)


@given("the message response is configured with the following:")
def step_configure_response(context: Any) -> None:
    draft = Draft()
    _configure(draft, context)
    _world(context).responses.append(draft)


@given('a provider state "{state}" for the message is specified')
@given('a provider state "{state}" for the synchronous message is specified')
def step_state(context: Any, state: str) -> None:
    _world(context).states.append(ProviderState(state))


@given('a provider state "{state}" for the message is specified with the following data:')
@given('a provider state "{state}" for the synchronous message is specified with the following data:')
def step_state_with_data(context: Any, state: str) -> None:
    (row,) = horizontal_rows(context.table)
    # Cells are JSON: "Test" is a string, 66 a number.
    _world(context).states.append(ProviderState(state, {key: json.loads(cell) for key, cell in row.items()}))


@given("a message is defined")
def step_message_defined(context: Any) -> None:
    _world(context)  # the message keeps the states given so far and has no body


@given('a key of "{key}" is specified for the message interaction')
@given('a key of "{key}" is specified for the synchronous message interaction')
def step_key(context: Any, key: str) -> None:
    _world(context).key = key


@given("the message interaction is marked as pending")
@given("the synchronous message interaction is marked as pending")
def step_pending(context: Any) -> None:
    _world(context).pending = True


@given('a comment "{comment}" is added to the message interaction')
@given('a comment "{comment}" is added to the synchronous message interaction')
def step_comment(context: Any, comment: str) -> None:
    _world(context).comments.setdefault("text", []).append(comment)


def _process(context: Any, error: str | None) -> None:
    world = _world(context)

    def handler(message: Any, responses: list[Any] | None = None) -> None:
        world.received = [message, *(responses or [])]
        if error is not None:
            raise RuntimeError(error)

    world.failure = world.test.run(world.interaction(), handler)


@when("the message is successfully processed")
def step_processed(context: Any) -> None:
    _process(context, None)


@when('the message is NOT successfully processed with a "{error}" exception')
def step_not_processed(context: Any, error: str) -> None:
    _process(context, error)


@when("the Pact file for the test is generated")
def step_generate(context: Any) -> None:
    world = _world(context)
    world.failure = world.test.run(world.interaction(), lambda *messages: None)
    _read_pact(world)


def _read_pact(world: World) -> None:
    written = load_written_pact(world.test)
    assert written is not None, f"no pact file was written in {world.test.pact_dir}"
    world.pact, world.pact_json = written
    assert world.pact.spec_version == world.test.spec_version, (
        f"the pact file is a {world.pact.spec_version} pact; expected {world.test.spec_version}"
    )


@then("the consumer test will have passed")
def step_passed(context: Any) -> None:
    assert _world(context).failure is None, f"the consumer test failed: {_world(context).failure}"


@then("the consumer test will have failed")
def step_failed(context: Any) -> None:
    assert _world(context).failure is not None, "the consumer test passed; expected it to fail"


@then('the consumer test error will be "{error}"')
def step_error(context: Any, error: str) -> None:
    failure = _world(context).failure
    assert failure == error, f"the consumer test error is {failure!r}; expected {error!r}"


@then("a Pact file for the message interaction will have been written")
def step_written(context: Any) -> None:
    _read_pact(_world(context))


@then("a Pact file for the message interaction will NOT have been written")
def step_not_written(context: Any) -> None:
    world = _world(context)
    assert load_written_pact(world.test) is None, f"a pact file was written in {world.test.pact_dir}"


def _received(context: Any, which: str) -> Any:
    """The message the handler got: the async message, the sync request, or the first sync response."""
    world = _world(context)
    assert world.received, "the handler received no message"
    if world.kind == "sync":
        index = {"request": 0, "response": 1, "": 1}[which]
        assert len(world.received) > index, f"the handler received no {which or 'response'} message"
        return world.received[index]
    return world.received[0]


def _payload(message: Any) -> Any:
    # A handler gets XML as an element tree; compare what was on the wire, decoded the model's way.
    return decode_body(message.raw, message.content_type) if message.raw is not None else message.body


@then('the received message payload will contain the "{name}" JSON document')
def step_received_json(context: Any, name: str) -> None:
    expected = load_body(f"file: {name}.json", context.fixtures).value
    actual = _payload(_received(context, ""))
    assert actual == expected, f"the handler received {actual!r}; expected {expected!r}"


@then('the received message payload will contain the "{cell}" document')
def step_received_document(context: Any, cell: str) -> None:
    expected = load_body(cell, context.fixtures).value
    actual = _payload(_received(context, ""))
    assert actual == expected, f"the handler received {actual!r}; expected {expected!r}"


@then('the received message content type will be "{content_type}"')
def step_received_content_type(context: Any, content_type: str) -> None:
    actual = _received(context, "").content_type
    assert actual == content_type, f"the handler received content type {actual!r}; expected {content_type!r}"


def _metadata_value(metadata: Any, key: str) -> Any:
    assert key in metadata, f"no metadata {key!r} in {dict(metadata)!r}"
    return metadata[key]


@then('the received message metadata will contain "{key}" == "{value}"')
def step_received_metadata(context: Any, key: str, value: str) -> None:
    actual = _metadata_value(_received(context, "").metadata, key)
    assert actual == parse_value(value), f"metadata {key!r} is {actual!r}; expected {parse_value(value)!r}"


@then('the received message {which:w} metadata will contain "{key}" == "{value}"')
def step_received_part_metadata(context: Any, which: str, key: str, value: str) -> None:
    actual = _metadata_value(_received(context, which).metadata, key)
    assert actual == parse_value(value), f"{which} metadata {key!r} is {actual!r}; expected {parse_value(value)!r}"


def _draft(world: World, which: str) -> Draft:
    """The defined message a received one came from: the async message, the request or the response."""
    return world.request if which == "request" else world.responses[0] if which == "response" else world.message


def _check_generated_metadata(context: Any, which: str, key: str, kind: str) -> None:
    draft = _draft(_world(context), which)
    actual = _metadata_value(_received(context, which).metadata, key)
    assert actual != draft.metadata.get(key), f"metadata {key!r} kept its example {actual!r}"
    check_value_type(kind, actual, generator=draft.generators.get("metadata", {}).get(key))


@then('the received message metadata will contain "{key}" replaced with an "{kind}"')
@then('the received message metadata will contain "{key}" replaced with a "{kind}"')
def step_received_metadata_generated(context: Any, key: str, kind: str) -> None:
    _check_generated_metadata(context, "", key, kind)


@then('the received message {which:w} metadata will contain "{key}" replaced with an "{kind}"')
@then('the received message {which:w} metadata will contain "{key}" replaced with a "{kind}"')
def step_received_part_metadata_generated(context: Any, which: str, key: str, kind: str) -> None:
    _check_generated_metadata(context, which, key, kind)


def _check_generated_contents(context: Any, which: str, path: str, kind: str) -> None:
    draft = _draft(_world(context), which)
    original = value_at(draft.body, path)
    actual = value_at(_payload(_received(context, which)), path)
    assert actual != original, f"{path} kept its example {original!r}"
    check_value_type(kind, actual, generator=draft.generators.get("body", {}).get(path))


@then('the message contents for "{path}" will have been replaced with an "{kind}"')
@then('the message contents for "{path}" will have been replaced with a "{kind}"')
def step_contents_generated(context: Any, path: str, kind: str) -> None:
    _check_generated_contents(context, "", path, kind)


@then('the message {which:w} contents for "{path}" will have been replaced with an "{kind}"')
@then('the message {which:w} contents for "{path}" will have been replaced with a "{kind}"')
def step_part_contents_generated(context: Any, which: str, path: str, kind: str) -> None:
    _check_generated_contents(context, which, path, kind)


def _interactions(context: Any) -> tuple[Any, ...]:
    world = _world(context)
    assert world.pact is not None, "the pact file has not been read; a step must write it first"
    return tuple(world.pact.interactions)


def _nth(context: Any, ordinal: str) -> Any:
    interactions = _interactions(context)
    index = ORDINALS[ordinal.lower()]
    assert len(interactions) > index, f"the pact file has {len(interactions)} interactions"
    return interactions[index]


@then("the pact file will contain {count:d} message interaction")
@then("the pact file will contain {count:d} message interactions")
@then("the pact file will contain {count:d} interaction")
@then("the pact file will contain {count:d} interactions")
def step_pact_count(context: Any, count: int) -> None:
    found = len(_interactions(context))
    assert found == count, f"the pact file has {found} interactions; expected {count}"


@then('the {ordinal:w} message in the pact file will contain the "{name}" document')
def step_pact_message_document(context: Any, ordinal: str, name: str) -> None:
    expected = load_body(f"file: {name}", context.fixtures).value
    actual = _nth(context, ordinal).contents.body
    assert actual == expected, f"the pact's message body is {actual!r}; expected {expected!r}"


@then('the {ordinal:w} message in the pact file content type will be "{content_type}"')
def step_pact_message_content_type(context: Any, ordinal: str, content_type: str) -> None:
    actual = _nth(context, ordinal).contents.content_type
    assert actual == content_type, f"the pact's message content type is {actual!r}; expected {content_type!r}"


@then('the {ordinal:w} message in the pact file will contain the message metadata "{key}" == "{value}"')
def step_pact_message_metadata(context: Any, ordinal: str, key: str, value: str) -> None:
    actual = _metadata_value(_nth(context, ordinal).contents.metadata, key)
    assert actual == parse_value(value), f"the pact's metadata {key!r} is {actual!r}; expected {parse_value(value)!r}"


@then('the {ordinal:w} message in the pact file will contain the request message metadata "{key}" == "{value}"')
def step_pact_request_metadata(context: Any, ordinal: str, key: str, value: str) -> None:
    actual = _metadata_value(_nth(context, ordinal).request.metadata, key)
    assert actual == parse_value(value), f"the pact's request metadata {key!r} is {actual!r}"


@then("the {ordinal:w} message in the pact file will contain {count:d} provider state")
@then("the {ordinal:w} message in the pact file will contain {count:d} provider states")
def step_pact_state_count(context: Any, ordinal: str, count: int) -> None:
    states = _nth(context, ordinal).provider_states
    assert len(states) == count, f"the pact's message has {len(states)} provider states; expected {count}"


@then('the {ordinal:w} message in the Pact file will contain provider state "{state}"')
def step_pact_state(context: Any, ordinal: str, state: str) -> None:
    names = [s.name for s in _nth(context, ordinal).provider_states]
    assert state in names, f"the pact's message has provider states {names}; expected {state!r}"


@then('the provider state "{state}" for the message will contain the following parameters:')
def step_pact_state_params(context: Any, state: str) -> None:
    expected = json.loads(context.table.rows[0]["parameters"])
    found = [s for s in _nth(context, "first").provider_states if s.name == state]
    assert found, f"no provider state {state!r} in the pact"
    assert dict(found[0].params) == expected, f"its params are {dict(found[0].params)}; expected {expected}"


def _first_json(context: Any) -> dict[str, Any]:
    world = _world(context)
    interactions = world.pact_json.get("interactions") or world.pact_json.get("messages") or []
    assert interactions, "the pact file has no interactions"
    return interactions[0]


@then('the first interaction in the Pact file will have a type of "{kind}"')
def step_first_type(context: Any, kind: str) -> None:
    actual = _first_json(context).get("type")
    assert actual == kind, f"the first interaction's type is {actual!r}; expected {kind!r}"


@then('there will be an interaction in the Pact file with a type of "{kind}"')
def step_any_type(context: Any, kind: str) -> None:
    types = [i.get("type") for i in _world(context).pact_json.get("interactions", [])]
    assert kind in types, f"the pact file's interaction types are {types}; expected one {kind!r}"


@then("the first interaction in the Pact file will have \"{key}\" = '{value}'")
def step_first_field(context: Any, key: str, value: str) -> None:
    actual = _first_json(context).get(key)
    assert actual == json.loads(value), f"the first interaction's {key!r} is {actual!r}; expected {value}"


@then('the first interaction in the pact file will contain the "{cell}" document as the request')
def step_pact_request_document(context: Any, cell: str) -> None:
    expected = load_body(cell, context.fixtures).value
    actual = _nth(context, "first").request.body
    assert actual == expected, f"the pact's request body is {actual!r}; expected {expected!r}"


@then('the first interaction in the pact file will contain the "{cell}" document as a response')
@then('the first interaction in the pact file will contain the "{cell}" document as the {ordinal:w} response message')
def step_pact_response_document(context: Any, cell: str, ordinal: str = "first") -> None:
    expected = load_body(cell, context.fixtures).value
    responses = _nth(context, "first").responses
    index = ORDINALS[ordinal]
    assert len(responses) > index, f"the pact's interaction has {len(responses)} responses"
    actual = responses[index].body
    assert actual == expected, f"the pact's {ordinal} response body is {actual!r}; expected {expected!r}"


@then('the first interaction in the pact file {which:w} content type will be "{content_type}"')
def step_pact_part_content_type(context: Any, which: str, content_type: str) -> None:
    interaction = _nth(context, "first")
    part = interaction.request if which == "request" else interaction.responses[0]
    assert part.content_type == content_type, (
        f"the pact's {which} content type is {part.content_type!r}; expected {content_type!r}"
    )


@then("the first interaction in the pact file will contain {count:d} response messages")
def step_pact_response_count(context: Any, count: int) -> None:
    responses = _nth(context, "first").responses
    assert len(responses) == count, f"the pact's interaction has {len(responses)} responses; expected {count}"

