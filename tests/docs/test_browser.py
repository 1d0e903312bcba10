"""The living docs in a real headless Chromium: interactions, rules table, search and filters, XSS inert.

Needs Debian's ``chromium`` (``apt-get install -y chromium``) and Playwright for Python
(``pip install playwright``; never ``playwright install``: the system browser is used).
Screenshots go to ``reports/docs-*.png``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pactspec.docs import generate_docs
from tests.docs.test_asyncapi import SPEC, site_pacts
from tests.services import unavailable

pytestmark = pytest.mark.services

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FIXTURES = Path(__file__).parents[1] / "fixtures" / "docs"
REPORTS = Path(__file__).parents[2] / "reports"
# As root Chromium needs --no-sandbox; the networking flags stop it reaching for the internet.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]

try:
    from playwright import sync_api
except ImportError:  # pragma: no cover - .ci/run installs it
    sync_api = None  # type: ignore[assignment]


def missing() -> str | None:
    """Why the browser tests can't run here, or None."""
    if sync_api is None:
        return "Playwright for Python drives the browser and is not installed: pip install playwright"
    if not Path(CHROMIUM).exists():
        return "Debian's chromium is not installed: apt-get install -y chromium"
    return None


@pytest.fixture(autouse=True, scope="module")
def _browser_installed() -> None:
    """Fails under CI=true, skips elsewhere, when Playwright or Chromium is missing."""
    if (reason := missing()) is not None:
        unavailable(reason)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def example_site(tmp_path_factory, request):
    out = tmp_path_factory.mktemp("site")
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.chdir(FIXTURES)  # paths in the pages read as the project sees them: features/users.feature
    request.addfinalizer(monkeypatch.undo)
    return generate_docs("pacts", out, features="features", results=["results-user-events.json"])


