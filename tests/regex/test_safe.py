"""Tests for pactspec.regex._safe and pactspec.regex._syntax."""

from __future__ import annotations

import json
import os
import random
import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pactspec.errors import ConfigurationError, RuleError
from pactspec.regex._safe import _WORKER, compile_pattern, regex_timeout
from pactspec.regex._syntax import to_python_syntax
from tests.conformance import conformance_dir

SAFE = [
    r"\d+",
    r"\w+",
    r"\w{3}-\d+",
    r"red|blue",
    r"(red|rose)+",
    r"(ab|cd)*",
    r"(\d{1,3}\.)+\d{1,3}",
    r"\$(\.\w+)+",
    r".*\/(orders\/\d+)$",
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}",
    r"application/json(;\s?charset=[\w\-]+)?",
    r"multipart/form-data;(\s*charset=[^;]*;)?\s*boundary=.*",
    r"^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$",
    r"a++b",
    r"(?>a+)+b",
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
]

RISKY = [
    (r"(a+)+$", "nests"),
    (r"(a|aa)*c", "alternation"),
    (r"(.*a){20}", "nests"),
    (r"(\w+\s?)*$", "nests"),
    (r"(a+ba+)+", "nests"),
    (r"(a*)\1", "backreference"),
    (r".*.*.*=", "three or more"),
    (r"\d+\d+\d+x", "three or more"),
    (r"(?>(a+)+b)", "nests"),
]


class TestRiskAnalysis:
    @pytest.mark.parametrize("pattern", SAFE)
    def test_common_patterns_take_the_fast_path(self, pattern: str) -> None:
        """Ordinary contract regexes are not flagged, so they run in-process."""
        assert compile_pattern(pattern).risk is None

    @pytest.mark.parametrize(("pattern", "reason"), RISKY)
    def test_catastrophic_shapes_are_flagged(self, pattern: str, reason: str) -> None:
        """Nested repeats, overlapping alternation, long repeat chains and backreferences are risky."""
        compiled = compile_pattern(pattern)
        assert compiled.risky
        assert reason in (compiled.risk or "")

    def test_conformance_regexes_are_all_fast(self) -> None:
        """Every regex in the Pact conformance material is judged safe (no needless worker trips)."""
        found = set()
        for path in conformance_dir().rglob("*.json"):
            text = path.read_text(encoding="utf-8-sig")
            for match in re.finditer(r'"regex"\s*:\s*("(?:[^"\\]|\\.)*")', text):
                found.add(json.loads(match.group(1)))
        assert len(found) > 10
        # pact-broker_c1.json carries `.(*\/pacts…`, invalid in Java and Rust too; it must not pass.
        usable = [p for p in found if not p.startswith(".(*")]
        with pytest.raises(RuleError):
            compile_pattern(r".(*\/pacts\/provider)$")
        assert [p for p in usable if compile_pattern(p).risky] == []


class TestFullMatchAndSearch:
    @pytest.mark.parametrize(
        ("pattern", "text", "full", "anywhere"),
        [
            (r"\w{3}-\d+", "AXP-1000", True, True),
            (r"\w{3}-\d+", "AAAB-123", False, True),  # compat suite: metadata rule must reject this
            (r"\w{3}\d{3}", "a", False, False),
            (r"\w{3}\d{3}", "HHH123", True, True),
            (r"\d+", "12a", False, True),
            (r"red|blue", "blue", True, True),
            (r"red|blue", "redblue", False, True),
            (r"", "", True, True),
        ],
    )
    def test_fast_path(self, pattern: str, text: str, full: bool, anywhere: bool) -> None:
        """full_match needs the whole value; search finds the pattern anywhere."""
        compiled = compile_pattern(pattern)
        assert compiled.full_match(text) is full
        assert compiled.search(text) is anywhere

    @pytest.mark.parametrize(
        ("pattern", "text", "full", "anywhere"),
        [
            (r"(a+)+$", "aaaa", True, True),
            (r"(a+)+$", "baaa", False, True),
            (r"(a|aa)*c", "aaac", True, True),
            (r"(a|aa)*c", "aaa", False, False),
            (r"(\w)\1", "xx", True, True),
            (r"(\w)\1", "xy", False, False),
        ],
    )
    def test_risky_patterns_give_the_same_answers_in_the_worker(
        self, pattern: str, text: str, full: bool, anywhere: bool
    ) -> None:
        """A risky pattern still answers correctly on a harmless value."""
        compiled = compile_pattern(pattern)
        assert compiled.risky
        assert compiled.full_match(text) is full
        assert compiled.search(text) is anywhere

    def test_unicode_values(self) -> None:
        """Values are matched as text, so non-ASCII characters count as one character."""
        assert compile_pattern(r"\w{3}").full_match("héé")
        assert compile_pattern(r".").full_match("😀")


