"""Finding and loading pact files: files, folders (their ``*.json``, sorted) and http(s) URLs.

:func:`find_pact_files` is the one rule for what a list of pact sources means (none at all is one
sentence, unless ``allow_empty``); every command that reads pacts uses it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from pactspec.errors import InputError, PactFileError
from pactspec.model import Pact
from pactspec.pactfile._json import loads_pact

__all__ = ["find_pact_files", "load_pact", "load_pact_source", "load_pacts"]

_URL_TIMEOUT = 30.0


def load_pact(path: str | Path) -> Pact:
    """Read one pact file."""
    source = str(path)
    try:
        raw = Path(path).read_bytes()
    except IsADirectoryError as exc:
        raise PactFileError("is a directory; give a pact file, or use load_pacts for a folder", source=source) from exc
    except OSError as exc:
        raise PactFileError(f"cannot be read ({exc.strerror or exc})", source=source) from exc
    return _loads_bytes(raw, source)


def _loads_bytes(raw: bytes, source: str) -> Pact:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PactFileError(
            f"is not UTF-8 text (byte {exc.start}); pact files are UTF-8 JSON", source=source
        ) from exc
    return loads_pact(text, source=source)


def _fetch(url: str) -> Pact:
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=_URL_TIMEOUT) as response:
            raw = response.read()
    except urllib.error.HTTPError as exc:
        raise PactFileError(f"answered HTTP {exc.code} {exc.reason}; check the URL", source=url) from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise PactFileError(f"cannot be fetched ({reason}); check the URL and the network", source=url) from exc
    return _loads_bytes(raw, url)


def find_pact_files(sources: Sequence[str | Path], *, allow_empty: bool = False) -> list[str]:
    """The pact sources the given files, folders (their ``*.json`` files, sorted) and http(s) URLs name.

    A path that does not exist, a folder that cannot be listed or a path that is no file (a FIFO,
    /dev/zero) is a :class:`PactFileError`; no pact file at all is an :class:`InputError` unless ``allow_empty``.
    """
    found: list[str] = []
    for source in sources:
        text = str(source)
        if text.startswith(("http://", "https://")):
            found.append(text)
            continue
        path = Path(text)
        if path.is_dir() and not os.access(path, os.R_OK | os.X_OK):  # glob would just find nothing
            raise PactFileError("is a folder that cannot be read (permission denied)", source=text)
        if path.is_dir():
            found.extend(str(p) for p in sorted(path.glob("*.json")) if p.is_file())
        elif path.exists():
            if not path.is_file():  # reading a FIFO would wait, /dev/zero would never end
                raise PactFileError("is not a file (a pipe or a device); give a pact .json file", source=text)
            found.append(text)
        else:
            raise PactFileError("no such pact file or folder; give a pact .json file, a folder of them, "
                                "or an http(s) URL", source=text)
    if not found and not allow_empty:
        given = ", ".join(str(s) for s in sources) or "nothing"
        raise InputError(f"No pact files found in {given}; give pact .json files or folders holding them, "
                         "or pass --allow-empty")
    return found


def load_pact_source(source: str) -> Pact:
    """Read one pact from a file path or an http(s) URL (a source :func:`find_pact_files` gave)."""
    if source.startswith(("http://", "https://")):
        return _fetch(source)
    return load_pact(source)


def load_pacts(sources: Sequence[str | Path], *, allow_empty: bool = False) -> list[tuple[str, Pact]]:
    """Read pacts from files, folders and http(s) URLs, as :func:`find_pact_files` finds them."""
    return [(source, load_pact_source(source)) for source in find_pact_files(sources, allow_empty=allow_empty)]
