"""Fidelity cases of Ayrshare's post flows (``post_flow_*.hurl``, ``post_video_flow.hurl``,
``post_image_li.hurl``, ``post_wide_video_ig.hurl``): a post, its comments, its analytics per
network and its delete; the media a network refuses is set up with ``faults.reject_media``."""

from __future__ import annotations

from typing import Any

from _fidelity_dsl import (
    OK,
    X_RULE,
    Check,
    FlowCase,
    Step,
    Var,
    has,
    link_everything,
)

from ayrshare_async.testing import AyrshareEmulator

__all__ = ["POST_CASES"]

# -- posts to one network, then comments, analytics and the delete ------------------------------

_COMMENT_FLOWS = {"bluesky", "facebook", "instagram", "linkedin", "threads", "tiktok", "twitter"}
_DELETE_COMMENTS = {"bluesky", "facebook", "linkedin", "tiktok", "twitter"}
_DELETE_POST = _DELETE_COMMENTS | {"instagram", "pinterest", "youtube"}
_NO_POST_URL_CHECK = {"threads", "tiktok", "youtube"}
_REPLY_REFUSED = {"threads"}

POST_ANALYTICS_FIELDS = {
    "bluesky": "created post likeCount quoteCount replyCount",
    "facebook": "commentsCount likeCount reactions reactionsByType sharesCount videoViewTime "
    "videoViews videoViewsUnique",
    "instagram": "caption commentsCount created engagementCount viewsCount likeCount "
    "mediaProductType mediaType reachCount savedCount username",
    "pinterest": "description media totalComments totalReactions",
    "threads": "views likes replies reposts quotes",
    "tiktok": "commentsCount created embedUrl itemId likeCount mediaType postUrl shareCount tags "
    "thumbnailHeight thumbnailUrl thumbnailWidth url videoViews",
    "twitter": "created name nonPublicMetrics nonPublicMetrics.userProfileClicks "
    "nonPublicMetrics.impressionCount organicMetrics organicMetrics.likeCount "
    "organicMetrics.impressionCount organicMetrics.replyCount organicMetrics.retweetCount "
    "organicMetrics.userProfileClicks post publicMetrics publicMetrics.likeCount "
    "publicMetrics.quoteCount publicMetrics.replyCount publicMetrics.retweetCount username",
    "youtube": "averageViewDuration averageViewPercentage channelTitle title",
}
_POST_EXTRAS: dict[str, dict[str, Any]] = {
    "tiktok": {"isPortraitVideo": True},
    "youtube": {"isLandscapeVideo": True, "youTubeOptions": {"title": "Test Title"}},
}


def _created_post(network: str) -> Step:
    checks: list[Check] = [
        *OK,
        ("$.errors", "count", 0),
        ("$.postIds[0].status", "==", "success"),
        ("$.postIds[0].id", "exists", None),
        ("$.postIds[0].platform", "==", network),
        *has("$", "id refId post"),
    ]
    if network not in _NO_POST_URL_CHECK:
        checks.append(("$.postIds[0].postUrl", "exists", None))
    if network == "instagram":
        checks.append(("$.postIds[0].usedQuota", ">", 0))
    body = {"randomPost": True, "platforms": [network], "randomMediaUrl": True}
    return Step(
        "POST",
        "/post",
        body={**body, **_POST_EXTRAS.get(network, {})},
        checks=tuple(checks),
        capture={"post": "$.id", "native": "$.postIds[0].id"},
    )