class _Page:
    """A page plus everything that went wrong in it: console errors, page errors, dialogs."""

    def __init__(self, browser, url: str, width: int = 1200) -> None:
        self.problems: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.page.on("console", lambda m: self.problems.append(m.text) if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.problems.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.goto(url)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def visible_rows(self, selector: str) -> list[str]:
        return [row.inner_text() for row in self.page.query_selector_all(selector) if row.is_visible()]


def test_index_lists_interactions_and_search_filters_them(browser, example_site):
    """Typing in the search box and choosing a service or a state hide the other rows."""
    view = _Page(browser, example_site.as_uri())
    page = view.page
    rows = "#interaction-table tbody tr"
    assert len(view.visible_rows(rows)) == 6
    assert page.inner_text("#count") == "6 of 6 shown"
    assert "user-service" in page.inner_text("table.matrix") and "failing" in page.inner_text("table.matrix")

    page.fill("#q", "lookup")
    (row,) = view.visible_rows(rows)
    assert row.startswith("a user lookup")
    assert page.inner_text("#count") == "1 of 6 shown"

    page.fill("#q", "")
    page.select_option("#service", "billing")
    assert [r.split("\t")[0] for r in view.visible_rows(rows)] == ["an order placed event", "an order shipped event"]

    page.select_option("#service", "")
    page.select_option("#state", "User with id 127 exists")
    assert [r.split("\t")[0] for r in view.visible_rows(rows)] == ["a user event", "a user lookup"]
    page.select_option("#state", "(none)")
    assert len(view.visible_rows(rows)) == 3

    page.select_option("#state", "")
    page.fill("#q", "no such thing")
    assert view.visible_rows(rows) == []
    assert page.is_visible("#none")
    page.fill("#q", "")
    REPORTS.mkdir(exist_ok=True)
    page.screenshot(path=str(REPORTS / "docs-index.png"), full_page=True)
    assert view.problems == []


def test_pact_page_shows_interactions_rules_and_scenario(browser, example_site):
    """The pact page shows each interaction with its example, rules in words, scenario and result."""
    view = _Page(browser, (example_site.parent / "user-service--user-events.html").as_uri())
    page = view.page
    articles = "article.interaction"
    assert [a.split("\n")[0] for a in view.visible_rows(articles)] == [
        "a user event", "a user deleted event", "a user lookup", "a user avatar"]
    event = page.locator("#i1-a-user-event")
    rules = event.locator("table.rules").inner_text()
    assert "$.datetime\ttext matching [0-9\\-]+" in rules
    assert "$.id\tany integer\tfilled in by the provider state: ${id}" in rules
    assert '"lastName": "Sampson"' in event.locator("pre.body").inner_text()
    assert event.locator("details.scenario").is_visible()
    assert "features/users.feature:6" in event.locator("details.scenario summary").inner_text()
    lookup = page.locator("#i3-a-user-lookup")
    assert "Expected 12 (Integer) to be the same type as 'Billy' (String)" in lookup.locator(".mismatches").inner_text()
    assert "1.4.2" in lookup.locator(".verification").inner_text()

    page.fill("#q", "avatar")
    assert [a.split("\n")[0] for a in view.visible_rows(articles)] == ["a user avatar"]
    page.fill("#q", "")
    page.screenshot(path=str(REPORTS / "docs-pact.png"), full_page=True)
    assert view.problems == []


def test_readable_at_phone_width(browser, example_site):
    """At 390 px nothing makes the page scroll sideways; wide tables and code scroll in their own box."""
    for name in ("index.html", "user-service--user-events.html"):
        view = _Page(browser, (example_site.parent / name).as_uri(), width=390)
        assert view.page.evaluate("document.documentElement.scrollWidth") <= 390, name
        if name == "index.html":
            view.page.screenshot(path=str(REPORTS / "docs-phone.png"), full_page=True)
        assert view.problems == []


def test_xss_corpus_is_inert_in_the_browser(browser, tmp_path):
    """Hostile descriptions, states, bodies, metadata, results and feature text run nothing."""
    index = generate_docs(FIXTURES / "xss" / "xss-pact.json", tmp_path, features=FIXTURES / "features",
                          results=[FIXTURES / "xss" / "xss-results.json"])
    for page_file in sorted(tmp_path.glob("*.html")):
        view = _Page(browser, page_file.as_uri())
        assert view.dialogs == [], page_file.name
        assert view.page.evaluate("document.querySelectorAll('img, svg, iframe').length") == 0
        assert view.page.evaluate("document.scripts.length") == 1
        assert view.problems == [], page_file.name
    text = _Page(browser, index.as_uri()).page.inner_text("body")
    assert "evil<script>alert(1)</script>" in text


REPO = Path(__file__).parents[2]
EXAMPLE_VERIFICATIONS = {"user-events": "users.producer", "order-service": "orders.producer"}


def _run(argv: list[str], cwd: Path, **env: str) -> None:
    done = subprocess.run(argv, check=False, cwd=cwd, env={**os.environ, "PACT_DO_NOT_TRACK": "true", **env},
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{' '.join(argv)} failed:\n{done.stdout}\n{done.stderr}"


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    """The docs of the bundled example, built as `make demo` builds them, in a copy of the project."""
    project = tmp_path_factory.mktemp("example")
    shutil.copytree(REPO / "features", project / "features", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "steps", project / "steps", ignore=shutil.ignore_patterns("__pycache__"))
    bin_dir = Path(sys.executable).parent
    _run([str(bin_dir / "behave"), "--format", "progress", "--tags=not @provider", "features"], project)
    results = []
    for provider, app in EXAMPLE_VERIFICATIONS.items():
        results.append(f"{provider}.json")
        _run([sys.executable, "-m", "pactspec", "verify", "pacts", "--provider", provider, "--app", app,
              "--json", results[-1]], project, PYTHONPATH=str(project / "features" / "app"))
    _run([sys.executable, "-m", "pactspec", "docs", "--pacts", "pacts", "--features", "features",
          "--results", *results, "--out", "docs"], project)
    return project / "docs"


def test_example_project_index_in_the_browser(browser, demo_site):
    """The example's index shows its two pacts as verified, all seven interactions, and search narrows them."""
    view = _Page(browser, (demo_site / "index.html").as_uri())
    page = view.page
    rows = "#interaction-table tbody tr"
    assert [r.split("\t")[0] for r in view.visible_rows(rows)] == [
        "an order created event", "an order cancelled event", "an order shipped event", "a stock check",
        "a user event", "a user event as a User", "a user deleted event"]
    assert all(r.endswith("verified") for r in view.visible_rows(rows))
    matrix = page.inner_text("table.matrix")
    assert "shipping-service" in matrix and "4 messages" in matrix and "3 messages" in matrix
    assert matrix.count("verified") == 2

    page.fill("#q", "deleted")
    assert [r.split("\t")[0] for r in view.visible_rows(rows)] == ["a user deleted event"]
    page.fill("#q", "")
    page.select_option("#state", "an order with two items")
    assert [r.split("\t")[0] for r in view.visible_rows(rows)] == ["an order created event", "an order cancelled event"]
    page.select_option("#state", "")
    REPORTS.mkdir(exist_ok=True)
    page.screenshot(path=str(REPORTS / "docs-example-index.png"), full_page=True)
    assert view.problems == []


def test_example_project_pact_page_in_the_browser(browser, demo_site):
    """The example's user-events page: examples, rules in words, scenario file:line, verification, search."""
    view = _Page(browser, (demo_site / "user-service--user-events.html").as_uri())
    page = view.page
    articles = "article.interaction"
    assert [a.split("\n")[0] for a in view.visible_rows(articles)] == [
        "a user event", "a user event as a User", "a user deleted event"]
    event = page.locator("article.interaction").first
    assert '"lastName": "Sampson"' in event.locator("pre.body").inner_text()
    rules = event.locator("table.rules").inner_text()
    assert "$.datetime\ttext matching [0-9\\-]+" in rules
    assert "$.id\tany integer" in rules
    assert "metadata: topic\ttext matching users\\.v[0-9]+" in rules
    assert "features/users.feature:8" in event.locator("details.scenario summary").inner_text()
    assert 'When the message "a user event" is received' in event.locator("details.scenario").inner_text()
    verification = event.locator(".verification").inner_text()
    assert "verified" in verification and "user-events.json" in verification
    deleted = page.locator("article.interaction").nth(2)
    assert "$.reasons\tan array, possibly empty, each like the example" in deleted.locator("table.rules").inner_text()

    page.fill("#q", "deleted")
    assert [a.split("\n")[0] for a in view.visible_rows(articles)] == ["a user deleted event"]
    assert page.inner_text("#count") == "1 of 3 shown"
    page.fill("#q", "")
    page.screenshot(path=str(REPORTS / "docs-example-pact.png"), full_page=True)
    assert view.problems == []


@pytest.fixture(scope="module")
def yaml_site(tmp_path_factory):
    """The docs of the example's YAML contracts: `pactspec run contracts` then `pactspec docs --contracts`."""
    project = tmp_path_factory.mktemp("yaml-example")
    shutil.copytree(REPO / "contracts", project / "contracts")
    _run([sys.executable, "-m", "pactspec", "run", "contracts", "--path", str(REPO / "features" / "app"),
          "--pact-dir", "pacts"], project)
    _run([sys.executable, "-m", "pactspec", "docs", "--pacts", "pacts", "--contracts", "contracts", "--out", "docs"],
         project)
    return project / "docs"


def test_a_yaml_sourced_interaction_in_the_browser(browser, yaml_site):
    """An interaction written in YAML shows its contract entry and file:line where a scenario would be."""
    view = _Page(browser, (yaml_site / "user-service--user-events.html").as_uri())
    event = view.page.locator("article.interaction").first
    source = event.locator("details.scenario.yaml")
    assert source.is_visible()
    assert "user-service → user-events: a user event (contracts/users.yaml:5)" in source.locator("summary").inner_text()
    text = source.locator("pre").inner_text()
    assert text.startswith("- description: a user event\n  given:\n")
    assert "$.id: {example: 12, matcher: integer}" in text and "a user event as a User" not in text
    REPORTS.mkdir(exist_ok=True)
    view.page.screenshot(path=str(REPORTS / "docs-yaml-pact.png"), full_page=True)
    assert view.problems == []


@pytest.mark.parametrize(("ci", "outcome"), [("true", "errors"), ("", "skipped")])
def test_missing_playwright_errors_under_ci_and_skips_elsewhere(tmp_path: Path, ci: str, outcome: str) -> None:
    """Run as pytest runs it, with Playwright hidden: CI=true fails every browser test, elsewhere they skip."""
    (tmp_path / "playwright").mkdir()
    (tmp_path / "playwright" / "__init__.py").write_text("raise ImportError('hidden by the test')\n")
    root = Path(__file__).parents[2]
    env = {**os.environ, "CI": ci, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(root)])}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", __file__,
         "-k", "not test_missing_playwright"],
        cwd=root, env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    assert outcome in done.stdout.splitlines()[-1] and "passed" not in done.stdout.splitlines()[-1], done.stdout
    assert "Playwright for Python drives the browser and is not installed: pip install playwright" in done.stdout
    assert done.returncode == (1 if ci else 0), done.stdout


