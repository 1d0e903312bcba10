"""Where a piece of a contract was written (file, line, row) and how an interaction records it.

Where an interaction comes from is recorded in V4 ``comments``: ``testname`` is
``"<feature>: <scenario>"`` and the first ``text`` entry is ``"source: <file>:<line>"``
(:func:`source_of` reads it back).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pactspec.errors import ContractSyntaxError

__all__ = ["SOURCE_PREFIX", "Source", "source_of"]

SOURCE_PREFIX = "source: "


@dataclass(frozen=True, slots=True)
class Source:
    """Where a piece of a contract was written: file, line and (for tables) which row/cell."""

    filename: str | None = None
    line: int | None = None
    where: str = ""

    def __str__(self) -> str:
        if self.filename and self.line:
            return f"{self.filename}:{self.line}"
        return self.filename or "<contract>"

    def error(self, message: str) -> ContractSyntaxError:
        """A one-sentence syntax error located here."""
        text = f"{self.where}: {message}" if self.where else message
        return ContractSyntaxError(text, filename=self.filename or "<contract>", line=self.line)


def source_of(interaction: Any) -> tuple[str, int] | None:
    """The ``(file, line)`` an interaction was written at, read from its V4 comments."""
    comments = getattr(interaction, "comments", None)
    if comments is None and isinstance(interaction, Mapping):
        comments = interaction.get("comments")
    texts = (comments or {}).get("text") or []
    for text in texts if isinstance(texts, list) else []:
        if isinstance(text, str) and text.startswith(SOURCE_PREFIX):
            filename, _, line = text[len(SOURCE_PREFIX):].rpartition(":")
            if filename and line.isdigit():
                return filename, int(line)
    return None
