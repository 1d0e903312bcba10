"""``pactspec serve``: serve the registered producers as a Pact message proxy (for any Pact verifier)."""

from __future__ import annotations

import argparse
import signal
import sys
from typing import Any

from pactspec.cli.commands._options import (
    add_path_option,
    add_timeout_option,
    extend_import_path,
    timeout_from,
)
from pactspec.errors import ConfigurationError
from pactspec.provider import MESSAGE_PATH, STATE_PATH, MessageProxy, load_app

HELP = "serve the producers and provider states over the Pact message-proxy protocol"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--app", metavar="MODULE", action="append", required=True,
                        help="module whose import registers the producers and provider states (repeatable)")
    add_path_option(parser)
    parser.add_argument("--port", metavar="N", type=int, required=True, help="port to listen on (0: any free)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--verbose", action="store_true", help="log each request to stderr")
    add_timeout_option(parser)


def run(args: argparse.Namespace) -> int:
    if not 0 <= args.port <= 65535:
        raise ConfigurationError(f"--port {args.port} is not a port number; give 0 to 65535")
    timeout = timeout_from(args)
    extend_import_path(args.path)
    provider = load_app(args.app)
    proxy = MessageProxy(provider, host=args.host, port=args.port, verbose=args.verbose, timeout=timeout)
    try:
        proxy.bind()
    except OSError as exc:
        raise ConfigurationError(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}; "
                                 "pick another --port") from exc
    print(banner(len(provider.producers), len(provider.states), proxy.base_url), flush=True)
    # SIGTERM (how tests and process managers stop us) ends like Ctrl-C, so pending teardowns run.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        proxy.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        sys.stdout.flush()
    return 0


def banner(producers: int, states: int, base_url: str) -> str:
    """The line serve prints once listening (tests and scripts read the URL from it)."""
    return (f"pactspec serving {_count(producers, 'producer')} and {_count(states, 'provider state')} on {base_url} "
            f"(messages: POST {MESSAGE_PATH}, states: POST {STATE_PATH})")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt
