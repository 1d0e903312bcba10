"""``pactspec docs``: write the living documentation (HTML + Markdown) of a folder of pacts."""

from __future__ import annotations

import argparse

from pactspec.cli.commands._options import add_allow_empty_option
from pactspec.docs import generate_docs

HELP = "write living documentation (HTML and Markdown) from pact files, features and verification results"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pacts", required=True, action="append", metavar="DIR",
                        help="pact files, folders of them, or http(s) URLs (repeatable)")
    parser.add_argument("--features", metavar="DIR", action="append", default=[],
                        help="the consumers' Gherkin features (folders or .feature files, repeatable), to show "
                             "each interaction's scenario")
    parser.add_argument("--contracts", metavar="DIR", action="append", default=[],
                        help="the consumers' YAML contracts (folders or files, repeatable, as given to `pactspec "
                             "run`), to show each interaction's YAML entry")
    parser.add_argument("--results", nargs="+", default=[], metavar="FILE",
                        help="verification results written by `pactspec verify --json FILE`")
    parser.add_argument("--templates", metavar="DIR",
                        help="a folder of jinja2 templates overriding pactspec's own, by name")
    parser.add_argument("--title", default="Message contracts", help="the site's title")
    parser.add_argument("--out", required=True, metavar="DIR", help="where to write the site")
    add_allow_empty_option(parser, "write the site (saying so) when no pact file is found")


def run(args: argparse.Namespace) -> int:
    index = generate_docs(args.pacts, args.out, features=args.features, contracts=args.contracts,
                          results=args.results, templates=args.templates, title=args.title,
                          allow_empty=args.allow_empty)
    print(index.resolve())
    return 0

