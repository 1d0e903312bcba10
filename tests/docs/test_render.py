"""Rendering the documentation: autoescaping against an XSS corpus, strict templates, Markdown."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pactspec.consumer import ContentRow, PartBuilder, build_contents
from pactspec.docs import (
    build_site,
    load_features,
    load_results,
    render_pages,
    render_site,
)
from pactspec.docs._render import md_escape
from pactspec.errors import ConfigurationError
from pactspec.model import AsynchronousMessage, MessageContents, Pact
from pactspec.pactfile._reading import load_pacts

FIXTURES = Path(__file__).parents[1] / "fixtures" / "docs"
PAYLOADS = ("alert(", "onerror", "onload", "onclick", "javascript:")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        (self.scripts if self._in_script else self.text).append(data)


def _parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector


@pytest.fixture(scope="module")
def xss_pages():
    site = build_site(
        load_pacts([FIXTURES / "xss" / "xss-pact.json"]),
        features=load_features(FIXTURES / "features"),
        results=load_results([FIXTURES / "xss" / "xss-results.json"]),
    )
    return render_pages(site)


@pytest.fixture(scope="module")
def example_pages():
    site = build_site(
        load_pacts([FIXTURES / "pacts"]),
        features=load_features(FIXTURES / "features"),
        results=load_results([FIXTURES / "results-user-events.json"]),
    )
    return site, render_pages(site)


class TestHtmlAutoescape:
    def test_only_our_script_runs(self, xss_pages):
        """Script tags from descriptions, states, params, bodies, metadata and results stay text."""
        for name, html in xss_pages.items():
            if not name.endswith(".html"):
                continue
            parsed = _parse(html)
            scripts = [attrs for tag, attrs in parsed.tags if tag == "script"]
            assert len(scripts) == 1, name
            assert "alert(" not in "".join(parsed.scripts), name

    def test_no_injected_elements_or_handlers(self, xss_pages):
        """No img/svg/iframe element, no on* attribute, no javascript: URL comes out of contract data."""
        for name, html in xss_pages.items():
            if not name.endswith(".html"):
                continue
            for tag, attrs in _parse(html).tags:
                assert tag not in ("img", "svg", "iframe", "b", "object", "embed"), (name, tag)
                for attr, value in attrs:
                    assert not attr.startswith("on"), (name, tag, attr)
                    if attr in ("href", "src", "action"):
                        assert not (value or "").strip().lower().startswith("javascript:"), (name, value)

    def test_payloads_are_shown_as_text(self, xss_pages):
        """The hostile text is visible to the reader, verbatim, as text."""
        pact_page = next(html for name, html in xss_pages.items() if name.endswith(".html") and name != "index.html")
        text = "".join(_parse(pact_page).text)
        assert "<script>alert('xss')</script> [click](javascript:alert(document.cookie))" in text
        assert "state <script>alert('xss')</script>" in text  # provider state
        assert '"><img src=x onerror=alert(1)>' in text  # param name and result
        assert "x-evil" in text and "</script><script>alert(3)</script>" in text  # metadata and body key
        assert "Scenario: \"><img src=x onerror=alert(7)>" in text  # the feature file's own text
        assert "Expected <script>alert('xss')</script>" in text  # a mismatch message

    def test_content_security_policy_pins_our_script(self, example_pages):
        """The CSP allows exactly the inline script and style we wrote, by hash."""
        _, pages = example_pages
        html = pages["index.html"]
        script = re.search(r"<script>(.*)</script>", html, re.DOTALL).group(1)
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html).group(1)
        assert f"script-src 'sha256-{digest}'" in csp.replace("&#39;", "'")
        assert "default-src 'none'" in csp.replace("&#39;", "'")

    def test_no_external_resources(self, example_pages):
        """The site needs no network: no src or stylesheet link pointing anywhere."""
        _, pages = example_pages
        for name, html in pages.items():
            if name.endswith(".html"):
                for tag, attrs in _parse(html).tags:
                    assert "src" not in dict(attrs), (name, tag)
                    assert tag != "link", name
                    href = dict(attrs).get("href") or ""
                    assert "://" not in href and not href.startswith("//"), (name, href)


class TestMarkdownEscape:
    @pytest.mark.parametrize("text, expected", [
        ("<script>x</script>", "&lt;script&gt;x&lt;/script&gt;"),
        ("[a](javascript:x)", "\\[a\\]\\(javascript:x\\)"),
        ("a|b", "a\\|b"),
        ("*bold* _em_ `code`", "\\*bold\\* \\_em\\_ \\`code\\`"),
        ("# heading", "\\# heading"),
        ("1. item", "1\\. item"),
        ("4.0", "4.0"),
        ("two\nlines", "two lines"),
        ("&amp;", "&amp;amp;"),
    ])
    def test_escape(self, text, expected):
        """Text cannot become HTML, a link, emphasis, a heading, a list or a table cell break."""
        assert md_escape(text) == expected

    def test_xss_markdown_renders_inert(self, xss_pages):
        """Rendered by a CommonMark renderer that passes raw HTML through, no payload becomes live."""
        markdown_it = pytest.importorskip("markdown_it", reason="markdown-it-py renders the Markdown to check it")
        renderer = markdown_it.MarkdownIt("commonmark", {"html": True}).enable("table")
        for name, text in xss_pages.items():
            if not name.endswith(".md"):
                continue
            html = renderer.render(text)
            for tag, attrs in _parse(html).tags:
                assert tag not in ("script", "img", "svg", "iframe", "b"), (name, tag)
                for attr, value in attrs:
                    assert not attr.startswith("on"), (name, tag, attr)
                    if attr == "href":
                        assert not (value or "").lower().startswith("javascript:"), (name, value)

    def test_code_blocks_cannot_be_closed_by_the_content(self, xss_pages):
        """A body holding ``` gets a longer fence, so the rest of the page stays outside it."""
        page = next(text for name, text in xss_pages.items() if name.endswith(".md") and name != "index.md")
        assert "````text\n</code></pre><script>alert('xss')</script>\n```\n<b>not bold</b>\n````" in page


