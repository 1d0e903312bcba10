"""Every `pactspec` subcommand meets bad input with exit 2 (1 for a failed contract) and one line, never a traceback.

The CLI runs in-process (``pactspec.cli.main``); each case writes a broken pact file (or points at a
missing path, or a folder with no pacts) and checks the exit code, that stderr is one line naming
the file and, where there is one, the JSON path, and that no traceback appears anywhere.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pactspec.cli import main

_MODULES = itertools.count()

APP = '''
from pactspec.provider._registry import producer, provider_state

@provider_state("a user exists")
def user_exists():
    return {"id": 1}

@producer("a user event")
def user_event():
    return {"id": 1, "name": "a" * 40 + "!"}
'''


def _interaction(content: Any = None, **parts: Any) -> dict[str, Any]:
    return {
        "type": "Asynchronous/Messages",
        "description": "a user event",
        "key": "k1",
        "contents": {"contentType": "application/json", "encoded": False,
                     "content": content or {"id": 1, "name": "Ann"}},
        "metadata": {},
        **parts,
    }


def _pact(*interactions: dict[str, Any]) -> dict[str, Any]:
    return {
        "consumer": {"name": "web"},
        "provider": {"name": "users"},
        "interactions": list(interactions) or [_interaction()],
        "metadata": {"pactSpecification": {"version": "4.0"}},
    }


def _rule(*matchers: dict[str, Any], path: str = "$.name") -> dict[str, Any]:
    return {"body": {path: {"combine": "AND", "matchers": list(matchers)}}}


# name -> (pact file text, JSON path the message must name or None, exit code)
BAD_PACTS: dict[str, tuple[str, str | None, int]] = {
    "bad JSON": ('{"consumer": {"name": "web"}, "provider": ', None, 2),
    "consumer is a number": (json.dumps({**_pact(), "consumer": {"name": 12}}), "$.consumer.name", 2),
    "interactions is an object": (json.dumps({**_pact(), "interactions": {}}), "$.interactions", 2),
    "contents is a number": (
        json.dumps(_pact({**_interaction(), "contents": 5})), "$.interactions[0].contents", 2,
    ),
    "matchers is not a list": (
        json.dumps(_pact(_interaction(matchingRules={"body": {"$.name": {"matchers": "regex"}}}))),
        "$.interactions[0].matchingRules", 2,
    ),
    "invalid regex": (
        json.dumps(_pact(_interaction(matchingRules=_rule({"match": "regex", "regex": "(["})))),
        "$.interactions[0].matchingRules", 2,
    ),
    "unknown matcher": (
        json.dumps(_pact(_interaction(matchingRules=_rule({"match": "looksLike"})))),
        "$.interactions[0].matchingRules", 2,
    ),
    "bad generator": (
        json.dumps(_pact(_interaction(generators={"body": {"$.id": {"type": "RandomInt", "min": "ten"}}}))),
        "$.interactions[0].generators", 2,
    ),
    "unknown generator": (
        json.dumps(_pact(_interaction(generators={"body": {"$.id": {"type": "Telepathy"}}}))),
        "$.interactions[0].generators", 2,
    ),
    "bad date format": (
        json.dumps(_pact(_interaction(matchingRules=_rule({"match": "date", "format": "yyyy-bb"})))),
        "$.interactions[0].matchingRules", 2,
    ),
}

# A catastrophic regex is valid: it must not hang, and the value it rejects is a contract failure.
CATASTROPHIC = json.dumps(_pact(_interaction(matchingRules=_rule({"match": "regex", "regex": "(a+)+$"}),
                                              content={"id": 1, "name": "aaaa"})))

ASYNCAPI = Path(__file__).resolve().parents[1] / "fixtures" / "asyncapi" / "users-kafka.yaml"

# Subcommands that read pact files, and how to call them on one path (``app`` is an importable module).
Runner = Callable[[Path, Path, str], list[str]]
COMMANDS: dict[str, Runner] = {
    "verify": lambda pacts, tmp, app: ["verify", str(pacts), "--path", str(tmp), "--app", app],
    "docs": lambda pacts, tmp, app: ["docs", "--pacts", str(pacts), "--out", str(tmp / "site")],
    "stub": lambda pacts, tmp, app: ["stub", "--pacts", str(pacts), "--to", "amqp://127.0.0.1:1/?exchange=users"],
    "capture": lambda pacts, tmp, app: ["capture", str(pacts), "--transport", "amqp://127.0.0.1:1/?exchange=u",
                                        "--app", app, "--wait", "0.1"],
    "asyncapi check": lambda pacts, tmp, app: ["asyncapi", "check", str(pacts), "--spec", str(ASYNCAPI)],
}

# (command, case) pairs that fail today, with the module that has to change (strict: fixing one shows).
KNOWN_FAILURES: dict[tuple[str, str], str] = {}


@pytest.fixture(autouse=True)
def _importable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(tmp_path))


def _app(tmp_path: Path) -> str:
    name = f"cli_errors_app_{next(_MODULES)}"
    (tmp_path / f"{name}.py").write_text(APP, encoding="utf-8")
    return name


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


# `verify` and `run` write a report to stdout, and an unreadable pact or contract file is one entry of
# that report (the run goes on with the other files); every other command says it on stderr.
REPORTS_ON_STDOUT = {"verify", "run"}


def _check_one_line(command: str, err: str, out: str, *must_name: str) -> None:
    assert "Traceback" not in err and "Traceback" not in out
    if command in REPORTS_ON_STDOUT:
        lines = [line for line in (err + out).splitlines() if all(text in line for text in must_name)]
        assert len(lines) == 1, f"expected one line naming {must_name}, got:\n{err}{out}"
        return
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one line on stderr, got:\n{err}"
    for text in must_name:
        assert text in lines[0], f"{text!r} not in {lines[0]!r}"


def _xfail_known(request: pytest.FixtureRequest, command: str, case: str) -> None:
    reason = KNOWN_FAILURES.get((command, case))
    if reason:
        request.applymarker(pytest.mark.xfail(strict=True, reason=reason))


class TestBrokenPactFiles:
    @pytest.mark.parametrize("command", sorted(COMMANDS))
    @pytest.mark.parametrize("case", sorted(BAD_PACTS))
    def test_exit_2_and_one_line_naming_file_and_path(
        self, command: str, case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        request: pytest.FixtureRequest,
    ) -> None:
        """A broken pact file stops the command with exit 2 and one line naming the file and JSON path."""
        _xfail_known(request, command, case)
        text, json_path, expected_code = BAD_PACTS[case]
        pact = tmp_path / "web-users.json"
        pact.write_text(text, encoding="utf-8")
        code, out, err = _run(COMMANDS[command](pact, tmp_path, _app(tmp_path)), capsys)
        _check_one_line(command, err, out, "web-users.json", *([json_path] if json_path else []))
        assert code == expected_code


class TestMissingInput:
    @pytest.mark.parametrize("command", sorted(COMMANDS))
    def test_nonexistent_path(
        self, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], request: pytest.FixtureRequest,
    ) -> None:
        """A pact path that does not exist is exit 2 and one line naming it."""
        _xfail_known(request, command, "nonexistent path")
        missing = tmp_path / "no-such-pacts"
        code, out, err = _run(COMMANDS[command](missing, tmp_path, _app(tmp_path)), capsys)
        _check_one_line(command, err, out, "no-such-pacts")
        assert code == 2

    @pytest.mark.parametrize("command", sorted(COMMANDS))
    def test_folder_without_pacts(
        self, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], request: pytest.FixtureRequest,
    ) -> None:
        """A folder holding no pact files is exit 2 and the one sentence every command says, naming the folder."""
        _xfail_known(request, command, "folder without pacts")
        empty = tmp_path / "empty-pacts"
        empty.mkdir()
        code, out, err = _run(COMMANDS[command](empty, tmp_path, _app(tmp_path)), capsys)
        _check_one_line(command, err, out, f"No pact files found in {empty}; give pact .json files or folders "
                                           "holding them, or pass --allow-empty")
        assert code == 2

    @pytest.mark.parametrize("command", sorted(COMMANDS))
    def test_allow_empty_accepts_a_folder_without_pacts(
        self, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    ) -> None:
        """--allow-empty turns finding no pact file into success (exit 0), with no broker opened."""
        empty = tmp_path / "empty-pacts"
        empty.mkdir()
        code, out, err = _run([*COMMANDS[command](empty, tmp_path, _app(tmp_path)), "--allow-empty"], capsys)
        assert (code, err) == (0, "")
        assert "Traceback" not in out

    @pytest.mark.parametrize("command", sorted(COMMANDS))
    def test_an_empty_folder_beside_pacts_is_not_an_error(
        self, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    ) -> None:
        """Only finding no pact at all stops a command: an empty folder next to a broken pact file is passed over."""
        (tmp_path / "empty-pacts").mkdir()
        pact = tmp_path / "web-users.json"
        pact.write_text(BAD_PACTS["bad JSON"][0], encoding="utf-8")
        argv = COMMANDS[command](tmp_path / "empty-pacts", tmp_path, _app(tmp_path))
        at = argv.index(str(tmp_path / "empty-pacts"))
        code, out, err = _run([*argv[:at + 1], *(["--pacts"] if argv[at - 1] == "--pacts" else []), str(pact),
                               *argv[at + 1:]], capsys)
        _check_one_line(command, err, out, "web-users.json")
        assert "No pact files found" not in err + out
        assert code == 2


class TestCatastrophicRegex:
    def test_verify_fails_the_contract_quickly(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """`(a+)+$` against 40 a's and a '!' is a failed contract (exit 1) within the regex time limit."""
        pact = tmp_path / "web-users.json"
        pact.write_text(CATASTROPHIC, encoding="utf-8")
        started = time.monotonic()
        code, out, err = _run(COMMANDS["verify"](pact, tmp_path, _app(tmp_path)), capsys)
        assert time.monotonic() - started < 30
        assert "Traceback" not in out + err
        assert code == 1
        assert "$.name" in out + err

    @pytest.mark.parametrize("command", ["docs"])
    def test_reading_commands_accept_it(
        self, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    ) -> None:
        """A catastrophic regex is a valid rule: commands that only read the pact succeed."""
        pact = tmp_path / "web-users.json"
        pact.write_text(CATASTROPHIC, encoding="utf-8")
        code, out, err = _run(COMMANDS[command](pact, tmp_path, _app(tmp_path)), capsys)
        assert "Traceback" not in out + err
        assert code == 0, err