@pytest.fixture(scope="module")
def broker_site_pages(tmp_path_factory):
    """The docs written by `pactspec docs --broker-url` from the fake broker (states: see tests/docs/test_broker.py)."""
    from pactspec.cli import main
    from tests.docs.test_broker import broker_with_states
    from tests.fake_broker import FakeBroker

    out = tmp_path_factory.mktemp("broker-site")
    with FakeBroker() as fake:
        broker_with_states(fake, out)
        assert main(["docs", "--broker-url", fake.url, "--out", str(out / "site")]) == 0
    return out / "site"


def test_docs_from_the_broker_show_can_i_deploy_and_results(browser, broker_site_pages):
    """The index shows each environment's can-i-deploy answer; the pact page its reasons and each interaction's result."""
    view = _Page(browser, (broker_site_pages / "index.html").as_uri())
    page = view.page
    assert [c.strip() for c in page.inner_text("#deploy-table thead").split("\t")][-3:] == [
        "production", "test", "staging"]
    row = page.locator("#deploy-table tbody tr").first
    assert [c.strip() for c in row.inner_text().split("\t")] == [
        "web → orders", "c1", "cannot deploy", "unknown", "unknown"]
    assert "failed" in (row.locator(".deploy-no").get_attribute("title") or "")
    assert page.locator(".deploy-no").evaluate("e => getComputedStyle(e).backgroundColor") != \
        page.locator(".deploy-unknown").first.evaluate("e => getComputedStyle(e).backgroundColor")
    REPORTS.mkdir(exist_ok=True)
    page.screenshot(path=str(REPORTS / "docs-broker-index.png"), full_page=True)

    pact = _Page(browser, (broker_site_pages / "web--orders.html").as_uri())
    assert "Can I deploy web c1?" in pact.page.inner_text("#can-i-deploy")
    statuses = [a.locator("header .badge").last.inner_text() for a in pact.page.locator("article.interaction").all()]
    assert statuses == ["verified", "failing", "not verified"]
    assert "$.id: expected 2" in pact.page.inner_text("#i2-an-order-cancelled")
    pact.page.screenshot(path=str(REPORTS / "docs-broker-pact.png"), full_page=True)
    assert view.problems == pact.problems == []
    assert view.dialogs == pact.dialogs == []  # the <script> in a description stayed text