def _comment_steps(network: str) -> list[Step]:
    steps = [
        Step(
            "POST",
            "/comments",
            body={"id": "<post>", "platforms": [network], "randomComment": True},
            checks=(
                *OK,
                ("$.id", "==", Var("post")),
                (f"$.{network}", "exists", None),
                (f"$.{network}.status", "==", "success"),
            ),
            capture={
                "comment": f"$.{network}.commentId",
                "text": f"$.{network}.comment",
                "ayrshare_comment": "$.commentId",
            },
            model="comments.create",
        ),
        Step(
            "GET",
            "/comments",
            query={"id": "<post>"},
            checks=(
                *OK,
                ("$.id", "==", Var("post")),
                (f"$.{network}", "collection", None),
                (f"$.{network}[0].commentId", "==", Var("comment")),
                (f"$.{network}[0].comment", "==", Var("text")),
            ),
            model="comments.get",
        ),
    ]
    reply = {"commentId": "<ayrshare_comment>", "platforms": [network], "randomComment": True}
    if network in _REPLY_REFUSED:
        steps.append(
            Step(
                "POST",
                "/comments/reply",
                body=reply,
                status=400,
                checks=(
                    ("$.status", "==", "error"),
                    (f"$.{network}.status", "==", "error"),
                    (f"$.{network}.platform", "==", network),
                ),
            )
        )
    else:
        steps.append(
            Step(
                "POST",
                "/comments/reply",
                body=reply,
                checks=(
                    *OK,
                    ("$.id", "==", Var("post")),
                    ("$.commentId", "exists", None),
                    (f"$.{network}.status", "==", "success"),
                    *has(f"$.{network}", "commentId sourceCommentId comment"),
                    (f"$.{network}.platform", "==", network),
                ),
                model="comments.reply",
            )
        )
    if network in _DELETE_COMMENTS:
        steps.append(
            Step(
                "DELETE",
                "/comments/<post>",
                checks=(*OK, (f"$.{network}", "exists", None)),
                model="comments.delete",
            )
        )
    return steps


def _analytics_step(network: str) -> Step:
    checks: list[Check] = [*OK, ("$.id", "==", Var("post")), (f"$.{network}", "exists", None)]
    if network != "tiktok" and network != "youtube":
        checks.append((f"$.{network}.id", "==", Var("native")))
    if network != "threads":
        checks.append((f"$.{network}.postUrl", "exists", None))
    if network == "tiktok":
        checks.extend(has("$.tiktok", "lastUpdated nextUpdate"))
    checks.extend(has(f"$.{network}.analytics", POST_ANALYTICS_FIELDS[network]))
    return Step(
        "POST",
        "/analytics/post",
        body={"id": "<post>"},
        checks=tuple(checks),
        model="analytics.post",
    )


_DELETED: tuple[Check, ...] = (*OK, ("$.id", "==", Var("post")), ("$.code", "==", 200))


def post_flow(network: str, flow: str) -> FlowCase:
    steps = [_created_post(network)]
    if network in _COMMENT_FLOWS:
        steps.extend(_comment_steps(network))
    if network in POST_ANALYTICS_FIELDS:
        steps.append(_analytics_step(network))
    if network in _DELETE_POST:
        steps.append(Step("DELETE", "/post", body={"id": "<post>"}, checks=_DELETED))
    newer = None
    if network == "twitter":
        newer = X_RULE
    if network in _REPLY_REFUSED:
        newer = "the newest reply page lists no Threads: the reply is refused"
    if network in ("instagram", "tiktok"):
        newer = "deleted in Ayrshare only: the newest delete page says the network keeps it"
    return FlowCase(
        flow,
        f"post to {network}, comment, read, reply, analytics, delete",
        tuple(steps),
        setup=link_everything,
        x_headers=network == "twitter",
        newer=newer,
    )


# -- the 8-network video post --------------------------------------------------------------------

