"""Gherkin feature files as scenario texts, found by file:line or by message description.

behave's parser reads the files; it is imported inside :func:`load_features` only, so importing
:mod:`pactspec` or :mod:`pactspec.docs` never loads behave.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from pactspec.docs._model import ScenarioDoc
from pactspec.errors import ContractSyntaxError, InputError

__all__ = ["FeatureIndex", "load_features", "shown_path"]

# Our own step wording ("the message "…" is received", "the request message "…" is sent"), not user input.
_MESSAGE_STEP = re.compile(r'\bmessage "((?:[^"\\]|\\.)*)"')
_PAIR_STEP = re.compile(r'"((?:[^"\\]|\\.)*)" consumes messages from "((?:[^"\\]|\\.)*)"')
_OUTLINE_SUFFIX = re.compile(r" -- @\d+\.\d+.*$")


@dataclass(frozen=True, slots=True)
class _Entry:
    scenario: ScenarioDoc
    parts: tuple[str, ...]  # path parts relative to the features folder
    descriptions: tuple[str, ...]
    pair: tuple[str, str] | None


@dataclass(slots=True)
class FeatureIndex:
    """Scenarios of a features folder, looked up by location or message description."""

    entries: list[_Entry] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.entries)

    def add(self, scenario: ScenarioDoc, parts: tuple[str, ...], descriptions: tuple[str, ...],
            pair: tuple[str, str] | None) -> None:
        """Index ``scenario``: ``parts`` is its file's path below the folder given, ``descriptions`` the messages
        it writes, ``pair`` its (consumer, provider) when known."""
        self.entries.append(_Entry(scenario, parts, descriptions, pair))

    def extend(self, other: FeatureIndex) -> None:
        """Add every scenario of ``other`` (another folder's, or YAML contracts')."""
        self.entries.extend(other.entries)

    def at(self, file: str, line: int) -> ScenarioDoc | None:
        """The scenario at ``file:line``; ``file`` may carry any prefix (``features/``, an absolute path)."""
        wanted = PurePosixPath(file.replace("\\", "/")).parts
        best: _Entry | None = None
        for entry in self.entries:
            if entry.scenario.line != line or len(entry.parts) > len(wanted):
                continue
            same_file = wanted[len(wanted) - len(entry.parts):] == entry.parts
            if same_file and (best is None or len(entry.parts) > len(best.parts)):
                best = entry
        return best.scenario if best else None

    def for_message(self, description: str, consumer: str, provider: str) -> ScenarioDoc | None:
        """The scenario whose steps name this message, preferring one of the same consumer and provider."""
        found = [e for e in self.entries if description in e.descriptions]
        same_pair = [e for e in found if e.pair == (consumer, provider)]
        if same_pair:
            return same_pair[0].scenario
        unpaired = [e for e in found if e.pair is None]
        if len(unpaired) == 1 and len(found) == 1:
            return unpaired[0].scenario
        return None


def load_features(paths: str | Path | Sequence[str | Path]) -> FeatureIndex:
    """Parse every ``*.feature`` in the given folders (recursively) and files; one behave cannot parse is an
    ``InputError``."""
    index = FeatureIndex()
    for given in [paths] if isinstance(paths, (str, Path)) else paths:
        root = Path(given)
        if root.is_dir():
            for path in sorted(root.rglob("*.feature")):
                _index_file(index, path, path.relative_to(root).parts)
        elif root.is_file() and root.suffix == ".feature":
            _index_file(index, root, (root.name,))
        else:
            what = "is not a .feature file" if root.exists() else "no such features folder or file"
            raise InputError(f"{given}: {what}; give --features a folder of .feature files (YAML contracts go to "
                             "--contracts)")
    return index


def _index_file(index: FeatureIndex, path: Path, parts: tuple[str, ...]) -> None:
    from behave.parser import (  # lazily: the core never loads behave
        ParserError,
        parse_file,
    )

    try:
        feature = parse_file(str(path))
    except ParserError as exc:
        reason = str(exc).strip().splitlines()[-1].strip()
        raise ContractSyntaxError(
            f"behave cannot parse this feature file ({reason}); fix the Gherkin or move the file out "
            "of the --features folder",
            filename=str(path),
            line=getattr(exc, "line", None),
        ) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read this feature file ({exc})") from exc
    if feature is not None:
        index.entries.extend(_entries(feature, shown_path(path), parts))


def shown_path(path: Path) -> str:
    """A path people recognise: relative to the working folder when inside it, else as given."""
    if not path.is_absolute():
        return path.as_posix()
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def _entries(feature: Any, shown: str, parts: tuple[str, ...]) -> Iterable[_Entry]:
    background = list(getattr(feature.background, "steps", []) or []) if feature.background else []
    pair = _pair(background)
    for scenario in feature.walk_scenarios(with_outlines=False):
        steps = list(scenario.steps)
        # background_steps also holds a Rule's own Background
        own_background = list(getattr(scenario, "background_steps", None) or background)
        descriptions = tuple(m.group(1) for step in steps for m in _MESSAGE_STEP.finditer(step.name))
        scenario_pair = _pair(steps) or _pair(own_background) or pair
        name = _OUTLINE_SUFFIX.sub("", scenario.name or "")
        doc = ScenarioDoc(
            file=shown,
            line=int(scenario.line),
            feature=feature.name or "",
            name=name,
            text=_scenario_text(scenario, name, own_background, list(feature.tags)),
        )
        yield _Entry(doc, parts, descriptions, scenario_pair)


def _pair(steps: Iterable[Any]) -> tuple[str, str] | None:
    for step in steps:
        match = _PAIR_STEP.search(step.name)
        if match:
            return match.group(1), match.group(2)
    return None


def _scenario_text(scenario: Any, name: str, background: list[Any], feature_tags: list[str]) -> str:
    lines: list[str] = []
    tags = [f"@{tag}" for tag in dict.fromkeys([*feature_tags, *scenario.tags])]
    if tags:
        lines.append(" ".join(tags))
    if background:
        lines.append("Background:")
        lines.extend(_step_lines(background))
    keyword = "Scenario" if scenario.keyword.startswith("Scenario Outline") else scenario.keyword
    lines.append(f"{keyword}: {name}")
    lines.extend(_step_lines(scenario.steps))
    return "\n".join(lines)


def _step_lines(steps: Iterable[Any]) -> list[str]:
    lines = []
    for step in steps:
        lines.append(f"  {step.keyword} {step.name}")
        if step.text is not None:
            lines.append('    """')
            lines.extend(f"    {line}" for line in str(step.text).splitlines())
            lines.append('    """')
        if step.table is not None:
            rows = [list(step.table.headings)] + [list(row) for row in step.table.rows]
            widths = [max(len(_cell(row[i])) for row in rows) for i in range(len(rows[0]))]
            for row in rows:
                cells = " | ".join(_cell(cell).ljust(widths[i]) for i, cell in enumerate(row))
                lines.append(f"    | {cells} |")
    return lines


def _cell(value: Any) -> str:
    """A cell as Gherkin needs it written: only backslashes before \\, | and n are doubled."""
    text = re.sub(r"\\(?=[\\|n])", r"\\\\", str(value))
    return text.replace("|", "\\|").replace("\n", "\\n")
