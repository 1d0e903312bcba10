"""Fixtures the step-library tests share."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fake_broker import FakeBroker


@pytest.fixture()
def fake() -> Iterator[FakeBroker]:
    """A fake Pact Broker on 127.0.0.1 for one test."""
    with FakeBroker() as broker:
        yield broker
