"""`pactspec broker publish` and `pactspec verify --broker-url` as a user runs them, against the fake broker."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pactspec.cli import main
from tests.fake_broker import FakeBroker
from tests.services import free_port

REPO = Path(__file__).resolve().parents[2]
APP = '''
from pactspec.provider import producer

@producer("an order created event")
def created():
    return {"id": ORDER_ID}
'''


@pytest.fixture()
def fake() -> Iterator[FakeBroker]:
    with FakeBroker(username="ann", password="s3cret-password") as broker:
        yield broker


@pytest.fixture()
def auth(monkeypatch: pytest.MonkeyPatch) -> None:
    """The credentials come from the environment, as in CI."""
    for name in ("PACT_BROKER_BASE_URL", "PACT_BROKER_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PACT_BROKER_USERNAME", "ann")
    monkeypatch.setenv("PACT_BROKER_PASSWORD", "s3cret-password")


def _pact(folder: Path, order_id: object = 1) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "web-orders.json"
    path.write_text(json.dumps({
        "consumer": {"name": "web"}, "provider": {"name": "orders"},
        "messages": [{"description": "an order created event", "contents": {"id": order_id},
                      "metadata": {"contentType": "application/json"},
                      "matchingRules": {"body": {"$.id": {"combine": "AND", "matchers": [{"match": "integer"}]}}}}],
        "metadata": {"pactSpecification": {"version": "3.0.0"}}}))
    return path


def _app(tmp_path: Path, order_id: object) -> list[str]:
    name = f"orders_app_{abs(hash((str(tmp_path), repr(order_id))))}"
    (tmp_path / f"{name}.py").write_text(APP.replace("ORDER_ID", repr(order_id)))
    return ["--app", name, "--path", str(tmp_path)]


def _verify(fake: FakeBroker, tmp_path: Path, *extra: str, order_id: object = 1) -> list[str]:
    return ["verify", "--broker-url", fake.url, "--provider", "orders", *_app(tmp_path, order_id), *extra]


class TestBrokerPublish:
    def test_publishes_and_prints_the_brokers_notices(self, fake: FakeBroker, tmp_path: Path, auth: None,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
        """A folder of pacts, version, branch, tag and build URL; exit 0 with the notices."""
        _pact(tmp_path / "pacts")
        code = main(["broker", "publish", str(tmp_path / "pacts"), "-b", fake.url, "-a", "1.0.0", "--branch", "main",
                     "-t", "dev", "--build-url", "http://ci/1"])
        out = capsys.readouterr().out
        assert code == 0
        assert "Pact successfully published for web version 1.0.0 and provider orders." in out
        version = fake.versions[("web", "1.0.0")]
        assert (version.branches, version.tags, version.build_url) == (["main"], ["dev"], "http://ci/1")

    def test_broker_url_is_an_alias_and_env_gives_the_url(self, fake: FakeBroker, tmp_path: Path, auth: None,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
        """--broker-url works like -b, and PACT_BROKER_BASE_URL is read when neither is given."""
        path = _pact(tmp_path)
        assert main(["broker", "publish", str(path), "--broker-url", fake.url, "-a", "1"]) == 0
        monkeypatch.setenv("PACT_BROKER_BASE_URL", fake.url)
        assert main(["broker", "publish", str(path), "-a", "2"]) == 0
        assert {p.version for p in fake.publications} == {"1", "2"}

    def test_a_conflict_exits_1_with_the_brokers_message(self, fake: FakeBroker, tmp_path: Path, auth: None,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
        """Changing a published pact: exit 1, the broker's notice on stderr."""
        assert main(["broker", "publish", str(_pact(tmp_path, 1)), "-b", fake.url, "-a", "1"]) == 0
        code = main(["broker", "publish", str(_pact(tmp_path, 2)), "-b", fake.url, "-a", "1"])
        assert code == 1
        assert "Cannot change the content of the pact for web version 1 and provider orders" in capsys.readouterr().err
        assert main(["broker", "publish", str(_pact(tmp_path, 2)), "-b", fake.url, "-a", "1", "--merge"]) == 0

    @pytest.mark.parametrize(("flags", "message"), [
        (["-u", "ann", "-p", "wrong-password"], "refused the credentials"),
        (["-k", "wrong-token"], "refused the credentials"),
    ])
    def test_wrong_credentials_exit_2_in_one_sentence(self, fake: FakeBroker, tmp_path: Path, flags: list[str],
                                                      message: str, capsys: pytest.CaptureFixture[str]) -> None:
        """401: exit 2, one line naming the problem, the secret not shown."""
        code = main(["broker", "publish", str(_pact(tmp_path)), "-b", fake.url, "-a", "1", *flags])
        err = capsys.readouterr().err
        assert code == 2 and message in err and len(err.strip().splitlines()) == 1
        assert "wrong-password" not in err and "wrong-token" not in err

    def test_verbose_logs_requests_without_secrets(self, fake: FakeBroker, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
        """--verbose shows each request and status; never the password or the Authorization header."""
        code = main(["broker", "publish", str(_pact(tmp_path)), "-b", fake.url, "-a", "1", "-u", "ann",
                     "-p", "s3cret-password", "--verbose"])
        captured = capsys.readouterr()
        assert code == 0
        assert f"pactspec broker: POST {fake.url}/contracts/publish -> HTTP 200" in captured.err
        assert "s3cret" not in captured.err + captured.out and "Basic " not in captured.err

    def test_an_unreachable_broker_exits_2_without_a_traceback(self, tmp_path: Path) -> None:
        """Run as a user would: one sentence on stderr, exit 2, no traceback."""
        done = subprocess.run([sys.executable, "-m", "pactspec", "broker", "publish", str(_pact(tmp_path)),
                               "-b", f"http://127.0.0.1:{free_port()}", "-a", "1", "-p", "s3cret-password",
                               "-u", "ann"],
                              capture_output=True, text=True, timeout=120, cwd=REPO, check=False,
                              env={"PATH": "/usr/bin:/bin", "PACT_DO_NOT_TRACK": "true"})
        assert done.returncode == 2
        assert "Traceback" not in done.stderr and "s3cret" not in done.stderr
        assert done.stderr.startswith("pactspec broker: the Pact Broker at http://127.0.0.1:")
        assert "is unreachable" in done.stderr


class TestVerifyFromBroker:
    def test_prints_notices_verifies_and_publishes(self, fake: FakeBroker, tmp_path: Path, auth: None,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
        """Before-notices, the report, the publication and the matching after-notice; exit 0."""
        assert main(["broker", "publish", str(_pact(tmp_path)), "-b", fake.url, "-a", "c1", "--branch", "main"]) == 0
        code = main(_verify(fake, tmp_path, "--consumer-version-selectors", '{"mainBranch": true}',
                            "--enable-pending", "--provider-branch", "main", "--provider-tags", "dev,ci",
                            "--publish", "--provider-app-version", "p1", "--build-url", "http://ci/9"))
        out = capsys.readouterr().out
        assert code == 0, out
        before = out.index("is being verified because")
        report = out.index("an order created event")
        after = out.index("This pact is no longer in pending state for orders")
        assert before < report < after
        assert "Verification results published to" in out
        assert fake.results[-1].success and fake.results[-1].body["buildUrl"] == "http://ci/9"
        assert fake.versions[("orders", "p1")].tags == ["dev", "ci"]

    def test_a_failing_pending_pact_does_not_fail_the_build(self, fake: FakeBroker, tmp_path: Path, auth: None,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
        """--enable-pending: the failure is reported, exit 0; without it, exit 1."""
        main(["broker", "publish", str(_pact(tmp_path)), "-b", fake.url, "-a", "c1", "--branch", "main"])
        selectors = ["--consumer-version-selectors", '{"mainBranch": true}']
        assert main(_verify(fake, tmp_path, *selectors, "--enable-pending", order_id="x")) == 0
        assert "[pending: does not fail the run]" in capsys.readouterr().out
        assert main(_verify(fake, tmp_path, *selectors, order_id="x")) == 1

    def test_no_pacts_exits_1_with_the_reason_unless_allow_empty(self, fake: FakeBroker, tmp_path: Path, auth: None,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
        """The broker selected nothing: exit 1 naming provider and selectors; --allow-empty exits 0."""
        fake.pacticipant("orders")
        assert main(_verify(fake, tmp_path, "--consumer-version-tags", "prod")) == 1
        assert "has no pacts for provider 'orders' matching the consumer version selectors [{'latest': True, " \
               "'tag': 'prod'}]" in capsys.readouterr().out
        assert main(_verify(fake, tmp_path, "--allow-empty")) == 0

    @pytest.mark.parametrize(("flags", "message"), [
        (["--consumer-version-selectors", '{"mainbranch": true}'],
         "consumer version selector 1: unknown key 'mainbranch'"),
        (["--consumer-version-selectors", "mainBranch"], "consumer version selector 1 is not JSON"),
        (["--publish"], "--publish needs the provider version"),
        (["--include-wip-pacts-since", "last week"], "'last week' is not a date"),
    ])
    def test_bad_input_exits_2_in_one_sentence(self, fake: FakeBroker, tmp_path: Path, auth: None, flags: list[str],
                                               message: str, capsys: pytest.CaptureFixture[str]) -> None:
        """Invalid selector JSON (naming the key), --publish without a version, a wrong date: exit 2."""
        fake.pacticipant("orders")
        assert main(_verify(fake, tmp_path, *flags)) == 2
        assert message in capsys.readouterr().err

    def test_unknown_provider_gives_the_brokers_message(self, fake: FakeBroker, tmp_path: Path, auth: None,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown pacticipant: exit 2 with the broker's 404 text."""
        assert main(_verify(fake, tmp_path)) == 2
        assert "No provider with name 'orders' found" in capsys.readouterr().err

    def test_a_failed_publish_is_an_error_naming_the_brokers_answer(self, fake: FakeBroker, tmp_path: Path,
                                                                    auth: None,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
        """The broker refuses the result: the command fails with what the broker said."""
        main(["broker", "publish", str(_pact(tmp_path)), "-b", fake.url, "-a", "c1", "--branch", "main"])
        original = fake.version

        def refusing(pacticipant: str, number: str):  # type: ignore[no-untyped-def]
            if pacticipant == "orders":
                from tests.fake_broker import Problem
                raise Problem(400, {"errors": {"providerApplicationVersion": ["is reserved"]}})
            return original(pacticipant, number)
        fake.version = refusing  # type: ignore[method-assign]
        code = main(_verify(fake, tmp_path, "--publish", "--provider-version", "p1"))
        assert code == 2
        assert "providerApplicationVersion: is reserved" in capsys.readouterr().err


def test_broker_without_a_command_shows_its_usage(capsys: pytest.CaptureFixture[str]) -> None:
    """`pactspec broker` alone: exit 2 with the broker commands listed."""
    assert main(["broker"]) == 2
    assert "publish" in capsys.readouterr().err
