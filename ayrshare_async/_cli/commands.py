"""The API commands: ``post``, ``history``, ``user`` and ``profiles list|create|delete``.

Each takes the parsed arguments and an open client, prints through ``Output`` and returns the exit
code; exceptions go back to ``main``, which turns them into an error line and an exit code.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path

from .._client import AsyncAyrshare
from .._errors import APIStatusError, ValidationError
from ..models import PostCreateResponse, PostRecord
from .output import EXIT_API_ERROR, EXIT_OK, Output, short

__all__ = ["history", "post", "profiles_create", "profiles_delete", "profiles_list", "user"]


def _networks(values: list[str] | None) -> list[str]:
    """``-p facebook -p linkedin`` or ``-p facebook,linkedin``."""
    return [name.strip() for value in values or () for name in value.split(",") if name.strip()]


def _when(text: str | None) -> dt.datetime | None:
    if text is None:
        return None
    try:
        when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValidationError(f"--schedule: {text!r} is not an ISO 8601 date and time") from None
    if when.tzinfo is None:
        raise ValidationError(f"--schedule: {text!r} has no timezone; add Z or +02:00")
    return when


async def post(args: argparse.Namespace, client: AsyncAyrshare, out: Output) -> int:
    try:
        created = await client.post.create(
            post=args.text,
            platforms=_networks(args.platform),
            media_urls=args.media_url,
            schedule_date=_when(args.schedule),
            idempotency_key=args.idempotency_key,
        )
    except APIStatusError as exc:
        outcome = PostCreateResponse.from_error(exc)
        if outcome is None:
            raise
        _print_post(outcome, out)  # the networks that took it, and those that refused it
        out.error(exc)
        return EXIT_API_ERROR
    _print_post(created, out)
    return EXIT_OK


def _print_post(created: PostCreateResponse, out: Output) -> None:
    if out.as_json:
        out.json(created.to_dict())
        return
    when = f", {created.schedule_date.isoformat()}" if created.schedule_date else ""
    out.line(f"post {created.id}: {created.status}{when}")
    rows = [(r.platform, r.status or "success", r.post_url or r.id) for r in created.succeeded]
    rows += [
        (e.platform or "-", f"error {e.code or ''}".strip(), e.message) for e in created.failed
    ]
    out.table([("  " + str(row[0]), *row[1:]) for row in rows], empty="  (no network answered)")


async def history(args: argparse.Namespace, client: AsyncAyrshare, out: Output) -> int:
    if args.id is not None:
        record = await client.history.get(args.id)
        if out.as_json:
            out.json(record.to_dict())
        else:
            _print_records([record], out)
        return EXIT_OK
    page = await client.history.list(
        limit=args.limit,
        last_days=args.last_days,
        status=args.status,
        platforms=_networks(args.platform) or None,
    )
    if out.as_json:
        out.json(page.to_dict())
    else:
        _print_records(page.history or [], out)
    return EXIT_OK


def _print_records(records: list[PostRecord], out: Output) -> None:
    out.table(
        [
            (
                r.id,
                r.status,
                r.created.strftime("%Y-%m-%d %H:%M") if r.created else "",
                ",".join(r.platforms or []),
                short(r.post),
            )
            for r in records
        ],
        empty="no posts",
    )


async def user(args: argparse.Namespace, client: AsyncAyrshare, out: Output) -> int:
    details = await client.user.get()
    if out.as_json:
        out.json(details.to_dict())
        return EXIT_OK
    out.line(f"title: {details.title or '(primary profile)'}")
    out.line(f"refId: {details.ref_id}")
    out.line(f"linked: {', '.join(details.active_social_accounts or []) or 'nothing'}")
    if details.monthly_api_calls is not None:
        out.line(f"API calls this month: {details.monthly_api_calls}")
    return EXIT_OK


async def profiles_list(args: argparse.Namespace, client: AsyncAyrshare, out: Output) -> int:
    found = []
    async for profile in client.profiles.iter(title=args.title):
        found.append(profile)
        if args.limit is not None and len(found) >= args.limit:
            break
    if out.as_json:
        out.json([profile.to_dict() for profile in found])
        return EXIT_OK
    out.table(
        [
            (
                p.title,
                p.ref_id,
                p.created.strftime("%Y-%m-%d") if p.created else "",
                ",".join(p.active_social_accounts or []),
            )
            for p in found
        ],
        empty="no profiles",
    )
    return EXIT_OK


async def profiles_create(args: argparse.Namespace, client: AsyncAyrshare, out: Output) -> int:
    created = await client.profiles.create(title=args.title)
    if args.key_file is not None:
        _write_secret(args.key_file, created.profile_key)
    if out.as_json:
        shown = created.to_dict()
        if args.key_file is not None:
            shown.pop("profileKey", None)
        out.json(shown)
        return EXIT_OK
    out.line(f"created profile {created.title!r} (refId {created.ref_id})")
    if args.key_file is not None:
        out.line(f"profile key written to {args.key_file} (mode 600)")
    else:
        out.line(f"profile key: {created.profile_key}")
        out.line("Ayrshare shows this key only once: store it now.")
    return EXIT_OK


def _write_secret(path: Path, secret: str) -> None:
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise ValidationError(f"--key-file: cannot create {path}: {exc.strerror}") from None
    with os.fdopen(descriptor, "w") as file:
        file.write(secret + "\n")


async def profiles_delete(args: argparse.Namespace, client: AsyncAyrshare, out: Output) -> int:
    which = f"the profile titled {args.title!r}" if args.title else "the --profile-key profile"
    if (args.title is None) == (client.profile_key is None):
        raise ValidationError(
            "profiles delete: name one profile, with --title or with a profile key "
            "(--profile-key or AYRSHARE_PROFILE_KEY), not both"
        )
    if not args.yes:
        raise ValidationError(
            f"profiles delete: deleting {which} removes it and all its posts; add --yes to confirm"
        )
    deleted = await client.profiles.delete(title=args.title)
    if out.as_json:
        out.json(deleted.to_dict())
    else:
        out.line(f"deleted {which} (refId {deleted.ref_id})")
    return EXIT_OK
