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
