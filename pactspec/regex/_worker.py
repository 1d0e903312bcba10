"""The regex worker: a child process that runs risky contract regexes for :mod:`pactspec.regex._safe`.

:class:`pactspec.regex._safe._Worker` starts it as ``python -I -S <this file>`` (isolated, no site:
it imports the standard library only, never pactspec, so it starts fast) and kills it when a match
overruns its time limit. The protocol, one JSON object per line:

- the worker writes ``ready`` once it has started (the handshake; the parent's time limit is for
  matches, not for starting Python on a busy machine);
- each request is ``{"p": python pattern, "m": "full" | "search" | "find", "t": text, "limit": s}``;
- each answer is ``{"r": bool}`` (full, search), ``{"r": null | [start, end, groups]}`` (find), or
  ``{"e": "ExceptionName: text"}`` when the match raised.

Before each match the worker caps its own CPU time at what it has used plus ``limit`` + 2 seconds,
so a worker orphaned mid-match (its parent killed) cannot burn CPU for ever.
"""

from __future__ import annotations

import json
import re
import resource
import sys
import warnings
from collections.abc import Iterable
from typing import IO, Any

_CACHE_SIZE = 512


def answer(request: dict[str, Any], cache: dict[str, re.Pattern[str]]) -> dict[str, Any]:
    """The answer to one request, compiling (and caching) its pattern."""
    try:
        pattern = cache.get(request["p"])
        if pattern is None:
            if len(cache) > _CACHE_SIZE:
                cache.clear()
            pattern = cache[request["p"]] = re.compile(request["p"])
        if request["m"] == "find":
            found = pattern.search(request["t"])
            return {"r": None if found is None else [found.start(), found.end(), list(found.groups())]}
        method = pattern.fullmatch if request["m"] == "full" else pattern.search
        return {"r": method(request["t"]) is not None}
    except Exception as exc:  # noqa: BLE001 - the parent reports it as a RuleError naming the pattern
        return {"e": f"{type(exc).__name__}: {exc}"}


def _cap_cpu(limit: float) -> None:
    used = resource.getrusage(resource.RUSAGE_SELF).ru_utime
    resource.setrlimit(resource.RLIMIT_CPU, (int(used) + int(limit) + 2, resource.RLIM_INFINITY))


def serve(requests: Iterable[str], out: IO[str]) -> None:
    """Say ``ready``, then answer each request line until the input ends."""
    warnings.simplefilter("ignore")  # a pattern's FutureWarning must not reach the pipe or stderr
    cache: dict[str, re.Pattern[str]] = {}
    out.write("ready\n")
    out.flush()
    for line in requests:
        request = json.loads(line)
        _cap_cpu(request["limit"])
        out.write(json.dumps(answer(request, cache)) + "\n")
        out.flush()


if __name__ == "__main__":
    serve(sys.stdin, sys.stdout)
