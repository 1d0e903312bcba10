"""Regexes from other teams' contracts, run so that a pathological one cannot hang a run.

:func:`compile_pattern` translates the Java / Rust syntax Pact files carry (see
:mod:`pactspec.regex_syntax`), compiles it once and inspects the parsed pattern for the shapes
that make a backtracking engine take exponential or high-polynomial time:

- a repeated group whose body holds another variable-length repeat with nothing that pins the
  iteration boundaries (``(a+)+``, ``(.*a){20}``, ``(\\w+\\s?)*``);
- a repeated alternation whose branches can start with the same character (``(a|aa)*``);
- three or more unbounded repeats over overlapping characters (``.*.*.*=``);
- backreferences (``(a*)\\1``).

Quadratic shapes (``\\d+\\d+x``, ``\\s*#?\\s*$``, and for :meth:`SafePattern.search` any unbounded
repeat) cost nothing on ordinary values but seconds on a 100 kB one, so values longer than
:data:`LONG_TEXT` characters take the worker path for them.

Safe patterns (almost all real ones: ``\\d+``, ``\\w{3}-\\d+``, dates, enums) run in-process with
plain :mod:`re`. Risky ones run in one long-lived worker process under a time limit
(``PACTSPEC_REGEX_TIMEOUT`` seconds, default 1); on time-out the worker is killed and restarted
and :class:`~pactspec.errors.RuleError` says which pattern, on how long a value.

Pact semantics: the compatibility suite (V3 ``message_provider.feature``, metadata rule
``\\w{3}-\\d+`` must reject ``AAAB-123``) and pact-jvm (``Matcher.matches()``) require the regex to
match the *whole* value, so the ``regex`` matching rule uses :meth:`SafePattern.full_match`.
pact-reference's Rust ``is_match`` finds the pattern anywhere; :meth:`SafePattern.search` gives
that reading for callers that want it.
"""

from __future__ import annotations

import atexit
import functools
import importlib
import json
import math
import os
import re
import select
import subprocess
import sys
import threading
import time
import warnings
from dataclasses import dataclass, field
from typing import Any, Literal

from pactspec.errors import ConfigurationError, RuleError
from pactspec.regex_syntax import to_python_syntax

# Python 3.11 moved the parser into re; the old sre_* modules still work but warn.
sre_constants: Any = importlib.import_module("re._constants")
sre_parse: Any = importlib.import_module("re._parser")

__all__ = ["SafePattern", "compile_pattern", "regex_timeout"]

DEFAULT_TIMEOUT = 1.0
# Values longer than this run quadratic-shaped patterns in the worker (4096² steps take ~0.1 s).
LONG_TEXT = 4096
_STARTUP_LIMIT = 30.0
TIMEOUT_ENV = "PACTSPEC_REGEX_TIMEOUT"

_MAXREPEAT = sre_constants.MAXREPEAT
_REPEATS = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT)
_RIGID = (sre_constants.POSSESSIVE_REPEAT, sre_constants.ATOMIC_GROUP)
# A bounded outer repeat this small cannot multiply the work enough to matter.
_SMALL_REPEAT = 3


def regex_timeout() -> float:
    """The time limit for a risky regex, from ``PACTSPEC_REGEX_TIMEOUT`` (seconds, default 1)."""
    raw = os.environ.get(TIMEOUT_ENV, "").strip()
    if not raw:
        return DEFAULT_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value > 0 or math.isinf(value):
        raise ConfigurationError(
            f"{TIMEOUT_ENV}={raw!r} is not a time limit; set it to a positive number of seconds such as 1 or 2.5"
        )
    return value


