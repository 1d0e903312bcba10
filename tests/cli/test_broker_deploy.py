# ruff: noqa: F811  (the fake and auth fixtures are imported from tests.cli.test_broker)
"""The deploy job as a user runs it: publish → verify --publish → can-i-deploy → record-deployment, on the fake broker.

Exit codes: 0 yes / done, 1 a "no" (not deployable, unknown, nothing to undeploy), 2 bad input or an
unreachable broker.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pactspec.broker import Broker, Selector
from pactspec.cli import main
from tests.cli.test_broker import _pact, _verify, auth, fake  # noqa: F401  (fixtures)
from tests.fake_broker import FakeBroker
from tests.services import free_port

CAN = ["broker", "can-i-deploy"]


def _verified(fake: FakeBroker, tmp_path: Path, provider_version: str, *, order_id: object = 1) -> int:
    """The provider's CI step: verify the pacts from the main branch and publish the results."""
    return main(_verify(fake, tmp_path, "--consumer-version-selectors", '{"mainBranch": true}',
                        "--publish", "--provider-version", provider_version, "--provider-branch", "main",
                        order_id=order_id))


def _deployed(fake: FakeBroker, pacticipant: str, version: str) -> int:
    return main(["broker", "record-deployment", "-b", fake.url, "--pacticipant", pacticipant, "--version", version,
                 "--environment", "production"])


