"""Pact files on disk: safe file names and merging writes (:mod:`._reading` finds and loads them).

Writing is safe with several processes at once: each writer takes an exclusive ``fcntl`` lock on a
sidecar lock file, reads the current pact, merges its interactions in, writes a temporary file in
the same directory, fsyncs it and ``os.replace``-s it over the pact. Readers never see a torn file
and a writer killed at any point leaves the previous pact intact. Files get the mode any new file
gets under the process umask (0644 under the usual 022), not :func:`tempfile.mkstemp`'s 0600.

Beside the lock, a ``.{name}.runid`` ledger records which run last wrote the pact and which
interactions it wrote. A run is this process, or every process sharing ``PACTSPEC_RUN_ID``. In the
``overwrite`` write mode the first write of a run replaces the file and later ones merge; in either
mode :func:`kept_interactions` tells which interactions of the file no write of this run gave.

The JSON <-> model conversion lives in :mod:`pactspec.pactfile._json`, `._parts` and `._rules`;
it is re-exported here so ``pactspec.pactfile._files`` is the one place to import pact-file functions from.
"""

from __future__ import annotations

import errno
import fcntl
import glob
import hashlib
import heapq
import json
import os
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

from pactspec.errors import ConfigurationError, PactFileError, PactWriteError
from pactspec.model import Interaction, Pact
from pactspec.pactfile._json import dumps_pact, identity
from pactspec.pactfile._reading import load_pact

__all__ = [
    "RUN_ID_VARIABLE",
    "WriteMode",
    "check_write_mode",
    "current_run_id",
    "kept_interactions",
    "merge_pacts",
    "pact_file_name",
    "pact_path",
    "write_pact",
]

WriteMode = Literal["merge", "overwrite"]
RUN_ID_VARIABLE = "PACTSPEC_RUN_ID"
# Drawn once per process: without PACTSPEC_RUN_ID a run is this process (a forked child shares it).
_PROCESS_RUN_ID = f"process-{secrets.token_hex(12)}"

# Room for the lock file's and temporary files' prefixes and suffixes within NAME_MAX (255 bytes).
_MAX_NAME_BYTES = 200
_UNSAFE = set('/\\:*?"<>|') | {chr(c) for c in range(32)} | {"\x7f"}


def _safe_part(name: str) -> str:
    cleaned = "".join("_" if ch in _UNSAFE else ch for ch in name).strip()
    if cleaned.startswith("."):
        # A leading dot hides the file ("../../etc" would become ".._.._etc"): drop the dots and the
        # separators between them, so the name that is left is visible.
        cleaned = re.sub(r"^[.\s_]+", "", cleaned) or "_" * len(cleaned)
    return cleaned or "_"


def _truncate(text: str, limit: int) -> str:
    return text.encode("utf-8")[:limit].decode("utf-8", errors="ignore")


def pact_file_name(consumer: str, provider: str) -> str:
    """``{consumer}-{provider}.json`` with separators, NULs and control characters replaced."""
    name = f"{_safe_part(consumer)}-{_safe_part(provider)}.json"
    if len(name.encode("utf-8")) <= _MAX_NAME_BYTES:
        return name
    # Too long for the file system: shorten both names and keep them apart with a hash of the full pair.
    digest = hashlib.sha256(f"{consumer}\0{provider}".encode()).hexdigest()[:12]
    part = (_MAX_NAME_BYTES - len(digest) - 8) // 2
    return f"{_truncate(_safe_part(consumer), part)}-{_truncate(_safe_part(provider), part)}~{digest}.json"


def pact_path(directory: str | Path, consumer: str, provider: str) -> Path:
    """Where the pact between ``consumer`` and ``provider`` lives; always directly inside ``directory``."""
    folder = Path(os.path.realpath(directory))
    path = folder / pact_file_name(consumer, provider)
    if path.parent != folder or os.path.dirname(os.path.realpath(path)) != str(folder):
        raise PactWriteError(
            f"the pact file for {consumer!r} -> {provider!r} would land outside {folder}; "
            "remove the symbolic link at that name or pick other names"
        )
    return path


