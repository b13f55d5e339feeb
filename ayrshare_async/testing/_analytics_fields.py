"""The metrics each network reports: per post (``POST /analytics/post``) and per account
(``POST /analytics/social``).

Field names per network are the ones Ayrshare's own API flows (``ayrshare/hurl-scripts``, 2025)
check; where two flows differ, the newer one wins (Instagram ``viewsCount``, which replaced
``impressionsCount``; the Facebook metrics Meta retired in 2024-2025 are left out). Numbers are
zero, since nobody sees an emulated post, except what the emulator knows: comment counts, post
counts, titles, visibility and the account's names.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ._history_items import (
    facebook_reactions,
    instagram_media,
    thumbnail_url,
    twitter_metrics,
    youtube_privacy,
)
from ._platforms import profile_url
from ._state import LinkedAccount, NativePost, Profile
from ._wire import format_time

__all__ = ["post_metrics", "social_metrics"]

_TWITTER_PLAYBACK = ("playback0Count", "playback25Count", "playback50Count", "playback75Count")

_LINKEDIN_PAGES = ("about", "careers", "insights", "jobs", "lifeAt", "overview", "people")
_LINKEDIN_VIEW_KEYS = (
    "allPageViews",
    "allDesktopPageViews",
    "allMobilePageViews",
    *(f"{page}PageViews" for page in _LINKEDIN_PAGES if page != "insights"),
    "productsPageViews",
    *(
        f"{device}{page[0].upper()}{page[1:]}PageViews"
        for device in ("desktop", "mobile")
        for page in (*_LINKEDIN_PAGES, "products")
    ),
)


def _twitter_video(view_count: bool) -> dict[str, int]:
    video = dict.fromkeys((*_TWITTER_PLAYBACK, "playback100Count"), 0)
    if view_count:
        video["viewCount"] = 0
    return video


def _post_twitter(native: NativePost, account: LinkedAccount, comments: int) -> dict[str, Any]:
    metrics = twitter_metrics(comments)
    if native.media == "video":
        metrics["nonPublicMetrics"]["video"] = _twitter_video(view_count=False)
        metrics["organicMetrics"]["video"] = _twitter_video(view_count=True)
    return {
        "created": format_time(native.created),
        "id": native.id,
        "name": account.display_name,
        "post": native.text,
        "username": account.username,
        **metrics,
    }


def _post_bluesky(native: NativePost, account: LinkedAccount, comments: int) -> dict[str, Any]:
    return {
        "created": format_time(native.created),
        "likeCount": 0,
        "post": native.text,
        "quoteCount": 0,
        "replyCount": comments,
        "repostCount": 0,
    }


def _post_facebook(native: NativePost, account: LinkedAccount, comments: int) -> dict[str, Any]:
    return {
        "commentsCount": comments,
        "likeCount": 0,
        "reactions": facebook_reactions(),
        "reactionsByType": 0,
        "sharesCount": 0,
        "videoViewTime": 0,
        "videoViews": 0,
        "videoViewsUnique": 0,
    }


def _post_instagram(native: NativePost, account: LinkedAccount, comments: int) -> dict[str, Any]:
    product, media_type = instagram_media(native)
    return {
        "caption": native.text,
        "commentsCount": comments,
        "created": format_time(native.created),
        "engagementCount": comments,
        "likeCount": 0,
        "mediaProductType": product,
        "mediaType": media_type,
        "reachCount": 0,
        "savedCount": 0,
        "sharesCount": 0,
        "username": account.username,
        "viewsCount": 0,
    }


def _post_linkedin(native: NativePost, account: LinkedAccount, comments: int) -> dict[str, Any]:
    return {
        "clickCount": 0,
        "commentCount": comments,
        "engagement": 0.0,
        "impressionCount": 0,
        "likeCount": 0,
        "shareCount": 0,
        "uniqueImpressionsCount": 0,
    }


def _post_pinterest(native: NativePost, account: LinkedAccount, comments: int) -> dict[str, Any]:
    metrics: dict[str, Any] = {
        "description": native.text,
        "impression": 0,
        "media": {"mediaType": native.media or "image"},
        "outboundClick": 0,
        "save": 0,
        "totalComments": comments,
        "totalReactions": 0,
    }
    if native.media == "video":
        metrics.update(
            quartile95PercentView=0, videoAvgWatchTime=0.0, videoMrcView=0, videoV50WatchTime=0
        )
    return metrics


def _post_threads(native: NativePost, account: LinkedAccount, comments: int) -> dict[str, Any]:
    return {"likes": 0, "quotes": 0, "replies": comments, "reposts": 0, "shares": 0, "views": 0}


def _post_tiktok(native: NativePost, account: LinkedAccount, comments: int) -> dict[str, Any]:
    return {
        "commentsCount": comments,
        "created": format_time(native.created),
        "embedUrl": f"https://www.tiktok.com/static/profile-video?id={native.id}",
        "itemId": native.id,
        "likeCount": 0,
        "mediaType": "video",
        "postUrl": native.url,
        "shareCount": 0,
        "tags": [],
        "thumbnailHeight": 1024,
        "thumbnailUrl": thumbnail_url(native, "tiktok"),
        "thumbnailWidth": 576,
        "url": profile_url("tiktok", account.account_id, account.username),
        "videoViews": 0,
    }


def _post_youtube(native: NativePost, account: LinkedAccount, comments: int) -> dict[str, Any]:
    title, tags = native.options.get("title"), native.options.get("tags")
    return {
        "averageViewDuration": 0.0,
        "averageViewPercentage": 0.0,
        "channelTitle": account.display_name,
        "comments": comments,
        "created": format_time(native.created),
        "description": native.text,
        "dislikes": 0,
        "estimatedMinutesWatched": 0.0,
        "likes": 0,
        "madeForKids": native.options.get("madeForKids") is True,
        "privacyStatus": youtube_privacy(native),
        "subscribersGained": 0,
        "subscribersLost": 0,
        "tags": tags if isinstance(tags, list) else [],
        "thumbnailUrl": f"https://i.ytimg.com/vi/{native.id}/default.jpg",
        "title": title if isinstance(title, str) else native.text[:100],
        "videosAddedToPlaylists": 0,
        "views": 0,
    }


def _post_other(native: NativePost, account: LinkedAccount, comments: int) -> dict[str, Any]:
    return {"commentsCount": comments, "likeCount": 0, "post": native.text}


_POST: dict[str, Callable[[NativePost, LinkedAccount, int], dict[str, Any]]] = {
    "bluesky": _post_bluesky,
    "facebook": _post_facebook,
    "instagram": _post_instagram,
    "linkedin": _post_linkedin,
    "pinterest": _post_pinterest,
    "threads": _post_threads,
    "tiktok": _post_tiktok,
    "twitter": _post_twitter,
    "youtube": _post_youtube,
}


def post_metrics(platform: str, native: NativePost, account: LinkedAccount) -> dict[str, Any]:
    """The ``analytics`` object of one network's post."""
    return _POST.get(platform, _post_other)(native, account, len(native.live_comments()))


