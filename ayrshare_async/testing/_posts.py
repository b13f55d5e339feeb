"""Post and history handlers: ``/post``, ``/post/{id}``, ``/post/retry`` and ``/history*``.

Each handler reads a :class:`Call`, changes the state and returns ``(status, body)`` in the shapes
the seeds show; a failure raises :class:`ApiError` (rendered in Ayrshare's error envelope).
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from . import _codes as codes
from ._call import Call, Reply
from ._params import bool_field, decode_cursor, encode_cursor, platform_list, str_list
from ._platforms import DELETE_UNSUPPORTED, HISTORY_PLATFORMS, PLATFORM_NAMES, canonical_platform
from ._state import NativePost, Post
from ._wire import ApiError, format_time, parse_time

__all__ = [
    "RETRY_DELAY",
    "create_post",
    "delete_post",
    "find_post",
    "get_history",
    "get_post",
    "history_by_platform",
    "is_platform_param",
    "list_history",
    "post_record",
    "retry_post",
    "update_post",
]

RETRY_DELAY = timedelta(seconds=1)
"""How long a ``PUT /post/retry`` stays ``pending`` before the retry is processed."""


def find_post(call: Call, post_id: object, *, action: str) -> Post:
    post = call.profile.posts.get(post_id) if isinstance(post_id, str) else None
    if post is None:
        raise ApiError(
            404, codes.POST_NOT_FOUND, "Post ID not found", action=action, extra={"id": post_id}
        )
    return post


def post_record(post: Post) -> dict[str, Any]:
    """A post as ``GET /post/{id}`` and ``/history`` return it."""
    record: dict[str, Any] = {
        "id": post.id,
        "post": post.text,
        "platforms": list(post.platforms),
        "postIds": [dict(p) for p in post.post_ids],
        "errors": [dict(e) for e in post.errors],
        "status": post.status,
        "type": "scheduled" if post.scheduled else "immediate",
        "created": format_time(post.created),
        "refId": post.profile.ref_id,
        "profileTitle": post.profile.title,
    }
    if post.schedule_date is not None:
        record["scheduleDate"] = format_time(post.schedule_date)
    if post.notes is not None:
        record["notes"] = post.notes
    if "mediaUrls" in post.body:
        record["mediaUrls"] = post.body["mediaUrls"]
    if post.requires_approval:
        record["requiresApproval"] = True
        record["approved"] = post.approved
    if post.auto_schedule_title is not None:
        record["autoSchedule"] = {"schedule": True, "title": post.auto_schedule_title}
    return record


def _publish_result(post: Post) -> Reply:
    body = {
        "status": post.status,
        "errors": post.errors,
        "postIds": post.post_ids,
        "id": post.id,
        "refId": post.profile.ref_id,
        "post": post.text,
    }
    return (200 if post.status == "success" else 400), body


def create_post(call: Call) -> Reply:
    body = call.body()
    profile = call.profile
    if body.get("randomPost") is True:
        text: str | dict[str, str] = f"Random test post #{next(call.state.random_post_counter)}"
    else:
        raw_text = body.get("post")
        if isinstance(raw_text, str):
            text = raw_text
        elif isinstance(raw_text, dict) and all(isinstance(v, str) for v in raw_text.values()):
            text = dict(raw_text)
        else:
            raise ApiError(
                400,
                codes.BAD_REQUEST,
                "post is required: a string (may be empty) or an object keyed by platform",
                action="post",
            )
    requested = body.get("platforms")
    if not isinstance(requested, list) or not requested:
        raise ApiError(400, codes.BAD_REQUEST, "platforms must be a non-empty array", action="post")
    if any(isinstance(p, str) and p.lower() == "all" for p in requested):
        platforms = profile.active_networks()
        if not platforms:
            raise ApiError(
                400, codes.NOT_LINKED, "No social network is linked to this profile", action="post"
            )
    else:
        platforms = platform_list(requested, "platforms", action="post")

    schedule_date = None
    if body.get("scheduleDate") is not None:
        schedule_date = parse_time(body["scheduleDate"], "scheduleDate")
    auto_schedule = body.get("autoSchedule")
    auto_title = None
    if isinstance(auto_schedule, dict) and auto_schedule.get("schedule") is True:
        if schedule_date is not None:
            raise ApiError(
                400,
                codes.BAD_REQUEST,
                "Use either autoSchedule or scheduleDate, not both",
                action="post",
            )
        auto_title = auto_schedule.get("title") or "default"
        if not isinstance(auto_title, str):
            raise ApiError(
                400, codes.BAD_REQUEST, "autoSchedule.title must be a string", action="post"
            )
    notes = body.get("notes")
    if notes is not None and not isinstance(notes, str):
        raise ApiError(400, codes.BAD_REQUEST, "notes must be a string", action="post")
    idempotency_key = body.get("idempotencyKey")
    if idempotency_key is not None:
        if not isinstance(idempotency_key, str) or not idempotency_key:
            raise ApiError(
                400, codes.BAD_REQUEST, "idempotencyKey must be a non-empty string", action="post"
            )
        if idempotency_key in profile.idempotency_keys:
            raise ApiError(
                400,
                codes.IDEMPOTENCY_REUSED,
                "Duplicate idempotencyKey: this profile already sent a post with this "
                "idempotencyKey, so this request was not processed.",
                action="post",
            )
    if auto_title is not None:
        schedule_date = call.state.next_slot(profile, auto_title, call.now)

    post = Post(
        id=call.state.new_post_id(),
        profile=profile,
        text=text,
        platforms=platforms,
        created=call.now,
        body=body,
        schedule_date=schedule_date,
        scheduled=schedule_date is not None and schedule_date > call.now,
        notes=notes,
        requires_approval=body.get("requiresApproval") is True,
        idempotency_key=idempotency_key,
        auto_schedule_title=auto_title,
        x_credentials=call.has_x_credentials,
    )
    call.state.add_post(post)
    profile.post_count += 1

    if post.scheduled and body.get("validateScheduled") is not False:
        problems = call.publisher.prevalidate(post)
        if problems:
            post.status = "error"
            post.errors = problems
            return _publish_result(post)
    if post.requires_approval:
        post.status = "awaiting approval"
        return 200, _accepted(post)
    if post.scheduled:
        assert schedule_date is not None
        post.status = "pending"
        call.state.schedule(post, schedule_date)
        return 200, _accepted(post)
    call.publisher.publish(post, call.now)
    return _publish_result(post)


def _accepted(post: Post) -> dict[str, Any]:
    """The answer to a post that is not sent yet (scheduled, or waiting for approval)."""
    body: dict[str, Any] = {
        "status": "scheduled" if post.status == "pending" else post.status,
        "id": post.id,
        "refId": post.profile.ref_id,
        "post": post.text,
    }
    if post.schedule_date is not None:
        body["scheduleDate"] = format_time(post.schedule_date)
    return body


def get_post(call: Call) -> Reply:
    return 200, post_record(find_post(call, call.params["id"], action="post"))


def delete_post(call: Call) -> Reply:
    body = call.body()
    if body.get("deleteAllScheduled") is True:
        deleted = []
        for post in call.profile.posts.values():
            if post.scheduled and post.status in ("pending", "paused") and not post.retrying:
                _mark_deleted(call, post)
                deleted.append(post.id)
        return 200, {"status": "success", "count": len(deleted), "ids": deleted}
    manual = bool_field(body, "markManualDeleted", action="delete") is True
    bulk = body.get("bulk")
    if bulk is not None:
        results = [
            _delete_one(call, post_id, manual)
            for post_id in str_list(bulk, "bulk", action="delete")
        ]
        failed = any(status != 200 for status, _ in results)
        entries = [entry for _, entry in results]
        return (400 if failed else 200), {
            "status": "error" if failed else "success",
            "bulk": entries,
        }
    if "id" not in body:
        raise ApiError(
            400, codes.BAD_REQUEST, "id, bulk or deleteAllScheduled is required", action="delete"
        )
    status, entry = _delete_one(call, body["id"], manual)
    return status, entry


def _mark_deleted(call: Call, post: Post) -> None:
    post.status = "deleted"
    call.state.unschedule(post)


def _delete_one(call: Call, post_id: Any, manual: bool) -> Reply:
    try:
        post = find_post(call, post_id, action="delete")
    except ApiError as error:
        return error.status, error.body()
    if post.status == "deleted":
        return 404, {
            "action": "delete",
            "status": "error",
            "code": codes.ALREADY_DELETED,
            "message": "Post has already been deleted",
            "id": post.id,
        }
    if manual or not post.natives:
        _mark_deleted(call, post)
        return 200, {"status": "success", "id": post.id}
    result: dict[str, Any] = {"status": "success", "id": post.id}
    failed = False
    for platform, native in post.natives.items():
        if native.deleted:
            continue
        if platform in DELETE_UNSUPPORTED:
            failed = True
            name = PLATFORM_NAMES[platform]
            result[platform] = {
                "action": "delete",
                "status": "error",
                "code": codes.DELETE_UNSUPPORTED,
                "message": f"{name} does not allow deleting published posts through its API. "
                "Delete it in the app, then mark it with markManualDeleted.",
            }
        else:
            native.deleted = True
            result[platform] = {"action": "delete", "status": "success", "id": native.id}
    if failed:
        result["status"] = "error"
        return 400, result
    _mark_deleted(call, post)
    return 200, result


def update_post(call: Call) -> Reply:
    body = call.body()
    post = find_post(call, body.get("id"), action="update")
    if post.status == "deleted":
        raise ApiError(404, codes.ALREADY_DELETED, "Post has been deleted", action="update")
    youtube = body.get("youTubeOptions")
    if (
        set(body) == {"id", "youTubeOptions"}
        and isinstance(youtube, dict)
        and ("youtube" in post.natives)
    ):
        post.body["youTubeOptions"] = {**(post.body.get("youTubeOptions") or {}), **youtube}
        return 200, {"status": "success", "id": post.id}
    editable = post.status in ("paused", "awaiting approval") or (
        post.status == "pending" and post.scheduled and not post.retrying
    )
    if not editable:
        raise ApiError(
            400,
            codes.NOT_EDITABLE,
            f"Only scheduled posts that are pending, paused or awaiting approval can be updated; "
            f"this post is {post.status!r}. Delete it and post again instead.",
            action="update",
        )
    approved = bool_field(body, "approved", action="update")
    if approved and post.status != "awaiting approval":
        raise ApiError(
            400, codes.NOT_EDITABLE, "This post is not awaiting approval", action="update"
        )
    if "notes" in body:
        if not isinstance(body["notes"], str):
            raise ApiError(400, codes.BAD_REQUEST, "notes must be a string", action="update")
        post.notes = body["notes"]
    if "disableComments" in body:
        post.body["disableComments"] = bool_field(body, "disableComments", action="update")
    if body.get("scheduleDate") is not None:
        post.schedule_date = parse_time(body["scheduleDate"], "scheduleDate")
        post.scheduled = True
    pause = bool_field(body, "scheduledPause", action="update")
    if pause is True and post.status == "pending":
        post.status = "paused"
        call.state.unschedule(post)
    elif pause is False and post.status == "paused":
        post.status = "pending"
    if approved:
        post.approved = True
        post.status = "pending"
    if post.status == "pending":
        if post.schedule_date is not None and post.schedule_date > call.now:
            call.state.schedule(post, post.schedule_date)
        else:
            call.publisher.publish(post, call.now)
            call.webhooks.post_processed(post, call.now)
    return 200, {"status": "success", "id": post.id, "postStatus": post.status}


def retry_post(call: Call) -> Reply:
    post = find_post(call, call.body().get("id"), action="retry")
    if post.status != "error":
        raise ApiError(
            400,
            codes.NOT_RETRYABLE,
            f"Only posts with status 'error' can be retried; this post is {post.status!r}",
            action="retry",
        )
    if post.retried:
        raise ApiError(400, codes.NOT_RETRYABLE, "A post can be retried only once", action="retry")
    post.retried = True
    post.retrying = True
    post.status = "pending"
    call.state.schedule(post, call.now + RETRY_DELAY)
    return 200, {"status": "success", "id": post.id, "postStatus": "pending"}


def list_history(call: Call) -> Reply:
    query = call.query
    limit = query.get_int("limit", 25, minimum=1, maximum=1000)
    last_days = query.get_int("lastDays", 30, minimum=0, maximum=100_000)
    start = parse_time(query.get("startDate"), "startDate") if query.get("startDate") else None
    end = parse_time(query.get("endDate"), "endDate") if query.get("endDate") else None
    if start is None and end is None and last_days > 0:
        start = call.now - timedelta(days=last_days)
    status = query.get("status")
    kind = query.get("type")
    platforms = set(platform_list(query.get_list("platforms"), "platforms", action="history"))
    history: list[dict[str, Any]] = []
    for post in reversed(call.profile.posts.values()):
        if start is not None and post.created < start:
            break
        if len(history) >= limit:
            break
        if end is not None and post.created > end:
            continue
        if status is None and post.status == "deleted":
            continue
        if status is not None and post.status != status:
            continue
        if kind is not None and ("scheduled" if post.scheduled else "immediate") != kind:
            continue
        if platforms and platforms.isdisjoint(post.platforms):
            continue
        history.append(post_record(post))
    return 200, {
        "history": history,
        "refId": call.profile.ref_id,
        "count": len(history),
        "lastUpdated": format_time(call.now),
        "nextUpdate": format_time(call.now + timedelta(minutes=1)),
    }


def get_history(call: Call) -> Reply:
    return 200, post_record(find_post(call, call.params["id"], action="history"))


def history_by_platform(call: Call) -> Reply:
    platform = canonical_platform(call.params["platform"]) or ""
    name = PLATFORM_NAMES[platform]
    if platform not in HISTORY_PLATFORMS:
        raise ApiError(
            400, codes.BAD_REQUEST, f"Post history is not available for {name}", action="history"
        )
    query = call.query
    if call.profile_from_header and ("userId" in query or "userName" in query):
        raise ApiError(
            400,
            codes.BAD_REQUEST,
            "userId and userName work with the API key only, not with a Profile-Key",
            action="history",
        )
    if platform == "twitter" and not call.has_x_credentials:
        raise ApiError(
            400,
            codes.X_CREDENTIALS,
            "X/Twitter needs the X-Twitter-OAuth1-Api-Key and X-Twitter-OAuth1-Api-Secret headers",
            action="history",
        )
    if platform not in call.profile.linked:
        raise ApiError(
            400, codes.NOT_LINKED, f"{name} is not linked to this profile", action="history"
        )
    limit = query.get_int("limit", 10, minimum=1, maximum=500)
    posts = call.profile.native.get(platform, [])
    end = len(posts)
    cursor = query.get("next")
    if cursor:
        end = bisect.bisect_left(posts, decode_cursor("h", cursor, "next"), key=_native_seq)
    page: list[NativePost] = []
    index = end - 1
    while index >= 0 and len(page) < limit:
        if not posts[index].deleted:
            page.append(posts[index])
        index -= 1
    while index >= 0 and posts[index].deleted:
        index -= 1
    next_cursor = encode_cursor("h", page[-1].seq) if page and index >= 0 else None
    return 200, {
        "status": "success",
        "posts": [_native_record(platform, p) for p in page],
        "lastUpdated": format_time(call.now),
        "nextUpdate": format_time(call.now + timedelta(minutes=30)),
        "meta": {"pagination": {"next": next_cursor}},
    }


def _native_seq(native: NativePost) -> int:
    return native.seq


def _native_record(platform: str, native: NativePost) -> dict[str, Any]:
    return {
        "id": native.id,
        "post": native.text,
        "postUrl": native.url,
        "created": format_time(native.created),
        "platform": platform,
        "likeCount": 0,
        "commentsCount": 0,
    }


def is_platform_param(params: Mapping[str, str]) -> bool:
    return canonical_platform(params["platform"]) is not None
