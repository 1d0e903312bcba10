"""``pactspec broker`` deploy commands: can-i-deploy, deployments and releases, environments and versions.

Exit codes: 0 yes / done, 1 a "no" (not deployable, nothing to undeploy), 2 bad input or an
unreachable broker. The flags are the official ``pact-broker`` CLI's; ``--version``, ``--latest``,
``--branch`` and ``--main-branch`` apply to the ``--pacticipant`` (or ``--ignore``) just before them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict
from typing import Any

from pactspec.broker import Broker, CanIDeployResult, MatrixSelector
from pactspec.cli.commands._options import verbose_logging
from pactspec.errors import InputError, PactBrokerError

__all__ = ["configure_deploy_commands"]

DRY_RUN_ENV = "PACT_BROKER_CAN_I_DEPLOY_DRY_RUN"


class _Selectors:
    """The ordered ``--pacticipant``/``--ignore`` groups of can-i-deploy, each with its version flags."""

    def __init__(self) -> None:
        self.groups: list[dict[str, Any]] = []


def _selectors(namespace: argparse.Namespace) -> _Selectors:
    found = getattr(namespace, "selectors", None)
    if not isinstance(found, _Selectors):
        found = _Selectors()
        namespace.selectors = found
    return found


class _Start(argparse.Action):
    """``--pacticipant NAME`` or ``--ignore NAME``: starts a new group."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        _selectors(namespace).groups.append({"pacticipant": values, "ignore": self.dest == "ignore"})


