"""The benchmarks' workloads stay valid: what ``make bench`` times must be what it says it times.

No timing here (speed is measured by ``make bench``); these only check, on a few interactions,
that the benchmark data still matches and the benchmark's pact still verifies, so a change in
pactspec cannot quietly turn a benchmark into a measurement of failures.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from pactspec import match_message

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"_bench_{name}", BENCHMARKS / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestMatchingBenchmark:
    def test_its_interactions_match(self) -> None:
        """Each generated actual message satisfies its interaction, with the 26 rules the table names."""
        bench = _load("bench_matching")
        pairs = bench.interactions(10)
        assert len(bench.RULES) == 26
        assert [match_message(expected, actual) for expected, actual in pairs] == [[] for _ in pairs]


class TestVerifyBenchmark:
    def test_its_pact_verifies(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """The benchmark's generated producers pass their generated pact (in_process exits otherwise)."""
        bench = _load("bench_verify")
        monkeypatch.syspath_prepend(str(tmp_path))
        pact, module = bench.write_fixture(tmp_path, 5)
        try:
            assert bench.in_process(pact, module) >= 0
        finally:
            sys.modules.pop(module, None)


class TestCodeBenchmark:
    def test_its_messages_verify_with_the_rules_the_table_names(self, tmp_path: Path) -> None:
        """The Python-API workload builds, verifies and writes; each interaction has 26 or more body rules."""
        bench = _load("bench_code")
        namespace: dict[str, object] = {"__name__": "bench"}
        exec(compile(bench.PACTSPEC, "bench_code_pactspec.py", "exec"), namespace)  # noqa: S102 - our own script
        namespace["main"](str(tmp_path), 5)  # type: ignore[operator]
        written = json.loads((tmp_path / "user-service-user-events.json").read_text())
        assert len(written["interactions"]) == 5
        assert all(len(i["matchingRules"]["body"]) >= 26 for i in written["interactions"])


class TestInstructionCounts:
    def test_without_valgrind_it_says_what_to_install(self, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
        """No valgrind on PATH: exit 2 and one sentence naming it, before any workload runs."""
        bench = _load("instructions")
        monkeypatch.setattr(bench.shutil, "which", lambda name: None)
        assert bench.main([]) == 2
        assert "needs valgrind on PATH" in capsys.readouterr().err

    def test_a_tree_without_its_venv_is_named(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
        """A checkout to compare needs its own .venv; the message names the checkout and the command."""
        bench = _load("instructions")
        monkeypatch.setattr(bench.shutil, "which", lambda name: "/usr/bin/valgrind")
        assert bench.main([str(tmp_path)]) == 2
        assert f"no .venv in {tmp_path}" in capsys.readouterr().err

    def test_the_cachegrind_count_is_read_from_its_summary(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """``I refs`` with its thousands separators is the count; a failed run is one clear exit."""
        bench = _load("instructions")

        class Done:
            returncode, stderr = 0, "==1== \n==1== I   refs:      9,844,608,291\n"

        monkeypatch.setattr(bench.subprocess, "run", lambda *args, **kwargs: Done())
        assert bench.count(["python"], BENCHMARKS, {}) == 9_844_608_291
        Done.returncode = 1
        with pytest.raises(SystemExit, match="failed under valgrind"):
            bench.count(["python"], BENCHMARKS, {})
