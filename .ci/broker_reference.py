#!/usr/bin/env python3
"""Locate the Pact Broker reference material the broker tests read, checking it byte for byte.

Prints the folder on stdout. Looks at $PACTSPEC_BROKER_REFERENCE, then ../shared/broker, then
.cache/broker; if none holds every file with the checksum ../shared/broker/README.md gives, fetches
the pinned upstream commits (below) into .cache/broker with git. Exits 2 with one sentence saying
why when that is impossible. ``--check`` prints a line for people instead of the bare folder.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

from _reference import REPO, run, shallow_checkout

CACHE = REPO / ".cache" / "broker"

# folder -> (repository, commit, {path in the folder: path in the repository})
DOCS = ("can-i-deploy", "index_environment", "index_environments", "index_pacticipant-branch",
        "index_pacticipant-version", "index_publish-contracts", "matrix", "pact_publish-verification-results",
        "pending-provider-pacts", "provider-pacts-for-verification")
APPROVALS = ("features_can_i_deploy_approval_spec", "features_get_matrix_approval_spec",
             "get_provider_pacts_for_verification", "matrix_integration_environment_spec",
             "matrix_integration_ignore_spec", "matrix_integration_spec", "pacticipant_branches_decorator",
             "publish_contract_no_branch", "publish_contract_nothing_exists",
             "publish_contract_nothing_exists_with_webhook", "publish_contract_verification_already_exists",
             "publish_contract_with_validation_error", "publish_contracts_results_decorator")
SOURCES = {
    "pact_broker-client": ("https://github.com/pact-foundation/pact_broker-client.git",
                           "76c9a338c7899779371efa47c5bc3f8947179c23", {
                               "Pact Broker Client V2-Pact Broker.json": "spec/pacts/Pact Broker Client V2-Pact Broker.json",
                               "pact_broker_client-pact_broker.json": "spec/pacts/pact_broker_client-pact_broker.json",
                               "LICENSE.txt": "LICENSE.txt"}),
    "pact_broker": ("https://github.com/pact-foundation/pact_broker.git",
                    "fd6e5b6389207f6b2961d08e5082f45b011d5882", {
                        "LICENSE.txt": "LICENSE.txt",
                        **{f"approvals/{name}.approved.json": f"spec/fixtures/approvals/{name}.approved.json"
                           for name in APPROVALS},
                        **{f"doc/{name}.markdown": f"lib/pact_broker/doc/views/{name.replace('_', '/', 1)}.markdown"
                           for name in DOCS}}),
    "pact-ruby": ("https://github.com/pact-foundation/pact-ruby.git", "07b884a12420999bcd93ad669e28b9397d7de696", {
        "for_verification.yml": "spec/fixtures/vcr/pact-broker/for_verification.yml", "LICENSE.txt": "LICENSE.txt"}),
    "pact-broker-cli": ("https://github.com/pact-foundation/pact-broker-cli.git",
                        "9d7108facf7fc5a751ac4d77acb2ce6ffb3be7fa", {"oas.yml": "oas.yml", "LICENSE": "LICENSE"}),
}
# The files the tests read, with the checksums ../shared/broker/README.md lists.
CHECKSUMS = {
    "pact_broker-client/Pact Broker Client V2-Pact Broker.json":
        "fd28c0f7c3211fea70330d782302d99f0728140e4716287c8bcaf35a5beb9c20",
    "pact_broker/approvals/get_provider_pacts_for_verification.approved.json":
        "314c6392fdb3a049d058162338989634647dd8da1d4be0e5cd481053ed87f499",
    "pact_broker/doc/index_publish-contracts.markdown":
        "925ba65a14d426e8a03eb85325117db0f69030d49f36f0e5f6e2c16ec90b3fd0",
    "pact_broker/doc/provider-pacts-for-verification.markdown":
        "7094026e288cbb8d28ca312ccc480dabf63fed64d64f424ce564dd7da180140f",
    "pact-ruby/for_verification.yml": "d3ffa1942510e2f297a294ca98e0dab7ef1327f14a09b6904b3ee11fff333af3",
}


def complete(folder: Path) -> bool:
    for name, digest in CHECKSUMS.items():
        path = folder / name
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            return False
    return True


def fetch() -> Path:
    if shutil.which("git") is None:
        raise RuntimeError("git is not installed, so the pinned upstream commits cannot be fetched")
    staging = CACHE.with_name("broker.partial")
    shutil.rmtree(staging, ignore_errors=True)
    for folder, (url, commit, files) in SOURCES.items():
        def copy(work: Path, folder: str = folder, files: dict[str, str] = files) -> None:
            for name, path in files.items():
                target = staging / folder / name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(work / path, target)

        shallow_checkout(url, commit, copy)
    if not complete(staging):
        raise RuntimeError("the fetched files do not have the checksums ../shared/broker/README.md lists")
    shutil.rmtree(CACHE, ignore_errors=True)
    staging.rename(CACHE)
    return CACHE


def main() -> int:
    return run(what="Pact Broker reference material", variable="PACTSPEC_BROKER_REFERENCE", shared="broker",
               cache=CACHE, complete=complete, fetch=fetch)


if __name__ == "__main__":
    sys.exit(main())