class _Index:
    """Where each interaction of a growing merge result sits, by identity and by V4 key.

    An interaction replaced in place keeps its identity (it is only ever replaced by one of the same
    identity) but may gain, lose or change its key, so the per-key and keyless lists are min-heaps of
    positions checked against the interaction now at that position when read (stale ones are dropped).
    """

    def __init__(self) -> None:
        self.items: list[Interaction] = []
        self.identities: list[tuple[str, str, str]] = []
        self.first: dict[tuple[str, str, str], int] = {}
        self.keyless: dict[tuple[str, str, str], list[int]] = {}
        self.keyed: dict[str, list[int]] = {}

    def _file(self, position: int, key: str | None, ident: tuple[str, str, str]) -> None:
        if key is None:
            heapq.heappush(self.keyless.setdefault(ident, []), position)
        else:
            heapq.heappush(self.keyed.setdefault(key, []), position)

    def _lowest(self, heap: list[int] | None, key: str | None) -> int | None:
        while heap:
            if self.items[heap[0]].key == key:
                return heap[0]
            heapq.heappop(heap)
        return None

    def append(self, interaction: Interaction, ident: tuple[str, str, str]) -> None:
        position = len(self.items)
        self.items.append(interaction)
        self.identities.append(ident)
        self.first.setdefault(ident, position)
        self._file(position, interaction.key, ident)

    def find(self, interaction: Interaction, ident: tuple[str, str, str], where: Path) -> int | None:
        """The first position holding "the same" interaction, as a front-to-back scan would find it.

        Without a key on ``interaction`` that is the first of the same identity; with one, the first
        that is keyless with the same identity or carries the same key, and a same-key interaction of
        another identity found first is an error.
        """
        key = interaction.key
        if key is None:
            return self.first.get(ident)
        keyless = self._lowest(self.keyless.get(ident), None)
        keyed = self._lowest(self.keyed.get(key), key)
        if keyed is None or (keyless is not None and keyless < keyed):
            return keyless
        if self.identities[keyed] != ident:
            current = self.items[keyed]
            raise PactWriteError(
                f"{where}: interactions {current.description!r} and {interaction.description!r} share the V4 key "
                f"{key!r} but differ in type, description or provider states; give each its own key, or drop "
                "the keys to have them computed"
            )
        return keyed

    def replace(self, position: int, interaction: Interaction) -> None:
        before = self.items[position].key
        self.items[position] = interaction
        if interaction.key != before:
            self._file(position, interaction.key, self.identities[position])


def merge_pacts(existing: Pact, new: Pact, *, where: Path | None = None) -> Pact:
    """``existing`` with ``new``'s interactions merged in: the same interaction replaces, others append.

    The same interaction means the same V4 key when both have one, else the same type, description
    and provider states. Two different interactions under one key raise :class:`PactWriteError`.
    Each interaction's identity is computed once and looked up in dicts, so merging is linear.
    """
    where = where or Path(pact_file_name(new.consumer, new.provider))
    if (existing.consumer, existing.provider) != (new.consumer, new.provider):
        raise PactWriteError(
            f"{where} holds the pact {existing.consumer!r} -> {existing.provider!r}, not "
            f"{new.consumer!r} -> {new.provider!r}; their names map to the same file name, so write one "
            "of them to another directory or rename it"
        )
    if existing.spec_version != new.spec_version:
        old, wanted = f"V{existing.spec_version[0]}", f"V{new.spec_version[0]}"
        raise PactWriteError(
            f"{where} is a {old} pact but {new.consumer} -> {new.provider} is now written as {wanted}, and one "
            f"pact file holds one specification version; delete {where} to switch the pair to {wanted} (every "
            f"interaction is written again by the next run), or write the pair as {old} again"
        )
    index = _Index()
    for interaction in existing.interactions:
        index.append(interaction, identity(interaction))
    for interaction in new.interactions:
        ident = identity(interaction)
        position = index.find(interaction, ident, where)
        if position is None:
            index.append(interaction, ident)
        else:
            index.replace(position, interaction)
    return new.with_changes(interactions=tuple(index.items), metadata={**existing.metadata, **new.metadata})


