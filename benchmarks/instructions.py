"""Instructions executed by the benchmark workloads, counted by valgrind: the same on every run.

Wall clock on a shared or virtual machine moves by 10–50% between runs of the same code, so a
before/after comparison of two trees is made in instructions too (``make bench-instructions``, or
``python benchmarks/instructions.py TREE [TREE ...]`` for other checkouts, each with its own
``.venv``). For each tree it counts, with ``valgrind --tool=cachegrind --cache-sim=no``:

- the consumer benchmark's whole ``behave`` process (1,000 scenarios → one pact file);
- ``pactspec verify`` of the 1,000-interaction benchmark pact, as a whole process;
- one in-process load + verify of that pact (the tree's ``bench_verify.in_process`` runs three;
  the count is a third of the difference against a run that stops before them);
- one match of the ~10 MB body (``bench_matching.bench_big_body`` with its timing loop run once
  for ``json.loads`` and once, or three times, for the match).

Counting runs each workload about 50× slower than normal, so this is not part of ``make bench``.
It needs the trees' own benchmark scripts (``bench_consumer``, ``bench_verify``,
``bench_matching``) with the functions named above, as every tree since the layout change has.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

VERIFY_CHILD = """
import sys, pathlib
sys.path[:0] = ["benchmarks", "."]
import bench_verify as bv
folder = pathlib.Path(sys.argv[1]); sys.path.insert(0, str(folder))
pact, module = bv.write_fixture(folder, 1000)
if sys.argv[2] == "run":
    bv.in_process(pact, module)
"""

MATCH_CHILD = """
import sys
sys.path[:0] = ["benchmarks", "."]
import bench_matching as bm
times, calls = int(sys.argv[1]), []
def best(run, repeat):
    calls.append(run)
    for _ in range(times if len(calls) == 2 else 1):
        run()
    return 1.0
bm.best, bm.row = best, lambda *args: None
bm.bench_big_body()
"""


def count(command: list[str], cwd: Path, env: dict[str, str]) -> int:
    """Instructions (cachegrind's ``I refs``) of one process and its threads."""
    done = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                           *command], cwd=cwd, env=env, capture_output=True, text=True, check=False)
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"{' '.join(command)} failed under valgrind in {cwd}:\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def measure(tree: Path) -> dict[str, int]:
    python = str(tree / ".venv" / "bin" / "python")
    env = {**os.environ, "PACT_DO_NOT_TRACK": "true"}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        build = "import sys, pathlib; sys.path.insert(0, 'benchmarks'); import {0}; {0}.{1}"
        subprocess.run([python, "-c", build.format("bench_consumer", f"build(pathlib.Path({tmp!r}))")],
                       cwd=tree, check=True)
        subprocess.run([python, "-c", build.format("bench_verify", f"write_fixture(pathlib.Path({tmp!r}), 1000)")],
                       cwd=tree, check=True)
        with_tree = {**env, "PYTHONPATH": os.pathsep.join([str(folder), str(tree)])}
        consumer = count([python, "-m", "behave", "--format", "null", "--no-summary", "features"], folder, with_tree)
        whole = count([python, "-m", "pactspec", "verify", "bench-consumer-1000.json", "--provider", "bench-provider",
                       "--app", "bench_app_1000"], folder, with_tree)
        setup, runs = (count([python, "-c", VERIFY_CHILD, tmp, what], tree, env) for what in ("setup", "run"))
        once, thrice = (count([python, "-c", MATCH_CHILD, str(n)], tree, env) for n in (1, 3))
    return {
        "consumer, 1,000 scenarios (whole behave process)": consumer,
        "verify 1,000 interactions, whole process": whole,
        "verify 1,000 interactions, in-process (load + verify, one run)": (runs - setup) // 3,
        "~10 MB body, one match": (thrice - once) // 2,
    }


def main(argv: list[str]) -> int:
    if shutil.which("valgrind") is None:
        print("benchmarks/instructions.py needs valgrind on PATH (apt-get install valgrind)", file=sys.stderr)
        return 2
    trees = [Path(arg).resolve() for arg in argv] or [HERE.parent]
    missing = [str(tree) for tree in trees if not (tree / ".venv" / "bin" / "python").exists()]
    if missing:
        print(f"no .venv in {', '.join(missing)}: run `make .venv/.test` there first", file=sys.stderr)
        return 2
    results = [measure(tree) for tree in trees]
    print("| workload | " + " | ".join(tree.name for tree in trees) + " |")
    print("|---|" + "---|" * len(trees))
    for name in results[0]:
        cells = [f"{result[name] / 1e9:.2f} G" for result in results]
        if len(results) > 1:
            cells[-1] += f" ({(results[-1][name] / results[0][name] - 1) * 100:+.0f}%)"
        print(f"| {name} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
