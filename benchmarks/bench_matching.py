"""Matching speed: 1,000 message interactions, and one ~10 MB JSON body against json.loads.

Prints Markdown rows ``| what | measured | target | ok |``:

- 1,000 V4 message interactions (~20-field bodies, 26 rules each) through ``match_message``, which
  compiles each interaction's rules and matches (the whole matching cost a verifier pays);
- the same interactions compiled once and matched again (the per-message cost after compiling);
- one ~10 MB body (``{"items": [...]}`` under an eachLike rule, ``type`` with ``min: 1``, plus
  item rules) matched once, as a multiple of ``json.loads`` of the same bytes.

Each timing is the best of several runs, so start-up noise does not count.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pactspec.matching import compile_contents, contents_from_message_json, match_message


def rule(match: str, **extra: Any) -> dict[str, Any]:
    return {"combine": "AND", "matchers": [{"match": match, **extra}]}


RULES = {
    "$.id": rule("integer"),
    "$.uuid": rule("regex", regex="[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
    "$.name": rule("type"),
    "$.email": rule("regex", regex="[^@]+@[^@]+\\.[a-z]+"),
    "$.created": rule("timestamp", format="yyyy-MM-dd'T'HH:mm:ss"),
    "$.birthday": rule("date", format="yyyy-MM-dd"),
    "$.amount": rule("decimal"),
    "$.count": rule("number"),
    "$.active": rule("boolean"),
    "$.deleted": rule("null"),
    "$.version": rule("semver"),
    "$.status": rule("regex", regex="ACTIVE|SUSPENDED|CLOSED"),
    "$.note": rule("include", value="user"),
    "$.nickname": rule("notEmpty"),
    "$.tags": rule("type", min=1, max=10),
    "$.tags[*]": rule("type"),
    "$.address": rule("type"),
    "$.address.zip": rule("regex", regex="\\d{5}"),
    "$.address.city": rule("type"),
    "$.address.street": rule("type"),
    "$.orders": rule("type", min=1),
    "$.orders[*].sku": rule("regex", regex="[A-Z]{3}-\\d{4}"),
    "$.orders[*].qty": rule("integer"),
    "$.orders[*].price": rule("decimal"),
    "$.settings": rule("values"),
    "$.settings.*": rule("boolean"),
}


def body(n: int) -> dict[str, Any]:
    return {
        "id": n,
        "uuid": f"{n:08x}-1234-4abc-8def-0123456789ab",
        "name": f"user {n}",
        "email": f"user{n}@example.com",
        "created": "2024-05-06T07:08:09",
        "birthday": "1990-01-31",
        "amount": 12.5 + n,
        "count": n * 3,
        "active": n % 2 == 0,
        "deleted": None,
        "version": f"1.{n % 7}.0",
        "status": "ACTIVE",
        "note": f"a note about user {n}",
        "nickname": "nick",
        "tags": ["a", "b", "c"],
        "address": {"zip": "12345", "city": "Springfield", "street": "Evergreen Terrace"},
        "orders": [
            {"sku": "ABC-1234", "qty": 2, "price": 9.99},
            {"sku": "XYZ-9876", "qty": 1, "price": 19.5},
        ],
        "settings": {"email": True, "sms": False},
        "country": "GB",
        "locale": "en_GB",
    }


def interactions(count: int) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    pairs = []
    for n in range(count):
        expected = {
            "type": "Asynchronous/Messages",
            "description": f"user event {n}",
            "contents": {"contentType": "application/json", "encoded": False, "content": body(n)},
            "metadata": {"contentType": "application/json", "topic": "users"},
            "matchingRules": {"body": RULES},
        }
        actual_body = body(n + 1)
        actual_body["id"] = n
        actual = {
            "contents": {"contentType": "application/json", "encoded": False, "content": actual_body},
            "metadata": {"contentType": "application/json; charset=utf-8", "topic": "users", "key": str(n)},
        }
        pairs.append((expected, actual))
    return pairs


def best(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def row(what: str, measured: str, target: str, ok: bool) -> None:
    print(f"| {what} | {measured} | {target} | {'ok' if ok else 'MISSED'} |")


def bench_interactions() -> None:
    pairs = interactions(1000)
    assert all(match_message(e, a) == [] for e, a in pairs[:5]), "benchmark data must match"
    assert len(RULES) == 26

    def whole() -> None:
        for expected, actual in pairs:
            if match_message(expected, actual):
                raise AssertionError("benchmark data must match")

    seconds = best(whole, 5)
    row(
        "match_message, 1,000 interactions (20-field bodies, 26 rules; compile + match)",
        f"{seconds:.3f} s",
        "< 1 s",
        seconds < 1.0,
    )

    compiled = [
        (compile_contents(contents_from_message_json(e)), contents_from_message_json(a)) for e, a in pairs
    ]

    def matched() -> None:
        for contents, actual in compiled:
            if contents.match(actual):
                raise AssertionError("benchmark data must match")

    seconds = best(matched, 5)
    row("the same 1,000 matched again with rules compiled once", f"{seconds:.3f} s", "< 1 s", seconds < 1.0)


def big_item(n: int) -> dict[str, Any]:
    return {
        "id": n,
        "sku": f"SKU-{n:08d}",
        "name": f"Product number {n}",
        "price": 10.0 + n % 100 / 4,
        "stock": n % 50,
        "active": n % 3 != 0,
        "tags": ["new", "sale"],
        "dimensions": {"w": 10, "h": 20, "d": 5},
        "supplier": {"id": n % 97, "name": "ACME Corporation Ltd"},
        "description": "A reasonably long description of the product " + "x" * 40,
    }


def bench_big_body() -> None:
    items: list[dict[str, Any]] = []
    size = 0
    while size < 10 * 1024 * 1024:
        chunk = [big_item(len(items) + i) for i in range(1000)]
        items += chunk
        size += len(json.dumps(chunk))
    raw = json.dumps({"items": items}).encode("utf-8")
    expected = {
        "type": "Asynchronous/Messages",
        "contents": {
            "contentType": "application/json",
            "encoded": False,
            "content": {"items": [big_item(0)]},
        },
        "matchingRules": {
            "body": {
                "$.items": rule("type", min=1),
                "$.items[*].id": rule("integer"),
                "$.items[*].sku": rule("regex", regex="SKU-\\d{8}"),
            }
        },
    }
    compiled = compile_contents(contents_from_message_json(expected))
    actual = contents_from_message_json(
        {"contents": {"contentType": "application/json", "content": json.loads(raw)}}
    )
    assert compiled.match(actual) == [], "benchmark data must match"

    loads = best(lambda: json.loads(raw), 5)
    matching = best(lambda: compiled.match(actual), 5)
    ratio = matching / loads
    row(
        f"{len(raw) / 1e6:.1f} MB JSON body ({len(items):,} items under eachLike): matching ÷ json.loads",
        f"{ratio:.1f}× ({matching:.3f} s vs {loads:.3f} s)",
        "≤ 10×",
        ratio <= 10,
    )


if __name__ == "__main__":
    bench_interactions()
    bench_big_body()