def _social_base(account: LinkedAccount, platform: str) -> dict[str, Any]:
    return {
        "id": account.account_id,
        "name": account.display_name,
        "username": account.username,
        "url": profile_url(platform, account.account_id, account.username),
    }


def _image(account: LinkedAccount, platform: str) -> str:
    return f"https://img.emulator.invalid/{platform}/{account.account_id}.png"


def social_metrics(profile: Profile, platform: str) -> dict[str, Any]:
    """The ``analytics`` object of one linked account."""
    account = profile.linked[platform]
    posts = sum(1 for n in profile.native.get(platform, ()) if not n.deleted)
    base = _social_base(account, platform)
    created = format_time(account.created)
    if platform == "bluesky":
        return {
            "created": created,
            "description": "",
            "displayName": account.display_name,
            "followersCount": 0,
            "followsCount": 0,
            "handle": account.username,
            "id": account.account_id,
            "postsCount": posts,
        }
    if platform == "facebook":
        return {
            "fanCount": 0,
            "followersCount": 0,
            "id": account.account_id,
            "link": base["url"],
            "name": account.display_name,
            "pagePostEngagements": 0,
            "pagePostsImpressions": 0,
            "pagePostsImpressionsPaid": 0,
            "pageVideoViews": 0,
            "pageVideoViewsPaid": 0,
            "reactions": facebook_reactions(),
            "verified": False,
        }
    if platform == "instagram":
        return {
            **base,
            "biography": "",
            "commentsCount": 0,
            "followersCount": 0,
            "followsCount": 0,
            "likeCount": 0,
            "mediaCount": posts,
            "profilePictureUrl": _image(account, platform),
            "reachCount": 0,
            "viewsCount": 0,
        }
    if platform == "linkedin":
        return {
            "clickCount": 0,
            "commentCount": 0,
            "engagement": 0.0,
            "followers": {"organicFollowerCount": 0, "paidFollowerCount": 0},
            "impressionCount": 0,
            "likeCount": 0,
            "shareCount": 0,
            "views": dict.fromkeys(_LINKEDIN_VIEW_KEYS, 0),
        }
    if platform == "tiktok":
        return {
            "bio": "",
            "commentCountTotal": 0,
            "displayName": account.display_name,
            "followerCount": 0,
            "followingCount": 0,
            "likeCountTotal": 0,
            "shareCountTotal": 0,
            "url": base["url"],
            "userImage": _image(account, platform),
            "username": account.username,
            "videoCountTotal": posts,
            "viewCountTotal": 0,
        }
    if platform == "twitter":
        return {
            **base,
            "description": "",
            "followersCount": 0,
            "followingCount": 0,
            "listedCount": 0,
            "location": "",
            "profileImageUrl": _image(account, platform),
            "protected": False,
            "tweetCount": posts,
            "verified": False,
        }
    if platform == "youtube":
        return _youtube_channel(account, base, created, posts)
    if platform == "threads":
        return {
            **base,
            "followersCount": 0,
            "likes": 0,
            "quotes": 0,
            "replies": 0,
            "reposts": 0,
            "views": 0,
        }
    return {**base, "followersCount": 0}


def _youtube_channel(
    account: LinkedAccount, base: dict[str, Any], created: str, posts: int
) -> dict[str, Any]:
    channel = account.account_id
    return {
        **base,
        "averageViewDuration": 0.0,
        "averageViewPercentage": 0.0,
        "comments": 0,
        "created": created,
        "description": "",
        "dislikes": 0,
        "estimatedMinutesWatched": 0.0,
        "handle": f"@{account.username}",
        "hiddenSubscriberCount": False,
        "isLinked": True,
        "likes": 0,
        "longUploadsStatus": "allowed",
        "playlistId": f"UU{channel}",
        "playlists": [
            {
                "channelId": channel,
                "description": "",
                "id": f"PL{channel}",
                "publishedAt": created,
                "title": f"{account.display_name} uploads",
                "url": f"https://www.youtube.com/playlist?list=PL{channel}",
            }
        ],
        "privacyStatus": "public",
        "subscriberCount": 0,
        "subscribersGained": 0,
        "subscribersLost": 0,
        "thumbnailUrl": _image(account, "youtube"),
        "title": account.display_name,
        "videoCount": posts,
        "videosAddedToPlaylists": 0,
        "viewCount": 0,
        "views": 0,
    }
