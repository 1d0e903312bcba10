"""``pactspec asyncapi check PACTS... --spec asyncapi.yaml``: check message pacts against a provider's AsyncAPI
document offline, as PactFlow's bi-directional contract testing does (see :mod:`pactspec.asyncapi`).

Exit 0 when every interaction matches, 1 when one does not, 2 for bad input (a document that
cannot be read, an unresolvable ``$ref``, a version pactspec cannot read, a bad pact file). The
check needs the ``asyncapi`` extra, imported only when the command runs so the rest of the CLI
works without it.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import importlib
import re
import sys
import time
from pathlib import Path
from types import ModuleType

import yaml

from pactspec.cli.commands._options import add_allow_empty_option, add_report_options
from pactspec.errors import ConfigurationError
from pactspec.pactfile import load_pacts
from pactspec.report import write_reports

HELP = ("AsyncAPI: check message pacts against a provider's AsyncAPI document (PactFlow's comparator, offline), "
        "export a provider's document from its pacts, import contracts from one")


def configure(parser: argparse.ArgumentParser) -> None:
    commands = parser.add_subparsers(dest="asyncapi_command", metavar="ASYNCAPI_COMMAND")
    check = commands.add_parser(
        "check", help="check pact files against an AsyncAPI 3.0 (or 2.x) document",
        description="Check each message interaction against the AsyncAPI operation its "
                    "comments.references.AsyncAPI.operationId names, with the result codes of PactFlow's comparator.")
    check.add_argument("pacts", nargs="+", metavar="PACTS", help="pact files, folders of pact files, or http(s) URLs")
    check.add_argument("--spec", required=True, metavar="FILE", help="the provider's AsyncAPI document (YAML or JSON)")
    check.add_argument("-q", "--quiet", action="store_true", help="print only the verdict line")
    add_allow_empty_option(check, "succeed when no pact file is found")
    add_report_options(check)
    check.set_defaults(_asyncapi_run=_check)
    export = commands.add_parser(
        "export", help="write the AsyncAPI 3.0 document a provider's consumers need, from their pacts",
        description="Derive channels, messages (payload schemas from the matching rules, the examples attached) and "
                    "operations from the message pacts with PROVIDER; the pact files are not changed.")
    export.add_argument("pacts", nargs="+", metavar="PACTS", help="pact files, folders of pact files, or http(s) URLs")
    export.add_argument("--provider", required=True, help="the provider whose document to write (its pact name)")
    export.add_argument("--format", default="3.0", choices=["3.0"], help="the AsyncAPI version to write (3.0)")
    export.add_argument("--out", metavar="FILE", help="write the document to FILE (YAML) instead of standard output")
    add_allow_empty_option(export, "write nothing and succeed when no pact file is found")
    export.set_defaults(_asyncapi_run=_export)
    imports = commands.add_parser(
        "import", help="write consumer contracts (YAML, optionally .feature) from a provider's AsyncAPI document",
        description="One contract message per message the provider sends (request/reply included), with example "
                    "rows, matcher words from the schema, metadata from headers and bindings, the AsyncAPI reference "
                    "filled in and a handler placeholder to replace.")
    imports.add_argument("spec", metavar="ASYNCAPI", help="the provider's AsyncAPI document (3.x or 2.x, YAML or JSON)")
    imports.add_argument("--consumer", required=True, help="the consumer's name, as its pacts will say it")
    imports.add_argument("--provider", help="the provider's name in the pacts (default: the document's title, "
                         "lower-case with hyphens)")
    imports.add_argument("--operation", action="append", default=[], metavar="ID",
                         help="import only this operation (repeatable); default: every operation the provider sends")
    imports.add_argument("--out", required=True, metavar="DIR", help="the folder for the YAML contract")
    imports.add_argument("--features", metavar="DIR", help="also write a Gherkin .feature file into DIR")
    imports.set_defaults(_asyncapi_run=_import)


def _asyncapi() -> ModuleType:
    try:
        return importlib.import_module("pactspec.asyncapi")
    except ModuleNotFoundError as exc:
        if exc.name not in ("jsonschema", "referencing"):
            raise
        raise ConfigurationError(f"the AsyncAPI check needs {exc.name}; install pactspec with its asyncapi extra: "
                                 "pip install 'pactspec-messages[asyncapi]'") from exc


def _check(args: argparse.Namespace) -> int:
    asyncapi = _asyncapi()
    started_at = _dt.datetime.now(_dt.UTC)
    started = time.perf_counter()
    checks = asyncapi.check_pacts(args.pacts, args.spec, allow_empty=args.allow_empty)
    duration = time.perf_counter() - started
    text = asyncapi.format_checks(checks, args.spec, duration)
    sys.stdout.write(text.rsplit("\n", 2)[-2] + "\n" if args.quiet else text)
    write_reports(asyncapi.to_verification_result(checks, started_at, duration), junit=args.junit, json=args.json)
    return 0 if all(check.passed for check in checks) else 1


def _export(args: argparse.Namespace) -> int:
    asyncapi = _asyncapi()
    pacts = [pact for _, pact in load_pacts(args.pacts, allow_empty=args.allow_empty)]
    if not pacts:
        return 0
    text = yaml.safe_dump(asyncapi.export_document(pacts, args.provider), sort_keys=False, allow_unicode=True)
    for consumer, description, operation_id in asyncapi.unreferenced(pacts, args.provider):
        print(f'note: {consumer}\'s "{description}" names no AsyncAPI operation; add asyncapi: {{operationId: '
              f"{operation_id}}} to its contract (Gherkin: And the message is the AsyncAPI operation "
              f'"{operation_id}") so the check finds it', file=sys.stderr)
    if args.out:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        print(f"wrote {out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _slug(text: str) -> str:
    return "-".join(w for w in re.split(r"[^0-9A-Za-z]+", text.lower()) if w) or "provider"


def _import(args: argparse.Namespace) -> int:
    asyncapi = _asyncapi()
    document = asyncapi.load_document(args.spec)
    messages = asyncapi.import_messages(document, args.operation)
    provider = args.provider or _slug(str((document.view.get("info") or {}).get("title") or Path(args.spec).stem))
    name = f"{_slug(args.consumer)}-{_slug(provider)}"
    written = [(Path(args.out) / f"{name}.yaml", asyncapi.contract_yaml(messages, args.consumer, provider, args.spec))]
    if args.features:
        written.append((Path(args.features) / f"{name}.feature",
                        asyncapi.feature_text(messages, args.consumer, provider, args.spec)))
    for path, text in written:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path} ({len(messages)} messages)")
    print(f"next: replace each handler ({asyncapi.HANDLER_PLACEHOLDER}) with your code, then pactspec run {args.out}")
    return 0


def run(args: argparse.Namespace) -> int:
    if not getattr(args, "_asyncapi_run", None):
        args._parser.print_help(sys.stderr)
        return 2
    return int(args._asyncapi_run(args))