class TestOtherCommands:
    def test_run_with_missing_contracts(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """`pactspec run` on a contract path that does not exist is exit 2 and one line naming it."""
        code, out, err = _run(["run", str(tmp_path / "no-such.yaml"), "--pact-dir", str(tmp_path)], capsys)
        _check_one_line("run", err, out, "no-such.yaml")
        assert code == 2

    def test_run_with_broken_yaml(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """`pactspec run` on YAML that does not parse is exit 2 and one line naming the file."""
        contract = tmp_path / "users.yaml"
        contract.write_text("consumer: web\nprovider: [users\n", encoding="utf-8")
        code, out, err = _run(["run", str(contract), "--pact-dir", str(tmp_path)], capsys)
        _check_one_line("run", err, out, "users.yaml")
        assert code == 2

    def test_run_with_missing_path_folder(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """`pactspec run --path` is the same option as verify's: a missing folder is exit 2 and one line."""
        contract = tmp_path / "users.yaml"
        contract.write_text("consumer: web\nprovider: users\n", encoding="utf-8")
        code, out, err = _run(["run", str(contract), "--pact-dir", str(tmp_path), "--path",
                               str(tmp_path / "no-such-src")], capsys)
        _check_one_line("run", err, out, "--path", "no-such-src", "there is no such folder")
        assert code == 2

    def test_run_with_a_pact_dir_that_cannot_be_created(self, capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
        """Pact files that cannot be written are unusable input: exit 2 and one line naming the folder."""
        root = Path(__file__).resolve().parents[2]
        monkeypatch.syspath_prepend(str(root / "features" / "app"))
        code, out, err = _run(["run", str(root / "contracts" / "users.yaml"), "--pact-dir", "/proc/pactspec/pacts"],
                              capsys)
        _check_one_line("run", err, out, "cannot create the pact directory /proc/pactspec/pacts")
        assert code == 2

    def test_serve_with_missing_app(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """`pactspec serve` with an --app module that does not exist is exit 2 and one line naming it."""
        code, out, err = _run(["serve", "--app", "no_such_app_module", "--port", "0"], capsys)
        _check_one_line("serve", err, out, "no_such_app_module")
        assert code == 2

    def test_capture_takes_the_old_broker_option_with_one_warning_line(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    ) -> None:
        """``--broker`` (the name before 0.2) still works, with one stderr line saying to write --transport instead."""
        pact = tmp_path / "web-users.json"
        pact.write_text(json.dumps(_pact()), encoding="utf-8")
        code, out, err = _run(["capture", str(pact), "--broker", "amqp://guest:secret@127.0.0.1:1/?exchange=u",
                               "--app", "no_such_app_module"], capsys)
        warning, error = err.splitlines()
        assert warning == ("pactspec capture: warning: --broker is renamed --transport in pactspec 0.2 and goes in "
                           "0.3; write --transport URL")
        assert "no_such_app_module" in error  # the run went on, with the URL given to --broker
        assert "secret" not in err + out
        assert code == 2

    def test_capture_refuses_both_spellings_at_once(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """``--broker`` and ``--transport`` together are a usage error (exit 2), not a silent choice."""
        code, _, err = _run(["capture", str(tmp_path), "--broker", "amqp://a/", "--transport", "amqp://b/",
                             "--app", "m"], capsys)
        assert "not allowed with argument" in err
        assert code == 2

    def test_capture_with_missing_app_names_it_before_the_transport(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    ) -> None:
        """`pactspec capture` checks --app before it connects: the missing module is named, not the transport."""
        pact = tmp_path / "web-users.json"
        pact.write_text(json.dumps(_pact()), encoding="utf-8")
        code, out, err = _run(["capture", str(pact), "--transport", "amqp://127.0.0.1:1/?exchange=u",
                               "--app", "no_such_app_module", "--wait", "0.1"], capsys)
        _check_one_line("capture", err, out, "no_such_app_module")
        assert "RabbitMQ" not in err
        assert code == 2


class TestTheWrongKindOfFile:
    """A feature given to `pactspec run`, or a YAML contract to `pactspec verify`, is told which command reads it."""

    @pytest.mark.parametrize("given", ["users.feature", "."])
    def test_run_given_gherkin_says_to_run_behave(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str], given: str) -> None:
        """A .feature file, or a folder of them with no YAML, is a Gherkin feature: run behave (exit 2)."""
        monkeypatch.chdir(tmp_path)
        (tmp_path / "users.feature").write_text("Feature: Users\n  Scenario: s\n    Given a step\n")
        assert main(["run", given]) == 2
        err = capsys.readouterr().err
        assert "Gherkin feature" in err and "run behave" in err and f"(e.g. behave {given})" in err
        assert "YAML" in err and "indentation" not in err and "Traceback" not in err

    @pytest.mark.parametrize(("given", "says"), [
        ("contracts/users.yaml", ("contracts/users.yaml: this is a YAML contract: run `pactspec run "
                                 "contracts/users.yaml` first")),
        ("contracts", "contracts holds YAML contracts and no pact files: run `pactspec run contracts` first"),
    ])
    def test_verify_given_a_yaml_contract_says_to_run_it_first(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str], given: str,
                                                             says: str) -> None:
        """A YAML contract is not a pact: verify says to write its pact with `pactspec run` first (exit 2)."""
        monkeypatch.chdir(tmp_path)
        (tmp_path / "contracts").mkdir()
        (tmp_path / "contracts" / "users.yaml").write_text("consumer: a\nprovider: b\nmessages: []\n")
        assert main(["verify", given, "--provider", "b"]) == 2
        err = capsys.readouterr().err
        assert says in err and "not valid JSON" not in err and "No pact files found" not in err