class _Set(argparse.Action):
    """``--version V``, ``--latest [TAG]``, ``--branch B``, ``--main-branch``: set on the last group."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        groups = _selectors(namespace).groups
        if not groups:
            parser.error(f"{option_string} must come after the --pacticipant it belongs to")
        groups[-1][self.dest] = True if values is None or values == [] else values


def _output(parser: argparse.ArgumentParser, choices: Sequence[str] = ("table", "json")) -> None:
    parser.add_argument("-o", "--output", choices=choices, default=choices[0], help="how to print the answer")


def configure_deploy_commands(commands: Any, add_connection: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add the deploy commands to ``pactspec broker``'s subparsers, each with the connection options."""
    can = commands.add_parser(
        "can-i-deploy", help="ask the broker whether versions can be deployed together (exit 0 yes, 1 no)",
        description="Read the Pact Broker's matrix: can this pacticipant version be deployed to the environment "
                    "(or with the other versions given)? Exit 0 yes, 1 no or unknown, 2 bad input.")
    can.add_argument("-a", "--pacticipant", action=_Start, metavar="NAME", dest="pacticipant",
                     help="a pacticipant (repeatable); the version flags below apply to the one before them")
    can.add_argument("-e", "--version", action=_Set, metavar="VERSION", dest="version", help="its version")
    can.add_argument("-l", "--latest", action=_Set, nargs="?", metavar="TAG", dest="latest",
                     help="its latest version (with TAG: the latest with that tag)")
    can.add_argument("--all", action=_Set, metavar="TAG", dest="all",
                     help="every version with that tag (e.g. all mobile app versions in production)")
    can.add_argument("--branch", action=_Set, metavar="BRANCH", dest="branch", help="the latest of its branch")
    can.add_argument("--main-branch", action=_Set, nargs=0, dest="main_branch",
                     help="the latest of its main branch")
    can.add_argument("--ignore", action=_Start, metavar="NAME", dest="ignore",
                     help="a pacticipant to ignore (a --version after it ignores only that version)")
    target = can.add_mutually_exclusive_group()
    target.add_argument("--to-environment", metavar="ENVIRONMENT", help="the environment to deploy to")
    target.add_argument("--to", metavar="TAG", help="the tag of the versions to deploy with (tags, not environments)")
    can.add_argument("--retry-while-unknown", type=int, default=0, metavar="TIMES",
                     help="read the matrix again up to TIMES times while results are missing")
    can.add_argument("--retry-interval", type=float, default=10.0, metavar="SECONDS",
                     help="seconds between those reads (default 10)")
    can.add_argument("--dry-run", action="store_true",
                     help=f"always exit 0, saying what the answer would have been (or set {DRY_RUN_ENV}=true)")
    _output(can)
    add_connection(can)
    can.set_defaults(_broker_run=_with_broker(_can_i_deploy))

    for action, verb in (("deployment", "deployed to"), ("release", "released to")):
        sub = commands.add_parser(f"record-{action}", help=f"record that a pacticipant version was {verb} an environment")
        sub.add_argument("-a", "--pacticipant", required=True, metavar="NAME")
        sub.add_argument("-e", "--version", required=True, metavar="VERSION")
        sub.add_argument("--environment", required=True, metavar="ENVIRONMENT")
        if action == "deployment":
            sub.add_argument("--application-instance", metavar="INSTANCE",
                             help="which instance, when several run in the environment")
        add_connection(sub)
        sub.set_defaults(_broker_run=_with_broker(_record), _action=action)

    undeploy = commands.add_parser("record-undeployment", help="record that a pacticipant is no longer deployed to an "
                                                                "environment")
    undeploy.add_argument("-a", "--pacticipant", required=True, metavar="NAME")
    undeploy.add_argument("--environment", required=True, metavar="ENVIRONMENT")
    undeploy.add_argument("--application-instance", metavar="INSTANCE")
    add_connection(undeploy)
    undeploy.set_defaults(_broker_run=_with_broker(_undeploy))

    ended = commands.add_parser("record-support-ended", help="record that a released version is no longer supported")
    ended.add_argument("-a", "--pacticipant", required=True, metavar="NAME")
    ended.add_argument("-e", "--version", required=True, metavar="VERSION")
    ended.add_argument("--environment", required=True, metavar="ENVIRONMENT")
    add_connection(ended)
    ended.set_defaults(_broker_run=_with_broker(_support_ended))

    version = commands.add_parser("create-or-update-version", help="create a pacticipant version, or set its branch")
    version.add_argument("-a", "--pacticipant", required=True, metavar="NAME")
    version.add_argument("-e", "--version", required=True, metavar="VERSION")
    version.add_argument("--branch", metavar="BRANCH")
    add_connection(version)
    version.set_defaults(_broker_run=_with_broker(_create_version))

    tag = commands.add_parser("create-version-tag", help="tag a pacticipant version")
    tag.add_argument("-a", "--pacticipant", required=True, metavar="NAME")
    tag.add_argument("-e", "--version", required=True, metavar="VERSION")
    tag.add_argument("-t", "--tag", required=True, action="append", metavar="TAG", help="repeatable")
    add_connection(tag)
    tag.set_defaults(_broker_run=_with_broker(_create_tag))

    env = commands.add_parser("create-environment", help="create an environment to deploy or release to")
    env.add_argument("--name", required=True, metavar="NAME", help="no spaces: the name deployments use")
    env.add_argument("--display-name", metavar="TEXT")
    env.add_argument("--production", action="store_true", help="a production environment")
    add_connection(env)
    env.set_defaults(_broker_run=_with_broker(_create_environment))

    listed = commands.add_parser("list-environments", help="list the broker's environments")
    _output(listed)
    add_connection(listed)
    listed.set_defaults(_broker_run=_with_broker(_list_environments))

    describe = commands.add_parser("describe-version", help="describe a pacticipant version (default: the latest)")
    describe.add_argument("-a", "--pacticipant", required=True, metavar="NAME")
    which = describe.add_mutually_exclusive_group()
    which.add_argument("-e", "--version", metavar="VERSION")
    which.add_argument("-l", "--latest", nargs="?", const=True, default=False, metavar="TAG")
    _output(describe)
    add_connection(describe)
    describe.set_defaults(_broker_run=_with_broker(_describe_version))


