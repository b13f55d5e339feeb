"""``python -m ayrshare_async.testing serve``: run the emulator on 127.0.0.1 for manual testing."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ._emulator import DEFAULT_NETWORKS, AyrshareEmulator
from ._server import UvicornMissingError, serve_forever

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m ayrshare_async.testing",
        description="The embedded Ayrshare emulator (in-memory; nothing is sent to Ayrshare).",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the emulator over HTTP (needs uvicorn)")
    serve.add_argument("--host", default="127.0.0.1", help="interface (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument(
        "--api-key", default="test-api-key", help="primary API key (default: test-api-key)"
    )
    serve.add_argument(
        "--latency", type=float, default=0.0, help="seconds added to every answer (default: 0)"
    )
    serve.add_argument(
        "--rate-limit",
        type=int,
        default=300,
        help="requests per profile per 5 minutes; 0 turns the limit off (default: 300)",
    )
    serve.add_argument(
        "--networks",
        default=",".join(DEFAULT_NETWORKS),
        help=f"networks linked to new profiles (default: {','.join(DEFAULT_NETWORKS)})",
    )
    serve.add_argument("--seed", type=int, default=None, help="make ids repeatable")
    serve.add_argument("--log-level", default="info", help="uvicorn log level (default: info)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.latency < 0:
        print("--latency must be >= 0", file=sys.stderr)
        return 2
    try:
        emulator = AyrshareEmulator(
            args.api_key,
            rate_limit=args.rate_limit or None,
            default_networks=[n for n in args.networks.split(",") if n.strip()],
            seed=args.seed,
        )
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.latency:
        emulator.faults.latency(args.latency)
    print(
        f"Ayrshare emulator on http://{args.host}:{args.port}/api "
        "(use the API key given by --api-key; Ctrl+C stops it)",
        flush=True,
    )
    try:
        serve_forever(emulator, host=args.host, port=args.port, log_level=args.log_level)
    except UvicornMissingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
