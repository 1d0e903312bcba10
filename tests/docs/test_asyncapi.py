"""pactspec.docs._asyncapi: the operation, channel, schema table and check result beside an interaction."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pactspec.docs import asyncapi_index, build_site, generate_docs
from pactspec.errors import InputError
from pactspec.pactfile import load_pacts
from tests.asyncapi.support import FIXTURES, HEADERS, USER, message, write_pact

SPEC = FIXTURES / "users-kafka.yaml"


def site_pacts(folder: Path) -> Path:
    """A pact whose interactions match, break, name an unknown operation and name none."""
    return write_pact(folder, "user-service-user-events", [
        message("a user signed up", USER, metadata=HEADERS),
        message("with an email", {**USER, "email": "a@b.c"}),
        message("an old operation", USER, "onUserCreated"),
        message("no reference", USER, None),
    ])


def test_each_referencing_interaction_gets_its_operation_and_check(tmp_path: Path) -> None:
    """The model holds the operation, channel, schema rows and the check's result, per interaction."""
    pacts = load_pacts([site_pacts(tmp_path)])
    site = build_site(pacts, asyncapi=asyncapi_index(SPEC, pacts))
    signed, email, old, none = site.pacts[0].interactions
    assert signed.asyncapi is not None and signed.asyncapi.check_passed
    assert (signed.asyncapi.action, signed.asyncapi.channel, signed.asyncapi.address) == (
        "send", "userSignedUp", "user.signedup")
    (payload_message,) = signed.asyncapi.messages
    rows = {r.path: (r.type, r.required, r.details) for r in payload_message.payload}
    assert rows["$.id"] == ("integer", True, "")
    assert rows["$.signedUpAt"] == ("string", True, "format date-time")
    assert rows["$.tags[*].label"] == ("string", False, "")
    assert [r.path for r in payload_message.headers] == ["$.contentType", "$.correlationId"]
    assert email.asyncapi is not None and not email.asyncapi.check_passed
    assert email.asyncapi.check_code == "message.no.match"
    assert any("'email' is not a declared property" in c for c in email.asyncapi.check_causes)
    assert old.asyncapi is not None and not old.asyncapi.found and old.asyncapi.check_code == "message.operation.unknown"
    assert none.asyncapi is not None and none.asyncapi.check_code == "message.references.missing"


def test_the_pages_show_the_schema_table_and_the_result(tmp_path: Path) -> None:
    """HTML and Markdown show the schema as a table and the check's verdict with its causes."""
    index = generate_docs(site_pacts(tmp_path), tmp_path / "site", asyncapi=SPEC)
    html = (index.parent / "consumer--provider.html").read_text()
    markdown = (index.parent / "consumer--provider.md").read_text()
    assert '<table class="schema cards" data-part="payload">' in html
    assert "<td><code>$.signedUpAt</code></td><td data-label=\"type\">string</td>" in html
    assert "Check against" in html and "<strong>failed</strong>" in html and "<strong>passed</strong>" in html
    assert "| `$.signedUpAt` | string | yes | format date-time |" in markdown
    assert "has no operation `onUserCreated`" in markdown


def test_without_asyncapi_nothing_changes(tmp_path: Path) -> None:
    """Docs without --asyncapi show no AsyncAPI section (and need no jsonschema)."""
    index = generate_docs(site_pacts(tmp_path), tmp_path / "site")
    assert "schema cards" not in (index.parent / "consumer--provider.html").read_text()


def test_the_command_takes_asyncapi_and_a_broken_document_is_exit_2(tmp_path: Path) -> None:
    """`pactspec docs --asyncapi FILE` writes the site; a document with a bad $ref is one sentence, exit 2."""
    pacts = site_pacts(tmp_path)
    ok = subprocess.run([sys.executable, "-m", "pactspec", "docs", "--pacts", str(pacts), "--asyncapi", str(SPEC),
                         "--out", str(tmp_path / "site")], capture_output=True, text=True, check=False)
    assert ok.returncode == 0, ok.stderr
    broken = tmp_path / "broken.yaml"
    broken.write_text(SPEC.read_text().replace("#/components/schemas/User'", "#/components/schemas/Usr'"))
    bad = subprocess.run([sys.executable, "-m", "pactspec", "docs", "--pacts", str(pacts), "--asyncapi", str(broken),
                          "--out", str(tmp_path / "site2")], capture_output=True, text=True, check=False)
    assert bad.returncode == 2 and "Usr" in bad.stderr and "Traceback" not in bad.stderr
    with pytest.raises(InputError):
        asyncapi_index(broken, load_pacts([pacts]))
