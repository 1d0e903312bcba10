"""Regexes from other teams' contracts, run so that a pathological one cannot hang a run.

:func:`compile_pattern` translates the Java / Rust syntax Pact files carry (see
:mod:`pactspec.regex._syntax`), compiles it once and inspects the parsed pattern for the shapes
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
plain :mod:`re` while their worst case is small: ``len(value) ** k`` steps for ``k`` variable-length
repeats stays under :data:`IN_PROCESS_STEPS`; past that (eight nested ``{0,3}`` on 61 characters,
``\\d{1,60000}`` three times on 50k digits) they take the worker path too. Risky ones run in one long-lived worker process under a time limit
(``PACTSPEC_REGEX_TIMEOUT`` seconds, default 1); on time-out the worker is killed and restarted
and :class:`~pactspec.errors.RuleError` says which pattern, on how long a value. The worker's time
is also counted for the whole run: once ``PACTSPEC_REGEX_BUDGET`` seconds (default 30) are spent,
the remaining worker-path regexes fail at once with a sentence saying so.

Pact semantics: the compatibility suite (V3 ``message_provider.feature``, metadata rule
``\\w{3}-\\d+`` must reject ``AAAB-123``) and pact-jvm (``Matcher.matches()``) require the regex to
match the *whole* value, so the ``regex`` matching rule uses :meth:`SafePattern.full_match`.
pact-reference's Rust ``is_match`` finds the pattern anywhere; :meth:`SafePattern.search` gives
that reading for callers that want it.
"""

from __future__ import annotations

import atexit
import functools
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
from pactspec.regex._generation import example_size, generate_match
from pactspec.regex._risk import longest_chain, parse_tree, risk, variable_repeat_count
from pactspec.regex._syntax import to_python_syntax

__all__ = ["IN_PROCESS_STEPS", "SafePattern", "compile_pattern", "regex_budget", "regex_timeout"]

DEFAULT_TIMEOUT = 1.0
DEFAULT_BUDGET = 30.0
BUDGET_ENV = "PACTSPEC_REGEX_BUDGET"
# Values longer than this run quadratic-shaped patterns in the worker (4096² steps take ~0.1 s).
LONG_TEXT = 4096
# The worst-case steps a match may take in-process: what a quadratic shape costs on LONG_TEXT
# characters (~0.1 s), the bound the quadratic check below already accepts.
IN_PROCESS_STEPS = LONG_TEXT**2
_LOG_STEPS = math.log(IN_PROCESS_STEPS)
_STARTUP_LIMIT = 30.0
TIMEOUT_ENV = "PACTSPEC_REGEX_TIMEOUT"



def regex_timeout() -> float:
    """The time limit for a risky regex, from ``PACTSPEC_REGEX_TIMEOUT`` (seconds, default 1)."""
    return _seconds(TIMEOUT_ENV, DEFAULT_TIMEOUT, "1 or 2.5")


def regex_budget() -> float:
    """The worker time a run may spend on regexes, from ``PACTSPEC_REGEX_BUDGET`` (seconds, default 30)."""
    return _seconds(BUDGET_ENV, DEFAULT_BUDGET, "30 or 120")


def _seconds(name: str, default: float, examples: str) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value > 0 or math.isinf(value):
        what = "a time limit" if name == TIMEOUT_ENV else "a time budget"
        raise ConfigurationError(
            f"{name}={raw!r} is not {what}; set it to a positive number of seconds such as {examples}"
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
    _repeats: int = field(default=0, repr=False)  # variable-length repeats: the exponent of the worst case

    @property
    def risky(self) -> bool:
        return self.risk is not None

    def _cheap(self, text: str, *, anywhere: bool) -> bool:
        """Whether the worst case on ``text`` is small enough to run in-process (a search tries every start)."""
        exponent = self._repeats + (1 if anywhere else 0)
        return exponent == 0 or exponent * math.log(max(len(text), 1)) <= _LOG_STEPS

    def full_match(self, text: str) -> bool:
        """Whether the regex matches the whole of ``text`` (Pact's ``regex`` rule)."""
        if self.risk is None and (len(text) <= LONG_TEXT or not self._quadratic_full) \
                and self._cheap(text, anywhere=False):
            return self._compiled.fullmatch(text) is not None
        return bool(_WORKER.run(self, "full", text))

    def search(self, text: str) -> bool:
        """Whether the regex matches somewhere in ``text`` (Rust ``Regex::is_match``)."""
        if self.risk is None and (len(text) <= LONG_TEXT or not self._quadratic_search) \
                and self._cheap(text, anywhere=True):
            return self._compiled.search(text) is not None
        return bool(_WORKER.run(self, "search", text))

    def find(self, text: str) -> tuple[int, int, tuple[str | None, ...]] | None:
        """The first match in ``text`` as ``(start, end, groups)``, or None."""
        if self.risk is None and (len(text) <= LONG_TEXT or not self._quadratic_search) \
                and self._cheap(text, anywhere=True):
            match = self._compiled.search(text)
            return None if match is None else (match.start(), match.end(), match.groups())
        found = _WORKER.run(self, "find", text)
        return None if found is None else (found[0], found[1], tuple(found[2]))

    def generate(self, rng: Any) -> str:
        """An example string this regex fully matches (bounded repetition), drawn with ``rng``."""
        return generate_match(self, rng)

    @property
    def example_size(self) -> int:
        """The most characters :meth:`generate` can draw (counted without drawing)."""
        return example_size(self.parsed)

    @property
    def parsed(self) -> Any:
        """The ``re`` parser's tree of :attr:`python_pattern` (for example generation)."""
        return parse_tree(self.python_pattern)


def compile_pattern(pattern: str, *, path: str | None = None, in_json: bool = True) -> SafePattern:
    """Compile a contract regex once (cached); RuleError naming ``path`` when it is not valid.

    ``in_json``: the pattern was written inside a JSON string (a pact file), so an invalid one's
    hint reminds that JSON needs two backslashes for one; a pattern typed as is gets no such hint.
    """
    if not isinstance(pattern, str):
        raise RuleError(f"a regex must be a string, got {pattern!r} ({type(pattern).__name__})", path=path)
    try:
        return _compile(pattern)
    except RuleError as exc:
        raise RuleError(str(exc), path=path) from None  # our own error, now naming the path
    except (re.error, RecursionError, OverflowError) as exc:
        where = f" at position {exc.pos}" if isinstance(exc, re.error) and exc.pos is not None else ""
        reason = exc.msg if isinstance(exc, re.error) else str(exc) or type(exc).__name__
        escapes = " (JSON needs \\\\ for one backslash)" if in_json else ""
        raise RuleError(
            f"regex /{pattern}/ is not a valid regular expression ({reason}{where}); "
            f"check its brackets, quantifiers and escapes{escapes}",
            path=path,
        ) from exc


@functools.lru_cache(maxsize=8192)
def _compile(pattern: str) -> SafePattern:
    python_pattern = to_python_syntax(pattern)
    # re.error and the rest propagate (lru_cache keeps no failures): compile_pattern words them.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        compiled = re.compile(python_pattern)
        tree = parse_tree(python_pattern)
    chain = longest_chain(tree)
    return SafePattern(pattern, python_pattern, risk(tree), compiled, chain >= 2, chain >= 1,
                       variable_repeat_count(tree))


# The worker program (pactspec/regex/_worker.py), run by path in isolated mode (-I -S): it imports
# the standard library only, and pactspec need not be importable without site-packages.
_WORKER_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_worker.py")


class _Worker:
    """One long-lived child process that runs risky regexes; killed and restarted on time-out."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[bytes] | None = None
        self._owner = os.getpid()
        self.spent = 0.0  # seconds of matching in the worker this run, against regex_budget()

    def _start(self) -> subprocess.Popen[bytes]:
        if self._owner != os.getpid():
            # A forked child must not share its parent's worker pipes; it starts its own.
            self._proc, self._owner = None, os.getpid()
        if self._proc is None or self._proc.poll() is not None:
            proc = subprocess.Popen(
                [sys.executable, "-I", "-S", _WORKER_PATH],
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
        budget = regex_budget()
        if self.spent >= budget:
            # 200 slow rules at a second each would take minutes: past the budget, each fails at once.
            raise RuleError(
                f"regex /{pattern.pattern}/ was not run: this run has spent its regex time budget of {budget:g}s "
                f"on slow regexes (the ones reported before); rewrite them, or raise {BUDGET_ENV}"
            )
        started = time.monotonic()
        try:
            return self._run(pattern, mode, text, min(regex_timeout(), budget - self.spent))
        finally:
            self.spent += time.monotonic() - started

    def _run(self, pattern: SafePattern, mode: Literal["full", "search", "find"], text: str, limit: float) -> Any:
        request = json.dumps({"p": pattern.python_pattern, "m": mode, "t": text, "limit": math.ceil(limit)})
        with self._lock:
            for attempt in (1, 2):
                proc = self._start()
                assert proc.stdin is not None and proc.stdout is not None
                try:
                    proc.stdin.write(request.encode() + b"\n")
                    proc.stdin.flush()
                except (BrokenPipeError, OSError) as exc:
                    self._kill()
                    if attempt == 2:
                        raise RuleError(f"regex /{pattern.pattern}/ could not be run: the regex worker died") \
                            from exc
                    continue
                line = self._read_line(proc, limit)
                if line is None:
                    died = proc.poll() is not None
                    self._kill()
                    if died and attempt == 1:
                        continue  # the worker died between requests; start a fresh one once
                    reason = pattern.risk or (
                        "unbounded repeats that share characters, slow on long values" if len(text) > LONG_TEXT
                        else f"{pattern._repeats} variable-length repeats, each retried against the others")
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
