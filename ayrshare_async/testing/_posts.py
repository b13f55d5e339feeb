"""Post handlers: ``/post``, ``/post/{id}`` and ``/post/retry``.

Each handler reads a :class:`Call`, changes the state and returns ``(status, body)`` in the shapes
the seeds show; a failure raises :class:`ApiError` (rendered in Ayrshare's error envelope).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from . import _codes as codes
from ._call import Call, Reply
from ._params import bool_field, platform_list, str_list
from ._platforms import DELETE_UNSUPPORTED, PLATFORM_NAMES, X_CREDENTIALS_MESSAGE
from ._publishing import platform_error
from ._state import Post
from ._wire import ApiError, format_time, parse_time

__all__ = [
    "RETRY_DELAY",
    "create_post",
    "delete_post",
    "find_post",
    "get_post",
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
    media = post.body.get("mediaUrls", post.body.get("mediaUrl"))
    if media is not None:
        record["mediaUrls"] = media
    if post.requires_approval:
        record["requiresApproval"] = True
        record["approved"] = post.approved
    if post.auto_schedule_title is not None:
        record["autoSchedule"] = {"schedule": True, "title": post.auto_schedule_title}
    return record


def _publish_result(post: Post) -> Reply:
    body: dict[str, Any] = {
        "status": post.status,
        "errors": post.errors,
        "postIds": post.post_ids,
        "id": post.id,
        "refId": post.profile.ref_id,
        "post": post.text,
    }
    if any(error.get("verifyCheck") for error in post.errors):
        body["validate"] = True
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
        return 200, {"status": "success", "id": post.id, "code": 200}
    result: dict[str, Any] = {"status": "success", "id": post.id}
    failed = False
    for platform, native in post.natives.items():
        if native.deleted:
            continue
        if platform == "twitter" and not call.has_x_credentials:
            failed = True
            result[platform] = platform_error(
                platform, codes.X_CREDENTIALS, X_CREDENTIALS_MESSAGE, action="delete"
            )
        elif platform in DELETE_UNSUPPORTED:
            name = PLATFORM_NAMES[platform]
            result[platform] = {
                "action": "delete",
                "status": "success",
                "id": native.id,
                "message": f"{name} does not allow deleting published posts through its API: "
                f"the post is deleted in Ayrshare only. Delete it in the {name} app.",
            }
        else:
            native.deleted = True
            result[platform] = {"action": "delete", "status": "success", "id": native.id}
    if failed:
        result["status"] = "error"
        return 400, result
    _mark_deleted(call, post)
    result["code"] = 200
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
