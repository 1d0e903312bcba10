"""Pacts written by pact-python 4.2 (the reference) verify in pactspec: passing, and failing where they should.

Fixtures: tests/fixtures/pact_python/shipping-v3-warehouse.json and shipping-v4-warehouse.json,
made by make_verify_fixtures.py there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pactspec.model import Message
from pactspec.provider._producing import InProcessBackend
from pactspec.provider._registry import Provider
from pactspec.provider._verifier import verify

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pact_python"
PACTS = [FIXTURES / "shipping-v3-warehouse.json", FIXTURES / "shipping-v4-warehouse.json"]


def warehouse(*, broken: bool) -> tuple[Provider, list[str]]:
    """The warehouse's producers; ``broken`` is a release with three contract bugs."""
    provider = Provider(sources=("warehouse",))
    log: list[str] = []
    orders: dict[int, dict] = {}

    @provider.provider_state("order 1001 is packed")
    def packed(orderNumber: int):
        orders[orderNumber] = {"weight": 4.75, "skus": {"XY-77": 3}}
        log.append(f"setup {orderNumber}")
        yield {"orderNumber": orderNumber}
        log.append(f"teardown {orderNumber}")
        orders.pop(orderNumber)

    @provider.provider_state("rates are loaded")
    def rates() -> None:
        log.append("rates")

    @provider.producer("a parcel packed event")
    def parcel_packed(context):
        order = orders[context["orderNumber"]]
        body = {
            "parcelId": "9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f",
            "orderNumber": context["orderNumber"],
            "weightKg": str(order["weight"]) if broken else order["weight"],
            "fragile": True,
            "packedOn": "2025-01-31",
            "packedAt": "2025-01-31 17:05:00" if broken else "2025-01-31T17:05:00",
            "carrier": "DHL",
            "recipient": {"name": "Bo Li", "city": "Shelbyville", "zip": "54321"},
            "items": [{"sku": sku, "quantity": quantity} for sku, quantity in order["skus"].items()],
            "labels": [],
            "note": "handle with care",
            "warehouse": "WH-1",
        }
        topic = "parcels.packed" if not broken else "parcel-events"
        return Message(body, metadata={"topic": topic, "schemaVersion": 2})

    @provider.producer("a parcel lost notice")
    def lost():
        return Message("Parcel 1001 is lost.", content_type="text/plain")

    @provider.producer("a shipping quote")
    def quote(request: Message):
        return {"price": round(request.body["weightKg"] * 5.0, 2), "currency": "USD",
                "country": request.body["country"]}

    return provider, log


def test_a_correct_producer_passes_both_pacts() -> None:
    provider, log = warehouse(broken=False)
    result = verify(PACTS, InProcessBackend(provider), provider="warehouse")
    outcomes = {(p.consumer, r.description): (r.status, r.mismatches, r.errors) for p, r in result.interactions}
    assert outcomes == {
        ("shipping-v3", "a parcel packed event"): ("passed", (), ()),
        ("shipping-v3", "a parcel lost notice"): ("passed", (), ()),
        ("shipping-v4", "a parcel packed event"): ("passed", (), ()),
        ("shipping-v4", "a parcel lost notice"): ("passed", (), ()),
        ("shipping-v4", "a shipping quote"): ("passed", (), ()),
    }
    assert result.exit_code == 0
    assert log == ["setup 1001", "teardown 1001", "setup 1001", "teardown 1001", "rates"]


@pytest.mark.parametrize("pact", PACTS, ids=["v3", "v4"])
def test_a_broken_producer_fails_at_each_bug(pact: Path) -> None:
    provider, _ = warehouse(broken=True)
    result = verify([pact], InProcessBackend(provider), provider="warehouse")
    failed = {r.description: r for _, r in result.interactions if r.failed}
    assert set(failed) == {"a parcel packed event"}
    mismatches = failed["a parcel packed event"].mismatches
    assert sorted((m.kind, m.path) for m in mismatches) == [
        ("body", "$.packedAt"), ("body", "$.weightKg"), ("metadata", "topic")]
    by_path = {m.path: m for m in mismatches}
    assert by_path["$.weightKg"].actual == "4.75"
    assert by_path["topic"].actual == "parcel-events"
    assert result.exit_code == 1
