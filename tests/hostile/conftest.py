"""Fixtures for the hostile-input tests: a work folder with a handler module and a producer app."""

from __future__ import annotations

from pathlib import Path

import pytest

HANDLERS = '''
def handle(message):
    """Accept any message."""
'''

PRODUCERS = '''
from pactspec.provider import producer

@producer("an event")
def event():
    return {"items": [1]}
'''


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A folder holding ``handlers.py`` (a consumer handler) and ``app.py`` (a producer of "an event")."""
    (tmp_path / "handlers.py").write_text(HANDLERS)
    (tmp_path / "app.py").write_text(PRODUCERS)
    return tmp_path
