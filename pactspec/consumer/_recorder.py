"""Collect the interactions a run records, per consumer–provider pair, and write them at the end.

Writing goes through :func:`pactspec.pactfile.write_pact` (locked, atomic, merging), once per pair
per flush, so a run of a thousand scenarios rewrites each pact file once, not a thousand times.
With ``write_mode="overwrite"`` the first write of the run replaces each pair's file. At the end of a
run :meth:`Recorder.notices` says which file names were changed to be safe and which files still hold
interactions that no scenario of the run wrote.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pactspec._version import __version__
from pactspec.errors import ContractSyntaxError
from pactspec.model import AsynchronousMessage, Pact, SpecVersion, SynchronousMessage
from pactspec.pactfile import WriteMode, check_write_mode, kept_interactions, write_pact

__all__ = ["Recorder"]

_Interaction = AsynchronousMessage | SynchronousMessage


@dataclass(slots=True)
class _Pending:
    spec_version: SpecVersion
    interactions: list[_Interaction] = field(default_factory=list)


@dataclass(slots=True)
class Recorder:
    """Interactions waiting to be written, keyed by (pact directory, consumer, provider)."""

    write_mode: WriteMode = "merge"
    run_id: str | None = None  # None: PACTSPEC_RUN_ID, else this process (see pactfile.current_run_id)
    _pending: dict[tuple[str, str, str], _Pending] = field(default_factory=dict)
    _seen: dict[tuple[str, str, str, str], str] = field(default_factory=dict)
    _versions: dict[tuple[str, str, str], tuple[SpecVersion, str]] = field(default_factory=dict)
    _written: dict[Path, tuple[str, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.write_mode = check_write_mode(self.write_mode)

    def record(self, directory: str | Path, consumer: str, provider: str, spec_version: SpecVersion,
               interaction: _Interaction, source: Any) -> None:
        """Keep an interaction for the next :meth:`flush`; ``source`` (file:line) is used in errors."""
        pair = (str(Path(directory)), consumer, provider)
        version = self._versions.setdefault(pair, (spec_version, str(source)))
        if version[0] != spec_version:
            raise ContractSyntaxError(
                f"{_name(spec_version)} contract for {consumer} → {provider}, but {version[1]} already wrote "
                f"{_name(version[0])}; use one @pact:v3/@pact:v4 tag for every scenario of a consumer–provider pair",
                filename=str(source),
            )
        identity = (*pair, _identity(interaction))
        first = self._seen.setdefault(identity, str(source))
        if first != str(source):
            raise ContractSyntaxError(
                f'the message "{interaction.description}" with these provider states is already written at '
                f"{first}; give one of them another description or provider state",
                filename=str(source),
            )
        self._pending.setdefault(pair, _Pending(spec_version)).interactions.append(interaction)

    def forget(self, directory: str | Path, consumer: str, provider: str, interaction: _Interaction) -> None:
        """Take back a recorded interaction (its scenario failed after recording), as if never recorded."""
        pair = (str(Path(directory)), consumer, provider)
        pending = self._pending.get(pair)
        if pending is None or not any(item is interaction for item in pending.interactions):
            return
        pending.interactions = [item for item in pending.interactions if item is not interaction]
        self._seen.pop((*pair, _identity(interaction)), None)
        if not pending.interactions:
            del self._pending[pair]
            self._versions.pop(pair, None)

    def __len__(self) -> int:
        return sum(len(p.interactions) for p in self._pending.values())

    def flush(self) -> list[Path]:
        """Write every pending pact file (merging into what is there) and forget them.

        A pair whose file cannot be written is forgotten too, so its error is reported once, not again at
        every later flush.
        """
        written = []
        while self._pending:
            (directory, consumer, provider), pending = self._pending.popitem()
            pact = Pact(consumer, provider, tuple(pending.interactions), pending.spec_version,
                        {"pactspec": {"version": __version__}})
            path = write_pact(pact, directory, write_mode=self.write_mode, run_id=self.run_id)
            self._written.setdefault(path, (consumer, provider))
            written.append(path)
        return written

    def notices(self, drop_hint: str) -> list[str]:
        """One line per written file whose name differs from its pair's names, and per file that kept
        interactions no write of this run gave; ``drop_hint`` says how to write in the overwrite mode.
        """
        lines = []
        for path, (consumer, provider) in self._written.items():
            if path.name != f"{consumer}-{provider}.json":
                lines.append(f"the pact {consumer!r} -> {provider!r} is written to {path}: the names are changed "
                             "to make a visible file name inside the pact folder")
        for path in self._written:
            kept = kept_interactions(path, run_id=self.run_id)
            if kept:
                noun = "interaction" if len(kept) == 1 else "interactions"
                named = ", ".join(repr(i.description) for i in kept[:3]) + (", …" if len(kept) > 3 else "")
                lines.append(f"{path} keeps {len(kept)} {noun} that no scenario in this run wrote ({named}), from "
                             f"earlier runs or renamed scenarios; to drop them, run with {drop_hint}")
        return lines


def _name(version: SpecVersion) -> str:
    return "a V3" if version == "3.0.0" else "a V4"


def _identity(interaction: _Interaction) -> str:
    if interaction.key:
        return f"key:{interaction.key}"
    states = [[s.name, dict(s.params)] for s in interaction.provider_states]
    return json.dumps([interaction.description, states], sort_keys=True, default=str)
