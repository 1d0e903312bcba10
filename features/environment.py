"""behave hooks for the project's own features: make the example application importable.

The example application lives in ``features/app`` (``users.consumer``, ``orders.consumer``, and the
producers the provider features verify). The pactspec steps need nothing here: they write the
pact files themselves after each feature.
"""

from __future__ import annotations

import sys
from pathlib import Path

APP = str(Path(__file__).resolve().parent / "app")


def before_all(context: object) -> None:
    if APP not in sys.path:
        sys.path.insert(0, APP)
