"""Item 8 of the hostile-input issue: output stays a readable size."""

from __future__ import annotations

import json
from pathlib import Path

from tests.hostile._run import cli, one_sentence

APP = '''
from pactspec.provider import producer

@producer("an event")
def event():
    return {"items": ["x"] * 10_000}
'''


def test_the_console_lists_at_most_50_mismatches_per_interaction(tmp_path: Path) -> None:
    """10,000 mismatches in one interaction list the first 50 and give the total (exit 1)."""
    (tmp_path / "many_app.py").write_text(APP)
    interaction = {"type": "Asynchronous/Messages", "description": "an event", "key": "k",
                   "contents": {"contentType": "application/json", "encoded": False, "content": {"items": [1]}},
                   "matchingRules": {"body": {"$.items": {"combine": "AND", "matchers": [{"match": "type"}]}}}}
    (tmp_path / "a-b.json").write_text(json.dumps({
        "consumer": {"name": "a"}, "provider": {"name": "b"}, "interactions": [interaction],
        "metadata": {"pactSpecification": {"version": "4.0"}}}))
    result = cli("verify", "a-b.json", "--app", "many_app", "--path", ".", cwd=tmp_path)
    one_sentence(result, 1, "and 9,950 more", "10,000 mismatches in all")
    assert "(51)" not in result.stdout and len(result.stdout) < 20_000


def test_docs_truncate_a_large_example_with_a_note(tmp_path: Path) -> None:
    """A 5 MB example body gives a page of a readable size that says what it left out and links the whole."""
    interaction = {"type": "Asynchronous/Messages", "description": "an event", "key": "k",
                   "contents": {"contentType": "application/json", "encoded": False,
                                "content": {"text": "x" * 5_000_000}}}
    (tmp_path / "pacts").mkdir()
    (tmp_path / "pacts" / "a-b.json").write_text(json.dumps({
        "consumer": {"name": "a"}, "provider": {"name": "b"}, "interactions": [interaction],
        "metadata": {"pactSpecification": {"version": "4.0"}}}))
    result = cli("docs", "--pacts", "pacts", "--out", "site", cwd=tmp_path)
    assert result.code == 0 and "Traceback" not in result.stderr, result.stderr
    pages = [page for page in (tmp_path / "site").rglob("*.html") if "more characters not shown" in page.read_text()]
    assert pages and all(page.stat().st_size < 200_000 for page in pages)
    [full] = list((tmp_path / "site").glob("example-*.txt"))
    assert json.loads(full.read_text(encoding="utf-8")) == {"text": "x" * 5_000_000}
    linking = [page.suffix for page in (tmp_path / "site").iterdir()
               if page.suffix in (".html", ".md") and full.name in page.read_text(encoding="utf-8")]
    assert sorted(linking) == [".html", ".md"]