@contextmanager
def _locked(lock_path: Path) -> Iterator[None]:
    flags = os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    try:  # O_NOFOLLOW: a symlink planted at the lock's name must not make us create a file elsewhere
        handle = os.fdopen(os.open(lock_path, flags, 0o666), "a+b")
    except OSError as exc:
        reason = "a symbolic link, never followed: remove it" if exc.errno == errno.ELOOP else exc.strerror or exc
        raise PactWriteError(f"cannot create the lock file {lock_path} ({reason})") from exc
    with handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _temporary(path: Path) -> tuple[int, str]:
    """A new temporary file beside ``path``, created 0666 so the umask decides its mode, as for any new file."""
    for _ in range(100):
        temp = str(path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp"))
        try:
            return os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666), temp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {path}")


def _write_atomically(path: Path, data: bytes) -> None:
    fd, temp = _temporary(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)  # make the rename itself durable
    finally:
        os.close(dir_fd)


def _remove_stale_temporaries(path: Path) -> None:
    # Only writers holding the lock create temporaries, so any left now belong to a writer that died.
    for name in (path.name, _ledger_path(path).name):
        for stale in path.parent.glob(f".{glob.escape(name)}.*.tmp"):  # a name may hold [ ] * ?
            if not re.fullmatch(r"[0-9a-f]{12}\.tmp", stale.name[len(name) + 2:]):  # what _temporary adds
                continue  # another pact's temporary: providers "b" and "b.json.x" share the prefix
            try:
                stale.unlink()
            except OSError:
                pass


def _unchanged(merged: Pact, pact: Pact) -> bool:
    """Whether merging into a new or empty file gave back ``pact`` itself (the same objects, in order)."""
    return (
        merged.metadata == pact.metadata
        and len(merged.interactions) == len(pact.interactions)
        and all(a is b for a, b in zip(merged.interactions, pact.interactions))
    )


def current_run_id() -> str:
    """The run this process belongs to: ``PACTSPEC_RUN_ID`` when set, else one drawn for this process."""
    given = os.environ.get(RUN_ID_VARIABLE, "").strip()
    return given or _PROCESS_RUN_ID


def check_write_mode(mode: object, option: str = "write_mode") -> WriteMode:
    """``mode`` when it is ``"merge"`` or ``"overwrite"``; otherwise one clear :class:`ConfigurationError`."""
    if isinstance(mode, str) and mode.strip().lower() in get_args(WriteMode):
        return mode.strip().lower()  # type: ignore[return-value]
    raise ConfigurationError(f"{option} is {mode!r}; give merge (keep what other runs wrote, the default) or "
                             "overwrite (the first write of a run replaces the pact file)")


@dataclass(frozen=True, slots=True)
class _Ledger:
    """The ``.{name}.runid`` file: the run that last wrote the pact and the interactions it wrote.

    ``digest`` (the written pact text's SHA-256) and ``kept`` (how many of its interactions the run
    did not write) let :func:`kept_interactions` answer "none" without parsing the pact again, as
    long as the file is still the one written; ``None`` when a ledger does not record them.
    """

    run: str
    written: frozenset[str]
    digest: str | None = None
    kept: int | None = None


def _ledger_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.runid")


def _mark(interaction: Interaction) -> str:
    """What a ledger records of an interaction: a digest of its identity (merging never replaces across them)."""
    return hashlib.sha256(json.dumps(identity(interaction)).encode("utf-8")).hexdigest()[:24]