def _with_broker(command: Callable[[Broker, argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        with verbose_logging(args.verbose), Broker.from_env(
                args.broker_base_url, username=args.broker_username, password=args.broker_password,
                token=args.broker_token) as broker:
            return command(broker, args)
    return run


# -- can-i-deploy ---------------------------------------------------------------------------------
def _can_i_deploy(broker: Broker, args: argparse.Namespace) -> int:
    dry_run = args.dry_run or os.environ.get(DRY_RUN_ENV, "").lower() == "true"
    groups = _selectors(args).groups
    if not groups or groups[0]["ignore"]:
        raise InputError("can-i-deploy needs --pacticipant NAME first, then its --version (or --latest, --branch, "
                         "--main-branch)")

    def selector(group: dict[str, Any]) -> MatrixSelector:
        latest = group.get("latest", False)
        return MatrixSelector(group["pacticipant"], version=group.get("version"), latest=bool(latest),
                              tag=latest if isinstance(latest, str) else group.get("all"), branch=group.get("branch"),
                              main_branch=bool(group.get("main_branch")))

    chosen = [selector(g) for g in groups if not g["ignore"]]
    ignored = [selector(g) for g in groups if g["ignore"]]
    try:
        result = broker.can_i_deploy(chosen[0], others=chosen[1:], to_environment=args.to_environment, to=args.to,
                                     ignore=ignored, retry_while_unknown=args.retry_while_unknown,
                                     retry_interval=args.retry_interval,
                                     waiting=lambda text: print(text, file=sys.stderr))
    except PactBrokerError as exc:
        if not dry_run:
            raise
        print(f"[dry-run] pactspec broker can-i-deploy: {exc}", file=sys.stderr)
        print("[dry-run] Dry run enabled - ignoring any failures")
        return 0
    if args.output == "json":
        print(json.dumps(_as_json(result), indent=2))
    else:
        lines = _answer_lines(result, dry_run=dry_run)
        prefix = "[dry-run] " if dry_run else ""
        print("\n".join(prefix + line if line else prefix.rstrip() for line in lines))
        if dry_run:
            print("[dry-run] Dry run enabled - ignoring any failures")
    return 0 if dry_run or result.deployable is True else 1


def _as_json(result: CanIDeployResult) -> dict[str, Any]:
    return {"deployable": result.deployable, "reason": result.reason, "unknown": result.unknown,
            "notices": [asdict(n) for n in result.notices], "matrix": [asdict(r) for r in result.rows],
            "attempts": result.attempts}


def _answer_lines(result: CanIDeployResult, *, dry_run: bool) -> list[str]:
    if result.deployable is True:
        says = "Computer says yes \\o/"
    elif result.deployable is False:
        says = "Computer says no ¯\\_(ツ)_/¯"
    else:
        says = "Computer says no ¯\\_(ツ)_/¯ (the broker does not know yet: verification results are missing)"
    if dry_run:
        says += " (dry run: exiting 0 whatever the answer)"
    lines = [says]
    table = result.table()
    if table:
        lines += ["", *table]
    texts = [n.text for n in result.notices]
    if result.reason and result.reason not in texts:
        lines += ["", result.reason]
    if texts:
        lines += ["", *texts]
    return lines


# -- deployments, environments, versions --------------------------------------------------------
def _record(broker: Broker, args: argparse.Namespace) -> int:
    if args._action == "deployment":
        done = broker.record_deployment(args.pacticipant, args.version, args.environment,
                                        application_instance=args.application_instance)
    else:
        done = broker.record_release(args.pacticipant, args.version, args.environment)
    print(f"{done.message} in the Pact Broker.")
    return 0


def _undeploy(broker: Broker, args: argparse.Namespace) -> int:
    for done in broker.record_undeployment(args.pacticipant, args.environment,
                                           application_instance=args.application_instance):
        print(f"{done.message} in the Pact Broker.")
    return 0


def _support_ended(broker: Broker, args: argparse.Namespace) -> int:
    for done in broker.record_support_ended(args.pacticipant, args.version, args.environment):
        print(f"{done.message} in the Pact Broker.")
    return 0


def _create_version(broker: Broker, args: argparse.Namespace) -> int:
    broker.create_or_update_version(args.pacticipant, args.version, branch=args.branch)
    branch = f" with branch {args.branch}" if args.branch else ""
    print(f"Created/updated pacticipant version {args.version}{branch} in the Pact Broker.")
    return 0


def _create_tag(broker: Broker, args: argparse.Namespace) -> int:
    for tag in args.tag:
        broker.create_version_tag(args.pacticipant, args.version, tag)
        print(f"Tagged {args.pacticipant} version {args.version} with {tag!r} in the Pact Broker.")
    return 0


def _create_environment(broker: Broker, args: argparse.Namespace) -> int:
    env = broker.create_environment(args.name, display_name=args.display_name, production=args.production)
    print(f"Created {env.name} environment in the Pact Broker with UUID {env.uuid or '?'}.")
    return 0


def _list_environments(broker: Broker, args: argparse.Namespace) -> int:
    environments = broker.environments()
    if args.output == "json":
        print(json.dumps([asdict(e) for e in environments], indent=2))
        return 0
    header = ("NAME", "DISPLAY NAME", "PRODUCTION", "UUID")
    rows = [(e.name, e.display_name or "", "true" if e.production else "false", e.uuid or "") for e in environments]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print(" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    return 0


def _describe_version(broker: Broker, args: argparse.Namespace) -> int:
    info = broker.describe_version(args.pacticipant, args.version, latest=args.latest)
    if args.output == "json":
        print(json.dumps(asdict(info), indent=2))
        return 0
    print(f"Pacticipant: {info.pacticipant}")
    print(f"Version:     {info.number}")
    print(f"Branches:    {', '.join(info.branches) or '-'}")
    print(f"Tags:        {', '.join(info.tags) or '-'}")
    if info.build_url:
        print(f"Build URL:   {info.build_url}")
    return 0
