"""`pactspec verify` and `pactspec serve` as a user runs them: exit codes, reports, bad input."""

from __future__ import annotations

import base64
import json
import os
import re
import socket
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from pactspec.cli import main

REPO = Path(__file__).resolve().parents[2]

APP = '''
from pactspec.model import Message
from pactspec.provider._registry import producer, provider_state

LOG = []

@provider_state("User 127 exists")
def user_exists(id=127):
    LOG.append(f"setup {id}")
    yield {"id": id}
    LOG.append(f"teardown {id}")

@provider_state("a broken state")
def broken():
    raise RuntimeError("database is down")

@producer("a user created event")
def user_created(context):
    return Message({"id": context.get("id", 127), "name": "Ann", "email": "ann@example.com"},
                   metadata={"topic": "users.created"})

@producer("a user deleted event")
def user_deleted():
    return {"id": 127, "reason": "asked"}

@producer("a price event")
def price():
    import decimal
    return {"price": {"amount": decimal.Decimal("9.99"), "currency": "EUR"}}

@producer("a raising producer")
def raising():
    raise KeyError("no such user")

@producer("a noisy producer \\x1b")
def noisy():
    raise RuntimeError("\\x1b[31mconnection lost\\x1b[0m \\x00 \\ud800")
'''

BROKEN_APP = '''
from pactspec.model import Message
from pactspec.provider._registry import producer, provider_state

@provider_state("User 127 exists")
def user_exists(id=127):
    return {"id": id}

@producer("a user created event")
def user_created(context):
    # the bug: the id went out as text and the email field was renamed
    return Message({"id": str(context["id"]), "name": "Ann", "mail": "ann@example.com"},
                   metadata={"topic": "accounts.created"})
'''

INTEGER = {"combine": "AND", "matchers": [{"match": "integer"}]}


def created_event(**extra: Any) -> dict[str, Any]:
    return {
        "type": "Asynchronous/Messages",
        "description": "a user created event",
        "providerStates": [{"name": "User 127 exists", "params": {"id": 127}}],
        "contents": {"content": {"id": 1, "name": "Bob", "email": "bob@example.com"},
                     "contentType": "application/json", "encoded": False},
        "metadata": {"topic": "users.created"},
        "matchingRules": {
            "body": {"$.id": INTEGER, "$.name": {"combine": "AND", "matchers": [{"match": "type"}]},
                     "$.email": {"combine": "AND", "matchers": [{"match": "regex", "regex": "^[^@]+@[^@]+$"}]}},
            "metadata": {"topic": {"combine": "AND", "matchers": [{"match": "regex", "regex": "^users\\..*"}]}},
        },
        "comments": {"testname": "Users: A new user", "text": ["source: features/users.feature:12"]},
        **extra,
    }


