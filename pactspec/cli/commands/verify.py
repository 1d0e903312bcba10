"""``pactspec verify``: verify pact files against the provider's producers (in-process or over HTTP)."""

from __future__ import annotations

import argparse
import sys

from pactspec.cli.commands._options import (
    add_allow_empty_option,
    add_path_option,
    add_report_options,
    extend_import_path,
)
from pactspec.errors import ConfigurationError
from pactspec.provider import Backend, Filters, Spelling, check_description, verify
from pactspec.provider import backend_for as core_backend_for
from pactspec.report import format_console, write_reports

HELP = "verify pact files against the provider's producers and provider states"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("pacts", nargs="+", metavar="PACTS",
                        help="pact files, folders of pact files, or http(s) URLs")
    parser.add_argument("--provider", metavar="NAME", help="verify only the pacts for this provider")
    parser.add_argument("--app", metavar="MODULE", action="append", default=[],
                        help="module whose import registers the producers and provider states (repeatable)")
    add_path_option(parser)
    parser.add_argument("--message-url", metavar="URL",
                        help="verify a producer in any language through the Pact message-proxy protocol")
    parser.add_argument("--state-url", metavar="URL", help="provider-state change URL (with --message-url)")
    parser.add_argument("--consumer", metavar="NAME", action="append", default=[],
                        help="verify only the pacts of this consumer (repeatable)")
    parser.add_argument("--description", metavar="RE",
                        help="only interactions whose description matches this regular expression")
    parser.add_argument("--state", metavar="NAME", help="only interactions with this provider state")
    parser.add_argument("--no-state", action="store_true", help="only interactions without provider states")
    add_allow_empty_option(parser, "succeed when no pact file or no interaction is found")
    parser.add_argument("--provider-version", metavar="V", help="the provider version, for the reports")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="print only the failures and the summary, not a line per interaction")
    add_report_options(parser)


CLI_SPELLING = Spelling(app="--app MODULE", app_hint="(the module registering your producers)",
                        message_url="--message-url", state_url="--state-url")


def backend_for(args: argparse.Namespace) -> Backend:
    """In-process when only --app is given; the message proxy when --message-url is."""
    extend_import_path(args.path)
    return core_backend_for(args.app or None, args.message_url, args.state_url, spelling=CLI_SPELLING)


def run(args: argparse.Namespace) -> int:
    if args.state is not None and args.no_state:
        raise ConfigurationError("--state and --no-state exclude each other; give one")
    if args.description is not None:
        check_description(args.description, "--description")
    backend = backend_for(args)
    result = verify(args.pacts, backend, provider=args.provider,
                    filters=Filters(args.description, args.state, args.no_state, tuple(args.consumer)),
                    allow_empty=args.allow_empty, provider_version=args.provider_version)
    sys.stdout.write(format_console(result, quiet=args.quiet))
    write_reports(result, junit=args.junit, json=args.json)
    return result.exit_code
