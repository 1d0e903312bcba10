"""The broker fixtures' sharing: one server per session, however many test modules import the fixture."""

from __future__ import annotations

from typing import Any

from tests.broker_services import _SHARED, Server, _shared


class _FakeServer(Server):
    def __init__(self) -> None:
        self.stopped = 0

    def stop(self) -> None:
        self.stopped += 1


def test_a_server_is_started_once_and_stopped_after_its_last_user() -> None:
    """Two fixture definitions (two importing modules) get one server; it stops when both are done."""
    started: list[_FakeServer] = []

    def start() -> tuple[str, Any]:
        started.append(_FakeServer())
        return "fake://127.0.0.1:1", started[-1]

    with _shared("fake", start) as first:
        with _shared("fake", start) as second:
            assert first == second == "fake://127.0.0.1:1"
        assert len(started) == 1 and started[0].stopped == 0
    assert started[0].stopped == 1
    assert "fake" not in _SHARED
