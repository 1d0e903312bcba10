"""pactspec.asyncapi._view: an operation, its channel and its messages' schemas as rows people read."""

from __future__ import annotations

from pactspec.asyncapi import load_document, operation_view, schema_rows
from tests.asyncapi.support import FIXTURES


def test_rows_flatten_nested_objects_arrays_and_any_of() -> None:
    """Nested objects are dotted paths, arrays [*], each anyOf branch its own rows, constraints in words."""
    view = operation_view(load_document(FIXTURES / "orders-amqp.yaml"), "onOrderEvent")
    assert view is not None and (view.action, view.channel, view.address) == ("send", "orders", "orders")
    created = {r.path: (r.type, r.required, r.details) for r in view.messages[0].payload}
    assert created["$.total"] == ("any of 2", True, "")
    assert created["$.total (any of 2)"] == ("string", True, "pattern ^[0-9]+\\.[0-9]{2}$")
    assert created["$.lines[*].quantity"] == ("integer", False, "minimum 1")
    assert [m.name for m in view.messages] == ["OrderCreated", "OrderCancelled"]


def test_request_reply_lists_the_reply_messages() -> None:
    """A request/reply operation's reply messages are listed apart from its request; enum/const in words."""
    view = operation_view(load_document(FIXTURES / "rpc-requestreply.yaml"), "getUser")
    assert view is not None and [m.name for m in view.replies] == ["UserFound", "UserNotFound"]
    assert view.address == "users.requests"
    assert [(r.path, r.details) for r in view.replies[1].payload] == [("$.error", "const not found")]


def test_an_unknown_operation_has_no_view_and_a_scalar_array_is_one_row() -> None:
    """No such operation gives None; an array of strings is its row and one [*] row."""
    assert operation_view(load_document(FIXTURES / "users-kafka.yaml"), "nope") is None
    rows = list(schema_rows({"type": "object", "properties": {"tags": {"type": "array", "items": {"type": "string",
                                                                                                   "enum": ["a", "b"]}}}}))
    assert [(r.path, r.type, r.details) for r in rows] == [("$.tags", "array", ""), ("$.tags[*]", "string", "enum a | b")]
