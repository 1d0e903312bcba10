"""The Pact generators that read the run's context: ``ProviderState`` (values the provider's state
handlers return, ``${id}``) and ``MockServerURL`` (the consumer's mock server address)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from pactspec.errors import RuleError
from pactspec.generators._types import Generator, Mode, str_field
from pactspec.regex import compile_pattern

__all__ = ["MockServerURL", "ProviderStateGenerator"]

_EXPRESSION = re.compile(r"\$\{([^{}]*)\}")


def _lookup(context: Mapping[str, Any], name: str) -> tuple[bool, Any]:
    state = context.get("providerState")
    for source in (context, state if isinstance(state, Mapping) else {}):
        if name in source:
            return True, source[name]
        node: Any = source
        for part in name.split("."):
            if isinstance(node, Mapping) and part in node:
                node = node[part]
            else:
                break
        else:
            return True, node
    return False, None


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return str(value)


_DATA_TYPES = ("RAW", "STRING", "INTEGER", "DECIMAL", "FLOAT", "BOOLEAN")


@dataclass(frozen=True, slots=True)
class ProviderStateGenerator(Generator):
    """A value from the provider state: ``${id}`` keeps the value's type, ``/users/${id}`` makes text.

    Pact type name ``ProviderState``; runs only when verifying a provider.
    """

    TYPE: ClassVar[str] = "ProviderState"
    modes: ClassVar[tuple[Mode, ...]] = ("provider",)
    expression: str = ""
    data_type: str | None = None

    def generate(self, context: Mapping[str, Any]) -> Any:
        names = _EXPRESSION.findall(self.expression)
        missing = [n for n in names if not _lookup(context, n.strip())[0]]
        if missing:
            known = sorted(k for k in context if k not in ("providerState", "mockServer", "mockServerURL"))
            state = context.get("providerState")
            if isinstance(state, Mapping):
                known += sorted(state)
            raise RuleError(
                f"provider state value '{missing[0].strip()}' used by the expression '{self.expression}' was "
                f"not returned by the provider state handler (it returned: {', '.join(known) or 'nothing'}); "
                "return it from the handler"
            )
        whole = _EXPRESSION.fullmatch(self.expression)
        if whole:
            value = _lookup(context, whole.group(1).strip())[1]
        else:
            value = _EXPRESSION.sub(lambda m: _as_text(_lookup(context, m.group(1).strip())[1]), self.expression)
        return _convert(value, self.data_type, self.expression)

    @classmethod
    def from_data(cls, data: Mapping[str, Any], path: str | None) -> ProviderStateGenerator:
        expression = str_field(data, "expression", path, required=True)
        assert expression is not None
        data_type = str_field(data, "dataType", path)
        if data_type is not None and data_type.upper() not in _DATA_TYPES:
            raise RuleError(
                f"ProviderState dataType '{data_type}' is unknown; use one of {', '.join(_DATA_TYPES)}", path=path
            )
        return cls(expression, data_type)


def _convert(value: Any, data_type: str | None, expression: str) -> Any:
    kind = (data_type or "RAW").upper()
    try:
        if kind == "STRING":
            return _as_text(value)
        if kind == "INTEGER":
            return int(value)
        if kind in ("DECIMAL", "FLOAT"):
            return float(value)
        if kind == "BOOLEAN":
            return value if isinstance(value, bool) else str(value).lower() == "true"
    except (TypeError, ValueError):
        raise RuleError(
            f"provider state expression '{expression}' gave {value!r}, which is not a {kind.lower()}; "
            "return a value of that type from the state handler or change the dataType"
        ) from None
    return value


@dataclass(frozen=True, slots=True)
class MockServerURL(Generator):
    """``example`` with the part matched before ``regex``'s first group replaced by the mock server's URL.

    Runs only for consumers; without a mock server URL in the context the example is kept.
    """

    TYPE: ClassVar[str] = "MockServerURL"
    modes: ClassVar[tuple[Mode, ...]] = ("consumer",)
    regex: str = ""
    example: str = ""

    def generate(self, context: Mapping[str, Any]) -> str:
        base = context.get("mockServerURL")
        server = context.get("mockServer")
        if base is None and isinstance(server, Mapping):
            base = server.get("href") or server.get("url")
        if not base:
            return self.example
        found = compile_pattern(self.regex).find(self.example)
        if found is None or not found[2] or found[2][0] is None:
            raise RuleError(
                f"MockServerURL regex /{self.regex}/ has no group matching the example '{self.example}'; "
                "put the path part in a group, e.g. .*(/orders/\\d+)$"
            )
        start, end, groups = found
        tail = groups[0] or ""
        url = str(base).rstrip("/") + ("" if tail.startswith("/") or not tail else "/") + tail
        return self.example[:start] + url + self.example[end:]

    @classmethod
    def from_data(cls, data: Mapping[str, Any], path: str | None) -> MockServerURL:
        regex = str_field(data, "regex", path, required=True)
        example = str_field(data, "example", path, required=True)
        assert regex is not None and example is not None
        compile_pattern(regex, path=path)
        return cls(regex, example)
