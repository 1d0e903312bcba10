"""Where a value sits in a pact file, and the checks every part of the reader shares.

:class:`Where` names the source and the JSON path of a value for error messages; ``expect_object``
and ``expect_text`` check a value's JSON type, raising :class:`~pactspec.errors.PactFileError`
with what to write instead.
"""

from __future__ import annotations

import json
from typing import Any, NoReturn

from pactspec.errors import PactFileError
from pactspec.mismatch import type_name as pact_type_name

__all__ = ["Where", "expect_object", "expect_text", "type_name"]


class Where:
    """Where a JSON value sits: the source (file, URL) and the JSON path, for error messages.

    The path text is built only when asked for (an error), since every value read gets a Where.
    """

    __slots__ = ("_parent", "_step", "parsed", "source")

    def __init__(self, source: str, path: str = "$", *, _parent: Where | None = None,
                 _step: str | int | None = None) -> None:
        self.source = source
        self._parent = _parent
        self._step: str | int = path if _parent is None else _step  # type: ignore[assignment]
        # Frozen values already parsed from this source, by a key of their JSON: the same rule list
        # written at a thousand paths is parsed once and shared (see pactfile._rules).
        self.parsed: dict[Any, Any] = {} if _parent is None else _parent.parsed

    @property
    def path(self) -> str:
        if self._parent is None:
            return str(self._step)
        step = self._step
        if isinstance(step, int):
            return f"{self._parent.path}[{step}]"
        if step.isidentifier():
            return f"{self._parent.path}.{step}"
        return f"{self._parent.path}[{json.dumps(step, ensure_ascii=False)}]"

    def key(self, name: str) -> Where:
        return Where(self.source, _parent=self, _step=name)

    def index(self, i: int) -> Where:
        return Where(self.source, _parent=self, _step=i)

    def fail(self, message: str) -> NoReturn:
        raise PactFileError(message, source=self.source, path=self.path)


_JSON_NAMES = {"Null": "null", "Boolean": "a boolean", "Integer": "a number", "Decimal": "a number",
               "String": "text", "Array": "an array", "Object": "an object"}


def type_name(value: Any) -> str:
    """The JSON name of a value's type, for messages about a pact file (``a number``, ``text``)."""
    pact_name = pact_type_name(value)
    return _JSON_NAMES.get(pact_name, pact_name)


def expect_object(value: Any, where: Where, example: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        where.fail(f"expected an object, got {type_name(value)}; write it like {example}")
    return value


def expect_text(value: Any, where: Where, example: str) -> str:
    if not isinstance(value, str):
        where.fail(f"expected text, got {type_name(value)}; write it like {example}")
    return value
