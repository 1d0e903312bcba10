"""Benchmark: 1,000 asynchronous messages built and verified through the Python API, whole process,
against pact-python 4.2 (the Pact reference implementation's Rust core) doing the same in the same run.

Each message has the matching benchmark's body shape (~20 fields, 26-27 rules: numbers, regexes,
dates, an each-like array of objects, a values map, nested objects), metadata with a regex, a
provider state with a parameter, and a handler that reads the body. pactspec: ``MessagePact`` …
``.verify()`` per message (example built, checked against its matchers, handler called), then
``write()``. pact-python: ``upon_receiving(…, "Async")`` per message, one ``verify(handler)`` over
all of them, then ``write_file``. Each side is a whole ``python`` process (interpreter start,
imports, the pact file written), best of three; the target is at most twice pact-python's time.

``--profile`` prints where pactspec's time goes instead (cProfile of the pactspec side in-process).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

MESSAGES = 1000
RATIO = 2.0
REPO = Path(__file__).resolve().parent.parent

PACTSPEC = textwrap.dedent('''
    import sys
    from pactspec import MessagePact, match

    def body(n):
        return {
            "id": match.integer(n),
            "uuid": match.regex(f"{n:08x}-1234-4abc-8def-0123456789ab",
                                "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
            "name": match.like(f"user {n}"),
            "email": match.regex(f"user{n}@example.com", r"[^@]+@[^@]+\\.[a-z]+"),
            "created": match.datetime("2024-05-06T07:08:09", "yyyy-MM-dd'T'HH:mm:ss"),
            "birthday": match.date("1990-01-31", "yyyy-MM-dd"),
            "amount": match.decimal(12.5 + n),
            "count": match.number(n * 3),
            "active": match.boolean(n % 2 == 0),
            "deleted": match.null(),
            "version": match.semver(f"1.{n % 7}.0"),
            "status": match.regex("ACTIVE", "ACTIVE|SUSPENDED|CLOSED"),
            "note": match.include("user", f"a note about user {n}"),
            "nickname": match.not_empty("nick"),
            "tags": match.each_like(match.like("a"), min=1, max=10),
            "address": match.like({"zip": match.regex("12345", r"\\d{5}"), "city": match.like("Springfield"),
                                   "street": match.like("Evergreen Terrace")}),
            "orders": match.each_like({"sku": match.regex("ABC-1234", r"[A-Z]{3}-\\d{4}"), "qty": match.integer(2),
                                       "price": match.decimal(9.99)}, min=1),
            "settings": match.values({"email": match.boolean(True), "sms": match.boolean(False)}),
            "country": "GB",
            "locale": "en_GB",
        }

    def handle(message):
        if message.body["id"] < 0 or not message.body["orders"]:
            raise ValueError("invalid user event")

    def main(pact_dir, count):
        pact = MessagePact("user-service", "user-events", pact_dir=pact_dir, timeout=0)
        topic = match.regex("users.v1", r"users\\.v[0-9]+")
        for n in range(count):
            (pact.given(f"User with id {n} exists", id=n)
                 .expects_to_receive(f"user event {n}")
                 .with_metadata({"topic": topic})
                 .with_content(body(n))
                 .consumed_by(handle)
                 .verify())
        pact.write()

    if __name__ == "__main__":
        main(sys.argv[1], int(sys.argv[2]))
''')

PACT_PYTHON = textwrap.dedent('''
    import json, sys
    from pact import Pact, match

    def body(n):
        return {
            "id": match.integer(n),
            "uuid": match.regex(f"{n:08x}-1234-4abc-8def-0123456789ab",
                                regex="[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
            "name": match.like(f"user {n}"),
            "email": match.regex(f"user{n}@example.com", regex=r"[^@]+@[^@]+\\.[a-z]+"),
            "created": match.datetime("2024-05-06T07:08:09", format="yyyy-MM-dd'T'HH:mm:ss"),
            "birthday": match.date("1990-01-31", format="yyyy-MM-dd"),
            "amount": match.decimal(12.5 + n),
            "count": match.number(n * 3),
            "active": match.boolean(n % 2 == 0),
            "deleted": match.none(),
            "version": match.regex(f"1.{n % 7}.0", regex=r"\\d+\\.\\d+\\.\\d+"),
            "status": match.regex("ACTIVE", regex="ACTIVE|SUSPENDED|CLOSED"),
            "note": match.includes(f"a note about user {n}"),
            "nickname": match.regex("nick", regex=".+"),
            "tags": match.each_like(match.like("a"), min=1, max=10),
            "address": match.like({"zip": match.regex("12345", regex=r"\\d{5}"), "city": match.like("Springfield"),
                                   "street": match.like("Evergreen Terrace")}),
            "orders": match.each_like({"sku": match.regex("ABC-1234", regex=r"[A-Z]{3}-\\d{4}"),
                                       "qty": match.integer(2), "price": match.decimal(9.99)}, min=1),
            "settings": match.each_value_matches({"email": True, "sms": False}, rules=match.boolean(True)),
            "country": "GB",
            "locale": "en_GB",
        }

    def handle(content, metadata):
        event = json.loads(content)
        if event["id"] < 0 or not event["orders"]:
            raise ValueError("invalid user event")

    def main(pact_dir, count):
        pact = Pact("user-service", "user-events").with_specification("V4")
        topic = match.regex("users.v1", regex=r"users\\.v[0-9]+")
        for n in range(count):
            message = pact.upon_receiving(f"user event {n}", "Async")
            message.given(f"User with id {n} exists", id=n)
            message.with_body(body(n), content_type="application/json")
            message.with_metadata({"topic": topic})
        pact.verify(handle, "Async")
        pact.write_file(pact_dir, overwrite=True)

    if __name__ == "__main__":
        main(sys.argv[1], int(sys.argv[2]))
''')


def run_once(script: Path, folder: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one whole process writing ``MESSAGES`` messages."""
    pacts = folder / "pacts"
    if pacts.exists():
        for path in pacts.iterdir():
            path.unlink()
    env = {**os.environ, "PYTHONPATH": str(REPO), "PACT_DO_NOT_TRACK": "true"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, str(script), str(pacts), str(MESSAGES)], check=False, cwd=folder,
                          env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(1)
    written = list(pacts.glob("*.json"))
    if len(written) != 1 or written[0].read_text().count('"description"') != MESSAGES:
        sys.stderr.write(f"{script.name}: expected one pact file with {MESSAGES} interactions\n")
        raise SystemExit(1)
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def pact_python_installed() -> bool:
    done = subprocess.run([sys.executable, "-c", "import pact.match"], check=False, capture_output=True)
    return done.returncode == 0


