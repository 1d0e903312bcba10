"""``pactspec run contracts/``: run YAML consumer contracts against their handlers, write pact files."""

from __future__ import annotations

import argparse
from pathlib import Path

from pactspec.cli.commands._options import (
    add_path_option,
    add_timeout_option,
    extend_import_path,
    timeout_from,
)
from pactspec.consumer import Recorder, YamlContract, load_contracts
from pactspec.errors import (
    ContractError,
    ContractSyntaxError,
    InputError,
    PactSpecError,
)
from pactspec.transports import s3_object_store

HELP = "run YAML consumer contracts (contracts/*.yaml) against their handlers and write the pact files"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("contracts", nargs="+", help="contract files or folders (*.yaml, *.yml)")
    parser.add_argument("--pact-dir", default="pacts", help="where to write the pact files (default: pacts)")
    parser.add_argument("--pact-write-mode", choices=("merge", "overwrite"), default="merge",
                        help="merge into the pact files (default), or overwrite: the run's first write replaces "
                             "each file (parallel runs sharing PACTSPEC_RUN_ID count as one run)")
    add_path_option(parser, "handlers")
    add_timeout_option(parser, "handler")
    parser.add_argument("--transport", metavar="URL",
                        help="the S3 endpoint (s3+http://HOST:PORT) where a lambda: s3 message's object is put")


def run(args: argparse.Namespace) -> int:
    timeout = timeout_from(args)
    extend_import_path(args.path)
    _check_pact_dir(Path(args.pact_dir))
    recorder = Recorder(write_mode=args.pact_write_mode)
    passed = failed = bad = 0
    items = load_contracts(args.contracts)
    if not items:
        named = " ".join(str(c) for c in args.contracts)
        if any(next(Path(c).rglob("*.feature"), None) for c in args.contracts if Path(c).is_dir()):
            raise InputError(f"no contract files (*.yaml, *.yml) in {named}, only Gherkin features (*.feature): "
                             f"run behave for them (e.g. behave {named}); pactspec run runs YAML contracts")
        raise InputError(f"no contract files (*.yaml, *.yml) in {named}; give the folder that holds your YAML "
                         "contracts, e.g. pactspec run contracts/")
    for item in items:
        if isinstance(item, ContractSyntaxError):
            print(f"ERROR  {item}")
            bad += 1
            continue
        outcome = _run_one(item, recorder, args.pact_dir, timeout, args.transport)
        if outcome is None:
            passed += 1
            print(f"ok     {item.source}  {item.builder.description}")
        elif isinstance(outcome, InputError):
            bad += 1
            print(f"ERROR  {outcome}")
        else:
            failed += 1
            print(f"FAILED {item.source}  {item.builder.description}: {outcome}")
    written = recorder.flush() if len(recorder) else []
    for path in written:
        print(f"wrote  {path}")
    for notice in recorder.notices("--pact-write-mode overwrite"):
        print(f"note   {notice}")
    print(f"{passed} passed, {failed} failed, {bad} with errors")
    if bad:
        return 2
    return 1 if failed else 0


def _check_pact_dir(folder: Path) -> None:
    """Refuse a --pact-dir that cannot be a folder before running anything (it is created when written)."""
    existing = next((p for p in (folder, *folder.parents) if p.exists()), Path("."))
    if not existing.is_dir():
        raise InputError(f"--pact-dir {folder}: {existing} is a file, not a folder; give a folder for the pact files")


def _run_one(item: YamlContract, recorder: Recorder, pact_dir: str, timeout: float | None,
             transport: str | None = None) -> PactSpecError | None:
    builder = item.builder
    try:
        store = s3_object_store(transport) if item.lambda_source == "s3" and transport else None
        builder.run_handler(item.handler or "", item.as_type, rejects=item.rejects, source=item.source,
                            recorder=recorder, pact_dir=pact_dir, timeout=timeout,
                            lambda_source=item.lambda_source, store=store)
    except (ContractError, InputError) as exc:
        return exc
    return None
