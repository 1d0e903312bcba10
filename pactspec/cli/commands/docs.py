"""``pactspec docs``: write the living documentation (HTML + Markdown) of a folder of pacts, or of a Pact Broker.

``pactspec docs --broker-url URL [--out DIR]`` reads the broker's latest pacts, their latest
verification results and can-i-deploy for each environment (credentials as ``pactspec broker``:
``-u``/``-p``/``-k`` or ``PACT_BROKER_*``).
"""

from __future__ import annotations

import argparse
import os

from pactspec.broker import ENV_BASE_URL, Broker
from pactspec.cli.commands._options import add_allow_empty_option, add_broker_connection_options
from pactspec.docs import generate_docs, generate_docs_from_broker
from pactspec.errors import InputError

HELP = ("write living documentation (HTML and Markdown) from pact files, features and verification results, "
        "or from a Pact Broker")
DEFAULT_OUT = "pact-docs"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pacts", action="append", metavar="DIR",
                        help="pact files, folders of them, or http(s) URLs (repeatable); or use --broker-url")
    parser.add_argument("--features", metavar="DIR", action="append", default=[],
                        help="the consumers' Gherkin features (folders or .feature files, repeatable), to show "
                             "each interaction's scenario")
    parser.add_argument("--contracts", metavar="DIR", action="append", default=[],
                        help="the consumers' YAML contracts (folders or files, repeatable, as given to `pactspec "
                             "run`), to show each interaction's YAML entry")
    parser.add_argument("--results", nargs="+", default=[], metavar="FILE",
                        help="verification results written by `pactspec verify --json FILE`")
    parser.add_argument("--asyncapi", metavar="FILE",
                        help="the provider's AsyncAPI document: show each referenced operation, its channel and "
                             "payload schema, and the offline check's result (needs the asyncapi extra)")
    parser.add_argument("--templates", metavar="DIR",
                        help="a folder of jinja2 templates overriding pactspec's own, by name")
    parser.add_argument("--title", default="Message contracts", help="the site's title")
    parser.add_argument("--out", default=DEFAULT_OUT, metavar="DIR",
                        help=f"where to write the site (default: {DEFAULT_OUT})")
    add_allow_empty_option(parser, "write the site (saying so) when no pact file is found")
    add_broker_connection_options(
        parser, title="from a Pact Broker (instead of --pacts)", verbose=False,
        url_help="read the broker's latest pacts, their results and can-i-deploy per environment")

def run(args: argparse.Namespace) -> int:
    if args.broker_base_url and args.pacts:
        raise InputError("give --pacts or --broker-url, not both")
    if args.broker_base_url or (not args.pacts and os.environ.get(ENV_BASE_URL)):
        if args.features or args.results or args.contracts or args.asyncapi:
            raise InputError("--features, --contracts, --results and --asyncapi go with --pacts; with --broker-url "
                             "the broker gives the pacts and their results")
        with Broker.from_env(args.broker_base_url, username=args.broker_username, password=args.broker_password,
                             token=args.broker_token) as broker:
            index = generate_docs_from_broker(broker, args.out, templates=args.templates, title=args.title)
    elif args.pacts:
        index = generate_docs(args.pacts, args.out, features=args.features, contracts=args.contracts,
                              results=args.results, templates=args.templates, title=args.title,
                              allow_empty=args.allow_empty, asyncapi=args.asyncapi)
    else:
        raise InputError("say where the pacts are: --pacts DIR (pact files) or --broker-url URL (a Pact Broker)")
    print(index.resolve())
    return 0

