"""``pactspec asyncapi check``: a line per interaction, verify's JUnit/JSON reports, exit 0/1/2."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pactspec.cli import main
from pactspec.cli.commands import asyncapi as command
from pactspec.errors import ConfigurationError
from tests.asyncapi.support import FIXTURES, HEADERS, USER, message, write_pact

SPEC = str(FIXTURES / "users-kafka.yaml")


class TestCheck:
    def test_all_match_exits_0(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Every interaction matched: exit 0, a line per interaction naming the operation and the message."""
        pact = write_pact(tmp_path, "ok", [message("a user signed up", USER, metadata=HEADERS)])
        assert main(["asyncapi", "check", str(pact), "--spec", SPEC]) == 0
        out = capsys.readouterr().out
        assert "  ok      a user signed up -> onUserSignedUp: message.matched [root].components.messages.UserSignedUp" in out
        assert out.rstrip().splitlines()[-1].startswith("OK: 1 passed, 0 failed in ")

    def test_a_field_the_provider_removed_exits_1(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A consumer relying on an undeclared field fails with the code, the JSON path and the schema keyword."""
        pact = write_pact(tmp_path, "bad", [message("with email", {**USER, "email": "a@b.c"})])
        assert main(["asyncapi", "check", str(pact), "--spec", SPEC]) == 1
        out = capsys.readouterr().out
        assert "  FAILED  with email -> onUserSignedUp: message.no.match [root].interactions[0]\n" in out
        assert ("          message.payload.incompatible at [root].interactions[0].contents.content "
                "(additionalProperties), [root].components.messages.UserSignedUp.payload.additionalProperties: "
                "'email' is not a declared property (additionalProperties: false)") in out
        assert "FAILED: 0 passed, 1 failed" in out

    def test_warnings_are_shown_and_do_not_fail(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A non-JSON body is a warning under its interaction; the run passes."""
        pact = write_pact(tmp_path, "text", [message("as text", "hello", content_type="text/plain")])
        assert main(["asyncapi", "check", str(pact), "--spec", SPEC]) == 0
        out = capsys.readouterr().out
        assert "warning: message.payload.unvalidatable at [root].interactions[0].contents.content" in out
        assert "OK: 1 passed, 0 failed, 1 warnings" in out

    def test_reports_are_verifys(self, tmp_path: Path) -> None:
        """--junit and --json write verify's reports: a test case per interaction, causes as mismatches."""
        pact = write_pact(tmp_path, "p", [message("good", USER), message("bad", {**USER, "id": "x"})])
        junit, report = tmp_path / "r" / "junit.xml", tmp_path / "r" / "report.json"
        assert main(["asyncapi", "check", str(pact), "--spec", SPEC, "--junit", str(junit), "--json", str(report),
                     "-q"]) == 1
        data = json.loads(report.read_text())
        assert data["schema"] == "pactspec-verification/1" and data["summary"]["failed"] == 1
        (mismatch,) = data["pacts"][0]["interactions"][1]["mismatches"]
        assert mismatch["path"] == "[root].interactions[1].contents.content.id"
        assert mismatch["expected"] == "[root].components.messages.UserSignedUp.payload.properties.id.type"
        assert mismatch["message"].startswith("message.payload.incompatible: ")
        cases = ET.parse(junit).getroot().findall(".//testcase")
        assert [c.find("failure") is not None for c in cases] == [False, True]

    @pytest.mark.parametrize(("text", "expected"), [
        ("asyncapi: 3.0.0\ninfo: [\n", "spec.yaml:3: is not valid YAML"),
        ("asyncapi: 4.0.0\n", "spec.yaml, at /asyncapi: declares AsyncAPI 4.0.0, which pactspec cannot read"),
        ("asyncapi: 3.0.0\noperations:\n  onUserSignedUp:\n    messages: [{$ref: '#/nowhere'}]\n",
         ("spec.yaml, at /operations/onUserSignedUp/messages/0/$ref: has the $ref '#/nowhere', which cannot be "
         "resolved")),
    ])
    def test_bad_input_exits_2_with_one_sentence(self, text: str, expected: str, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
        """A malformed document, an unresolvable $ref or an unreadable version: one sentence on stderr, exit 2."""
        spec = tmp_path / "spec.yaml"
        spec.write_text(text)
        pact = write_pact(tmp_path, "p", [message("a", USER)])
        assert main(["asyncapi", "check", str(pact), "--spec", str(spec)]) == 2
        err = capsys.readouterr().err
        assert expected in err and err.count("\n") == 1 and "Traceback" not in err

    def test_spec_is_required(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Without --spec it is a usage error."""
        assert main(["asyncapi", "check", str(tmp_path)]) == 2
        assert "--spec" in capsys.readouterr().err

    def test_without_the_extra_it_says_how_to_install_it(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without jsonschema the command names the asyncapi extra instead of failing on import."""
        monkeypatch.setitem(sys.modules, "pactspec.asyncapi", None)
        monkeypatch.setattr(command.importlib, "import_module",
                            lambda name: (_ for _ in ()).throw(ModuleNotFoundError("no", name="jsonschema")))
        with pytest.raises(ConfigurationError, match=r"pip install 'pactspec-messages\[asyncapi\]'"):
            command._asyncapi()

    def test_runs_as_a_user_would(self, tmp_path: Path) -> None:
        """The installed command in a subprocess: exit 1 and the failing line on stdout."""
        pact = write_pact(tmp_path, "p", [message("bad", {**USER, "id": "x"})])
        done = subprocess.run([sys.executable, "-m", "pactspec", "asyncapi", "check", str(pact), "--spec", SPEC],
                              capture_output=True, text=True, timeout=60, check=False)
        assert done.returncode == 1 and "message.no.match" in done.stdout and done.stderr == ""
