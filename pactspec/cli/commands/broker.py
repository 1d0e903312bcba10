"""``pactspec broker``: Pact Broker commands, with the ``pact-broker`` CLI's connection flags.

``pactspec broker publish PACTS... -a VERSION [--branch B] [-t TAG]... [--build-url U] [--merge]``
publishes pact files; the broker's notices are printed. A conflict (HTTP 409) exits 1 with the
broker's message; bad input or an unreachable broker exits 2. The deploy commands (can-i-deploy,
record-deployment, …) are in :mod:`pactspec.cli.commands._broker_deploy`.
"""

from __future__ import annotations

import argparse
import sys

from pactspec.broker import Broker, PactBrokerConflict
from pactspec.cli.commands._broker_deploy import configure_deploy_commands
from pactspec.cli.commands._options import add_broker_connection_options, verbose_logging

HELP = ("Pact Broker commands: publish, can-i-deploy, record deployments and releases, environments and "
        "versions (pact-broker's flags and PACT_BROKER_* variables)")


def add_connection_options(parser: argparse.ArgumentParser) -> None:
    """``-b/--broker-base-url`` (alias ``--broker-url``), ``-u``, ``-p``, ``-k``, ``--verbose``."""
    add_broker_connection_options(parser, title="Pact Broker connection", url_help="the Pact Broker's base URL")


def configure(parser: argparse.ArgumentParser) -> None:
    commands = parser.add_subparsers(dest="broker_command", metavar="BROKER_COMMAND")
    publish = commands.add_parser("publish", help="publish pact files to a Pact Broker",
                                  description="Publish pact files (their bytes as they are) for a consumer version.")
    publish.add_argument("pacts", nargs="+", metavar="PACTS", help="pact files or folders of them")
    publish.add_argument("-a", "--consumer-app-version", required=True, metavar="VERSION",
                         help="the consumer application version (e.g. the git SHA)")
    publish.add_argument("--branch", metavar="BRANCH", help="the consumer's git branch (recommended)")
    publish.add_argument("-t", "--tag", action="append", default=[], metavar="TAG",
                         help="a tag for the consumer version (repeatable)")
    publish.add_argument("--build-url", metavar="URL", help="the CI build URL")
    publish.add_argument("--merge", action="store_true",
                         help="merge these interactions into a pact already published for this version")
    add_connection_options(publish)
    publish.set_defaults(_broker_run=_publish)
    configure_deploy_commands(commands, add_connection_options)


def _publish(args: argparse.Namespace) -> int:
    with verbose_logging(args.verbose):
        return _published(args)


def _published(args: argparse.Namespace) -> int:
    with Broker.from_env(args.broker_base_url, username=args.broker_username, password=args.broker_password,
                         token=args.broker_token) as broker:
        try:
            result = broker.publish(args.pacts, consumer_app_version=args.consumer_app_version, branch=args.branch,
                                    tags=args.tag, build_url=args.build_url, merge=args.merge)
        except PactBrokerConflict as conflict:
            # The broker's doc: with notices and errors, show the notices.
            for notice in conflict.notices or ():
                print(getattr(notice, "text", notice), file=sys.stderr)
            if not conflict.notices:
                print(f"pactspec broker publish: {conflict}", file=sys.stderr)
            return 1
    for notice in result.notices:
        print(notice.text)
    return 0


def run(args: argparse.Namespace) -> int:
    command = getattr(args, "_broker_run", None)
    if command is None:
        args._parser.print_help(sys.stderr)
        return 2
    return int(command(args))