_VIDEO_ORDER = (
    "facebook",
    "instagram",
    "linkedin",
    "pinterest",
    "threads",
    "tiktok",
    "twitter",
    "youtube",
)
"""The order of ``postIds``: by network name, whatever order the request listed them in."""
_METRIC_GROUPS = ("nonPublicMetrics", "organicMetrics")
_PLAYBACK = (
    "playback0Count",
    "playback25Count",
    "playback50Count",
    "playback75Count",
    "playback100Count",
)
_VIDEO_ANALYTICS = {
    "facebook": "commentsCount likeCount reactions reactionsByType sharesCount videoViewTime "
    "videoViews videoViewsUnique",
    "instagram": "caption commentsCount created engagementCount likeCount mediaProductType "
    "mediaType reachCount savedCount username",
    "linkedin": "shareCount likeCount engagement clickCount impressionCount commentCount",
    "pinterest": "impression save outboundClick videoMrcView videoAvgWatchTime videoV50WatchTime "
    "quartile95PercentView",
    "twitter": " ".join(
        (
            POST_ANALYTICS_FIELDS["twitter"],
            *(f"{group}.video.{count}" for group in _METRIC_GROUPS for count in _PLAYBACK),
            "organicMetrics.video.viewCount",
        )
    ),
    "youtube": "averageViewDuration averageViewPercentage channelTitle comments created "
    "description dislikes estimatedMinutesWatched likes subscribersGained subscribersLost tags "
    "thumbnailUrl title videosAddedToPlaylists views",
    "threads": "views likes replies reposts quotes",
}
_SUPERSEDED: tuple[Check, ...] = (
    *(
        (f"$.facebook.analytics.{name}", "absent", None)
        for name in ["clicksUnique", "engagedUsers", "impressionsUnique", "negativeFeedback"]
    ),
    ("$.instagram.analytics.impressionsCount", "absent", None),
)
"""Checks of the older video flow (2024-11) that the newer post_flow_fb (2025-11) and
post_flow_ig (2025-04) dropped: the emulator follows the newer flows."""


def _video_post() -> Step:
    checks: list[Check] = [*OK, ("$.errors", "count", 0), *has("$", "id refId post")]
    for index, network in enumerate(_VIDEO_ORDER):
        checks.append((f"$.postIds[{index}].status", "==", "success"))
        checks.append((f"$.postIds[{index}].platform", "==", network))
        if network != "tiktok":
            checks.append((f"$.postIds[{index}].id", "exists", None))
        if network not in ("threads", "tiktok"):
            checks.append((f"$.postIds[{index}].postUrl", "exists", None))
    checks.append(("$.postIds[1].usedQuota", ">", 0))
    body = {
        "randomPost": True,
        "platforms": [
            "instagram",
            "facebook",
            "linkedin",
            "pinterest",
            "twitter",
            "tiktok",
            "youtube",
            "threads",
        ],
        "mediaUrl": ["https://img.ayrshare.com/012/vid.mp4"],
        "youTubeOptions": {"title": "Super One!"},
        "pinterestOptions": {"thumbNail": "https://images.example.com/thumb.jpg"},
    }
    capture = {"post": "$.id"}
    capture.update({network: f"$.postIds[{i}].id" for i, network in enumerate(_VIDEO_ORDER)})
    return Step("POST", "/post", body=body, checks=tuple(checks), capture=capture)


def _video_analytics() -> Step:
    checks: list[Check] = [*OK, ("$.id", "==", Var("post"))]
    for network, names in _VIDEO_ANALYTICS.items():
        checks.append((f"$.{network}.id", "==", Var(network)))
        if network != "threads":
            checks.append((f"$.{network}.postUrl", "exists", None))
        checks.extend(has(f"$.{network}.analytics", names))
    checks.append(("$.youtube.analytics.madeForKids", "==", False))
    checks.append(("$.youtube.analytics.privacyStatus", "==", "private"))
    checks.extend(_SUPERSEDED)
    platforms = ["instagram", "facebook", "linkedin", "pinterest", "twitter", "youtube", "threads"]
    return Step(
        "POST",
        "/analytics/post",
        body={"id": "<post>", "platforms": platforms},
        checks=tuple(checks),
        model="analytics.post",
    )


def _big_image_refused(emulator: AyrshareEmulator) -> dict[str, str]:
    link_everything(emulator)
    emulator.faults.reject_media(
        "https://img.ayrshare.com/012/j1.jpg", code=254, platforms=["linkedin"]
    )
    return {}


WIDE_REEL = "https://storage.example.com/media/larger.mov"