@dataclass(frozen=True, slots=True, eq=False)
class SafePattern:
    """A compiled contract regex; :meth:`full_match` and :meth:`search` never hang."""

    pattern: str  # as written in the contract
    python_pattern: str  # the same regex in Python syntax
    risk: str | None  # why it always runs in the worker, or None for the in-process fast path
    _compiled: re.Pattern[str] = field(repr=False)
    # Quadratic shapes are harmless on short values but not on a 100 kB one: long values go to
    # the worker when two unbounded repeats can share characters (full match), or when any
    # unbounded repeat may be retried from every start position (search).
    _quadratic_full: bool = field(default=False, repr=False)
    _quadratic_search: bool = field(default=False, repr=False)

    @property
    def risky(self) -> bool:
        return self.risk is not None

    def full_match(self, text: str) -> bool:
        """Whether the regex matches the whole of ``text`` (Pact's ``regex`` rule)."""
        if self.risk is None and (len(text) <= LONG_TEXT or not self._quadratic_full):
            return self._compiled.fullmatch(text) is not None
        return bool(_WORKER.run(self, "full", text))

    def search(self, text: str) -> bool:
        """Whether the regex matches somewhere in ``text`` (Rust ``Regex::is_match``)."""
        if self.risk is None and (len(text) <= LONG_TEXT or not self._quadratic_search):
            return self._compiled.search(text) is not None
        return bool(_WORKER.run(self, "search", text))

    def find(self, text: str) -> tuple[int, int, tuple[str | None, ...]] | None:
        """The first match in ``text`` as ``(start, end, groups)``, or None."""
        if self.risk is None and (len(text) <= LONG_TEXT or not self._quadratic_search):
            match = self._compiled.search(text)
            return None if match is None else (match.start(), match.end(), match.groups())
        found = _WORKER.run(self, "find", text)
        return None if found is None else (found[0], found[1], tuple(found[2]))

    def generate(self, rng: Any) -> str:
        """An example string this regex fully matches (bounded repetition), drawn with ``rng``."""
        from pactspec.regex_generation import generate_match

        return generate_match(self, rng)

    @property
    def parsed(self) -> Any:
        """The ``re`` parser's tree of :attr:`python_pattern` (for example generation)."""
        return _parse(self.python_pattern)


def compile_pattern(pattern: str, *, path: str | None = None) -> SafePattern:
    """Compile a contract regex once (cached); RuleError naming ``path`` when it is not valid."""
    if not isinstance(pattern, str):
        raise RuleError(f"a regex must be a string, got {pattern!r} ({type(pattern).__name__})", path=path)
    try:
        return _compile(pattern)
    except RuleError as exc:
        raise RuleError(str(exc), path=path) from None


@functools.lru_cache(maxsize=8192)
def _compile(pattern: str) -> SafePattern:
    python_pattern = to_python_syntax(pattern)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compiled = re.compile(python_pattern)
            tree = _parse(python_pattern)
    except (re.error, RecursionError, OverflowError) as exc:
        where = f" at position {exc.pos}" if isinstance(exc, re.error) and exc.pos is not None else ""
        reason = exc.msg if isinstance(exc, re.error) else str(exc) or type(exc).__name__
        raise RuleError(
            f"regex /{pattern}/ is not a valid regular expression ({reason}{where}); "
            "check its brackets, quantifiers and escapes (JSON needs \\\\ for one backslash)"
        ) from None
    chain = _longest_chain(tree)
    return SafePattern(pattern, python_pattern, _risk(tree), compiled, chain >= 2, chain >= 1)


@functools.lru_cache(maxsize=1024)
def _parse(python_pattern: str) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return sre_parse.parse(python_pattern)


# Characters that stand for "everything" when deciding whether two parts of a pattern can
# consume the same text: ASCII, Latin-1 and a few Unicode digits, spaces and letters.
_SAMPLES = frozenset(
    [chr(c) for c in range(0x180)] + ["\u0660", "\u0966", "\u2000", "\u2028", "\u3000", "\u4e2d", "\U0001f600"]
)
_CATEGORY_TESTS = {
    sre_constants.CATEGORY_DIGIT: re.compile(r"\d"),
    sre_constants.CATEGORY_NOT_DIGIT: re.compile(r"\D"),
    sre_constants.CATEGORY_SPACE: re.compile(r"\s"),
    sre_constants.CATEGORY_NOT_SPACE: re.compile(r"\S"),
    sre_constants.CATEGORY_WORD: re.compile(r"\w"),
    sre_constants.CATEGORY_NOT_WORD: re.compile(r"\W"),
}


