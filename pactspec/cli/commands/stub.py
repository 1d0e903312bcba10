"""``pactspec stub``: publish the contracts' example messages to a real transport for a consumer to read,
or (``ws://``) serve them to the consumers that connect."""

from __future__ import annotations

import argparse
import signal
import threading
from types import FrameType

from pactspec.cli.commands._options import add_allow_empty_option
from pactspec.errors import ConfigurationError
from pactspec.transports import answer_pacts, deliver_pacts, serve_pacts, stub_is_server, transport_schemes

HELP = "publish each contract's example message (generators applied) to a real transport, or serve them (ws://)"


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
        "amqp://guest:guest@127.0.0.1:5672/?exchange=users or sqs+http://127.0.0.1:4566/users-queue; "
        "ws://127.0.0.1:PORT/path runs a WebSocket server the consumer connects to",
    )
    parser.add_argument("--provider", metavar="NAME", help="only the pacts of this provider")
    parser.add_argument("--consumer", metavar="NAME", help="only the pacts of this consumer")
    parser.add_argument(
        "--description", metavar="RE", help="only messages whose description matches this regular expression"
    )
    parser.add_argument("--clients", metavar="N", type=int,
                        help="ws://: stop once N clients got every message meant for them (default 1)")
    parser.add_argument("--wait", metavar="SECONDS", type=float,
                        help="ws://: stop after this many seconds even if fewer clients came (default: no limit)")
    add_allow_empty_option(parser, "succeed, delivering nothing, when no pact file or no message is found")
    parser.add_argument(
        "--answer", metavar="SECONDS", nargs="?", const=0.0, type=float,
        help="instead of delivering, answer the synchronous messages' requests (NATS, STOMP, MQTT 5 "
        "request/reply) with their responses, for SECONDS or until interrupted",
    )


def run(args: argparse.Namespace) -> int:
    if args.answer is not None:
        return _answer(args)
    if stub_is_server(args.to):
        return _serve(args)
    for option, value in (("--clients", args.clients), ("--wait", args.wait)):
        if value is not None:
            raise ConfigurationError(f"{option} is for a stub server (ws://), not for delivering to {args.to.split(':')[0]}://; leave it out")
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


def _serve(args: argparse.Namespace) -> int:
    """Run the stub server until its clients are served (exit 0), ``--wait`` passes or Ctrl-C / SIGTERM (exit 1).

    The last line says which.
    """
    clients = 1 if args.clients is None else args.clients
    if clients < 1:
        raise ConfigurationError(f"--clients must be at least 1, not {clients}")
    if args.wait is not None and args.wait <= 0:
        raise ConfigurationError(f"--wait must be a positive number of seconds, not {args.wait:g}")
    server = serve_pacts(args.pacts, args.to, provider=args.provider, consumer=args.consumer,
                         description=args.description, allow_empty=args.allow_empty,
                         log=lambda line: print(line, flush=True))
    wanted = f"{clients} client{'s' if clients != 1 else ''}"

    terminated: list[int] = []

    def terminate(signum: int, frame: FrameType | None) -> None:
        terminated.append(signum)
        raise KeyboardInterrupt  # unwinds the wait and the server as Ctrl-C does; `terminated` tells them apart

    # signal handlers can be set in the main thread only; elsewhere (a test's thread) SIGTERM keeps its default
    in_main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, terminate) if in_main else None
    try:
        with server:
            print(f"serving on {server.url} until {wanted} got every message"
                  + (f" or {args.wait:g} s pass" if args.wait is not None else ""), flush=True)
            if server.wait_for_clients(clients, args.wait):
                print(f"stopped: every message was delivered to {wanted}")
                return 0
            print(f"stopped: --wait {args.wait:g} s passed; {server.served()} of {wanted} got every message")
            return 1
    except KeyboardInterrupt:  # stopped before its clients were served: a failed delivery, as when --wait passes
        how = "terminated (SIGTERM)" if terminated else "interrupted (Ctrl-C)"
        print(f"stopped: {how}; {server.served()} of {wanted} got every message")
        return 1
    finally:
        if in_main:
            signal.signal(signal.SIGTERM, previous)
