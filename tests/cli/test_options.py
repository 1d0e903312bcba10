"""Options every user-code command shares, run as a user runs them: ``--timeout`` and aggregator ``--app`` modules."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pactspec.cli import main
from tests.cli.test_verify import write_pact

REPO = Path(__file__).resolve().parents[2]

PRODUCER = """
    import threading
    from pactspec import producer, provider_state

    @provider_state("User 127 exists")
    def user(id):
        print("setup", flush=True)
        yield {"id": id}
        print("teardown", flush=True)

    @producer("a user event")
    def user_event(context):
        return {"id": context["id"]}

    @producer("a stuck event")
    def stuck():
        threading.Event().wait()  # never returns
"""


def interaction(description: str) -> dict:
    return {"type": "Asynchronous/Messages", "description": description,
            "providerStates": [{"name": "User 127 exists", "params": {"id": 127}}],
            "contents": {"content": {"id": 127}, "contentType": "application/json", "encoded": False}}


def project(tmp_path: Path, *descriptions: str) -> Path:
    """payments/producer.py registers; provider_support.py only imports it (the aggregator)."""
    (tmp_path / "payments").mkdir()
    (tmp_path / "payments" / "__init__.py").touch()
    (tmp_path / "payments" / "producer.py").write_text(textwrap.dedent(PRODUCER))
    (tmp_path / "provider_support.py").write_text("import payments.producer  # registers the producers\n")
    write_pact(tmp_path / "pacts", [interaction(d) for d in descriptions])
    return tmp_path


def pactspec(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PACT_DO_NOT_TRACK": "true"}
    return subprocess.run([sys.executable, "-m", "pactspec", *args], cwd=folder, env=env, capture_output=True,
                          text=True, timeout=120, check=False)


def test_an_aggregator_app_module_verifies(tmp_path: Path) -> None:
    """--app provider_support, which only imports payments.producer, finds its producers and states."""
    done = pactspec(project(tmp_path, "a user event"), "verify", "pacts", "--app", "provider_support")
    assert (done.returncode, done.stderr) == (0, ""), done.stdout
    assert "OK: 1 passed, 0 failed" in done.stdout


def test_a_stuck_producer_fails_its_interaction_and_is_named_at_exit(tmp_path: Path) -> None:
    """--timeout 0.5: the stuck interaction fails, its state is torn down, the next passes, a note at exit."""
    folder = project(tmp_path, "a stuck event", "a user event")
    done = pactspec(folder, "verify", "pacts", "--app", "provider_support", "--timeout", "0.5")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "the producer of 'a stuck event', stuck (" in done.stdout
    assert "payments/producer.py:15), did not return within 0.5 s" in done.stdout
    assert done.stdout.count("setup") == done.stdout.count("teardown") == 2
    assert done.stderr.startswith("pactspec: still running as the process exits (it timed out earlier): "
                                  "the producer of 'a stuck event', stuck (")
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("command", [["verify", "pacts", "--app", "provider_support"],
                                     ["serve", "--app", "provider_support", "--port", "0"],
                                     ["capture", "pacts", "--app", "provider_support", "--transport", "amqp://x"],
                                     ["run", "contracts"]])
@pytest.mark.parametrize("value", ["-1", "soon"])
def test_a_timeout_that_is_no_number_of_seconds_exits_2(command: list[str], value: str,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """--timeout -1 (or text) is one sentence and exit 2, before anything is imported or run."""
    assert main([*command, "--timeout", value]) == 2
    err = capsys.readouterr().err
    assert err == (f"pactspec {command[0]}: --timeout {value} is not a number of seconds; give a positive number "
                   "such as 60, or 0 for no limit\n")


def test_run_fails_a_handler_that_never_returns(tmp_path: Path) -> None:
    """pactspec run --timeout 0.5: the stuck handler's contract fails, the other passes and is written."""
    (tmp_path / "handlers.py").write_text(textwrap.dedent("""
        import threading

        def accept(message):
            pass

        def stuck(message):
            threading.Event().wait()
    """))
    (tmp_path / "contracts").mkdir()
    for name, handler in (("stuck", "handlers:stuck"), ("fine", "handlers:accept")):
        (tmp_path / "contracts" / f"{name}.yaml").write_text(textwrap.dedent(f"""
            consumer: orders
            provider: user-events
            messages:
              - description: a {name} event
                handler: {handler}
                content:
                  $.id: {{example: 1, matcher: integer}}
        """))
    done = pactspec(tmp_path, "run", "contracts", "--timeout", "0.5")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "ok     contracts/fine.yaml" in done.stdout
    assert "the handler handlers:stuck for \"a stuck event\"" in done.stdout
    assert "did not return within 0.5 s" in done.stdout
    assert "1 passed, 1 failed, 0 with errors" in done.stdout
    assert "still running as the process exits" in done.stderr