def _chars_of_item(op: Any, av: Any) -> frozenset[str]:
    """The sample characters one single-character node can match."""
    if op is sre_constants.LITERAL:
        return frozenset({chr(av), chr(av).lower(), chr(av).upper()})
    if op is sre_constants.NOT_LITERAL:
        return _SAMPLES - {chr(av)}
    if op is sre_constants.ANY:
        return _SAMPLES
    if op is sre_constants.IN:
        chars: set[str] = set()
        negate = False
        for item_op, item_av in av:
            if item_op is sre_constants.NEGATE:
                negate = True
            elif item_op is sre_constants.LITERAL:
                chars.update((chr(item_av), chr(item_av).lower(), chr(item_av).upper()))
            elif item_op is sre_constants.RANGE:
                lo, hi = item_av
                chars.update(c for c in _SAMPLES if lo <= ord(c) <= hi)
            elif item_op is sre_constants.CATEGORY and item_av in _CATEGORY_TESTS:
                test = _CATEGORY_TESTS[item_av]
                chars.update(c for c in _SAMPLES if test.match(c))
            else:
                return _SAMPLES
        return frozenset(_SAMPLES - chars if negate else chars)
    return _SAMPLES


def _chars(tree: Any) -> frozenset[str]:
    """Every sample character some part of ``tree`` can consume."""
    out: set[str] = set()
    for op, av in tree:
        if op in (sre_constants.LITERAL, sre_constants.NOT_LITERAL, sre_constants.ANY, sre_constants.IN):
            out |= _chars_of_item(op, av)
        else:
            for child in _children(op, av):
                out |= _chars(child)
    return frozenset(out)


def _children(op: Any, av: Any) -> list[Any]:
    if op in _REPEATS or op is sre_constants.POSSESSIVE_REPEAT:
        return [av[2]]
    if op is sre_constants.SUBPATTERN:
        return [av[3]]
    if op is sre_constants.BRANCH:
        return list(av[1])
    if op is sre_constants.ATOMIC_GROUP:
        return [av]
    if op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
        return [av[1]]
    if op is sre_constants.GROUPREF_EXISTS:
        return [p for p in av[1:] if p is not None]
    return []


def _variable_repeats(tree: Any) -> list[Any]:
    """The backtracking (non-possessive, non-atomic) repeats of varying length inside ``tree``."""
    found = []
    for op, av in tree:
        if op in _RIGID:
            continue
        if op in _REPEATS and av[0] != av[1]:
            found.append(av[2])
        found.extend(r for child in _children(op, av) for r in _variable_repeats(child))
    return found


