"""``pactspec capture``: verify pacts by capturing what the provider's real code publishes to a transport."""

from __future__ import annotations

import argparse
import sys

from pactspec.cli.commands._options import (
    RenamedOption,
    add_allow_empty_option,
    add_path_option,
    add_report_options,
    add_timeout_option,
    extend_import_path,
    timeout_from,
)
from pactspec.errors import ConfigurationError
from pactspec.provider import Filters, check_description
from pactspec.report import format_console, write_reports
from pactspec.transports import transport_schemes, verify_by_capture

HELP = "verify pacts against the messages the provider's real code publishes to a transport"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "pacts", nargs="+", metavar="PACTS", help="pact files, folders of pact files, or http(s) URLs"
    )
    transport = parser.add_mutually_exclusive_group(required=True)
    transport.add_argument(
        "--transport",
        metavar="URL",
        help=f"where to capture ({', '.join(s + '://' for s in transport_schemes())}), e.g. "
        "amqp://guest:guest@127.0.0.1:5672/?exchange=users&routing_key=user.%%23",
    )
    # --broker until 0.2; "broker" now means the Pact Broker (--broker-url)
    transport.add_argument("--broker", dest="transport", metavar="URL", action=RenamedOption, new="--transport")
    parser.add_argument(
        "--app",
        metavar="MODULE",
        action="append",
        default=[],
        required=True,
        help="module registering the @trigger and @provider_state functions (repeatable)",
    )
    add_path_option(parser)
    parser.add_argument("--provider", metavar="NAME", help="verify only the pacts for this provider")
    parser.add_argument(
        "--wait",
        metavar="SECONDS",
        type=float,
        default=5.0,
        help="how long to wait for each message (default 5)",
    )
    parser.add_argument(
        "--description",
        metavar="RE",
        help="only interactions whose description matches this regular expression",
    )
    parser.add_argument("--state", metavar="NAME", help="only interactions with this provider state")
    parser.add_argument("--provider-version", metavar="V", help="the provider version, for the reports")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="print only the failures and the summary, not a line per interaction")
    add_allow_empty_option(parser, "succeed when no pact file or no interaction is found")
    add_timeout_option(parser, "trigger and provider-state handler")
    add_report_options(parser)


def run(args: argparse.Namespace) -> int:
    if args.wait <= 0:
        raise ConfigurationError(f"--wait must be a positive number of seconds, not {args.wait:g}")
    call_timeout = timeout_from(args)
    if args.description is not None:
        check_description(args.description, "--description")
    extend_import_path(args.path)
    result = verify_by_capture(
        args.pacts,
        url=args.transport,
        app=args.app,
        provider=args.provider,
        filters=Filters(args.description, args.state),
        timeout=args.wait,
        provider_version=args.provider_version,
        allow_empty=args.allow_empty,
        call_timeout=call_timeout,
    )
    sys.stdout.write(format_console(result, quiet=args.quiet))
    write_reports(result, junit=args.junit, json=args.json)
    return result.exit_code
