"""Steps of V3/matching_rules.feature and V4/matching_rules.feature.

The suite states its cases as HTTP requests and responses; pactspec compares each part with its
own engine (body, headers, query, status) and the steps only gather the mismatches it reports.
"""

from __future__ import annotations

from typing import Any

from behave import given, then, when

from pactspec import Mismatch
from tests.compatibility.httpparts import compare_request, compare_response
from tests.compatibility.support import (
    HttpPart,
    horizontal_rows,
    load_body,
    parse_headers,
    parse_query,
    rules_cell,
)


def _part(row: dict[str, str], context: Any) -> HttpPart:
    part = HttpPart()
    if row.get("body"):
        body = load_body(row["body"], context.fixtures, row.get("content type") or None)
        part.body, part.content_type = body.value, body.content_type
    if row.get("query"):
        part.query = parse_query(row["query"])
    if row.get("headers"):
        part.headers = parse_headers(row["headers"])
    if row.get("status"):
        part.status = int(row["status"])
    if row.get("matching rules"):
        cell = row["matching rules"]
        part.matching_rules = rules_cell(cell, context.fixtures)
    return part


@given("an expected request configured with the following:")
def step_expected_request(context: Any) -> None:
    (row,) = horizontal_rows(context.table)
    context.expected_request = _part(row, context)
    context.received_requests = []
    context.request_results = []


@given("a request is received with the following:")
def step_request_received(context: Any) -> None:
    (row,) = horizontal_rows(context.table)
    context.received_requests.append(_part(row, context))


@given("the following requests are received:")
def step_requests_received(context: Any) -> None:
    context.received_requests.extend(_part(row, context) for row in horizontal_rows(context.table))


@when("the request is compared to the expected one")
def step_compare_request(context: Any) -> None:
    context.request_results = [compare_request(context.expected_request, context.received_requests[0])]


@when("the requests are compared to the expected one")
def step_compare_requests(context: Any) -> None:
    context.request_results = [
        compare_request(context.expected_request, request) for request in context.received_requests
    ]


def _all(results: list[list[Mismatch]]) -> list[Mismatch]:
    return [mismatch for result in results for mismatch in result]


def _listing(mismatches: list[Mismatch]) -> str:
    return "\n".join(f"  {m.kind} {m.path}: {m.message}" for m in mismatches) or "  (none)"


@then("the comparison should be OK")
def step_comparison_ok(context: Any) -> None:
    mismatches = _all(context.request_results)
    assert not mismatches, f"expected every request to match, got:\n{_listing(mismatches)}"


@then("the comparison should NOT be OK")
def step_comparison_not_ok(context: Any) -> None:
    failed = [result for result in context.request_results if not result]
    assert not failed, f"expected every request to mismatch; {len(failed)} of them matched"


@then('the mismatches will contain a mismatch with error "{path}" -> "{error}"')
def step_mismatch_with_error(context: Any, path: str, error: str) -> None:
    # As in the reference steps: the path is exact, the message contains the suite's text.
    error = error.replace('\\"', '"')
    mismatches = _all(context.request_results)
    assert any(m.path == path and error in m.message for m in mismatches), (
        f"no mismatch at {path} with a message containing {error!r}; the mismatches are:\n{_listing(mismatches)}"
    )


@given("an expected response configured with the following:")
def step_expected_response(context: Any) -> None:
    (row,) = horizontal_rows(context.table)
    context.expected_response = _part(row, context)
    context.received_responses = []


@given("a status {status:d} response is received")
def step_status_received(context: Any, status: int) -> None:
    context.received_responses.append(HttpPart(status=status))


@when("the response is compared to the expected one")
def step_compare_response(context: Any) -> None:
    context.response_results = compare_response(context.expected_response, context.received_responses[0])


@then("the response comparison should be OK")
def step_response_ok(context: Any) -> None:
    assert not context.response_results, f"expected the response to match, got:\n{_listing(context.response_results)}"


@then("the response comparison should NOT be OK")
def step_response_not_ok(context: Any) -> None:
    assert context.response_results, "expected the response to mismatch; it matched"


@then('the response mismatches will contain a "{kind}" mismatch with error "{error}"')
def step_response_mismatch(context: Any, kind: str, error: str) -> None:
    mismatches = context.response_results
    assert any(m.kind == kind and m.message == error for m in mismatches), (
        f"no {kind} mismatch with the message {error!r}; the mismatches are:\n{_listing(mismatches)}"
    )