def write_pact(folder: Path, interactions: list[dict], *, consumer: str = "orders",
               provider: str = "user-events") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{consumer}-{provider}.json"
    path.write_text(json.dumps({"consumer": {"name": consumer}, "provider": {"name": provider},
                                "interactions": interactions,
                                "metadata": {"pactSpecification": {"version": "4.0"}}}, indent=2))
    return path


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh app module per test (unique name, so registrations never leak between tests)."""
    name = f"cli_app_{os.urandom(4).hex()}"
    (tmp_path / "apps").mkdir()
    (tmp_path / "apps" / f"{name}.py").write_text(APP)
    (tmp_path / "apps" / f"{name}_broken.py").write_text(BROKEN_APP)
    (tmp_path / "apps" / f"{name}_raising.py").write_text("raise RuntimeError('the settings file is missing')\n")
    monkeypatch.syspath_prepend(str(tmp_path / "apps"))
    return name


def normalise(text: str) -> str:
    return re.sub(r"in (\d+\.\d\ds|<?\d+(\.\d)?ms)$", "in N.NNs", text, flags=re.MULTILINE)


class TestVerifyInProcess:
    def test_passing_pacts_exit_0(self, tmp_path: Path, app: str, capsys: pytest.CaptureFixture[str]) -> None:
        pacts = tmp_path / "pacts"
        write_pact(pacts, [created_event()])
        assert main(["verify", str(pacts), "--provider", "user-events", "--app", app]) == 0
        out = capsys.readouterr().out
        assert "  ok      a user created event" in out
        assert out.endswith(" passed, 0 failed in " + out.rsplit(" in ", 1)[1])
        import importlib
        assert importlib.import_module(app).LOG == ["setup 127", "teardown 127"]

    def test_a_broken_producer_gives_this_report(self, tmp_path: Path, app: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
        """The exact failure report a user sees for a producer with two bugs."""
        pacts = tmp_path / "pacts"
        source = write_pact(pacts, [created_event()])
        code = main(["verify", str(pacts), "--provider", "user-events", "--app", f"{app}_broken"])
        assert code == 1
        assert normalise(capsys.readouterr().out) == EXPECTED_BROKEN_REPORT.format(source=source)

    def test_errors_are_reported_per_interaction_and_the_run_goes_on(
            self, tmp_path: Path, app: str, capsys: pytest.CaptureFixture[str]) -> None:
        """Producer raising, state raising, no producer, malformed file: all reported, teardown ran, exit 1."""
        pacts = tmp_path / "pacts"
        write_pact(pacts, [
            {**created_event(), "description": "a raising producer"},
            {**created_event(), "description": "a user created event",
             "providerStates": [{"name": "User 127 exists", "params": {"id": 127}}, {"name": "a broken state"}]},
            {**created_event(), "description": "nobody produces this", "providerStates": []},
            created_event(),
        ])
        (pacts / "zz-malformed.json").write_text('{"consumer": {"name": "x"}, "provider": ')
        code = main(["verify", str(pacts), "--provider", "user-events", "--app", app])
        out = capsys.readouterr().out
        assert code == 1
        assert "the producer of 'a raising producer' raised KeyError: 'no such user'" in out
        assert "the handler of provider state 'a broken state' raised RuntimeError: database is down" in out
        assert "no producer for message 'nobody produces this'" in out
        assert f"{pacts / 'zz-malformed.json'}:1: " in out
        assert "  ok      a user created event" in out  # the last one still ran and passed
        import importlib
        assert importlib.import_module(app).LOG == ["setup 127", "teardown 127"] * 3

    def test_a_decimal_in_a_produced_body_is_named_by_its_path(self, tmp_path: Path, app: str,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
        """A Decimal (what DynamoDB and many ORMs return) is reported at its JSON path with what to return instead."""
        pacts = tmp_path / "pacts"
        write_pact(pacts, [{**created_event(), "description": "a price event", "providerStates": [],
                            "matchingRules": {}}])
        assert main(["verify", str(pacts), "--provider", "user-events", "--app", app]) == 1
        assert ("cannot be sent as application/json: $.price.amount is Decimal('9.99') (a Decimal), which JSON "
                "cannot hold; make it a float, or a str if every digit matters") in capsys.readouterr().out

    def test_junit_and_json_reports(self, tmp_path: Path, app: str) -> None:
        pacts = tmp_path / "pacts"
        write_pact(pacts, [created_event(), {**created_event(), "description": "a raising producer"}])
        code = main(["verify", str(pacts), "--provider", "user-events", "--app", app, "--provider-version", "2.0.1",
                     "--junit", str(tmp_path / "junit.xml"), "--json", str(tmp_path / "report.json")])
        assert code == 1
        root = ET.parse(tmp_path / "junit.xml").getroot()
        assert (root.get("tests"), root.get("errors")) == ("2", "1")
        data = json.loads((tmp_path / "report.json").read_text())
        assert data["provider"] == {"name": "user-events", "version": "2.0.1"}
        assert [i["status"] for i in data["pacts"][0]["interactions"]] == ["passed", "error"]
        assert data["pacts"][0]["interactions"][0]["scenario"] == "features/users.feature:12"

    def test_junit_is_well_formed_with_one_testcase_per_interaction(self, tmp_path: Path, app: str,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
        """Pass, failure, errors (control characters in the text too) and a malformed file, as JUnit readers expect."""
        pacts = tmp_path / "pacts"
        write_pact(pacts, [created_event(),
                           {**created_event(), "description": "a user deleted event", "providerStates": []},
                           {**created_event(), "description": "a raising producer"},
                           {**created_event(), "description": "a noisy producer \x1b"}])
        (pacts / "zz-malformed.json").write_text('{"consumer": ')
        junit, report = tmp_path / "junit.xml", tmp_path / "report.json"
        assert main(["verify", str(pacts), "--app", app, "--junit", str(junit), "--json", str(report)]) == 1
        console = capsys.readouterr().out
        assert "  ERROR   a noisy producer \\x1b  [provider state" in console  # no raw escape reaches the terminal
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", console)
        root = ET.parse(junit).getroot()  # raises on a file that is not well-formed XML
        assert [(k, root.get(k)) for k in ("tests", "failures", "errors", "skipped")] == [
            ("tests", "5"), ("failures", "1"), ("errors", "3"), ("skipped", "0")]
        suites = {suite.get("name"): suite for suite in root.iter("testsuite")}
        assert [case.get("name") for case in suites["pact files"]] == [str(pacts / "zz-malformed.json")]
        cases = {case.get("name").split(" [")[0]: case for case in suites["orders -> user-events"]}
        assert list(cases) == ["a user created event", "a user deleted event", "a raising producer",
                               "a noisy producer \\x1b"]
        assert [child.tag for child in cases["a user created event"]] == []
        [failure] = cases["a user deleted event"]
        assert failure.tag == "failure" and "missing the following keys" in failure.get("message")
        [error] = cases["a raising producer"]
        assert error.tag == "error"
        assert re.fullmatch(r"the producer of 'a raising producer' raised KeyError: 'no such user' "
                            rf"\(raised at .*{app}\.py:\d+ in raising\)", error.get("message"))
        [noisy] = cases["a noisy producer \\x1b"]
        assert "raised RuntimeError: \\x1b[31mconnection lost\\x1b[0m \\x00 \\ud800" in noisy.get("message")
        assert all(case.get("classname") == "orders.user-events" and float(case.get("time")) >= 0
                   for case in cases.values())
        data = json.loads(report.read_text(encoding="utf-8"))
        assert data["pacts"][0]["interactions"][3]["errors"][0].split(" (raised at ")[0].endswith("\x1b[31mconnection lost\x1b[0m \x00 \ud800")

    def test_a_filter_emptying_the_providers_pacts_says_so(self, tmp_path: Path, app: str,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
        """--provider p --description zzz blames the filter for p's interactions, not other providers' pacts."""
        pacts = tmp_path / "pacts"
        write_pact(pacts, [created_event()])
        write_pact(pacts, [created_event(), created_event() | {"description": "another"}], provider="p")
        assert main(["verify", str(pacts), "--app", app, "--provider", "p", "--description", "zzz"]) == 1
        out = capsys.readouterr().out
        assert ("all 2 interactions for provider 'p' in 1 pact file were filtered out by --description 'zzz'; "
                "check the filters, or pass --allow-empty") in out
        assert "user-events" not in out
        assert main(["verify", str(pacts), "--app", app, "--provider", "p", "--consumer", "billing"]) == 1
        assert ("no pacts of consumer 'billing' for provider 'p' (its consumers: 'orders'); check --consumer"
                in capsys.readouterr().out)
        assert main(["verify", str(pacts), "--app", app, "--provider", "q"]) == 1
        assert "no pacts for provider 'q' (pacts found for " in capsys.readouterr().out

    def test_a_bad_description_pattern_has_no_json_hint(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """The regex error for --description is about the command line: no advice on JSON escapes."""
        pacts = tmp_path / "pacts"
        write_pact(pacts, [created_event()])
        assert main(["verify", str(pacts), "--app", "no_such_app_module_9f", "--description", "("]) == 2
        err = capsys.readouterr().err
        assert "--description: regex /(/ is not a valid regular expression (missing ), unterminated subpattern" in err
        assert "JSON" not in err and "import" not in err

    def test_filters(self, tmp_path: Path, app: str, capsys: pytest.CaptureFixture[str]) -> None:
        pacts = tmp_path / "pacts"
        write_pact(pacts, [created_event(), {**created_event(), "description": "a raising producer",
                                             "providerStates": []}])
        assert main(["verify", str(pacts), "--app", app, "--description", "created"]) == 0
        assert main(["verify", str(pacts), "--app", app, "--state", "User 127 exists"]) == 0
        assert main(["verify", str(pacts), "--app", app, "--no-state"]) == 1
        assert main(["verify", str(pacts), "--app", app, "--description", "^none$"]) == 1
        assert main(["verify", str(pacts), "--app", app, "--description", "^none$", "--allow-empty"]) == 0
        assert ("all 2 interactions for any provider in 1 pact file were filtered out by --description '^none$'; "
                "check the filters, or pass --allow-empty") in capsys.readouterr().out
        assert main(["verify", str(pacts), "--app", app, "--description", "created", "--consumer", "orders"]) == 0
        assert main(["verify", str(pacts), "--app", app, "--consumer", "billing"]) == 1

    def test_report_folders_are_created(self, tmp_path: Path, app: str) -> None:
        pacts = tmp_path / "pacts"
        write_pact(pacts, [created_event()])
        report = tmp_path / "reports" / "deep" / "verify.json"
        assert main(["verify", str(pacts), "--app", app, "--json", str(report)]) == 0
        assert json.loads(report.read_text())["success"] is True


class TestUnusableInput:
    @pytest.mark.parametrize(("argv", "message"), [
        (["verify", "{pacts}", "--app", "no_such_module_here"], "cannot import module 'no_such_module_here'"),
        (["verify", "{empty}", "--app", "{app}"], "No pact files found in"),
        (["verify", "{missing}", "--app", "{app}"], "no such pact file or folder"),
        (["verify", "{pacts}"], "nothing to verify against: give --app MODULE"),
        (["verify", "{pacts}", "--app", "{app}", "--state", "x", "--no-state"], "exclude each other"),
        (["verify", "{pacts}", "--state-url", "http://127.0.0.1:1/"], "--state-url needs --message-url"),
        (["verify", "{pacts}", "--message-url", "ftp://x"], "is not an http(s) URL"),
        (["verify", "{pacts}", "--app", "{app}", "--description", "(unclosed"], "--description"),
        (["verify", "{bad}", "--app", "{app}"], "zz-malformed.json"),
        (["verify", "{pacts}", "--app", "{app}", "--junit", "/proc/no/such/junit.xml"], "cannot write the report"),
        (["verify", "{pacts}", "--app", "{app}", "--path", "{missing}"], "--path"),
        (["verify", "{pacts}", "--app", "{app}_raising"], "importing module 'cli_app_"),
        (["serve", "--app", "{app}", "--port", "0", "--path", "{missing}"], "there is no such folder"),
    ])
    def test_exit_2_with_one_sentence(self, tmp_path: Path, app: str, capsys: pytest.CaptureFixture[str],
                                      argv: list[str], message: str) -> None:
        pacts = tmp_path / "pacts"
        write_pact(pacts, [created_event()])
        (tmp_path / "empty").mkdir()
        (tmp_path / "bad").mkdir()
        (tmp_path / "bad" / "zz-malformed.json").write_text("{")
        names = {"pacts": pacts, "empty": tmp_path / "empty", "missing": tmp_path / "missing.json",
                 "bad": tmp_path / "bad", "app": app}
        code = main([part.format(**names) for part in argv])
        captured = capsys.readouterr()
        assert code == 2
        assert message in captured.err + captured.out
        assert "Traceback" not in captured.err

    def test_allow_empty_turns_no_files_into_success(self, tmp_path: Path, app: str) -> None:
        (tmp_path / "empty").mkdir()
        assert main(["verify", str(tmp_path / "empty"), "--app", app, "--allow-empty"]) == 0


def test_subprocess_run_like_a_user(tmp_path: Path, app: str) -> None:
    """`python -m pactspec verify` in a real process: report on stdout, exit 1 for the broken producer."""
    pacts = tmp_path / "pacts"
    source = write_pact(pacts, [created_event()])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path / "apps"), str(REPO)])}
    ok = subprocess.run([sys.executable, "-m", "pactspec", "verify", str(pacts), "--provider", "user-events",
                         "--app", app], capture_output=True, text=True, env=env, cwd=tmp_path, check=False)
    assert (ok.returncode, ok.stderr) == (0, "")
    assert "OK: 1 passed, 0 failed" in ok.stdout
    broken = subprocess.run([sys.executable, "-m", "pactspec", "verify", str(pacts), "--provider", "user-events",
                             "--app", f"{app}_broken"], capture_output=True, text=True, env=env, cwd=tmp_path,
                            check=False)
    assert broken.returncode == 1
    assert normalise(broken.stdout) == EXPECTED_BROKEN_REPORT.format(source=source)


def test_quiet_prints_only_failures_and_the_summary(tmp_path: Path, app: str) -> None:
    """`pactspec verify --quiet` on 200 passing and 1 failing interaction prints the one failure and the summary."""
    pacts = tmp_path / "pacts"
    passing = [{**created_event(), "description": f"a user created event {n}", "providerStates": []}
               for n in range(200)]
    (tmp_path / "apps" / f"{app}_many.py").write_text(APP + "\n".join(
        f"producer('a user created event {n}')(user_created)" for n in range(200)) + "\n")
    write_pact(pacts, [*passing, {**created_event(), "description": "a raising producer"}])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path / "apps"), str(REPO)])}
    command = [sys.executable, "-m", "pactspec", "verify", str(pacts), "--app", f"{app}_many"]
    loud = subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path, check=False)
    done = subprocess.run([*command, "--quiet"], capture_output=True, text=True, env=env, cwd=tmp_path, check=False)
    assert loud.returncode == done.returncode == 1
    assert len(loud.stdout.splitlines()) > 600
    lines = normalise(done.stdout).splitlines()
    assert lines[0] == "Failures:"
    assert lines[2].startswith('1) 1 error in "a raising producer" (features/users.feature:12) from consumer "orders"')
    assert lines[-1] == "FAILED: 200 passed, 1 failed in N.NNs"
    assert len(lines) == 6 and "ok " not in done.stdout


def test_verify_over_the_message_proxy(tmp_path: Path, app: str, capsys: pytest.CaptureFixture[str]) -> None:
    """`pactspec serve` in a subprocess, `pactspec verify --message-url` against it."""
    pacts = tmp_path / "pacts"
    write_pact(pacts, [created_event()])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path / "apps"), str(REPO)])}
    for module, expected in ((app, 0), (f"{app}_broken", 1)):
        server = subprocess.Popen([sys.executable, "-m", "pactspec", "serve", "--app", module, "--port", "0"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        try:
            banner = server.stdout.readline()
            base = re.search(r"on (http://127\.0\.0\.1:\d+)", banner)
            assert base, (banner, server.stderr.read() if server.poll() is not None else "")
            code = main(["verify", str(pacts), "--provider", "user-events",
                         "--message-url", f"{base.group(1)}/_pact/message",
                         "--state-url", f"{base.group(1)}/_pact/state"])
            assert code == expected, capsys.readouterr().out
        finally:
            server.terminate()
            server.wait(timeout=10)
            server.stdout.close()
            server.stderr.close()
    out = capsys.readouterr().out
    assert "OK: 1 passed" in out
    assert "(3) metadata topic: Expected 'accounts.created' to match" in out


@pytest.mark.parametrize(("producers", "states", "text"), [
    (1, 1, "pactspec serving 1 producer and 1 provider state on http://h:1 "),
    (2, 0, "pactspec serving 2 producers and 0 provider states on http://h:1 "),
])
def test_the_serve_banner_counts_in_words(producers: int, states: int, text: str) -> None:
    """One producer, one provider state: singular nouns."""
    from pactspec.cli.commands.serve import banner

    assert banner(producers, states, "http://h:1").startswith(text)


class TestPath:
    """``--path DIR`` makes a project's modules importable without PYTHONPATH, as ``pactspec run --path`` does."""

    @pytest.fixture
    def project(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
        """A project folder with its app in src/<package>/producer.py, not on sys.path."""
        package = f"proj_{os.urandom(4).hex()}"
        (tmp_path / "src" / package).mkdir(parents=True)
        (tmp_path / "src" / package / "__init__.py").write_text("")
        (tmp_path / "src" / package / "producer.py").write_text(APP)
        write_pact(tmp_path / "pacts", [created_event()])
        monkeypatch.setattr(sys, "path", list(sys.path))  # --path edits sys.path: undo it after the test
        monkeypatch.chdir(tmp_path)
        return tmp_path, f"{package}.producer"

    def test_without_path_the_app_is_not_found(self, project: tuple[Path, str],
                                               capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["verify", "pacts", "--app", project[1]]) == 2
        assert f"cannot import module {project[1]!r}" in capsys.readouterr().err

    def test_verify_imports_the_app_from_the_folder(self, project: tuple[Path, str],
                                                    capsys: pytest.CaptureFixture[str]) -> None:
        (project[0] / "elsewhere").mkdir()
        assert main(["verify", "pacts", "--app", project[1], "--path", "elsewhere", "--path", "src"]) == 0
        assert "OK: 1 passed, 0 failed" in capsys.readouterr().out
        assert sys.path.index(str(project[0] / "elsewhere")) < sys.path.index(str(project[0] / "src"))

    def test_serve_imports_the_app_from_the_folder(self, project: tuple[Path, str],
                                                   capsys: pytest.CaptureFixture[str]) -> None:
        """`pactspec serve --path src` in a real process, without PYTHONPATH, then verified over HTTP."""
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        env["PYTHONPATH"] = str(REPO)  # pactspec itself, as an installed package would be
        server = subprocess.Popen([sys.executable, "-m", "pactspec", "serve", "--app", project[1], "--port", "0",
                                   "--path", "src"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  env=env, cwd=project[0])
        try:
            banner = server.stdout.readline()
            base = re.search(r"on (http://127\.0\.0\.1:\d+)", banner)
            assert base, (banner, server.stderr.read() if server.poll() is not None else "")
            assert main(["verify", "pacts", "--message-url", f"{base.group(1)}/_pact/message",
                         "--state-url", f"{base.group(1)}/_pact/state"]) == 0
        finally:
            server.terminate()
            server.wait(timeout=10)
            server.stdout.close()
            server.stderr.close()
        assert "OK: 1 passed, 0 failed" in capsys.readouterr().out


class ForeignProducer(BaseHTTPRequestHandler):
    """A producer written without pactspec: plain HTTP speaking the message-proxy protocol, in a mode."""

    mode = "ok"
    disable_nagle_algorithm = True

    def do_POST(self) -> None:
        request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if self.path == "/state":
            if self.mode == "state-404":
                return self.reply(404, b"unknown state", "text/plain")
            return self.reply(200, json.dumps({"id": 127}).encode(), "application/json")
        if self.mode == "500" or request["description"] == "a crashing event":
            return self.reply(500, b'{"error": "NullPointerException in UserPublisher"}', "application/json")
        if self.mode == "not-json":
            return self.reply(200, b"<html>Bad gateway</html>", "application/json")
        body = {"id": 127, "name": "Ann", "email": "ann@example.com"}
        metadata = base64.b64encode(json.dumps({"topic": "users.created"}).encode()).decode()
        self.reply(200, json.dumps(body).encode(), "application/json", {"Pact-Message-Metadata": metadata})

    def reply(self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in {"Content-Type": content_type, "Content-Length": str(len(body)), **(headers or {})}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


class TestForeignProducer:
    """`verify --message-url/--state-url` against a producer in "another language": each failure on its interaction."""

    @pytest.fixture
    def serve(self) -> Iterator[Callable[[str], str]]:
        servers: list[ThreadingHTTPServer] = []

        def start(mode: str) -> str:
            handler = type("Handler", (ForeignProducer,), {"mode": mode})
            server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
            threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
            servers.append(server)
            return f"http://127.0.0.1:{server.server_address[1]}"

        yield start
        for server in servers:
            server.shutdown()
            server.server_close()

    @pytest.mark.parametrize(("mode", "error"), [
        ("ok", None),
        ("500", ("the message proxy at {url}/message answered 500 for 'a user created event': "
                "NullPointerException in UserPublisher")),
        ("not-json", "the message from {url}/message: the body is declared as application/json but is not valid JSON"),
        ("state-404", "the state URL answered 404 to the setup of provider state 'User 127 exists': unknown state"),
        ("refused", "provider state 'User 127 exists' (setup): cannot reach {url}/state: [Errno 111] Connection refused"),
    ])
    def test_each_failure_is_reported_on_its_interaction(self, tmp_path: Path, serve: Callable[[str], str],
                                                         capsys: pytest.CaptureFixture[str], mode: str,
                                                         error: str | None) -> None:
        pacts = tmp_path / "pacts"
        write_pact(pacts, [created_event(), {**created_event(), "description": "a crashing event"}])
        if mode == "refused":
            with socket.socket() as probe:  # a port nobody listens on
                probe.bind(("127.0.0.1", 0))
                url = f"http://127.0.0.1:{probe.getsockname()[1]}"
        else:
            url = serve(mode)
        code = main(["verify", str(pacts), "--message-url", f"{url}/message", "--state-url", f"{url}/state"])
        captured = capsys.readouterr()
        assert code == 1 and "Traceback" not in captured.out + captured.err
        assert "  ERROR   a crashing event" in captured.out  # the run went on to the second interaction
        if error is None:
            assert "  ok      a user created event" in captured.out
        else:
            assert "  ERROR   a user created event" in captured.out
            assert f"  - {error.format(url=url)}" in captured.out


def test_serve_refuses_a_bad_port(app: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--app", app, "--port", "70000"]) == 2
    assert "is not a port number" in capsys.readouterr().err


EXPECTED_BROKEN_LINES = [
    'Verifying provider "user-events": 1 interaction in 1 pact file',
    "",
    "orders -> user-events  ({source})",
    '  FAILED  a user created event  [provider state "User 127 exists" {{"id": 127}}]',
    "          # source: features/users.feature:12",
    "          # test: Users: A new user",
    "",
    "Failures:",
    "",
    ('1) 3 mismatches in "a user created event" (features/users.feature:12) from consumer "orders", '
     'provider state "User 127 exists" {{"id": 127}}:'),
    "  Body had differences",
    "  Metadata had differences",
    "  (1) $: Actual map is missing the following keys: email",
    '      expected: ["email","id","name"] (Array)',
    '      actual:   ["id","mail","name"] (Array)',
    "  (2) $.id: Expected '127' (String) to be an integer",
    "      expected: 1 (Integer)",
    "      actual:   '127' (String)",
    r"  (3) metadata topic: Expected 'accounts.created' to match '^users\..*'",
    "      expected: 'users.created' (String)",
    "      actual:   'accounts.created' (String)",
    "",
    "FAILED: 0 passed, 1 failed in N.NNs",
    "",
]
EXPECTED_BROKEN_REPORT = "\n".join(EXPECTED_BROKEN_LINES)
