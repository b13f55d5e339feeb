"""``python -m ayrshare_async.testing serve``: run the emulator on 127.0.0.1 for manual testing,
with the limits, latency and faults a test would script (``--help`` lists them)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ._emulator import DEFAULT_NETWORKS, AyrshareEmulator
from ._server import UvicornMissingError, serve_forever

__all__ = ["main"]


def _latency(text: str) -> float | tuple[float, float]:
    """``0.05`` (fixed) or ``0.01:0.2`` (uniform between the two)."""
    low, _, high = text.partition(":")
    try:
        return (float(low), float(high)) if high else float(low)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: give SECONDS or LOW:HIGH") from None


def _error_rate(text: str) -> tuple[float, int, str | None]:
    """``RATE[:STATUS][@ROUTE]``, e.g. ``0.05``, ``0.1:503``, ``0.2:502@POST /post``."""
    spec, _, route = text.partition("@")
    rate, _, status = spec.partition(":")
    try:
        return float(rate), int(status or 500), route.strip() or None
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: give RATE[:STATUS][@ROUTE]") from None


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
        "--networks",
        default=",".join(DEFAULT_NETWORKS),
        help=f"networks linked to new profiles (default: {','.join(DEFAULT_NETWORKS)})",
    )
    serve.add_argument("--seed", type=int, default=None, help="make ids and faults repeatable")
    serve.add_argument("--log-level", default="info", help="uvicorn log level (default: info)")

    limits = serve.add_argument_group("limits (0 turns a limit off)")
    limits.add_argument(
        "--rate-limit", type=int, default=300, metavar="N", help="requests per profile per window"
    )
    limits.add_argument(
        "--rate-window", type=float, default=300.0, metavar="SECONDS", help="(default: 300)"
    )
    limits.add_argument(
        "--delete-rate",
        type=int,
        default=8,
        metavar="N",
        help="profile deletes per account per delete window (default: 8)",
    )
    limits.add_argument(
        "--delete-window", type=float, default=1.0, metavar="SECONDS", help="(default: 1)"
    )
    limits.add_argument(
        "--retry-after-on-429",
        action="store_true",
        help="send Retry-After with the emulator's own 429s (the real API documents none)",
    )
    limits.add_argument(
        "--no-duplicate-check",
        action="store_true",
        help="accept the same text on the same network within 48 h",
    )

    faults = serve.add_argument_group("faults")
    faults.add_argument(
        "--latency",
        type=_latency,
        default=0.0,
        metavar="SECONDS|LOW:HIGH",
        help="added to every answer: fixed, or uniform between LOW and HIGH (default: 0)",
    )
    faults.add_argument(
        "--error-rate",
        type=_error_rate,
        action="append",
        default=[],
        metavar="RATE[:STATUS][@ROUTE]",
        help="fail a share of requests with STATUS (default 500), on every route or on ROUTE "
        "('post.create', 'POST /post', '/post/{id}'); repeatable",
    )
    return parser


def _emulator(args: argparse.Namespace) -> AyrshareEmulator:
    emulator = AyrshareEmulator(
        args.api_key,
        rate_limit=args.rate_limit or None,
        rate_window=args.rate_window,
        delete_rate=args.delete_rate or None,
        delete_window=args.delete_window,
        default_networks=[n for n in args.networks.split(",") if n.strip()],
        seed=args.seed,
        duplicate_check=not args.no_duplicate_check,
        retry_after_on_429=args.retry_after_on_429,
    )
    if args.latency:
        emulator.faults.latency(args.latency)
    for rate, status, route in args.error_rate:
        emulator.faults.error_rate(rate, status=status, route=route)
    return emulator


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.rate_window <= 0 or args.delete_window <= 0:
        print("error: --rate-window and --delete-window must be > 0", file=sys.stderr)
        return 2
    try:
        emulator = _emulator(args)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
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
    _print_limit_report(emulator)
    return 0


def _print_limit_report(emulator: AyrshareEmulator) -> None:
    """What each rate window saw, once the server has stopped: the most requests in any window,
    and the 429s it sent (profiles by their last 4 characters)."""
    for name, window in sorted(emulator.limit_report().items()):
        who = (
            name
            if not name.startswith("profile:") or name == "profile:primary"
            else ("profile:…" + name[-4:])
        )
        print(
            f"{who}: at most {window.peak} of {window.limit} in any {window.window:g} s, "
            f"{window.refused} answered 429",
            flush=True,
        )


if __name__ == "__main__":
    sys.exit(main())
