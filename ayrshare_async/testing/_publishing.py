"""Sending a post to its networks: per-network checks, per-network outcomes, partial success.

An immediate post goes to every network it can and reports the others in ``errors[]``; a scheduled
post is pre-validated as a whole (unless ``validateScheduled`` is false) and published when its
time comes. Outcomes are deterministic: a network fails only for a documented reason or because a
test asked for it (``faults.fail_platform``).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from . import _codes as codes
from ._faults import Faults
from ._platforms import (
    DUPLICATE_CODES,
    DUPLICATE_UNCHECKED,
    MEDIA_REQUIRED,
    PLATFORM_NAMES,
    PLATFORMS,
    TEXT_LIMITS,
    X_CREDENTIALS_MESSAGE,
)
from ._state import Post, State
from ._wire import error_envelope

__all__ = ["Publisher", "media_kind", "platform_error"]

DUPLICATE_WINDOW = timedelta(hours=48)
_VIDEO_EXTENSIONS = (".mp4", ".mov", ".m4v", ".avi", ".webm", ".mkv")
_OPTIONS = {
    "instagram": "instagramOptions",
    "linkedin": "linkedInOptions",
    "pinterest": "pinterestOptions",
    "tiktok": "tikTokOptions",
    "youtube": "youTubeOptions",
}
"""The body field holding each network's options."""


def media_kind(post: Post, platform: str) -> str | None:
    """``"video"``, ``"image"`` or None (no media) for what ``post`` sends to ``platform``."""
    body = post.body
    if body.get("randomMediaUrl") is True:
        video = any(body.get(k) is True for k in ("isVideo", "isLandscapeVideo", "isPortraitVideo"))
        return "video" if video else "image"
    media = post.media_for(platform)
    if not media:
        return None
    if body.get("isVideo") is True:
        return "video"
    return "video" if urlsplit(media[0]).path.lower().endswith(_VIDEO_EXTENSIONS) else "image"


def platform_error(
    platform: str, code: int, message: str, *, action: str = "post", **extra: Any
) -> dict[str, Any]:
    """One network's failure, as it appears in ``errors[]`` or under the network's key."""
    return {**error_envelope(action, code, message), "platform": platform, **extra}


class Publisher:
    """Decides and records each network's outcome for a post."""

    def __init__(self, state: State, faults: Faults, *, duplicate_check: bool) -> None:
        self._state = state
        self._faults = faults
        self._duplicate_check = duplicate_check

    def problems(self, post: Post, platform: str) -> dict[str, Any] | None:
        """Why ``platform`` cannot take ``post`` (the checks made before anything is sent)."""
        name = PLATFORM_NAMES[platform]
        if platform not in post.profile.linked:
            return platform_error(
                platform,
                codes.NOT_LINKED,
                f"{name} is not linked to this profile. Link it on the Social Accounts page and "
                "post again.",
            )
        if platform == "twitter" and not post.x_credentials:
            return platform_error(platform, codes.X_CREDENTIALS, X_CREDENTIALS_MESSAGE)
        media = post.media_for(platform)
        has_media = bool(media) or post.body.get("randomMediaUrl") is True
        if any(not url.startswith("https://") for url in media):
            return platform_error(
                platform, codes.MEDIA_INVALID, "Media URLs must be public https:// URLs."
            )
        rejection = self._faults.media_rejection(platform, media, post.profile.key)
        if rejection is not None:
            return platform_error(platform, rejection.code, rejection.message, verifyCheck=True)
        if platform in MEDIA_REQUIRED and not has_media:
            return platform_error(
                platform,
                codes.MEDIA_REQUIRED,
                f"{name} posts need an image or a video in mediaUrls.",
            )
        text = post.text_for(platform)
        limit = TEXT_LIMITS.get(platform)
        if limit is not None and len(text) > limit:
            return platform_error(
                platform,
                codes.TOO_LONG,
                f"The post is {len(text)} characters long; {name} allows {limit}.",
            )
        missing = _missing_option(post, platform)
        if missing is not None:
            return platform_error(platform, codes.BAD_REQUEST, missing)
        return None

    def prevalidate(self, post: Post) -> list[dict[str, Any]]:
        """Every network's problem with a post about to be scheduled (empty when all pass)."""
        found = (self.problems(post, platform) for platform in post.platforms)
        return [problem for problem in found if problem is not None]

    def publish(self, post: Post, now: datetime) -> None:
        """Send ``post`` to each of its networks (on a retry: to those that failed)."""
        if post.retrying:
            targets = [e["platform"] for e in post.errors if isinstance(e.get("platform"), str)]
            post.errors = []
            post.retrying = False
        else:
            targets = list(post.platforms)
            post.post_ids = []
            post.errors = []
        targets.sort(key=PLATFORMS.index)
        for platform in targets:
            outcome = self.problems(post, platform) or self._network_failure(post, platform, now)
            if outcome is not None:
                post.errors.append(outcome)
            else:
                post.post_ids.append(self._sent(post, platform, now))
        post.status = "error" if post.errors else "success"

    def _network_failure(self, post: Post, platform: str, now: datetime) -> dict[str, Any] | None:
        injected = self._faults.platform_failure(platform, post.profile.key)
        if injected is not None:
            extra: dict[str, Any] = {"retryAvailable": True} if injected.retry_available else {}
            return platform_error(platform, injected.code, injected.message, **extra)
        text = post.text_for(platform)
        if self._duplicate_check and text and platform not in DUPLICATE_UNCHECKED:
            sent_at = post.profile.recent_texts.get((platform, text))
            if sent_at is not None and now - sent_at < DUPLICATE_WINDOW:
                code = DUPLICATE_CODES.get(platform, codes.DUPLICATE_CONTENT)
                return platform_error(
                    platform,
                    code,
                    f"Duplicate post: {PLATFORM_NAMES[platform]} already received this text in the "
                    "last 48 hours.",
                    post=text,
                )
        return None

    def _sent(self, post: Post, platform: str, now: datetime) -> dict[str, Any]:
        text = post.text_for(platform)
        options = post.body.get(_OPTIONS.get(platform, ""))
        native = self._state.add_native_post(
            post.profile,
            platform,
            text,
            now,
            media=media_kind(post, platform),
            options=options if isinstance(options, dict) else None,
            post_id=post.id,
        )
        post.profile.recent_texts[(platform, text)] = now
        post.natives[platform] = native
        sent: dict[str, Any] = {
            "status": "success",
            "id": native.id,
            "postUrl": native.url,
            "platform": platform,
        }
        if platform == "instagram":
            sent["usedQuota"] = post.profile.instagram_quota(now)
        return sent


def _missing_option(post: Post, platform: str) -> str | None:
    if platform == "youtube":
        options = post.body.get("youTubeOptions")
        if not isinstance(options, dict) or not options.get("title"):
            return "YouTube posts need youTubeOptions.title."
    if platform == "reddit":
        options = post.body.get("redditOptions")
        if (
            not isinstance(options, dict)
            or not options.get("title")
            or not options.get("subreddit")
        ):
            return "Reddit posts need redditOptions.title and redditOptions.subreddit."
    return None