class TestTheDeployJob:
    def test_publish_verify_can_i_deploy_record_deployment(self, fake: FakeBroker, tmp_path: Path, auth: None,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
        """Each side asks can-i-deploy (yes), then records its deployment; the deployed pact is then selected."""
        assert main(["broker", "create-environment", "-b", fake.url, "--name", "production", "--production"]) == 0
        assert main(["broker", "publish", str(_pact(tmp_path)), "-b", fake.url, "-a", "c1", "--branch", "main"]) == 0
        assert _verified(fake, tmp_path, "p1") == 0
        capsys.readouterr()
        assert main([*CAN, "-b", fake.url, "--pacticipant", "orders", "--version", "p1",
                     "--to-environment", "production"]) == 0
        assert _deployed(fake, "orders", "p1") == 0
        assert "Recorded deployment of orders version p1 to production environment" in capsys.readouterr().out
        with Broker.from_env(fake.url) as broker:
            assert broker.pacts_for_verification("orders", selectors=[Selector(deployed_or_released=True)]) == ()
        assert main([*CAN, "-b", fake.url, "--pacticipant", "web", "--version", "c1",
                     "--to-environment", "production"]) == 0
        out = capsys.readouterr().out
        assert out.startswith("Computer says yes \\o/")
        assert "web      | c1        | orders   | p1        | true     | 1" in out
        assert "All required verification results are published and successful" in out
        assert _deployed(fake, "web", "c1") == 0
        with Broker.from_env(fake.url) as broker:
            [pact] = broker.pacts_for_verification("orders", selectors=[Selector(deployed_or_released=True)])
        assert "consumer version(s) currently deployed or released and supported (c1)" in pact.before_verification[0]

    def test_a_failing_verification_makes_can_i_deploy_say_no(self, fake: FakeBroker, tmp_path: Path, auth: None,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
        """web c1 is in production; orders p2 fails its pact: can-i-deploy orders p2 exits 1 naming the failure."""
        main(["broker", "publish", str(_pact(tmp_path)), "-b", fake.url, "-a", "c1", "--branch", "main"])
        fake.record_deployment("web", "c1", "production")
        assert _verified(fake, tmp_path, "p2", order_id="x") == 1
        capsys.readouterr()
        assert main([*CAN, "-b", fake.url, "--pacticipant", "orders", "--version", "p2",
                     "--to-environment", "production"]) == 1
        out = capsys.readouterr().out
        assert out.startswith("Computer says no")
        assert "| false    |" in out and "(failure)" in out
        assert "The verification for the pact between version c1 of web and version p2 of orders failed" in out

    def test_unknown_is_no_and_dry_run_exits_0(self, fake: FakeBroker, tmp_path: Path, auth: None,
                                              capsys: pytest.CaptureFixture[str]) -> None:
        """No verification result yet: exit 1; --dry-run says the same, prefixed, and exits 0."""
        main(["broker", "publish", str(_pact(tmp_path)), "-b", fake.url, "-a", "c1", "--branch", "main"])
        fake.record_deployment("orders", "p1", "production")
        capsys.readouterr()
        args = [*CAN, "-b", fake.url, "--pacticipant", "web", "--version", "c1", "--to-environment", "production"]
        assert main(args) == 1
        assert "the broker does not know yet" in capsys.readouterr().out
        assert main([*args, "--dry-run"]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert all(line.startswith("[dry-run]") for line in lines)
        assert lines[-1] == "[dry-run] Dry run enabled - ignoring any failures"

    def test_json_output(self, fake: FakeBroker, tmp_path: Path, auth: None,
                         capsys: pytest.CaptureFixture[str]) -> None:
        """--output json: deployable, reason, notices and rows as JSON."""
        main(["broker", "publish", str(_pact(tmp_path)), "-b", fake.url, "-a", "c1", "--branch", "main"])
        _verified(fake, tmp_path, "p1")
        capsys.readouterr()
        assert main([*CAN, "-b", fake.url, "-a", "web", "-e", "c1", "-a", "orders", "--latest", "-o", "json"]) == 0
        answer = json.loads(capsys.readouterr().out)
        assert answer["deployable"] is True
        assert [(r["consumer"], r["provider_version"], r["success"]) for r in answer["matrix"]] == [("web", "p1", True)]


class TestBadInput:
    @pytest.mark.parametrize(("args", "message"), [
        (["--version", "1"], "--version must come after the --pacticipant it belongs to"),
        (["--pacticipant", "web"], "say which version of web"),
        (["--pacticipant", "web", "--version", "1", "--to", "x", "--to-environment", "y"], "not allowed with"),
    ], ids=["version-first", "no-version", "two-targets"])
    def test_usage_errors_exit_2(self, fake: FakeBroker, auth: None, capsys: pytest.CaptureFixture[str],
                                 args: list[str], message: str) -> None:
        """Misplaced or missing version flags exit 2 with one line saying what to write."""
        assert main([*CAN, "-b", fake.url, *args]) == 2
        assert message in capsys.readouterr().err

    def test_an_unknown_pacticipant_exits_2_with_the_brokers_message(self, fake: FakeBroker, auth: None,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
        """The broker's 400 is bad input: one sentence, exit 2, no traceback."""
        assert main([*CAN, "-b", fake.url, "--pacticipant", "nobody", "--version", "1"]) == 2
        err = capsys.readouterr().err
        assert "Pacticipant 'nobody' not found" in err and "Traceback" not in err

    def test_an_unreachable_broker_exits_2_even_with_dry_run_it_exits_0(self, capsys: pytest.CaptureFixture[str],
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
        """No broker: exit 2 in one sentence; --dry-run reports it and exits 0, as the official CLI does."""
        url = f"http://127.0.0.1:{free_port()}"
        args = [*CAN, "-b", url, "--pacticipant", "web", "--version", "1"]
        assert main(args) == 2
        assert "is unreachable" in capsys.readouterr().err
        monkeypatch.setenv("PACT_BROKER_CAN_I_DEPLOY_DRY_RUN", "true")
        assert main(args) == 0
        assert "[dry-run]" in capsys.readouterr().err

    def test_recording_a_deployment_to_an_unknown_environment_exits_2(self, fake: FakeBroker, auth: None,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
        """The error names the environments there are and how to create the missing one."""
        fake.version("web", "1")
        fake.environment("test")
        assert _deployed(fake, "web", "1") == 2
        err = capsys.readouterr().err
        assert "no environment named 'production' on the Pact Broker (it has test)" in err
        assert "pactspec broker create-environment --name production" in err


class TestOtherCommands:
    def test_undeploy_release_support_ended(self, fake: FakeBroker, auth: None,
                                            capsys: pytest.CaptureFixture[str]) -> None:
        """record-undeployment ends the deployment (then there is nothing: exit 1); release and its end of support."""
        fake.version("web", "1")
        fake.environment("production")
        base = ["-b", fake.url, "--pacticipant", "web", "--environment", "production"]
        assert main(["broker", "record-deployment", *base, "--version", "1", "--application-instance", "blue"]) == 0
        assert main(["broker", "record-undeployment", *base, "--application-instance", "blue"]) == 0
        assert fake.deployed == []
        assert main(["broker", "record-undeployment", *base]) == 1
        assert "web is not currently deployed to the production environment" in capsys.readouterr().err
        assert main(["broker", "record-release", *base, "--version", "1"]) == 0
        assert fake.released == [("web", "1", "production")]
        assert main(["broker", "record-support-ended", *base, "--version", "1"]) == 0
        assert fake.released == []
        assert "Recorded support ended for web version 1 in production environment" in capsys.readouterr().out

    def test_versions_tags_and_environments(self, fake: FakeBroker, auth: None,
                                            capsys: pytest.CaptureFixture[str]) -> None:
        """create-or-update-version, create-version-tag, describe-version, create- and list-environments."""
        b = ["-b", fake.url]
        assert main(["broker", "create-or-update-version", *b, "-a", "web", "-e", "1", "--branch", "main"]) == 0
        assert main(["broker", "create-version-tag", *b, "-a", "web", "-e", "1", "-t", "prod", "-t", "eu"]) == 0
        capsys.readouterr()
        assert main(["broker", "describe-version", *b, "-a", "web", "--latest", "prod", "-o", "json"]) == 0
        described = json.loads(capsys.readouterr().out)
        assert (described["number"], described["branches"], described["tags"]) == ("1", ["main"], ["prod", "eu"])
        assert main(["broker", "create-environment", *b, "--name", "test", "--display-name", "Test"]) == 0
        assert main(["broker", "create-environment", *b, "--name", "my env"]) == 2
        capsys.readouterr()
        assert main(["broker", "list-environments", *b]) == 0
        out = capsys.readouterr().out.splitlines()
        assert out[0].split(" | ")[:3] == ["NAME", "DISPLAY NAME", "PRODUCTION"]
        assert out[2].startswith("test | Test         | false")
