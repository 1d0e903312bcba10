"""Mismatches are plain data: where, what was expected, what was found, and why in words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["Mismatch", "MismatchKind", "describe", "format_report"]

MismatchKind = Literal["body", "metadata", "content-type", "header", "query", "path", "status", "method"]


@dataclass(frozen=True, slots=True)
class Mismatch:
    """One difference between an expected and an actual message, at a JSON path."""

    path: str
    expected: Any
    actual: Any
    message: str
    kind: MismatchKind = "body"

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def describe(value: Any) -> str:
    """Render a value with its type the way Pact reports do: ``'12' (String)``."""
    return f"{value!r} ({_type_name(value)})"


def _type_name(value: Any) -> str:
    if value is None:
        return "Null"
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, int):
        return "Integer"
    if isinstance(value, float):
        return "Decimal"
    if isinstance(value, str):
        return "String"
    if isinstance(value, list):
        return "Array"
    if isinstance(value, dict):
        return "Object"
    if isinstance(value, bytes):
        return "Bytes"
    return type(value).__name__


def format_report(title: str, mismatches: Sequence[Mismatch]) -> str:
    """Number the mismatches under a title line, one per line."""
    count = len(mismatches)
    noun = "mismatch" if count == 1 else "mismatches"
    lines = [f"{count} {noun} in {title}:"]
    lines += [f"  ({index}) {mismatch}" for index, mismatch in enumerate(mismatches, start=1)]
    return "\n".join(lines)
