"""Comment handlers: ``POST /comments``, ``GET /comments/{id}``, ``POST /comments/reply/{commentId}``
and ``DELETE /comments/{id}``, over comments kept on the networks' posts.

A comment sent through the API gets one Ayrshare comment id for all its networks and one network
comment id per network; reads list them (replies nested) until they are deleted. The older forms
Ayrshare's flows send (``GET /comments?id=``, ``POST /comments/reply`` with ``commentId`` in the
body) reach the same handlers.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from random import Random
from typing import Any

from . import _codes as codes
from ._call import Call, Reply
from ._params import platform_list, require_str, str_list
from ._platforms import PLATFORM_NAMES, PLATFORMS, X_CREDENTIALS_MESSAGE, social_comment_id
from ._posts import find_post
from ._publishing import platform_error
from ._records import Comment
from ._state import NativePost, Profile
from ._wire import ApiError, format_time

__all__ = [
    "add_incoming",
    "create_comment",
    "delete_comments",
    "get_comments",
    "reply_to_comment",
]

CREATE_PLATFORMS = frozenset(
    {"bluesky", "facebook", "instagram", "linkedin", "reddit", "threads", "tiktok", "twitter"}
    | {"youtube"}
)
"""Networks that take a comment (the comments overview of the newest docs)."""
REPLY_PLATFORMS = frozenset(
    {"bluesky", "facebook", "instagram", "linkedin", "tiktok", "twitter", "youtube"}
)
"""Networks that take a reply (the newest reply page; see docs/testing.md for Threads)."""
READ_PLATFORMS = CREATE_PLATFORMS - {"reddit"}
CREATE_MEDIA = frozenset({"facebook", "linkedin", "twitter"})
REPLY_MEDIA = frozenset({"facebook", "linkedin"})
_REFRESH = timedelta(minutes=10)
_RANDOM_COMMENTS = (
    "Great post!",
    "Thanks for sharing this.",
    "Well said.",
    "Love this!",
    "Couldn't agree more.",
    "Very helpful, thank you.",
)


def _text(call: Call, body: dict[str, Any]) -> str:
    if body.get("randomComment") is True:
        return call.state.rng.choice(_RANDOM_COMMENTS)
    return require_str(body, "comment", action="comments")


def _media(body: dict[str, Any]) -> list[str]:
    media = body.get("mediaUrls")
    urls = [] if media is None else str_list(media, "mediaUrls", action="comments")
    if len(urls) > 1:
        raise ApiError(
            400, codes.BAD_REQUEST, "A comment takes at most 1 media URL", action="comments"
        )
    return urls


def _wanted(body: dict[str, Any]) -> list[str] | None:
    requested = body.get("platforms")
    return None if requested is None else platform_list(requested, "platforms", action="comments")


def _one_platform(wanted: list[str] | None) -> str:
    if wanted is None or len(wanted) != 1:
        raise ApiError(
            400,
            codes.BAD_REQUEST,
            "With searchPlatformId give exactly one platform: whose id it is",
            action="comments",
        )
    return wanted[0]


def _problem(
    call: Call, platform: str, allowed: frozenset[str], media: list[str], with_media: frozenset[str]
) -> dict[str, Any] | None:
    name = PLATFORM_NAMES[platform]
    if platform not in allowed:
        return platform_error(
            platform, codes.NOT_SUPPORTED, f"{name} is not supported here", action="comments"
        )
    problem = call.network_problem(platform, "comments")
    if problem is not None:
        return problem
    if media and platform not in with_media:
        return platform_error(
            platform, codes.BAD_REQUEST, f"{name} comments take no media", action="comments"
        )
    return None


def _write(
    call: Call,
    platform: str,
    native: NativePost,
    text: str,
    media: list[str],
    ayrshare_id: str,
    parent: Comment | None,
) -> Comment:
    account = call.profile.linked[platform]
    comment = Comment(
        platform=platform,
        social_id=social_comment_id(platform, native.id, call.state.rng),
        text=text,
        created=call.now,
        native_id=native.id,
        author_id=account.account_id,
        author_name=account.username,
        ayrshare_id=ayrshare_id,
        post_id=native.post_id,
        parent=parent,
        media_urls=media,
    )
    (parent.replies if parent is not None else native.comments).append(comment)
    call.profile.social_comments[(platform, comment.social_id)] = comment
    call.profile.comments.setdefault(ayrshare_id, {})[platform] = comment
    return comment


def create_comment(call: Call) -> Reply:
    body = call.body()
    target = require_str(body, "id", action="comments")
    text, media, wanted = _text(call, body), _media(body), _wanted(body)
    targets: dict[str, NativePost | None]
    if body.get("searchPlatformId") is True:
        platform = _one_platform(wanted)
        targets = {platform: call.profile.native_post(platform, target)}
        if targets[platform] is None:
            raise ApiError(404, codes.POST_NOT_FOUND, "Social post id not found", action="comments")
    else:
        post = find_post(call, target, action="comments")
        if post.status == "deleted":
            raise ApiError(404, codes.ALREADY_DELETED, "Post has been deleted", action="comments")
        sent = {p: n for p, n in post.natives.items() if not n.deleted}
        chosen = wanted or sorted((p for p in sent if p in CREATE_PLATFORMS), key=PLATFORMS.index)
        targets = {platform: sent.get(platform) for platform in chosen}
    ayrshare_id = call.state.new_post_id()
    answer: dict[str, Any] = {"status": "success", "id": target, "commentId": ayrshare_id}
    failed = False
    for platform, native in targets.items():
        problem = _problem(call, platform, CREATE_PLATFORMS, media, CREATE_MEDIA)
        if problem is None and native is None:
            problem = platform_error(
                platform,
                codes.NOT_ON_NETWORK,
                f"The post was not published on {PLATFORM_NAMES[platform]}",
                action="comments",
            )
        if problem is not None:
            answer[platform], failed = problem, True
            continue
        assert native is not None
        comment = _write(call, platform, native, text, media, ayrshare_id, None)
        answer[platform] = _sent(comment)
    return _written(call, answer, ayrshare_id, failed)


def _written(call: Call, answer: dict[str, Any], ayrshare_id: str, failed: bool) -> Reply:
    """The answer of a comment or reply: an HTTP 400 ``error`` when any network failed, and no
    Ayrshare comment id when none took it."""
    if ayrshare_id not in call.profile.comments:
        del answer["commentId"]
    if failed:
        answer["status"] = "error"
        return 400, answer
    return 200, answer


def _sent(comment: Comment) -> dict[str, Any]:
    entry = {
        "status": "success",
        "commentId": comment.social_id,
        "comment": comment.text,
        "platform": comment.platform,
    }
    if comment.platform == "linkedin":
        entry["commentUrn"] = comment.social_id
    return entry


def comment_record(comment: Comment) -> dict[str, Any]:
    """A comment as ``GET /comments`` lists it, its live replies nested."""
    record: dict[str, Any] = {
        "comment": comment.text,
        "commentId": comment.social_id,
        "created": format_time(comment.created),
        "from": {"id": comment.author_id, "name": comment.author_name},
        "hidden": False,
        "likeCount": 0,
        "platform": comment.platform,
        "postId": comment.native_id,
        "replies": [comment_record(r) for r in comment.replies if not r.deleted],
        "username": comment.author_name,
    }
    if comment.media_urls:
        record["mediaUrls"] = list(comment.media_urls)
    return record


def get_comments(call: Call) -> Reply:
    target = call.params.get("id") or call.query.get("id")
    if not target:
        raise ApiError(400, codes.BAD_REQUEST, "id is required", action="comments")
    answer: dict[str, Any] = {"status": "success", "id": target}
    errors: list[dict[str, Any]] = []
    if call.query.get_bool("searchPlatformId"):
        platform = _one_platform(
            platform_list(call.query.get_list("platform"), "platform", action="comments")
        )
        problem = _problem(call, platform, READ_PLATFORMS, [], frozenset())
        if problem is not None:
            raise ApiError(400, problem["code"], problem["message"], action="comments")
        if call.query.get_bool("commentId"):
            found = call.profile.social_comments.get((platform, target))
            if found is None or found.deleted:
                raise ApiError(
                    404, codes.COMMENT_NOT_FOUND, "Comment id not found", action="comments"
                )
            answer[platform] = [comment_record(found)]
        else:
            native = call.profile.native_post(platform, target)
            if native is None:
                raise ApiError(
                    404, codes.POST_NOT_FOUND, "Social post id not found", action="comments"
                )
            answer[platform] = [comment_record(c) for c in native.live_comments()]
    else:
        post = find_post(call, target, action="comments")
        for platform in sorted(post.natives, key=PLATFORMS.index):
            native = post.natives[platform]
            if native.deleted or platform not in READ_PLATFORMS:
                continue
            problem = _problem(call, platform, READ_PLATFORMS, [], frozenset())
            if problem is not None:
                errors.append(problem)
                continue
            answer[platform] = [comment_record(c) for c in native.live_comments()]
    answer["lastUpdated"] = format_time(call.now)
    answer["nextUpdate"] = format_time(call.now + _REFRESH)
    if not errors:
        return 200, answer
    answered = any(isinstance(value, list) for value in answer.values())
    answer["errors"] = errors
    answer["status"] = "partial" if answered else "error"
    return (200 if answered else 400), answer


def reply_to_comment(call: Call) -> Reply:
    body = call.body()
    source = call.params.get("commentId") or require_str(body, "commentId", action="comments")
    text, media, wanted = _text(call, body), _media(body), _wanted(body)
    parents: dict[str, Comment | None]
    if body.get("searchPlatformId") is True:
        platform = _one_platform(wanted)
        if platform == "tiktok" and not body.get("videoId"):
            raise ApiError(
                400, codes.BAD_REQUEST, "videoId is required for a TikTok reply", action="comments"
            )
        parents = {platform: call.profile.social_comments.get((platform, source))}
        if parents[platform] is None:
            raise ApiError(404, codes.COMMENT_NOT_FOUND, "Comment id not found", action="comments")
    else:
        group = call.profile.comments.get(source)
        if group is None:
            raise ApiError(404, codes.COMMENT_NOT_FOUND, "Comment id not found", action="comments")
        parents = {p: group.get(p) for p in (wanted or sorted(group, key=PLATFORMS.index))}
    known = next((c for c in parents.values() if c is not None), None)
    ayrshare_id = call.state.new_post_id()
    answer: dict[str, Any] = {
        "status": "success",
        "id": (known.post_id or known.native_id) if known is not None else source,
        "commentId": ayrshare_id,
    }
    failed = False
    for platform, parent in parents.items():
        problem = _problem(call, platform, REPLY_PLATFORMS, media, REPLY_MEDIA)
        native = None
        if parent is not None and not parent.deleted:
            native = call.profile.native_post(platform, parent.native_id)
        if problem is None and native is None:
            problem = platform_error(
                platform, codes.COMMENT_NOT_FOUND, "Comment id not found", action="comments"
            )
        if problem is not None:
            answer[platform], failed = problem, True
            continue
        assert native is not None
        assert parent is not None
        reply = _write(call, platform, native, text, media, ayrshare_id, parent)
        answer[platform] = {**_sent(reply), "sourceCommentId": parent.social_id}
    return _written(call, answer, ayrshare_id, failed)


def _field(call: Call, name: str) -> Any:
    value = call.body().get(name)
    return value if value is not None else call.query.get(name)


def delete_comments(call: Call) -> Reply:
    target = call.params["id"]
    chosen: dict[str, list[Comment]] = {}
    if _field(call, "searchPlatformId") in (True, "true"):
        raw = _field(call, "platform")
        platform = _one_platform(platform_list([raw] if raw else [], "platform", action="comments"))
        found = call.profile.social_comments.get((platform, target))
        if found is None or found.deleted:
            raise ApiError(404, codes.COMMENT_NOT_FOUND, "Comment id not found", action="comments")
        chosen[platform] = [found]
    elif target in call.profile.comments:
        for platform, comment in call.profile.comments[target].items():
            if not comment.deleted:
                chosen[platform] = [comment]
    else:
        post = find_post(call, target, action="comments")
        for platform, native in post.natives.items():
            mine = [c for c in native.live_comments() if c.ayrshare_id is not None]
            if mine:
                chosen[platform] = mine
    if not chosen:
        raise ApiError(404, codes.COMMENT_NOT_FOUND, "No comment to delete", action="comments")
    answer: dict[str, Any] = {"status": "success"}
    for platform in sorted(chosen, key=PLATFORMS.index):
        if platform == "twitter" and not call.has_x_credentials:
            answer[platform] = platform_error(
                platform, codes.X_CREDENTIALS, X_CREDENTIALS_MESSAGE, action="delete"
            )
            answer["status"] = "error"
            continue
        results = [_delete(comment) for comment in chosen[platform]]
        answer[platform] = results[0] if len(results) == 1 else results
    return (400 if answer["status"] == "error" else 200), answer


def _delete(comment: Comment) -> dict[str, Any]:
    """Mark a comment and its replies deleted (a network removes a thread with its head)."""
    stack = [comment]
    while stack:
        doomed = stack.pop()
        doomed.deleted = True
        stack.extend(doomed.replies)
    return {
        "action": "delete",
        "status": "success",
        "id": comment.social_id,
        "comment": comment.text,
    }


def add_incoming(
    profile: Profile,
    platform: str,
    native: NativePost,
    text: str,
    author: str,
    now: datetime,
    rng: Random,
) -> Comment:
    """A comment someone else wrote on the profile's post (the emulator's test helper)."""
    comment = Comment(
        platform=platform,
        social_id=social_comment_id(platform, native.id, rng),
        text=text,
        created=now,
        native_id=native.id,
        author_id=str(rng.randint(10**11, 10**12 - 1)),
        author_name=author,
        post_id=native.post_id,
    )
    native.comments.append(comment)
    profile.social_comments[(platform, comment.social_id)] = comment
    return comment
