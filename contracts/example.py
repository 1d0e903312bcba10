"""The Python twin of features/users.feature and features/orders.feature (and of contracts/*.yaml).

The same eight scenarios written with ``pactspec.MessagePact``: ``write_pacts("pacts")`` verifies each
against the example's real handlers (``features/app`` on the Python path) and writes the two pact
files, equal to the ones behave and ``pactspec run`` write apart from their ``comments``
(tests/consumer/test_equivalence.py checks it).
"""

from __future__ import annotations

from pathlib import Path

from orders.consumer import check_stock, handle_order_cancelled, handle_order_created, handle_order_shipped
from users.consumer import User, handle_user, handle_user_deleted, handle_user_object

from pactspec import MessagePact, generate, match

__all__ = ["orders", "users", "write_pacts"]

TOPIC = match.regex("users.v1", r"users\.v[0-9]+")
ORDER_ID = "6c3a7c49-8d4e-4f59-9a21-8f5e0b6f6d10"
AT = "yyyy-MM-dd'T'HH:mm:ss"


def users(pact_dir: str | Path) -> MessagePact:
    """features/users.feature."""
    pact = MessagePact("user-service", "user-events", pact_dir=pact_dir)
    (pact.given("User with id 127 exists", id=127)
         .expects_to_receive("a user event")
         .with_metadata({"Content-Type": "application/json", "topic": TOPIC})
         .with_content({"datetime": match.regex("2020-01-01", r"[0-9\-]+"), "name": match.like("Billy"),
                        "lastName": match.like("Sampson"), "id": match.integer(12)})
         .consumed_by(handle_user)
         .verify())
    (pact.given("User with id 127 exists", id=127)
         .expects_to_receive("a user event as a User")
         .with_metadata({"Content-Type": "application/json"})
         .with_content({"datetime": match.date("2020-01-01", "yyyy-MM-dd"), "name": match.like("Billy"),
                        "lastName": match.like("Sampson"),
                        "id": match.integer(127, generator=generate.provider_state("${id}", example=127))})
         .as_type(User)
         .consumed_by(handle_user_object)
         .verify())
    (pact.given("User with id 127 exists", id=127)
         .given("the user was deleted")
         .expects_to_receive("a user deleted event")
         .with_metadata({"topic": TOPIC})
         .with_content({"id": match.integer(127), "deletedAt": match.datetime("2024-05-01T10:00:00", AT),
                        "reasons": match.each_like("requested by the user", min=0)})
         .consumed_by(handle_user_deleted)
         .verify())
    (pact.expects_to_receive("a user event with id -1")
         .with_content({"datetime": match.like("2020-01-01"), "name": match.like("Nobody"),
                        "lastName": match.like("Nobody"), "id": match.integer(-1)})
         .consumed_by(handle_user)
         .rejects_with("invalid user id -1")
         .verify())
    return pact


def orders(pact_dir: str | Path) -> MessagePact:
    """features/orders.feature."""
    pact = MessagePact("shipping-service", "order-service", pact_dir=pact_dir)
    (pact.given("an order with two items")
         .expects_to_receive("an order created event")
         .with_metadata({"Content-Type": "application/json",
                         "topic": match.regex("orders.created", r"orders\.[a-z]+"),
                         "messageId": match.integer(42, generator=generate.random_int(1, 1000000))})
         .with_content({
             "orderId": match.uuid(ORDER_ID, generator=generate.uuid()),
             "createdAt": match.datetime("2024-05-01T10:00:00", AT, generator=generate.datetime(AT)),
             "customer": {"email": match.include("@", "billy@example.com"),
                          "first name": match.not_empty("Billy")},
             "items": match.each_like({"sku": match.regex("AB-1", "[A-Z]{2}-[0-9]+"),
                                       "quantity": match.integer(2, generator=generate.random_int(1, 5)),
                                       "price": match.decimal(9.5)}, min=1),
             "discounts": match.values({"SPRING": 5}),
             "tags": match.array_contains("gift", "express"),
             "version": match.semver("1.2.0"),
         })
         .consumed_by(handle_order_created)
         .verify())
    (pact.given("an order with two items")
         .expects_to_receive("an order cancelled event")
         .with_content({"orderId": match.uuid(ORDER_ID), "reason": match.string("the customer changed their mind"),
                        "refund": match.number(19), "notes": match.null(),
                        "lines": match.each_value({"AB-1": 1}, "integer")})
         .consumed_by(handle_order_cancelled)
         .verify())
    (pact.given("a shipped order")
         .expects_to_receive("an order shipped event")
         .with_xml('<?xml version="1.0" encoding="UTF-8"?>\n'
                   f"<shipment orderId=\"{{{{ regex('{ORDER_ID}', '[0-9a-f-]{{36}}') }}}}\">\n"
                   '  <trackingNumber>{{ regex("1Z999AA10123456784", "1Z[0-9A-Z]{16}") }}</trackingNumber>\n'
                   '  <carrier>{{ string("UPS") }}</carrier>\n'
                   "</shipment>")
         .consumed_by(handle_order_shipped)
         .verify())
    (pact.given("AB-1 is in stock", sku="AB-1", quantity=7)
         .expects_request("a stock check")
         .with_content({"sku": match.regex("AB-1", "[A-Z]{2}-[0-9]+")})
         .will_respond_with({"sku": match.like("AB-1", generator=generate.provider_state("${sku}", example="AB-1")),
                             "available": match.boolean(True),
                             "quantity": match.integer(7, generator=generate.provider_state("${quantity}",
                                                                                           example=7))},
                            metadata={"Content-Type": "application/json"})
         .consumed_by(check_stock)
         .verify())
    return pact


def write_pacts(pact_dir: str | Path) -> list[Path]:
    """Verify both consumers' contracts and write their pact files to ``pact_dir``."""
    return [*users(pact_dir).write(), *orders(pact_dir).write()]


if __name__ == "__main__":
    import sys

    for path in write_pacts(sys.argv[1] if len(sys.argv) > 1 else "pacts"):
        print(path)
