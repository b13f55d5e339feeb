"""The ``ayrshare`` command line (also ``python -m ayrshare_async``).

Configuration comes from the environment, as for the client: ``AYRSHARE_API_KEY`` (required),
``AYRSHARE_PROFILE_KEY`` (act for a user profile), ``AYRSHARE_BASE_URL`` (e.g. the emulator's).
Exit codes: 0 success, 1 the API refused the call or it could not be made, 2 bad input (nothing
was sent), 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

import anyio

from .._errors import AuthenticationError, AyrshareError, ValidationError
from .._version import __version__
from .output import EXIT_API_ERROR, EXIT_BAD_INPUT, Output

__all__ = ["main"]

EPILOG = """\
environment:
  AYRSHARE_API_KEY      the primary profile's API key (required)
  AYRSHARE_PROFILE_KEY  act for this user profile (like --profile-key, without showing it in ps)
  AYRSHARE_BASE_URL     another API base, e.g. http://127.0.0.1:8000/api for
                        `python -m ayrshare_async.testing serve`

exit codes: 0 success, 1 API error, 2 bad input, 130 interrupted
"""


def _common() -> argparse.ArgumentParser:
    """Options every command takes, before or after its name (``ayrshare --json user`` or
    ``ayrshare user --json``)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--json",
        action="store_true",
        default=argparse.SUPPRESS,
        help="print the API's JSON answer (errors as JSON on stderr)",
    )
    common.add_argument(
        "--profile-key",
        metavar="KEY",
        default=argparse.SUPPRESS,
        help="act for this user profile (default: $AYRSHARE_PROFILE_KEY)",
    )
    common.add_argument(
        "--base-url",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="API base URL (default: $AYRSHARE_BASE_URL, else Ayrshare's)",
    )
    common.add_argument(
        "--timeout",
        type=float,
        metavar="SECONDS",
        default=argparse.SUPPRESS,
        help="per-attempt timeout",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(
        prog="ayrshare",
        description="Post to social networks and manage Ayrshare user profiles.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"ayrshare-async {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    post = commands.add_parser("post", parents=[common], help="publish (or schedule) a post")
    post.add_argument("text", help="the post's text")
    post.add_argument(
        "-p",
        "--platform",
        action="append",
        required=True,
        metavar="NETWORK",
        help="a network, e.g. facebook; repeat or separate with commas",
    )
    post.add_argument("--media-url", action="append", metavar="URL", help="an https media URL")
    post.add_argument("--schedule", metavar="WHEN", help="ISO 8601 time, e.g. 2026-07-08T12:30Z")
    post.add_argument("--idempotency-key", metavar="KEY", help="Ayrshare refuses a repeat")

    history = commands.add_parser("history", parents=[common], help="posts sent via Ayrshare")
    history.add_argument("id", nargs="?", help="one post's Ayrshare id")
    history.add_argument("--limit", type=int, help="at most this many (default 25)")
    history.add_argument("--last-days", type=int, metavar="N", help="0 for all (default 30)")
    history.add_argument("--status", help="e.g. success, error, pending")
    history.add_argument("-p", "--platform", action="append", metavar="NETWORK")

    commands.add_parser("user", parents=[common], help="the profile's details and linked networks")

    profiles = commands.add_parser("profiles", help="user profiles (account level)")
    actions = profiles.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", parents=[common], help="every user profile")
    listing.add_argument("--title", help="only the profile with this title")
    listing.add_argument("--limit", type=int, help="stop after this many")
    create = actions.add_parser("create", parents=[common], help="create a user profile")
    create.add_argument("title", help="a unique title")
    create.add_argument(
        "--key-file",
        type=Path,
        metavar="PATH",
        help="write the new profile key to this new file (mode 600) instead of printing it",
    )
    delete = actions.add_parser(
        "delete",
        parents=[common],
        help="delete the --profile-key profile, or the one --title names",
    )
    delete.add_argument("--title", help="the profile's exact title")
    delete.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")

    demo = commands.add_parser("demo", help="run the batch demo (embedded emulator unless --live)")
    demo.add_argument("--profiles", type=int, default=200, help="profiles to create (default 200)")
    demo.add_argument(
        "--serve", action="store_true", help="serve the emulator on 127.0.0.1 (needs uvicorn)"
    )
    demo.add_argument(
        "--latency", type=float, default=0.01, help="emulated latency in seconds (default 0.01)"
    )
    demo.add_argument("--live", action="store_true", help="read-only calls against the real API")
    return parser


def _command(args: argparse.Namespace) -> Callable[..., Awaitable[int]]:
    from . import commands

    name = f"profiles_{args.action}" if args.command == "profiles" else args.command
    command: Callable[..., Awaitable[int]] = getattr(commands, name)
    return command


def _run_demo(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from .demo import run_emulated, run_live

    if args.profiles < 1:
        parser.error("--profiles must be at least 1")
    if args.live:
        if not os.environ.get("AYRSHARE_API_KEY"):
            parser.error("--live needs AYRSHARE_API_KEY")
        return anyio.run(run_live)
    return anyio.run(lambda: run_emulated(args.profiles, serve=args.serve, latency=args.latency))


async def _run(args: argparse.Namespace, out: Output) -> int:
    from .._client import AsyncAyrshare

    options = {"timeout": args.timeout} if getattr(args, "timeout", None) is not None else {}
    client = AsyncAyrshare(
        profile_key=getattr(args, "profile_key", None),
        base_url=getattr(args, "base_url", None),
        **options,
    )
    async with client:
        return await _command(args)(args, client, out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    out = Output(as_json=getattr(args, "json", False))
    try:
        if args.command == "demo":
            return _run_demo(parser, args)
        return anyio.run(_run, args, out)
    except ValidationError as exc:
        out.error(exc)
        return EXIT_BAD_INPUT
    except AuthenticationError as exc:
        out.error(f"Ayrshare rejected the API key (HTTP 401): check AYRSHARE_API_KEY ({exc})")
        return EXIT_API_ERROR
    except AyrshareError as exc:
        out.error(exc)
        return EXIT_API_ERROR
    except KeyboardInterrupt:
        out.error("interrupted")
        return 130
    finally:
        sys.stdout.flush()
