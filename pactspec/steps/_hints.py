"""A "did you mean" for steps behave cannot find that are one typo away from a pactspec step.

behave reports an undefined step with a snippet for a new step definition; when the text is a
misspelt pactspec step (``the mesage "m" is received``), the useful answer is the step it meant,
with the user's own quoted values put back in.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Any

__all__ = ["suggest_step", "undefined_step_hints"]

_QUOTED = re.compile(r'"[^"]*"')
_PLACEHOLDER = '"…"'


def _pactspec_patterns(registry: Any) -> list[str]:
    patterns = {definition.pattern for definitions in registry.steps.values() for definition in definitions
                if getattr(definition.func, "__module__", "").startswith("pactspec.")}
    return sorted(patterns)


def suggest_step(text: str, patterns: Iterable[str]) -> str | None:
    """The pactspec step ``text`` most likely meant, with its quoted values, or ``None`` if none is close."""
    shapes = {_QUOTED.sub(_PLACEHOLDER, re.sub(r'"\{[^}]*\}"', _PLACEHOLDER, p)): p for p in patterns}
    close = difflib.get_close_matches(_QUOTED.sub(_PLACEHOLDER, text), list(shapes), n=1, cutoff=0.85)
    if not close:
        return None
    values = iter(_QUOTED.findall(text))
    return re.sub(re.escape(_PLACEHOLDER), lambda _: next(values, _PLACEHOLDER), close[0])


def undefined_step_hints(steps: Iterable[Any], registry: Any) -> list[str]:
    """One sentence per undefined step close to a pactspec step of ``registry`` (the runner's step registry)."""
    hints = []
    patterns = None
    for step in steps:
        if getattr(step.status, "name", "") != "undefined":
            continue
        patterns = patterns if patterns is not None else _pactspec_patterns(registry)
        meant = suggest_step(step.name, patterns)
        if meant is not None:
            hints.append(f"{step.filename}:{step.line}: no step matches '{step.keyword} {step.name}'; "
                         f"did you mean '{step.keyword} {meant}'?")
    return hints
