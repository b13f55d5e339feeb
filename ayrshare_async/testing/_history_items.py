"""How each network lists one of its posts in ``GET /history/{platform}``.

The fields per network are the ones Ayrshare's own API flows (``ayrshare/hurl-scripts``) check and
the newest history docs show. Engagement numbers are zero, since nobody sees an emulated post,
except the comment counts, which follow the comments written through ``/comments``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from ._platforms import profile_url
from ._state import LinkedAccount, NativePost
from ._wire import format_time

__all__ = ["LINKEDIN_VISIBILITIES", "native_record", "thumbnail_url", "youtube_privacy"]

LINKEDIN_VISIBILITIES = ("PUBLIC", "CONNECTIONS", "LOGGED_IN")
_REFRESH = timedelta(minutes=30)

Fields = Callable[[NativePost, LinkedAccount, int], dict[str, Any]]


def youtube_privacy(native: NativePost) -> str:
    """The video's visibility: ``youTubeOptions.visibility``, else ``private`` (the default)."""
    visibility = native.options.get("visibility")
    return visibility if visibility in ("public", "unlisted", "private") else "private"


def thumbnail_url(native: NativePost, platform: str) -> str:
    return f"https://img.emulator.invalid/{platform}/thumbnails/{native.seq}.jpg"


def _media_url(native: NativePost, platform: str) -> str:
    kind = "mp4" if native.media == "video" else "jpg"
    return f"https://img.emulator.invalid/{platform}/media/{native.seq}.{kind}"


def _bluesky(native: NativePost, account: LinkedAccount, comments: int) -> dict[str, Any]:
    return {
        "cid": f"bafyrei{native.seq:052d}",
        "indexedAt": format_time(native.created),
        "labels": [],
        "likeCount": 0,
        "quoteCount": 0,
        "replyCount": comments,
        "repostCount": 0,
        "viewer": {"threadMuted": False, "embeddingDisabled": False},
    }


def _facebook(native: NativePost, account: LinkedAccount, comments: int) -> dict[str, Any]:
    status_type = {"image": "added_photos", "video": "added_video"}.get(
        native.media or "", "mobile_status_update"
    )
    return {
        "clicksUnique": 0,
        "commentsCount": comments,
        "engagedUsers": 0,
        "impressionsUnique": 0,
        "isPopular": False,
        "likeCount": 0,
        "negativeFeedback": 0,
        "negativeFeedbackUnique": 0,
        "reactions": facebook_reactions(),
        "reactionsByType": 0,
        "sharesCount": 0,
        "statusType": status_type,
        "videoViewTime": 0,
        "videoViews": 0,
        "videoViewsUnique": 0,
    }


def facebook_reactions() -> dict[str, int]:
    return dict.fromkeys(("like", "love", "anger", "haha", "wow", "sorry", "total"), 0)


def instagram_media(native: NativePost) -> tuple[str, str]:
    """``(mediaProductType, mediaType)`` of an Instagram post."""
    if native.media == "video":
        return "REELS", "VIDEO"
    return "FEED", "IMAGE"


def _instagram(native: NativePost, account: LinkedAccount, comments: int) -> dict[str, Any]:
    product, media_type = instagram_media(native)
    record = {
        "commentsCount": comments,
        "likeCount": 0,
        "mediaProductType": product,
        "mediaType": media_type,
        "mediaUrl": _media_url(native, "instagram"),
        "permalink": native.url,
        "username": account.username,
    }
    if native.media == "video":
        record["thumbnailUrl"] = thumbnail_url(native, "instagram")
    return record


def _linkedin(native: NativePost, account: LinkedAccount, comments: int) -> dict[str, Any]:
    created = format_time(native.created)
    visibility = native.options.get("visibility")
    return {
        "clickCount": 0,
        "commentCount": comments,
        "commentsState": "OPEN",
        "engagement": 0.0,
        "impressionCount": 0,
        "lastModified": created,
        "likeCount": 0,
        "publishedAt": created,
        "reactions": dict.fromkeys(
            ("like", "praise", "maybe", "empathy", "interest", "appreciation"), 0
        ),
        "shareCount": 0,
        "status": "PUBLISHED",
        "totalFirstLevelComments": comments,
        "uniqueImpressionsCount": 0,
        "visibility": visibility if visibility in LINKEDIN_VISIBILITIES else "PUBLIC",
    }


def _pinterest(native: NativePost, account: LinkedAccount, comments: int) -> dict[str, Any]:
    title = native.options.get("title")
    return {
        "altText": "",
        "boardId": account.account_id,
        "dominantColor": "#7c7c7c",
        "link": native.options.get("link") or "",
        "mediaType": native.media or "image",
        "mediaUrl": _media_url(native, "pinterest"),
        "title": title if isinstance(title, str) else "",
        "username": account.username,
    }


