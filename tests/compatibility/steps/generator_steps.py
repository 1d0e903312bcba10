"""Steps of V3/generators.feature and V4/generators.feature, on pactspec.generators._apply."""

from __future__ import annotations

import json
from typing import Any

from behave import given, then, when

from pactspec import MessageContents, apply_generators
from tests.compatibility.support import (
    check_value_type,
    generators_cell,
    horizontal_rows,
    load_body,
    value_at,
)


@given("a request configured with the following generators:")
def step_request_with_generators(context: Any) -> None:
    (row,) = horizontal_rows(context.table)
    body = load_body(row["body"], context.fixtures) if "body" in row else None
    cell = row["generators"]
    generators = generators_cell(cell, context.fixtures)
    context.generator_request = MessageContents(
        body=body.value if body else MessageContents().body,
        content_type=body.content_type if body else None,
        generators=generators,
    )
    context.generator_mode = "consumer"
    context.generator_context = {}


@given('the generator test mode is set as "{mode}"')
def step_generator_mode(context: Any, mode: str) -> None:
    modes = {"Consumer": "consumer", "Provider": "provider"}
    assert mode in modes, f"unknown generator test mode {mode!r}; the suite uses Consumer or Provider"
    context.generator_mode = modes[mode]


def _prepare(context: Any) -> None:
    context.generated = apply_generators(
        context.generator_request, context.generator_context, mode=context.generator_mode
    )


@when("the request is prepared for use")
def step_prepare(context: Any) -> None:
    _prepare(context)


@when('the request is prepared for use with a "{field}" context:')
def step_prepare_with_context(context: Any, field: str) -> None:
    # The context is the table's only cell, a JSON object; provider-state values are the context
    # itself, the mock server's details sit under "mockServer" (as in the reference steps).
    values = json.loads(context.table.headings[0])
    context.generator_context = values if field == "providerState" else {field: values}
    _prepare(context)


@then('the body value for "{path}" will have been replaced with a "{kind}"')
def step_body_value_replaced_with_a(context: Any, path: str, kind: str) -> None:
    original = value_at(context.generator_request.body, path)
    value = value_at(context.generated.body, path)
    assert value != original, f"{path} still holds its example {original!r}"
    generator = context.generator_request.generators.get("body", {}).get(path)
    check_value_type(kind, value, generator=generator)


@then('the body value for "{path}" will have been replaced with "{expected}"')
def step_body_value_replaced_with(context: Any, path: str, expected: str) -> None:
    value = value_at(context.generated.body, path)
    # The step's text cannot tell 1000 from "1000": accept the value or its JSON form.
    assert value == expected or json.dumps(value) == expected, (
        f"{path} is {value!r}; expected it to have been replaced with {expected}"
    )