def _first_chars(tree: Any) -> frozenset[str] | None:
    """The characters a match of ``tree`` can start with; None when it can match the empty string."""
    for op, av in tree:
        if op in (sre_constants.LITERAL, sre_constants.NOT_LITERAL, sre_constants.ANY, sre_constants.IN):
            return _chars_of_item(op, av)
        if op in (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            continue
        if op is sre_constants.SUBPATTERN or op is sre_constants.ATOMIC_GROUP:
            inner = _first_chars(av[3] if op is sre_constants.SUBPATTERN else av)
            if inner is None:
                return _SAMPLES  # an optional group: give up precision, stay conservative
            return inner
        if op in _REPEATS or op is sre_constants.POSSESSIVE_REPEAT:
            return _first_chars(av[2]) if av[0] > 0 else None
        if op is sre_constants.BRANCH:
            sets = [_first_chars(b) for b in av[1]]
            return None if any(s is None for s in sets) else frozenset().union(*sets)  # type: ignore[arg-type]
        return _SAMPLES
    return None


def _pinned(body: Any, inner: frozenset[str]) -> bool:
    """Whether each iteration of ``body`` starts or ends with a required character ``inner`` lacks."""
    single = (sre_constants.LITERAL, sre_constants.NOT_LITERAL, sre_constants.IN, sre_constants.ANY)
    for end in (0, -1):
        node = list(body)
        while node:
            op, av = node[end]
            if op is sre_constants.SUBPATTERN:
                node = list(av[3])
                continue
            if op in single and not (_chars_of_item(op, av) & inner):
                return True
            break
    return False


def _risk(tree: Any) -> str | None:
    """Why running ``tree`` with a backtracking engine could take very long, or None."""

    def visit(node: Any) -> str | None:
        for op, av in node:
            if op in (sre_constants.GROUPREF, sre_constants.GROUPREF_EXISTS):
                return "it uses a backreference"
            # Inside an atomic group or possessive repeat the engine still backtracks until the
            # group first succeeds, so their contents are checked like any other.
            if op in _REPEATS:
                hi, body = av[1], av[2]
                if hi > _SMALL_REPEAT:
                    inner = _variable_repeats(body)
                    if inner:
                        inner_chars = frozenset().union(*(_chars(r) for r in inner))
                        if len(inner) > 1 or not _pinned(body, inner_chars):
                            return "it nests a variable-length repeat inside another repeat"
                    for branch_op, branch_av in _walk(body):
                        if branch_op is sre_constants.BRANCH and _overlapping(branch_av[1]):
                            return "it repeats an alternation whose branches can match the same text"
            reason = None
            for child in _children(op, av):
                reason = visit(child)
                if reason:
                    return reason
        return None

    reason = visit(tree)
    if reason:
        return reason
    if _longest_chain(tree) >= 3:
        return "it has three or more unbounded repeats in a row over the same characters"
    return None


def _longest_chain(tree: Any) -> int:
    """The most unbounded repeats in a row that can share characters (each one multiplies the work)."""
    longest = 0
    chain: list[frozenset[str]] = []
    saved: list[list[frozenset[str]]] = []
    for kind, chars in _sequence(tree):
        if kind == "optional":
            saved.append(chain)
        elif kind == "end":
            # Either path may be taken; keep the longer chain (the worse case).
            skipped = saved.pop()
            chain = chain if len(chain) >= len(skipped) else skipped
        elif kind == "repeat":
            chain = chain + [chars] if chain and chain[-1] & chars else [chars]
            longest = max(longest, len(chain))
        elif chain and not chain[-1] & chars:
            # A required character the repeat cannot consume fixes where the repeat ends.
            chain = []
    return longest


def _sequence(tree: Any) -> Any:
    """The pattern as a flat run of unbounded repeats, single characters and optional parts."""
    single = (sre_constants.LITERAL, sre_constants.NOT_LITERAL, sre_constants.IN, sre_constants.ANY)
    empty: frozenset[str] = frozenset()
    for op, av in tree:
        if op in single:
            yield "char", _chars_of_item(op, av)
        elif op in _REPEATS:
            lo, hi, body = av
            if hi == _MAXREPEAT:
                yield "repeat", _chars(body)
            elif lo == 0:
                yield "optional", empty
                yield from _sequence(body)
                yield "end", empty
            else:
                yield from _sequence(body)
        elif op is sre_constants.SUBPATTERN:
            yield from _sequence(av[3])


def _walk(tree: Any) -> Any:
    for op, av in tree:
        yield op, av
        if op not in _RIGID:
            for child in _children(op, av):
                yield from _walk(child)


def _overlapping(branches: list[Any]) -> bool:
    seen: set[str] = set()
    for branch in branches:
        first = _first_chars(branch)
        if first is None or first & seen:
            return True
        seen |= first
    return False


_WORKER_SOURCE = r"""
import json, os, re, resource, sys, time, warnings
warnings.simplefilter("ignore")
cache = {}
sys.stdout.write("ready\n")
sys.stdout.flush()
for line in sys.stdin:
    request = json.loads(line)
    # A hard CPU ceiling, so a worker orphaned mid-match cannot burn CPU for ever.
    used = resource.getrusage(resource.RUSAGE_SELF).ru_utime
    resource.setrlimit(resource.RLIMIT_CPU, (int(used) + int(request["limit"]) + 2, resource.RLIM_INFINITY))
    try:
        pattern = cache.get(request["p"])
        if pattern is None:
            if len(cache) > 512:
                cache.clear()
            pattern = cache[request["p"]] = re.compile(request["p"])
        if request["m"] == "find":
            m = pattern.search(request["t"])
            answer = {"r": None if m is None else [m.start(), m.end(), list(m.groups())]}
        else:
            method = pattern.fullmatch if request["m"] == "full" else pattern.search
            answer = {"r": method(request["t"]) is not None}
    except Exception as exc:
        answer = {"e": f"{type(exc).__name__}: {exc}"}
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()
"""


class _Worker:
    """One long-lived child process that runs risky regexes; killed and restarted on time-out."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[bytes] | None = None
        self._owner = os.getpid()

    def _start(self) -> subprocess.Popen[bytes]:
        if self._owner != os.getpid():
            # A forked child must not share its parent's worker pipes; it starts its own.
            self._proc, self._owner = None, os.getpid()
        if self._proc is None or self._proc.poll() is not None:
            proc = subprocess.Popen(
                [sys.executable, "-I", "-S", "-c", _WORKER_SOURCE],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                close_fds=True,
            )
            # The time limit is for the match, not for starting Python on a busy machine.
            if self._read_line(proc, _STARTUP_LIMIT) != b"ready\n":
                self._proc = proc
                self._kill()
                raise RuleError(
                    f"the regex worker process did not start within {_STARTUP_LIMIT:g}s; "
                    "check that the machine is not out of memory or processes"
                )
            self._proc = proc
        return self._proc

    def stop(self) -> None:
        with self._lock:
            if self._owner == os.getpid():
                self._kill()

    def _kill(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.kill()
        if proc is not None:
            proc.wait()
            for stream in (proc.stdin, proc.stdout):
                if stream is not None:
                    stream.close()

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None and self._proc.poll() is None else None

    def run(self, pattern: SafePattern, mode: Literal["full", "search", "find"], text: str) -> Any:
        limit = regex_timeout()
        request = json.dumps({"p": pattern.python_pattern, "m": mode, "t": text, "limit": math.ceil(limit)})
        with self._lock:
            for attempt in (1, 2):
                proc = self._start()
                assert proc.stdin is not None and proc.stdout is not None
                try:
                    proc.stdin.write(request.encode() + b"\n")
                    proc.stdin.flush()
                except (BrokenPipeError, OSError):
                    self._kill()
                    if attempt == 2:
                        raise RuleError(f"regex /{pattern.pattern}/ could not be run: the regex worker died") \
                            from None
                    continue
                line = self._read_line(proc, limit)
                if line is None:
                    died = proc.poll() is not None
                    self._kill()
                    if died and attempt == 1:
                        continue  # the worker died between requests; start a fresh one once
                    reason = pattern.risk or "unbounded repeats that share characters, slow on long values"
                    raise RuleError(
                        f"regex /{pattern.pattern}/ took longer than {limit:g}s on a {len(text)}-character "
                        f"value; its shape backtracks badly ({reason}), so rewrite it without nested or "
                        f"overlapping repeats (or raise {TIMEOUT_ENV})"
                    )
                answer = json.loads(line)
                if "e" in answer:
                    raise RuleError(f"regex /{pattern.pattern}/ failed on a {len(text)}-character value: {answer['e']}")
                return answer["r"] if mode == "find" else bool(answer["r"])
        raise AssertionError("unreachable")  # pragma: no cover

    @staticmethod
    def _read_line(proc: subprocess.Popen[bytes], limit: float) -> bytes | None:

        assert proc.stdout is not None
        fd = proc.stdout.fileno()
        deadline = time.monotonic() + limit
        chunks: list[bytes] = []
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            ready, _, _ = select.select([fd], [], [], remaining)
            if not ready:
                return None
            chunk = os.read(fd, 65536)
            if not chunk:
                return None
            chunks.append(chunk)
            if chunk.endswith(b"\n"):
                return b"".join(chunks)


_WORKER = _Worker()
atexit.register(_WORKER.stop)