def _threads(native: NativePost, account: LinkedAccount, comments: int) -> dict[str, Any]:
    media_type = {"image": "IMAGE", "video": "VIDEO"}.get(native.media or "", "TEXT_POST")
    record: dict[str, Any] = {
        "hasReplies": comments > 0,
        "isQuotePost": False,
        "mediaProductType": "THREADS",
        "mediaType": media_type,
        "owner": {"id": account.account_id},
        "permalink": native.url,
        "replyAudience": "EVERYONE",
        "shortcode": native.url.rstrip("/").rsplit("/", 1)[-1],
        "text": native.text,
        "timestamp": format_time(native.created),
        "username": account.username,
    }
    if native.media is not None:
        record["mediaUrl"] = _media_url(native, "threads")
    return record


def _tiktok(native: NativePost, account: LinkedAccount, comments: int) -> dict[str, Any]:
    return {
        "audienceCities": [],
        "audienceCountries": [],
        "averageTimeWatched": 0.0,
        "commentsCount": comments,
        "embedUrl": f"https://www.tiktok.com/static/profile-video?id={native.id}",
        "engagementLikes": [],
        "fullVideoWatchedRate": 0.0,
        "impressionSources": [],
        "likeCount": 0,
        "mediaType": "video",
        "name": account.display_name,
        "reach": 0,
        "shareCount": 0,
        "shareUrl": native.url,
        "tags": [],
        "thumbnailHeight": 1024,
        "thumbnailUrl": thumbnail_url(native, "tiktok"),
        "thumbnailWidth": 576,
        "totalTimeWatched": 0.0,
        "url": profile_url("tiktok", account.account_id, account.username),
        "videoDuration": 15.0,
        "videoViewRetention": [],
        "videoViews": 0,
    }


def twitter_metrics(comments: int) -> dict[str, dict[str, Any]]:
    """The three metric groups X reports for a tweet."""
    return {
        "nonPublicMetrics": {"impressionCount": 0, "userProfileClicks": 0},
        "organicMetrics": {
            "impressionCount": 0,
            "likeCount": 0,
            "replyCount": comments,
            "retweetCount": 0,
            "userProfileClicks": 0,
        },
        "publicMetrics": {
            "bookmarkCount": 0,
            "impressionCount": 0,
            "likeCount": 0,
            "quoteCount": 0,
            "replyCount": comments,
            "retweetCount": 0,
        },
    }


def _twitter(native: NativePost, account: LinkedAccount, comments: int) -> dict[str, Any]:
    record: dict[str, Any] = {
        "authorId": account.account_id,
        "createdAt": format_time(native.created),
        "editHistoryTweetIds": [native.id],
        **twitter_metrics(comments),
        "possiblySensitive": False,
        "text": native.text,
    }
    if native.post_id is not None:
        record["source"] = "Ayrshare"
    if native.media is not None:
        kind = "video" if native.media == "video" else "photo"
        record["media"] = [{"mediaKey": f"3_{native.id}", "type": kind}]
    return record


def _youtube(native: NativePost, account: LinkedAccount, comments: int) -> dict[str, Any]:
    title = native.options.get("title")
    return {
        "description": native.text,
        "position": 0,
        "privacyStatus": youtube_privacy(native),
        "thumbnailUrl": f"https://i.ytimg.com/vi/{native.id}/default.jpg",
        "title": title if isinstance(title, str) else native.text[:100],
    }


def _none(native: NativePost, account: LinkedAccount, comments: int) -> dict[str, Any]:
    return {"commentsCount": comments, "likeCount": 0}


_FIELDS: dict[str, Fields] = {
    "bluesky": _bluesky,
    "facebook": _facebook,
    "instagram": _instagram,
    "linkedin": _linkedin,
    "pinterest": _pinterest,
    "threads": _threads,
    "tiktok": _tiktok,
    "twitter": _twitter,
    "youtube": _youtube,
}
_WITH_REFRESH_TIMES = frozenset({"facebook", "instagram"})


def native_record(
    platform: str, native: NativePost, account: LinkedAccount, now: datetime
) -> dict[str, Any]:
    """One item of ``GET /history/{platform}``: the common fields plus the network's own."""
    record: dict[str, Any] = {
        "id": native.id,
        "post": native.text,
        "postUrl": native.url,
        "created": format_time(native.created),
    }
    record.update(_FIELDS.get(platform, _none)(native, account, len(native.live_comments())))
    if platform in _WITH_REFRESH_TIMES:
        record["lastUpdated"] = format_time(now)
        record["nextUpdate"] = format_time(now + _REFRESH)
    return record
