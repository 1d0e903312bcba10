"""The oracle: PactFlow's comparator (``opc --asyncapi``) on the same documents and pacts gives the codes and
locations pactspec gives, case by case.

Differences, each explained where it arises: opc reads 3.x only, so a 2.6 document is compared through
the 3.0 view pactspec reads it as; opc resolves refs inside the document only, so a split document is
given to opc bundled (refs to other files inlined, refs inside the document kept, so the locations are
the same); causes are compared as sets (ajv and jsonschema order one object's errors differently).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pactspec.asyncapi import Checker, load_document
from pactspec.pactfile import load_pact
from tests.asyncapi.support import (
    CASES,
    FIXTURES,
    JSON,
    Case,
    bundled,
    message,
    opc_rows,
    pactspec_rows,
    run_opc,
    write_pact,
)

pytestmark = pytest.mark.interop


def _compare(spec: Path, pact: Path, opc_spec: Path | None = None) -> tuple[list, list]:
    checks = Checker(load_document(spec)).check(load_pact(pact), str(pact)).interactions
    return pactspec_rows(list(checks)), opc_rows(run_opc(opc_spec or spec, pact))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_each_case_equals_opc(case: Case, tmp_path: Path) -> None:
    """Codes, pact locations, document locations and causes equal opc's for the case."""
    pact = write_pact(tmp_path, case.id, [case.interaction])
    spec = FIXTURES / case.document
    # opc resolves local refs only: it reads the split document bundled, with the same locations
    opc_spec = bundled(spec, tmp_path / "bundled.yaml") if case.document.startswith("split/") else None
    ours, theirs = _compare(spec, pact, opc_spec)
    assert ours == theirs
    assert ours[0][0] == case.codes[0]  # opc gives the codes the case expects, not just pactspec's


@pytest.mark.parametrize("document", sorted({c.document for c in CASES if not c.document.startswith("split/")}))
def test_one_pact_with_every_case_of_a_document(document: str, tmp_path: Path) -> None:
    """All cases of a document in one pact: the interaction indexes in the locations agree too."""
    pact = write_pact(tmp_path, "all", [c.interaction for c in CASES if c.document == document])
    ours, theirs = _compare(FIXTURES / document, pact)
    assert ours == theirs
    assert len(ours) >= sum(1 for c in CASES if c.document == document)


def test_a_26_document_equals_opc_on_its_30_view(tmp_path: Path) -> None:
    """opc refuses AsyncAPI 2.6 ("Malformed AsyncAPI file"); on the 3.0 view pactspec reads it as, it agrees."""
    pact = write_pact(tmp_path, "p", [message("ok", {"id": 1, "name": "Ann"}, metadata={"contentType": JSON}),
                                      message("removed", {"id": 1, "email": "x"}),
                                      message("deleted", {"id": 1}, "onUserDeleted"),
                                      message("close", {"closedAt": 3}, "sendUserCommand"),
                                      message("unknown", {}, "onUserCreated")])
    spec = FIXTURES / "users-2.6.yaml"
    assert "Malformed AsyncAPI file" in run_opc(spec, pact)[0]["error"]
    view = tmp_path / "view.yaml"
    view.write_text(yaml.safe_dump(dict(load_document(spec).view), sort_keys=False))
    ours, theirs = _compare(spec, pact, view)
    assert ours == theirs
    assert [row[0] for row in ours] == ["message.matched", "message.no.match", "message.payload.unknown",
                                        "message.matched", "message.no.match", "message.operation.unknown"]