def _wide_reel_refused(emulator: AyrshareEmulator) -> dict[str, str]:
    link_everything(emulator)
    emulator.faults.reject_media(WIDE_REEL, code=182, platforms=["instagram"])
    return {}


def _media_refused(network: str, media: str, code: int, extra: dict[str, Any]) -> Step:
    return Step(
        "POST",
        "/post",
        body={"randomPost": True, "platforms": [network], "mediaUrl": [media], **extra},
        status=400,
        checks=(
            ("$.status", "==", "error"),
            ("$.errors", "count", 1),
            ("$.errors[0].action", "==", "post"),
            ("$.errors[0].status", "==", "error"),
            ("$.errors[0].code", "==", code),
            ("$.errors[0].message", "exists", None),
            ("$.errors[0].verifyCheck", "==", True),
            ("$.errors[0].platform", "==", network),
            ("$.postIds", "count", 0),
            *has("$", "id refId post"),
            ("$.validate", "==", True),
        ),
    )


def _media_accepted(network: str, media: str, extra: dict[str, Any]) -> Step:
    return Step(
        "POST",
        "/post",
        body={"randomPost": True, "platforms": [network], "mediaUrl": [media], **extra},
        checks=(
            *OK,
            ("$.errors", "count", 0),
            ("$.postIds[0].status", "==", "success"),
            *has("$.postIds[0]", "id postUrl"),
            ("$.postIds[0].platform", "==", network),
            *has("$", "id refId post"),
        ),
        capture={"post": "$.id"},
    )


_REEL = {"isVideo": True, "instagramOptions": {"reels": True}}


POST_CASES: tuple[FlowCase, ...] = (
    post_flow("bluesky", "post_flow_bs.hurl"),
    post_flow("facebook", "post_flow_fb.hurl"),
    post_flow("instagram", "post_flow_ig.hurl"),
    post_flow("linkedin", "post_flow_li.hurl"),
    post_flow("pinterest", "post_flow_pi.hurl"),
    post_flow("threads", "post_flow_th.hurl"),
    post_flow("tiktok", "post_flow_tt.hurl"),
    post_flow("twitter", "post_flow_tw.hurl"),
    post_flow("youtube", "post_flow_yt.hurl"),
    FlowCase(
        "post_image_li.hurl",
        "a compliant image posts; one LinkedIn refuses fails its media check",
        (
            _media_accepted("linkedin", "https://img.ayrshare.com/012/j2.jpg", {}),
            _media_refused("linkedin", "https://img.ayrshare.com/012/j1.jpg", 254, {}),
            Step("DELETE", "/post", body={"id": "<post>"}, checks=OK),
        ),
        setup=_big_image_refused,
    ),
    FlowCase(
        "post_video_flow.hurl",
        "one video to eight networks, then its analytics per network",
        (
            _video_post(),
            _video_analytics(),
            Step("DELETE", "/post", body={"id": "<post>"}, checks=_DELETED),
        ),
        setup=link_everything,
        x_headers=True,
        newer="X needs the BYO headers; older Facebook/Instagram metrics follow the newer flows",
    ),
    FlowCase(
        "post_wide_video_ig.hurl",
        "a compliant reel posts; one too wide fails Instagram's media check",
        (
            _media_accepted("instagram", "https://storage.example.com/media/smaller.mov", _REEL),
            _media_refused("instagram", WIDE_REEL, 182, _REEL),
            Step("DELETE", "/post", body={"id": "<post>"}, checks=OK),
        ),
        setup=_wide_reel_refused,
    ),
    FlowCase(
        "post_flow_tw.hurl",
        "the same X post without the BYO headers is refused",
        (
            Step(
                "POST",
                "/post",
                body={"randomPost": True, "platforms": ["twitter"], "randomMediaUrl": True},
                status=400,
                checks=(
                    ("$.status", "==", "error"),
                    ("$.errors[0].code", "==", 419),
                    ("$.errors[0].platform", "==", "twitter"),
                    ("$.postIds", "count", 0),
                ),
            ),
        ),
        setup=link_everything,
        newer=X_RULE,
    ),
)
