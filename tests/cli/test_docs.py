"""``pactspec docs`` from the command line (pactspec.cli.commands.docs)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from pactspec.cli import main

FIXTURES = Path(__file__).parents[1] / "fixtures" / "docs"
REPO = Path(__file__).parents[2]


def test_writes_the_site_and_prints_index(tmp_path, capsys, monkeypatch):
    """Exit 0; index.html, one HTML and one Markdown page per pact; the index path on stdout."""
    monkeypatch.chdir(FIXTURES)
    code = main(["docs", "--pacts", "pacts", "--features", "features", "--results", "results-user-events.json",
                 "--out", str(tmp_path / "site")])
    assert code == 0
    assert capsys.readouterr().out.strip() == str((tmp_path / "site" / "index.html").resolve())
    names = sorted(p.name for p in (tmp_path / "site").iterdir())
    assert names == [".pactspec-docs", "billing--order-service.html", "billing--order-service.md", "index.html",
                     "index.md", "user-service--user-events.html", "user-service--user-events.md"]
    page = (tmp_path / "site" / "user-service--user-events.html").read_text()
    assert "features/users.feature:6" in page


def test_title_and_user_templates(tmp_path, capsys):
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "index.md").write_text("# {{ site.title }}\n")
    code = main(["docs", "--pacts", str(FIXTURES / "pacts"), "--templates", str(tmp_path / "t"),
                 "--title", "Our events", "--out", str(tmp_path / "site")])
    assert code == 0
    assert (tmp_path / "site" / "index.md").read_text() == "# Our events\n"


def test_missing_pacts_folder_exits_2(tmp_path, capsys):
    code = main(["docs", "--pacts", str(tmp_path / "nope"), "--out", str(tmp_path / "site")])
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("pactspec docs: ") and "no such pact file or folder" in err and "Traceback" not in err


def test_bad_pact_exits_2(tmp_path, capsys):
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "x.json").write_text('{"consumer": ')
    assert main(["docs", "--pacts", str(tmp_path / "p"), "--out", str(tmp_path / "site")]) == 2
    assert "x.json" in capsys.readouterr().err


def test_bad_feature_exits_2(tmp_path, capsys):
    shutil.copytree(FIXTURES / "features", tmp_path / "features")
    (tmp_path / "features" / "broken.feature").write_text("Feature: x\n  Scenario: y\n    Given ok\n    Givven z\n")
    code = main(["docs", "--pacts", str(FIXTURES / "pacts"), "--features", str(tmp_path / "features"),
                 "--out", str(tmp_path / "site")])
    assert code == 2
    assert "broken.feature:4: behave cannot parse" in capsys.readouterr().err


def test_bad_results_exits_2(tmp_path, capsys):
    (tmp_path / "r.json").write_text("[]")
    code = main(["docs", "--pacts", str(FIXTURES / "pacts"), "--results", str(tmp_path / "r.json"),
                 "--out", str(tmp_path / "site")])
    assert code == 2
    assert "r.json: $: expected a JSON object" in capsys.readouterr().err


def test_template_mistake_exits_2(tmp_path, capsys):
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "pact.html").write_text("{{ pact.nope }}")
    code = main(["docs", "--pacts", str(FIXTURES / "pacts"), "--templates", str(tmp_path / "t"),
                 "--out", str(tmp_path / "site")])
    assert code == 2
    assert "pact.html" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()  # nothing half-written


def test_usage_error_exits_2(capsys):
    assert main(["docs", "--pacts", "x"]) == 2


BILLING_FEATURE = """\
Feature: Billing
  Background:
    Given "billing" consumes messages from "order-service"

  Scenario: an order is placed
    When the message "an order placed event" is received
    Then the content is:
      \"\"\"
      {"id": 1}
      \"\"\"
    And it is handled by "billing:handle"
"""


def test_features_is_repeatable(tmp_path, capsys, monkeypatch):
    """--features a --features b shows the scenarios of both folders, not only the last one's."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shutil.copy(FIXTURES / "features" / "users.feature", tmp_path / "a")
    (tmp_path / "b" / "billing.feature").write_text(BILLING_FEATURE)
    monkeypatch.chdir(tmp_path)
    code = main(["docs", "--pacts", str(FIXTURES / "pacts"), "--features", "a", "--features", "b/billing.feature",
                 "--out", "site"])
    assert code == 0, capsys.readouterr().err
    users = (tmp_path / "site" / "user-service--user-events.md").read_text()
    billing = (tmp_path / "site" / "billing--order-service.md").read_text()
    assert 'When the message "a user event" is received' in users
    assert "From `b/billing.feature:5`, feature Billing:" in billing


CONTRACT = """\
consumer: web
provider: users
messages:
  - description: a user created event
    given: a user exists
    content:
      $.id: {example: 1, matcher: integer}
    handler: tests.cli.test_run:accept
"""


def test_yaml_contracts_are_shown_as_the_source_of_their_interactions(tmp_path):
    """`pactspec run` then `pactspec docs --contracts contracts`: the page shows the YAML entry and its file:line."""
    (tmp_path / "contracts").mkdir()
    (tmp_path / "contracts" / "users.yaml").write_text(CONTRACT)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for argv in (["run", "contracts", "--pact-dir", "pacts"],
                 ["docs", "--pacts", "pacts", "--contracts", "contracts", "--out", "site"]):
        done = subprocess.run([sys.executable, "-m", "pactspec", *argv], cwd=tmp_path, env=env, capture_output=True,
                              text=True, timeout=60, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
    page = (tmp_path / "site" / "web--users.md").read_text()
    assert "### YAML contract\n\nFrom `contracts/users.yaml:4`, web → users:\n\n```yaml\n" in page
    assert "- description: a user created event\n  given: a user exists\n" in page
    html = (tmp_path / "site" / "web--users.html").read_text()
    assert '<details class="scenario yaml" open>' in html and "(contracts/users.yaml:4)" in html


def test_a_missing_contracts_folder_exits_2(tmp_path, capsys):
    """--contracts naming nothing is one sentence, exit 2."""
    code = main(["docs", "--pacts", str(FIXTURES / "pacts"), "--contracts", str(tmp_path / "nope"),
                 "--out", str(tmp_path / "site")])
    assert code == 2
    assert "nope: no such file or folder; give --contracts the folder of your YAML contracts" in capsys.readouterr().err
