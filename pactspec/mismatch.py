"""Mismatches are plain data: where, what was expected, what was found, and why in words.

This module is also the one home for how Pact names and shows a value in those words
(:func:`type_name`, :func:`value_text`, :func:`describe`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["Mismatch", "MismatchKind", "describe", "format_report", "json_text", "type_name", "value_text"]

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
    """A value with its Pact type name, as Pact reports show it: ``'12' (String)``, ``["b"] (Array)``."""
    return f"{value_text(value)} ({type_name(value)})"


def type_name(value: Any) -> str:
    """Pact's type name for a JSON value: ``Integer``, ``Decimal``, ``String``, ``Array``…"""
    if value is None:
        return "Null"
    if value is True or value is False:
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
    if isinstance(value, (bytes, bytearray)):
        return "Bytes"
    return type(value).__name__


def value_text(value: Any) -> str:
    """A value as Pact shows it inside messages: strings quoted, everything else as compact JSON."""
    if isinstance(value, str):
        return f"'{value}'"
    return json_text(value)


def json_text(value: Any) -> str:
    """A value as compact JSON (sorted keys); scalars bare, strings unquoted."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float, str)):
        return value if isinstance(value, str) else str(value)
    try:
        return json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)


def format_report(title: str, mismatches: Sequence[Mismatch]) -> str:
    """Number the mismatches under a title line, one per line."""
    count = len(mismatches)
    noun = "mismatch" if count == 1 else "mismatches"
    lines = [f"{count} {noun} in {title}:"]
    lines += [f"  ({index}) {mismatch}" for index, mismatch in enumerate(mismatches, start=1)]
    return "\n".join(lines)
