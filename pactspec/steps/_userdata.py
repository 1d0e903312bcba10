"""Settings the step modules read from behave's userdata (``-D name=value`` or ``[behave.userdata]``)."""

from __future__ import annotations

from typing import Any

from pactspec.usercode import DEFAULT_TIMEOUT, check_timeout

__all__ = ["timeout"]


def timeout(context: Any) -> float | None:
    """``-D timeout=SECONDS``: how long each handler, producer or state handler may take (0: no limit)."""
    userdata = getattr(getattr(context, "config", None), "userdata", None) or {}
    return check_timeout(userdata.get("timeout", DEFAULT_TIMEOUT), "-D timeout=")
