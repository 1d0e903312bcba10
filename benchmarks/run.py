"""Run every benchmarks/bench_*.py and print one Markdown table (``make bench``).

Each script prints rows ``| what | measured | target | ok |``; this collects them, and with
``--readme`` also replaces the table between the benchmark markers in README.md. Exits 1 when a
script fails or a row's last column is not ``ok`` (a missed target), naming which.
"""

from __future__ import annotations

import platform
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
README = HERE.parent / "README.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def main() -> int:
    rows: list[str] = []
    failed = []
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"running {script.name} ...", file=sys.stderr)
        done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            failed.append(script.name)
            print(done.stderr, file=sys.stderr)
        rows += [line for line in done.stdout.splitlines() if line.startswith("|")]
    machine = f"{platform.python_implementation()} {platform.python_version()}, {platform.machine()}"
    table = "\n".join(
        [f"Measured with `make bench` ({machine}):", "",
         "| benchmark | measured | target | met |", "|---|---|---|---|", *rows]
    )
    print(table)
    if "--readme" in sys.argv and README.exists():
        text = README.read_text()
        if START in text and END in text:
            head, rest = text.split(START, 1)
            _, tail = rest.split(END, 1)
            README.write_text(f"{head}{START}\n{table}\n{END}{tail}")
    missed = missed_targets(rows)
    for row in missed:
        print(f"missed target: {row}", file=sys.stderr)
    if failed:
        print(f"benchmark scripts that failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed or missed else 0


def missed_targets(rows: list[str]) -> list[str]:
    """The rows whose last column is not ``ok``."""
    return [row for row in rows if row.strip().strip("|").rsplit("|", 1)[-1].strip() != "ok"]


if __name__ == "__main__":
    sys.exit(main())