def test_asyncapi_schema_view_renders(browser, tmp_path):
    """With --asyncapi, the interaction shows its operation, channel, a schema table per message and the check's
    verdict, readable in the browser (on a phone's width too), without console errors."""
    index = generate_docs(site_pacts(tmp_path), tmp_path / "site", asyncapi=SPEC)
    for width in (1200, 390):
        view = _Page(browser, (index.parent / "consumer--provider.html").as_uri(), width=width)
        page = view.page
        signed = page.locator("article.interaction").nth(0).locator("section.asyncapi")
        assert signed.is_visible()
        assert "onUserSignedUp" in signed.locator("h4").inner_text()
        assert "passed" in signed.locator("p.check").inner_text()
        assert "userSignedUp" in signed.locator("dl.operation").inner_text()
        table = signed.locator('table.schema[data-part="payload"]')
        assert table.is_visible()
        rows = [r.inner_text() for r in table.locator("tbody tr").all()]
        assert any("$.signedUpAt" in r and "format date-time" in r for r in rows), rows
        assert table.bounding_box()["width"] <= width
        failed = page.locator("article.interaction").nth(1).locator("section.asyncapi")
        assert "failed" in failed.locator("p.check").inner_text()
        assert "'email' is not a declared property" in failed.locator("ul.causes").inner_text()
        REPORTS.mkdir(exist_ok=True)
        page.screenshot(path=str(REPORTS / f"docs-asyncapi-{width}.png"), full_page=True)
        assert view.problems == []
