"""A "did you mean" for steps behave cannot find that are one typo away from a pactspec step.

behave reports an undefined step with a snippet for a new step definition; when the text is a
misspelt pactspec step (``the mesage "m" is received``), the useful answer is the step it meant,
with the user's own quoted values put back in.
"""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Iterable
from typing import Any

from behave.runner import ModelRunner

__all__ = ["loading_runner", "suggest_step", "undefined_step_hints"]

_QUOTED = re.compile(r'"[^"]*"')
_PLACEHOLDER = '"…"'


def _pactspec_patterns(registry: Any) -> list[str]:
    patterns = {definition.pattern for definitions in registry.steps.values() for definition in definitions
                if getattr(definition.func, "__module__", "").startswith("pactspec.")}
    return sorted(patterns)


def suggest_step(text: str, patterns: Iterable[str]) -> str | None:
    """The pactspec step ``text`` most likely meant, with its quoted values, or ``None`` if none is close.

    Three slips are caught: a typo in the words (``the mesage "m" is received``), values without their
    quotes (``it is handled by app:handle``) and an empty value (``"" consumes …``, shown as ``"<consumer>"``).
    """
    patterns = list(patterns)
    unquoted = _with_quotes_added(text, patterns)
    if unquoted is not None:
        return unquoted
    shapes = {_shape(p): p for p in patterns}
    close = difflib.get_close_matches(_QUOTED.sub(_PLACEHOLDER, text), list(shapes), n=1, cutoff=0.85)
    if not close:
        return None
    names = iter(_NAME.findall(shapes[close[0]]))
    values = iter(_QUOTED.findall(text))

    def value(_: re.Match[str]) -> str:
        name = next(names, "value")
        found = next(values, _PLACEHOLDER)
        return f'"<{name}>"' if found == '""' else found  # a step never takes an empty value: name what goes there

    return re.sub(re.escape(_PLACEHOLDER), value, close[0])


_NAME = re.compile(r'"\{(\w+)(?::\w+)?\}"')


def _shape(pattern: str) -> str:
    return _QUOTED.sub(_PLACEHOLDER, re.sub(r'"\{[^}]*\}"', _PLACEHOLDER, pattern))


def _with_quotes_added(text: str, patterns: list[str]) -> str | None:
    """The step with its values quoted, when ``text`` is a pactspec step written with a value unquoted."""
    # the pattern with the most values first, so "by a:b as c:D" is not read as one handler "a:b as c:D"
    for pattern in sorted(patterns, key=lambda p: -len(_NAME.findall(p))):
        parts = re.split(r'"\{[^}]*\}"', pattern)
        if len(parts) < 2:
            continue
        regex = '"?([^"]+?)"?'.join(re.escape(part) for part in parts)
        found = re.fullmatch(regex, text)
        if found and any(not _quoted_in(text, value) for value in found.groups()):
            return "".join(f'{part}"{value}"' for part, value in zip(parts, found.groups())) + parts[-1]
    return None


def _quoted_in(text: str, value: str) -> bool:
    return f'"{value}"' in text


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


def loading_runner() -> Any:
    """The behave runner whose load_step_definitions is importing this step library, if any.

    behave loads environment.py's hooks before the steps and hands a step module no runner; found
    here, the hooks are chained at once, so a misspelt very first step (``Given "" consumes …``)
    still gets its "did you mean". Elsewhere the first pactspec step chains them.
    """
    frame = sys._getframe(1)
    while frame is not None:
        candidate = frame.f_locals.get("self")
        if isinstance(candidate, ModelRunner) and isinstance(getattr(candidate, "hooks", None), dict):
            return candidate
        frame = frame.f_back  # type: ignore[assignment]
    return None
