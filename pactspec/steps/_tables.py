"""Reading a consumer step's table, docstring and location: the cells the step library hands the core."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any

from pactspec.consumer import ContentRow, DocContent, MetadataRow, parse_value
from pactspec.sources import Source

__all__ = ["content_rows", "current_step", "docstring", "metadata_rows", "step_source"]


def current_step(context: Any) -> Any:
    scenario = getattr(context, "scenario", None)
    for candidate in getattr(scenario, "all_steps", ()) or ():
        if getattr(candidate.status, "name", "") == "untested":
            return candidate
    return None


def step_source(context: Any, line: int | None = None, where: str = "") -> Source:
    current = current_step(context)
    filename = getattr(current, "filename", None) or getattr(getattr(context, "feature", None), "filename", None)
    example = getattr(getattr(context, "scenario", None), "_row", None)
    if example is not None and getattr(example, "line", None):
        # a Scenario Outline: the step is the template, the values come from this Examples row
        where = f"{where}, Examples row at line {example.line}" if where else f"Examples row at line {example.line}"
    return Source(filename, line if line is not None else getattr(current, "line", None), where)


def _table(context: Any, required: Sequence[str], optional: Sequence[str], synonyms: dict[str, str],
           what: str, label: str) -> list[tuple[dict[str, str], Source]]:
    """The table's rows as ``{column: cell}``, each with its line and "row N (<label cell>)"."""
    table = context.table
    source = step_source(context)
    columns = (*required, *optional)
    heading_row = f"| {' | '.join(columns)} |"
    if table is None:
        raise source.error(f"this step needs a table under it with the columns {heading_row}")
    headings = [synonyms.get(h.strip().lower(), h.strip().lower()) for h in table.headings]
    if not set(headings) & {*columns, *synonyms}:
        raise source.error(f"the {what} table has no heading row (its first row is | {' | '.join(table.headings)} |); "
                           f"put the heading row {heading_row} above the rows")
    for heading, original in zip(headings, table.headings):
        if heading not in columns:
            close = difflib.get_close_matches(heading, columns, n=1)
            hint = f"did you mean '{close[0]}'?" if close else "remove it"
            raise source.error(f"the {what} table has a column '{original}' that pactspec does not read; {hint} "
                               f"(the columns are {' and '.join(required)}, optionally {' and '.join(optional)})")
    missing = [name for name in required if name not in headings]
    if missing:
        raise source.error(f"the {what} table has no '{missing[0]}' column; write the heading row as {heading_row}")
    if not table.rows:
        raise source.error(f"the {what} table has a heading row but no rows; add a row for each {label} under "
                           f"{heading_row}, or remove the step")
    rows = []
    outline = f", {source.where}" if source.where else ""
    for number, row in enumerate(table.rows, start=1):
        cells = dict(zip(headings, row.cells))
        where = f"row {number} ({cells[label].strip()}){outline}"
        rows.append((cells, Source(source.filename, getattr(row, "line", source.line), where)))
    return rows


def content_rows(context: Any) -> list[ContentRow]:
    rows = _table(context, ("path", "example"), ("matcher", "generator"), {"value": "example"}, "content", "path")
    return [ContentRow(cells["path"].strip(), parse_value(cells["example"]), cells.get("matcher", ""),
                       cells.get("generator", ""), src) for cells, src in rows]


def metadata_rows(context: Any) -> list[MetadataRow]:
    rows = _table(context, ("key", "value"), ("matcher", "generator"), {"name": "key", "example": "value"},
                  "metadata", "key")
    return [MetadataRow(cells["key"].strip(), parse_value(cells["value"]), cells.get("matcher", ""),
                        cells.get("generator", ""), src) for cells, src in rows]


def docstring(context: Any, content_type: str | None = None) -> DocContent:
    source = step_source(context)
    if context.text is None:
        raise source.error('this step needs a docstring under it (the content between """ lines)')
    # the step is on line N, the opening """ on N+1, the document from N+2
    return DocContent(context.text, content_type, source, first_line=source.line + 2 if source.line else None)