class TestTimeouts:
    @pytest.mark.parametrize(
        ("pattern", "text"),
        [
            (r"(a+)+$", "a" * 40 + "b"),
            (r"(a|aa)*c", "a" * 60),
            (r"(.*a){20}", "a" * 60 + "b"),
        ],
    )
    def test_pathological_pattern_times_out_with_one_clear_sentence(
        self, pattern: str, text: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A catastrophic regex on a hostile value raises RuleError instead of hanging the run."""
        monkeypatch.setenv("PACTSPEC_REGEX_TIMEOUT", "0.3")
        with pytest.raises(RuleError) as caught:
            compile_pattern(pattern).full_match(text)
        message = str(caught.value)
        assert message.startswith(f"regex /{pattern}/ took longer than 0.3s on a {len(text)}-character value")
        assert "\n" not in message

    def test_worker_is_replaced_after_a_timeout(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """After a time-out the stuck worker is killed and the next risky match still works."""
        monkeypatch.setenv("PACTSPEC_REGEX_TIMEOUT", "0.3")
        compiled = compile_pattern(r"(a+)+$")
        assert compiled.full_match("aaa")
        first = _WORKER.pid
        with pytest.raises(RuleError):
            compiled.full_match("a" * 40 + "b")
        assert first is not None
        with pytest.raises(ProcessLookupError):
            os.kill(first, 0)
        assert compiled.full_match("aaaa")
        assert _WORKER.pid not in (None, first)

    def test_worker_is_reused_between_matches(self) -> None:
        """Risky patterns share one long-lived worker instead of spawning a process per match."""
        compiled = compile_pattern(r"(a|aa)*c")
        compiled.full_match("ac")
        pid = _WORKER.pid
        for _ in range(20):
            compiled.full_match("aac")
        assert _WORKER.pid == pid

    @pytest.mark.parametrize("raw", ["0", "-1", "soon", "inf", "nan"])
    def test_bad_timeout_setting(self, raw: str, monkeypatch: pytest.MonkeyPatch) -> None:
        """An unusable PACTSPEC_REGEX_TIMEOUT is a configuration error naming the variable."""
        monkeypatch.setenv("PACTSPEC_REGEX_TIMEOUT", raw)
        with pytest.raises(ConfigurationError, match="PACTSPEC_REGEX_TIMEOUT"):
            regex_timeout()

    def test_default_timeout(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without the variable the limit is one second."""
        monkeypatch.delenv("PACTSPEC_REGEX_TIMEOUT", raising=False)
        assert regex_timeout() == 1.0


class TestCompile:
    def test_cached(self) -> None:
        """The same pattern string gives the same compiled object."""
        assert compile_pattern(r"\d{2}x") is compile_pattern(r"\d{2}x")

    @pytest.mark.parametrize("pattern", ["(", "a{2,1}", "[^", "*a", "a\\"])
    def test_invalid_pattern_names_the_path(self, pattern: str) -> None:
        """An invalid regex is a RuleError that starts with the JSON path and quotes the pattern."""
        with pytest.raises(RuleError) as caught:
            compile_pattern(pattern, path="$.one")
        assert str(caught.value).startswith(f"$.one: regex /{pattern}/")
        assert caught.value.path == "$.one"

    def test_a_pattern_from_a_pact_file_is_reminded_of_json_escapes(self) -> None:
        """A pattern read from JSON gets the hint that JSON needs two backslashes for one."""
        with pytest.raises(RuleError) as caught:
            compile_pattern("(", path="$.one")
        assert str(caught.value).endswith("check its brackets, quantifiers and escapes (JSON needs \\\\ for one backslash)")

    def test_a_pattern_typed_as_is_gets_no_json_hint(self) -> None:
        """``in_json=False`` (a command-line filter) words the same error without the JSON hint."""
        with pytest.raises(RuleError) as caught:
            compile_pattern("(", path="--description", in_json=False)
        assert str(caught.value) == (
            "--description: regex /(/ is not a valid regular expression (missing ), unterminated subpattern "
            "at position 0); check its brackets, quantifiers and escapes"
        )
        assert caught.value.path == "--description"

    def test_non_string_pattern(self) -> None:
        """A number where a regex belongs is reported, not crashed on."""
        with pytest.raises(RuleError, match="must be a string"):
            compile_pattern(12, path="$.x")  # type: ignore[arg-type]


class TestJavaAndRustSyntax:
    @pytest.mark.parametrize(
        ("pattern", "text", "verdict"),
        [
            (r"\p{Alpha}+", "abcXYZ", True),
            (r"\p{Alpha}+", "abc1", False),
            (r"\p{Digit}{3}", "123", True),
            (r"\p{Upper}\p{Lower}+", "Hello", True),
            (r"\p{Punct}", "!", True),
            (r"\p{XDigit}+", "c0ffee", True),
            (r"\p{L}+", "héllo", True),
            (r"\p{L}+", "h3llo", False),
            (r"\p{Lu}", "É", True),
            (r"\p{Lu}", "é", False),
            (r"\pL+", "abc", True),
            (r"\p{IsLetter}+", "abc", True),
            (r"\p{Letter}+", "abc", True),
            (r"\P{L}+", "123", True),
            (r"\P{L}+", "12a", False),
            (r"[\p{L}\d]+", "a1b2", True),
            (r"[[:alpha:]]+", "abc", True),
            (r"[[:digit:]]+", "abc", False),
            (r"[a-c[x-z]]+", "abxz", True),
            (r"[a-c[x-z]]+", "abm", False),
            (r"abc\z", "abc", True),
            (r"abc\z", "abc\n", False),
            (r"abc\Z", "abc", True),
            (r"(?<year>\d{4})-\k<year>", "2024-2024", True),
            (r"(?<year>\d{4})-\k<year>", "2024-2025", False),
            (r"a++b", "aab", True),
            (r"a++a", "aaa", False),  # possessive: never gives an a back
            (r"(?>a+)a", "aaa", False),
            (r"a(?i)bc", "aBC", True),
            (r"a(?i)bc", "ABC", False),
            (r"(x(?i)y)z", "xYz", True),
            (r"(x(?i)y)z", "xYZ", False),
            (r"\Qa.b\E", "a.b", True),
            (r"\Qa.b\E", "axb", False),
            (r"\x{1F600}", "😀", True),
            (r"\h+", " \t", True),
            (r"a\Rb", "a\r\nb", True),
        ],
    )
    def test_translated_patterns(self, pattern: str, text: str, verdict: bool) -> None:
        """Java / Rust constructs mean what they mean there."""
        assert compile_pattern(pattern).full_match(text) is verdict

    @pytest.mark.parametrize(
        ("pattern", "named"),
        [
            (r"[a-z&&[^aeiou]]", "intersection"),
            (r"\p{IsLatin}", "IsLatin"),
            (r"\p{InGreek}", "InGreek"),
            (r"\Gabc", "\\G"),
            (r"[a[^b]]", "negated class"),
            (r"(?d)a", "'d'"),
            (r"\p{L", "unclosed"),
        ],
    )
    def test_unsupported_constructs(self, pattern: str, named: str) -> None:
        """What Python cannot express is a RuleError naming the construct."""
        with pytest.raises(RuleError) as caught:
            compile_pattern(pattern, path="$.a")
        assert named in str(caught.value)

    def test_plain_patterns_pass_through(self) -> None:
        """A pattern without escapes, classes or groups is used as written."""
        assert to_python_syntax("abc.*") == "abc.*"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_fast_path_agrees_with_re(text: str) -> None:
    """For a safe pattern, full_match and search are exactly re.fullmatch and re.search."""
    for pattern in (r"\w+", r"[a-f0-9]{2,}", r"x|y\d*"):
        compiled = compile_pattern(pattern)
        assert compiled.full_match(text) is (re.fullmatch(pattern, text) is not None)
        assert compiled.search(text) is (re.search(pattern, text) is not None)


def test_generate_produces_a_full_match() -> None:
    """SafePattern.generate gives a string the pattern fully matches."""
    compiled = compile_pattern(r"\d{1,8}")
    rng = random.Random(5)
    for _ in range(20):
        assert compiled.full_match(compiled.generate(rng))


@pytest.mark.parametrize(
    ("pattern", "found"),
    [(r".*(/a)", (0, 12, ("/a",))), (r"(x|xy)*(/a)", (10, 12, (None, "/a")))],
)
def test_find_reports_span_and_groups(pattern: str, found: tuple[int, int, tuple[str | None, ...]]) -> None:
    """find gives the first match's span and groups, in-process and in the worker alike."""
    assert compile_pattern(pattern).find("http://h:1/a") == found
    assert compile_pattern(pattern).find("nothing") is None


class TestLongValues:
    @pytest.mark.parametrize(
        ("pattern", "text", "mode"),
        [
            (r"\d+\d+x", "1" * 200_000, "full"),
            (r"\s*#?\s*$", " " * 200_000 + "x", "full"),
            (r"\w+@", "a" * 200_000, "search"),
        ],
    )
    def test_quadratic_shapes_on_huge_values_are_time_limited(
        self, pattern: str, text: str, mode: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A quadratic pattern on a 200 kB value goes to the worker and is stopped, not left to run."""
        monkeypatch.setenv("PACTSPEC_REGEX_TIMEOUT", "0.3")
        compiled = compile_pattern(pattern)
        assert compiled.risk is None
        with pytest.raises(RuleError, match="slow on long values"):
            compiled.full_match(text) if mode == "full" else compiled.search(text)

    def test_quadratic_shapes_on_ordinary_values_stay_in_process(self) -> None:
        """Short values never need the worker for a quadratic (but not exponential) pattern."""
        compiled = compile_pattern(r"\d+\d+x")
        _WORKER.stop()
        assert compiled.full_match("123x")
        assert not compiled.full_match("1" * 4000)
        assert _WORKER.pid is None

    def test_linear_patterns_on_huge_values_stay_in_process(self) -> None:
        """A pattern without overlapping repeats runs in-process however long the value is."""
        _WORKER.stop()
        assert compile_pattern(r"[a-z]+").full_match("a" * 200_000)
        assert _WORKER.pid is None


def test_forked_child_uses_its_own_worker() -> None:
    """After os.fork the child starts a fresh worker instead of sharing the parent's pipes."""
    compiled = compile_pattern(r"(a|aa)*c")
    assert compiled.full_match("aac")
    parent_worker = _WORKER.pid
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        try:
            ok = compiled.full_match("ac") and _WORKER.pid not in (None, parent_worker)
            os.write(write, b"1" if ok else b"0")
        finally:
            os._exit(0)
    os.close(write)
    answer = os.read(read, 1)
    os.waitpid(child, 0)
    os.close(read)
    assert answer == b"1"
    assert _WORKER.pid == parent_worker
    assert compiled.full_match("aaac")


class TestWorstCase:
    def test_many_variable_repeats_on_a_middling_value_take_the_worker(self) -> None:
        """Eight nested {0,3} (not flagged risky) are cheap on 5 characters but go to the worker on 61."""
        compiled = compile_pattern("(" * 8 + "[0-9]" + "{0,3})" * 8 + "x")
        assert compiled.risk is None
        assert compiled._cheap("1" * 5, anywhere=False) and not compiled._cheap("1" * 61, anywhere=False)

    def test_one_repeat_stays_in_process_on_a_huge_value(self) -> None:
        """A single repeat is linear: 100k characters still run in-process."""
        assert compile_pattern(r"\d+")._cheap("1" * 100_000, anywhere=False)


class TestBudget:
    def test_past_the_budget_worker_regexes_fail_at_once(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Once the run's PACTSPEC_REGEX_BUDGET is spent, a worker-path regex fails at once, naming the budget."""
        monkeypatch.setenv("PACTSPEC_REGEX_BUDGET", "1")
        monkeypatch.setattr(_WORKER, "spent", 5.0)
        started = time.monotonic()
        with pytest.raises(RuleError, match="regex time budget of 1s"):
            compile_pattern("(a+)+b").full_match("aaaa")
        assert time.monotonic() - started < 0.5

    def test_a_bad_budget_is_a_configuration_error(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """PACTSPEC_REGEX_BUDGET=soon is refused with a sentence naming the variable."""
        monkeypatch.setenv("PACTSPEC_REGEX_BUDGET", "soon")
        with pytest.raises(ConfigurationError, match="PACTSPEC_REGEX_BUDGET='soon' is not a time budget"):
            compile_pattern("(a+)+b").full_match("aaaa")
