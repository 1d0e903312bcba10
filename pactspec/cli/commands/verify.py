"""``pactspec verify``: verify pact files, or the pacts a Pact Broker selects, against the provider's producers.

The broker options are the ``pact verifier``'s: ``--broker-url``, ``--consumer-version-selectors``,
``--enable-pending``, ``--include-wip-pacts-since``, ``--publish``… and ``--user``/``--password``/
``--token`` (or ``PACT_BROKER_*``).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from pactspec.broker import BrokerOptions, combine_results, fetch_from_broker, selectors_from
from pactspec.cli.commands._options import (
    add_allow_empty_option,
    add_path_option,
    add_report_options,
    add_timeout_option,
    extend_import_path,
    timeout_from,
    verbose_logging,
)
from pactspec.errors import ConfigurationError, InputError
from pactspec.provider import (
    Backend,
    Filters,
    Spelling,
    VerificationResult,
    check_description,
    verify,
)
from pactspec.provider import backend_for as core_backend_for
from pactspec.report import format_console, write_reports

HELP = "verify pact files against the provider's producers and provider states"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("pacts", nargs="*", metavar="PACTS",
                        help="pact files, folders of pact files, or http(s) URLs (or --broker-url)")
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
    parser.add_argument("--provider-version", "--provider-app-version", dest="provider_version", metavar="V",
                        help="the provider version, for the reports and the published results")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="print only the failures and the summary, not a line per interaction")
    add_timeout_option(parser)
    add_report_options(parser)
    add_broker_options(parser)


def _listed(values: list[str]) -> tuple[str, ...]:
    """Repeatable options that also take comma-separated values, as the pact verifier's do."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def add_broker_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("Pact Broker (the pact verifier's flags; default: PACT_BROKER_BASE_URL, "
                                      "_USERNAME, _PASSWORD, _TOKEN)")
    group.add_argument("-b", "--broker-url", metavar="URL", help="verify the pacts this Pact Broker selects")
    group.add_argument("--user", metavar="NAME", help="basic auth username for the broker")
    group.add_argument("--password", metavar="PASSWORD", help="basic auth password for the broker")
    group.add_argument("--token", metavar="TOKEN", help="bearer token for the broker (PactFlow)")
    group.add_argument("--consumer-version-selectors", metavar="JSON", action="append", default=[],
                       help='a consumer version selector, e.g. \'{"mainBranch": true}\' (repeatable)')
    group.add_argument("--consumer-version-tags", metavar="TAG", action="append", default=[],
                       help="the latest pact of each consumer version with this tag (repeatable, or comma-separated)")
    group.add_argument("--enable-pending", action="store_true",
                       help="a pending pact's failures are reported but do not fail the run")
    group.add_argument("--include-wip-pacts-since", metavar="YYYY-MM-DD",
                       help="also verify work-in-progress pacts published since this date (they are pending)")
    group.add_argument("--provider-branch", metavar="BRANCH", help="the provider's git branch")
    group.add_argument("--provider-tags", metavar="TAG", action="append", default=[],
                       help="tags for the provider version (repeatable, or comma-separated)")
    group.add_argument("--publish", action="store_true",
                       help="publish the verification results to the broker (needs --provider-version)")
    group.add_argument("--build-url", metavar="URL", help="the CI build URL, with the published results")
    group.add_argument("--verbose", action="store_true", help="log each request to the broker (no credentials)")


CLI_SPELLING = Spelling(app="--app MODULE", app_hint="(the module registering your producers)",
                        message_url="--message-url", state_url="--state-url")


def backend_for(args: argparse.Namespace) -> Backend:
    """In-process when only --app is given; the message proxy when --message-url is."""
    timeout = timeout_from(args)
    extend_import_path(args.path)
    return core_backend_for(args.app or None, args.message_url, args.state_url, spelling=CLI_SPELLING,
                            timeout=timeout)


def _broker_options(args: argparse.Namespace) -> BrokerOptions | None:
    url = args.broker_url or (None if args.pacts else os.environ.get("PACT_BROKER_BASE_URL") or None)
    if url is None:
        if args.publish:
            raise ConfigurationError("--publish needs --broker-url (or PACT_BROKER_BASE_URL): results are "
                                     "published to a Pact Broker")
        if not args.pacts:
            raise ConfigurationError("nothing to verify: give pact files, folders or URLs, or --broker-url")
        return None
    options = BrokerOptions(
        args.provider or "", url, selectors_from(args.consumer_version_selectors),
        _listed(args.consumer_version_tags), args.enable_pending, args.include_wip_pacts_since,
        args.provider_branch, _listed(args.provider_tags), args.publish, args.provider_version, args.build_url,
        args.user, args.password, args.token)
    options.check()
    return options


def run(args: argparse.Namespace) -> int:
    if args.state is not None and args.no_state:
        raise ConfigurationError("--state and --no-state exclude each other; give one")
    if args.description is not None:
        check_description(args.description, "--description")
    _refuse_contracts(args.pacts or [])
    options = _broker_options(args)
    backend = backend_for(args)
    filters = Filters(args.description, args.state, args.no_state, tuple(args.consumer))
    from_files: VerificationResult | None = None
    if args.pacts:
        from_files = verify(args.pacts, backend, provider=args.provider, filters=filters,
                            allow_empty=args.allow_empty or options is not None, provider_version=args.provider_version)
    if options is None:
        assert from_files is not None
        return _report(args, from_files)
    with verbose_logging(args.verbose):
        broker_run = fetch_from_broker(options)
        try:
            for text in broker_run.before_notices():
                print(text)
            from_broker = broker_run.verify(backend, filters=filters, allow_empty=args.allow_empty)
            result = combine_results(from_files, from_broker) if from_files is not None else from_broker
            code = _report(args, result)
            if options.publish:
                for published in broker_run.publish(from_broker):
                    print(f"Verification results published to {published.url or published.pact_url}")
            for text in broker_run.after_notices(from_broker):
                print(text)
        finally:
            broker_run.close()
    return code


def _report(args: argparse.Namespace, result: VerificationResult) -> int:
    sys.stdout.write(format_console(result, quiet=args.quiet))
    write_reports(result, junit=args.junit, json=args.json)
    return result.exit_code


def _refuse_contracts(locations: list[str]) -> None:
    """A YAML contract (or a folder of them and no pact) given to verify: say to run it first."""
    for location in locations:
        path = Path(location)
        if path.is_file() and path.suffix in (".yaml", ".yml"):
            raise InputError(f"{path}: this is a YAML contract: run `pactspec run {path}` first, which writes its "
                             "pact file (to pacts/), then verify that (pactspec verify pacts)")
        if path.is_dir() and next(path.rglob("*.json"), None) is None and (
                next(path.rglob("*.yaml"), None) or next(path.rglob("*.yml"), None)):
            raise InputError(f"{path} holds YAML contracts and no pact files: run `pactspec run {path}` first, "
                             "which writes the pact files (to pacts/), then verify those (pactspec verify pacts)")
