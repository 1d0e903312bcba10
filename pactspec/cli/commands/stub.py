"""``pactspec stub``: publish the contracts' example messages to a real transport for a consumer to read."""

from __future__ import annotations

import argparse
import threading

from pactspec.cli.commands._options import add_allow_empty_option
from pactspec.transports import answer_pacts, deliver_pacts, transport_schemes

HELP = "publish each contract's example message (generators applied) to a real transport"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--pacts",
        metavar="PATH",
        action="append",
        required=True,
        help="pact file, folder of pact files or http(s) URL (repeatable)",
    )
    parser.add_argument(
        "--to",
        metavar="URL",
        required=True,
        help=f"transport URL ({', '.join(s + '://' for s in transport_schemes())}), e.g. "
        "amqp://guest:guest@127.0.0.1:5672/?exchange=users or sqs+http://127.0.0.1:4566/users-queue",
    )
    parser.add_argument("--provider", metavar="NAME", help="only the pacts of this provider")
    parser.add_argument("--consumer", metavar="NAME", help="only the pacts of this consumer")
    parser.add_argument(
        "--description", metavar="RE", help="only messages whose description matches this regular expression"
    )
    add_allow_empty_option(parser, "succeed, delivering nothing, when no pact file or no message is found")
    parser.add_argument(
        "--answer", metavar="SECONDS", nargs="?", const=0.0, type=float,
        help="instead of delivering, answer the synchronous messages' requests (NATS, STOMP, MQTT 5 "
        "request/reply) with their responses, for SECONDS or until interrupted",
    )


def run(args: argparse.Namespace) -> int:
    if args.answer is not None:
        return _answer(args)
    delivered = deliver_pacts(
        args.pacts, args.to, provider=args.provider, consumer=args.consumer, description=args.description,
        allow_empty=args.allow_empty,
    )
    for stub, where in delivered:
        print(f"delivered {stub.describe()} to {where}")
    print(f"{len(delivered)} message{'s' if len(delivered) != 1 else ''} delivered")
    return 0


def _answer(args: argparse.Namespace) -> int:
    with answer_pacts(args.pacts, args.to, provider=args.provider, consumer=args.consumer,
                      description=args.description) as responder:
        how_long = f"for {args.answer:g} s" if args.answer else "until interrupted"
        print(f"answering requests on {responder.where} {how_long}", flush=True)
        try:
            threading.Event().wait(args.answer or None)
        except KeyboardInterrupt:
            pass
    return 0
