"""Provider verification speed: 1,000 and 10,000 message interactions (~20-field bodies, 26 rules each).

Prints Markdown rows ``| what | measured | target | ok |``: in-process (load + verify), the whole
process (``pactspec verify`` in a subprocess, interpreter start-up included), and how the 10,000
case scales against the 1,000 case (target: at most 11×).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pactspec.provider import InProcessBackend, load_app, verify

PROVIDER = "bench-provider"


def rule(match: str, **extra: Any) -> dict[str, Any]:
    return {"combine": "AND", "matchers": [{"match": match, **extra}]}


RULES = {
    "$.id": rule("integer"),
    "$.uuid": rule("regex", regex="^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"),
    "$.name": rule("type"),
    "$.email": rule("regex", regex="^[^@]+@[^@]+\\.[a-z]+$"),
    "$.created": rule("timestamp", format="yyyy-MM-dd'T'HH:mm:ss"),
    "$.amount": rule("decimal"),
    "$.active": rule("boolean"),
    "$.tags": rule("type", min=1),
    "$.tags[*]": rule("type"),
    "$.address.street": rule("type"),
    "$.address.city": rule("type"),
    "$.address.zip": rule("regex", regex="^[0-9]{5}$"),
    "$.address.country": rule("regex", regex="^[A-Z]{2}$"),
    "$.items": rule("type", min=1),
    "$.items[*].sku": rule("regex", regex="^SKU-[0-9]+$"),
    "$.items[*].qty": rule("integer"),
    "$.items[*].price": rule("decimal"),
    "$.status": rule("regex", regex="^(NEW|PAID|SHIPPED)$"),
    "$.version": rule("integer"),
    "$.score": rule("number"),
    "$.currency": rule("regex", regex="^[A-Z]{3}$"),
    "$.phone": rule("regex", regex="^\\+[0-9 ]+$"),
    "$.notes": rule("type"),
    "$.ref": rule("type"),
    "$.locale": rule("regex", regex="^[a-z]{2}_[A-Z]{2}$"),
    "$.count": rule("integer"),
}


def body(i: int) -> dict[str, Any]:
    return {
        "id": i, "uuid": f"{i:08x}-0000-4000-8000-000000000000", "name": f"user {i}",
        "email": f"u{i}@example.com", "created": "2026-11-25T13:00:00", "amount": 12.5 + i,
        "active": i % 2 == 0, "tags": ["a", "b", "c"],
        "address": {"street": "1 Main St", "city": "Springfield", "zip": "12345", "country": "US"},
        "items": [{"sku": "SKU-1", "qty": 2, "price": 9.99}, {"sku": "SKU-2", "qty": 1, "price": 0.5}],
        "status": "PAID", "version": 3, "score": 0.75, "currency": "EUR", "phone": "+49 30 1234",
        "notes": "none", "ref": f"r{i}", "locale": "de_DE", "count": 7,
    }


def actual(i: int) -> dict[str, Any]:
    """What the producer sends: different values of the same shapes, so the rules do the work."""
    data = body(i + 1)
    data["id"] = i
    return data


def write_fixture(folder: Path, count: int) -> tuple[Path, str]:
    interactions = [{
        "type": "Asynchronous/Messages",
        "description": f"event {i}",
        "key": f"k{i}",
        "contents": {"content": body(i), "contentType": "application/json", "encoded": False},
        "metadata": {"topic": "users"},
        "matchingRules": {"body": RULES},
        "pending": False,
    } for i in range(count)]
    pact = folder / f"bench-consumer-{count}.json"
    pact.write_text(json.dumps({"consumer": {"name": "bench-consumer"}, "provider": {"name": PROVIDER},
                                "interactions": interactions,
                                "metadata": {"pactSpecification": {"version": "4.0"}}}))
    module = f"bench_app_{count}"
    (folder / f"{module}.py").write_text(
        "import json\n"
        "from pactspec.model import Message\n"
        f"BODIES = json.load(open({str(folder / f'{module}.json')!r}))\n"
        "PRODUCERS = {f'event {i}': (lambda b=b: Message(b, metadata={'topic': 'users'}))\n"
        "             for i, b in enumerate(BODIES)}\n"
    )
    (folder / f"{module}.json").write_text(json.dumps([actual(i) for i in range(count)]))
    return pact, module


def in_process(pact: Path, module: str) -> float:
    best = float("inf")
    for _ in range(3):
        provider = load_app(module)
        start = time.perf_counter()
        result = verify([pact], InProcessBackend(provider), provider=PROVIDER)
        elapsed = time.perf_counter() - start
        if result.exit_code != 0:
            failures = [(r.description, r.errors, r.mismatches[:2]) for _, r in result.interactions if r.failed]
            raise SystemExit(f"benchmark pact did not verify: {result.problems} {failures[:2]}")
        best = min(best, elapsed)
    return best


def whole_process(pact: Path, module: str, folder: Path) -> float:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(folder), str(ROOT)])}
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "pactspec", "verify", str(pact), "--provider", PROVIDER,
                               "--app", module], check=False, capture_output=True, text=True, env=env)
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            raise SystemExit(f"pactspec verify exited {done.returncode}: {done.stderr[-2000:]}")
        best = min(best, elapsed)
    return best


def row(what: str, measured: str, target: str, ok: bool) -> None:
    print(f"| {what} | {measured} | {target} | {'ok' if ok else 'MISSED'} |")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sys.path.insert(0, str(folder))
        small = write_fixture(folder, 1_000)
        large = write_fixture(folder, 10_000)
        t1 = in_process(*small)
        p1 = whole_process(*small, folder)
        t10 = in_process(*large)
        p10 = whole_process(*large, folder)
    row("verify 1,000 interactions (20 fields, 26 rules each), in-process", f"{t1:.2f} s", "≤ 1 s", t1 <= 1)
    row("verify 1,000 interactions, whole process (`pactspec verify`)", f"{p1:.2f} s", "≤ 1 s", p1 <= 1)
    row("verify 10,000 interactions, in-process", f"{t10:.2f} s ({t10 / t1:.1f}× the 1,000 case)",
        "≤ 11×", t10 <= 11 * t1)
    row("verify 10,000 interactions, whole process", f"{p10:.2f} s ({p10 / p1:.1f}× the 1,000 case)",
        "≤ 11×", p10 <= 11 * p1)


if __name__ == "__main__":
    main()