def _read_ledger(path: Path) -> _Ledger | None:
    """The ledger beside ``path``; ``None`` when there is none or it is unreadable (then no run has written)."""
    try:
        data = json.loads(_ledger_path(path).read_text(encoding="utf-8"))
        run, written = data["run"], data["written"]
    except (OSError, ValueError, TypeError, KeyError):
        return None
    if not isinstance(run, str) or not isinstance(written, list):
        return None
    digest, kept = data.get("digest"), data.get("kept")
    return _Ledger(run, frozenset(str(mark) for mark in written), digest if isinstance(digest, str) else None,
                   kept if type(kept) is int else None)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def kept_interactions(path: str | Path, *, run_id: str | None = None) -> tuple[Interaction, ...]:
    """The interactions of the pact at ``path`` that no write of this run gave (kept by merging).

    Empty when another run has written the file since (its ledger is not this run's), or there is no file.
    """
    path = Path(path)
    with _locked(path.with_name(f".{path.name}.lock")):
        ledger = _read_ledger(path)
        if ledger is None or ledger.run != (run_id or current_run_id()) or not path.exists():
            return ()
        if ledger.kept == 0 and ledger.digest == _digest(path.read_bytes()):
            return ()  # the file is the one this run wrote, and the run wrote all of it
        return tuple(i for i in load_pact(path).interactions if _mark(i) not in ledger.written)


def write_pact(pact: Pact, directory: str | Path, *, overwrite: bool = False, write_mode: WriteMode = "merge",
               run_id: str | None = None) -> Path:
    """Merge ``pact`` into ``{directory}/{consumer}-{provider}.json`` (atomically, under a lock).

    With ``overwrite=True`` the file is replaced by this pact alone. With ``write_mode="overwrite"``
    the first write of a run (``run_id``, by default :func:`current_run_id`) replaces the file and
    later writes of the same run merge into it. Returns the file's path.
    """
    mode = check_write_mode(write_mode)
    run = run_id or current_run_id()
    for role, name in (("consumer", pact.consumer), ("provider", pact.provider)):
        if not isinstance(name, str) or not name.strip():
            raise PactWriteError(f"the {role} name is {name!r}; a pact needs a non-empty {role} name")
    folder = Path(directory)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PactWriteError(f"cannot create the pact directory {folder} ({exc.strerror or exc})") from exc
    path = pact_path(folder, pact.consumer, pact.provider)
    text = dumps_pact(pact)  # fail on unwritable values before touching the file
    with _locked(path.with_name(f".{path.name}.lock")):
        _remove_stale_temporaries(path)
        ledger = _read_ledger(path)
        same_run = ledger is not None and ledger.run == run
        base = Pact(pact.consumer, pact.provider, spec_version=pact.spec_version)
        if not (overwrite or (mode == "overwrite" and not same_run)) and path.exists():
            try:
                base = load_pact(path)
            except PactFileError as exc:
                raise PactWriteError(
                    f"cannot merge into {path}: {exc}; fix or delete that file, or write with overwrite=True"
                ) from exc
        merged = merge_pacts(base, pact, where=path)
        if not _unchanged(merged, pact):  # else the text above already is the merged pact's
            text = dumps_pact(merged)
        written = set(ledger.written) if same_run and ledger is not None else set()
        written.update(_mark(interaction) for interaction in pact.interactions)
        given = {id(interaction) for interaction in pact.interactions}
        kept = sum(1 for i in merged.interactions if id(i) not in given and _mark(i) not in written)
        data = text.encode("utf-8")
        record = {"run": run, "written": sorted(written), "digest": _digest(data), "kept": kept}
        try:
            _write_atomically(path, data)
            # after the pact, so a ledger never claims interactions that the pact on disk lacks
            _write_atomically(_ledger_path(path), json.dumps(record, indent=0).encode("utf-8"))
        except OSError as exc:
            raise PactWriteError(f"cannot write {path} ({exc.strerror or exc})") from exc
    return path
