"""``pactspec docs`` from the command line (pactspec.cli.commands.docs)."""

from __future__ import annotations

import shutil
from pathlib import Path

from pactspec.cli import main

FIXTURES = Path(__file__).parents[1] / "fixtures" / "docs"


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
    assert err.startswith("pactspec docs: ") and "does not exist" in err and "Traceback" not in err


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