class TestMarkdown:
    def test_index(self, example_pages):
        """The Markdown index has the pairs, services and every interaction with links and status."""
        _, pages = example_pages
        index = pages["index.md"]
        assert "| user-service | user-events | [4 message\\(s\\)](user-service--user-events.md) | failing |" in index
        assert "[a user lookup](user-service--user-events.md#i3-a-user-lookup)" in index
        assert "| billing | order-service | — |" in index

    def test_pact_page(self, example_pages):
        """A pact's Markdown page has the example, metadata, rules in words, scenario and verification."""
        _, pages = example_pages
        page = pages["user-service--user-events.md"]
        assert '<a id="i1-a-user-event"></a>\n## a user event' in page
        assert '```json\n{\n  "datetime": "2020-01-01",' in page
        assert "| `$.datetime` | text matching \\[0-9\\\\-\\]+ | — |" in page
        assert "| `$.id` | any integer | filled in by the provider state: $\\{id\\} |" in page
        assert "| `metadata: topic` | text matching users\\\\.v\\[0-9\\]+ | — |" in page
        assert "- User with id 127 exists: id = `127`" in page
        assert "```gherkin\n@users\nBackground:" in page
        assert "**failing**, provider version `1.4.2`, 2026-11-25T13:45:00Z" in page
        assert "1. `$.name`: Expected 12 \\(Integer\\) to be the same type as 'Billy' \\(String\\)" in page
        assert "Binary body: image/png, 108 bytes." in page


def _tiny_site():
    pact = Pact("c", "p", (AsynchronousMessage("m", MessageContents(body={"a": 1})),))
    return build_site([("x.json", pact)])


class TestTemplates:
    def test_strict_undefined_fails_loudly(self, tmp_path):
        """A template naming something the model lacks stops the run with the template and the name."""
        (tmp_path / "index.html").write_text("{{ site.titel }}")
        with pytest.raises(ConfigurationError, match=r"template 'index.html' .*titel"):
            render_pages(_tiny_site(), templates=tmp_path)

    def test_syntax_error_names_file_and_line(self, tmp_path):
        (tmp_path / "pact.md").write_text("ok\n{% if %}\n")
        with pytest.raises(ConfigurationError, match=r"pact.md:2: template syntax error"):
            render_pages(_tiny_site(), templates=tmp_path)

    def test_user_template_overrides_one_page(self, tmp_path):
        """A template in --templates replaces the packaged one of that name; the others stay."""
        (tmp_path / "index.html").write_text("<h1>{{ site.title }}</h1>{% for p in site.pacts %}{{ p.title }}{% endfor %}")
        pages = render_pages(_tiny_site(), templates=tmp_path)
        assert pages["index.html"] == "<h1>Message contracts</h1>c → p"
        assert "<!DOCTYPE html>" in pages["c--p.html"]

    def test_user_templates_are_autoescaped_too(self, tmp_path):
        (tmp_path / "index.html").write_text("{% for p in site.pacts %}{{ p.consumer }}{% endfor %}")
        pact = Pact("<i>c</i>", "p", (AsynchronousMessage("m"),))
        pages = render_pages(build_site([("x.json", pact)]), templates=tmp_path)
        assert pages["index.html"] == "&lt;i&gt;c&lt;/i&gt;"

    def test_missing_templates_folder(self, tmp_path):
        with pytest.raises(ConfigurationError, match="no such templates folder"):
            render_pages(_tiny_site(), templates=tmp_path / "nope")


class TestRenderSite:
    def test_writes_pages_and_returns_index(self, tmp_path):
        index = render_site(_tiny_site(), tmp_path / "out")
        assert index == tmp_path / "out" / "index.html"
        assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
            ".pactspec-docs", "c--p.html", "c--p.md", "index.html", "index.md"]

    def test_pages_of_removed_pacts_are_deleted_others_kept(self, tmp_path):
        """A second run removes the pages it wrote before and no longer writes; user files stay."""
        render_site(build_site([("a.json", Pact("a", "p")), ("b.json", Pact("b", "p"))]), tmp_path)
        (tmp_path / "notes.md").write_text("mine")
        render_site(build_site([("a.json", Pact("a", "p"))]), tmp_path)
        names = sorted(p.name for p in tmp_path.iterdir())
        assert "b--p.html" not in names and "a--p.html" in names and "notes.md" in names


def test_the_rule_table_shows_an_array_of_objects_written_as_table_rows() -> None:
    """Rows for an array and its element's fields show as one rule line each in the pact page."""
    part = PartBuilder()
    part.add_rows([ContentRow("$.items", "", "each like min 1"), ContentRow("$.items[*].sku", "A-1", "type"),
                   ContentRow("$.items[*].qty", 2, "integer")], part.source)
    pages = render_pages(build_site([("x.json", Pact("c", "p", (AsynchronousMessage("m", build_contents(part)),)))]))
    page = pages["c--p.md"]
    assert "| `$.items` | an array of at least 1 item, each like the example | — |" in page
    assert "| `$.items[*].sku` | any string | — |" in page
    assert "| `$.items[*].qty` | any integer | — |" in page