def profile() -> None:
    """Where pactspec's time goes: the pactspec side in-process under cProfile, top functions by own time."""
    import cProfile
    import pstats

    with tempfile.TemporaryDirectory(prefix="pactspec-bench-code-") as tmp:
        namespace: dict[str, object] = {"__name__": "bench"}
        exec(compile(PACTSPEC, "bench_code_pactspec.py", "exec"), namespace)  # noqa: S102 - our own script
        profiler = cProfile.Profile()
        profiler.runcall(namespace["main"], str(Path(tmp) / "pacts"), MESSAGES)  # type: ignore[arg-type]
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(25)
        stats.sort_stats("tottime").print_stats(20)


def main() -> int:
    if "--profile" in sys.argv:
        profile()
        return 0
    with tempfile.TemporaryDirectory(prefix="pactspec-bench-code-") as tmp:
        folder = Path(tmp)
        ours = folder / "bench_pactspec.py"
        ours.write_text(PACTSPEC)
        theirs = folder / "bench_pact_python.py"
        theirs.write_text(PACT_PYTHON)
        reference = [run_once(theirs, folder) for _ in range(3)] if pact_python_installed() else []
        runs = [run_once(ours, folder) for _ in range(3)]
    wall, cpu = min(r[0] for r in runs), min(r[1] for r in runs)
    what = f"{MESSAGES:,} async messages (20 fields, 26 rules) built + verified through the Python API"
    if not reference:
        print(f"| {what} (whole process, wall clock) | {wall:.2f} s | ≤ {RATIO:g}× pact-python 4.2 | "
              "MISSED (pact-python not installed: pip install -e '.[interop]') |")
        return 0
    ref_wall, ref_cpu = min(r[0] for r in reference), min(r[1] for r in reference)
    for label, mine, ref in (("wall clock", wall, ref_wall), ("CPU time, user + system", cpu, ref_cpu)):
        verdict = "ok" if mine <= RATIO * ref else "MISSED"
        print(f"| {what} (whole process, {label}) | {mine:.2f} s; pact-python 4.2: {ref:.2f} s "
              f"({mine / ref:.1f}×) | ≤ {RATIO:g}× pact-python | {verdict} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
