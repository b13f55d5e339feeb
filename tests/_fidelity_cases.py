"""Request/answer pairs from Ayrshare's own API flows (the public ``ayrshare/hurl-scripts``
repository, 2025-12), written as this project's cases: each ``FlowCase`` names the flow file its
facts come from. The flows' files are not copied; their requests and the answer fields they check
are restated here as data (``tests/test_fidelity.py`` runs them).

Where a flow and the newer docs disagree, the case follows the newer docs and says so in
``newer``; docs/testing.md lists every such place. Flow checks that depend on the real networks
(a post count of an account, a real image's size) are set up on the emulator first (``setup``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ayrshare_async.testing import AyrshareEmulator

__all__ = ["CASES", "X_HEADERS", "Check", "FlowCase", "Step", "Var"]

X_HEADERS = {"X-Twitter-OAuth1-Api-Key": "byo-key", "X-Twitter-OAuth1-Api-Secret": "byo-secret"}
"""Every X operation needs these since 2026-03-31 (the flows predate the rule)."""

ALL_NETWORKS = (
    "bluesky",
    "facebook",
    "gmb",
    "instagram",
    "linkedin",
    "pinterest",
    "reddit",
    "snapchat",
    "telegram",
    "threads",
    "tiktok",
    "twitter",
    "youtube",
)


@dataclass(frozen=True)
class Var:
    """A value captured by an earlier step (``<name>`` inside strings does the same)."""

    name: str


Check = tuple[str, str, Any]
"""``(path, op, expected)``: ``path`` like ``$.postIds[0].platform``; ``op`` one of ``exists``,
``absent``, ``==``, ``>=``, ``>``, ``count``, ``count>=``, ``matches``, ``startswith``,
``contains``, ``collection``."""


@dataclass(frozen=True)
class Step:
    """One request of a flow and what its answer must hold. ``capture`` names values for later
    steps: ``{name: path}`` or ``{name: (path, regex)}`` (the regex's first group). ``model`` is
    the SDK operation whose response model must type every checked field (analytics, history,
    comments and messages answers)."""

    method: str
    path: str
    body: Any = None
    query: dict[str, str] | None = None
    status: int = 200
    checks: tuple[Check, ...] = ()
    capture: dict[str, Any] = field(default_factory=dict)
    model: str | None = None


Setup = Callable[[AyrshareEmulator], dict[str, str]]


@dataclass(frozen=True)
class FlowCase:
    flow: str
    name: str
    steps: tuple[Step, ...]
    setup: Setup | None = None
    x_headers: bool = False
    newer: str | None = None
    """Where this case follows the newer docs instead of the flow, and why."""

    @property
    def id(self) -> str:
        return f"{self.flow}:{self.name}"


def has(prefix: str, names: str) -> tuple[Check, ...]:
    """``<prefix>.<name> exists`` for each space-separated name."""
    return tuple((f"{prefix}.{name}", "exists", None) for name in names.split())


def at_least_zero(prefix: str, names: str) -> tuple[Check, ...]:
    return tuple((f"{prefix}.{name}", ">=", 0) for name in names.split())


OK: tuple[Check, ...] = (("$.status", "==", "success"),)


def link_everything(emulator: AyrshareEmulator) -> dict[str, str]:
    """The flows' account has all 13 networks linked."""
    emulator.link(None, ALL_NETWORKS)
    return {}


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
        newer = "X needs the BYO X-Twitter-OAuth1-* headers since 2026-03-31"
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


# -- account analytics ---------------------------------------------------------------------------

_LINKEDIN_VIEWS = (
    "aboutPageViews allDesktopPageViews allMobilePageViews allPageViews careersPageViews "
    + " ".join(
        f"{device}{page}PageViews"
        for device in ("desktop", "mobile")
        for page in [
            "About",
            "Careers",
            "Insights",
            "Jobs",
            "LifeAt",
            "Overview",
            "People",
            "Products",
        ]
    )
    + " jobsPageViews lifeAtPageViews overviewPageViews peoplePageViews productsPageViews"
)
SOCIAL_ANALYTICS_FIELDS = {
    "bluesky": "created followersCount displayName followsCount id handle",
    "twitter": "listedCount location name profileImageUrl protected tweetCount url username "
    "verified",
    "facebook": "fanCount followersCount id link name pagePostEngagements pagePostsImpressions "
    "pagePostsImpressionsPaid pageVideoViews pageVideoViewsPaid verified "
    + " ".join(
        f"reactions.{r}" for r in ["anger", "like", "love", "wow", "haha", "sorry", "total"]
    ),
    "instagram": "biography commentsCount followersCount followsCount id viewsCount likeCount "
    "mediaCount name profilePictureUrl reachCount username",
    "linkedin": "clickCount commentCount engagement followers.organicFollowerCount "
    "followers.paidFollowerCount impressionCount likeCount shareCount "
    + " ".join(f"views.{v}" for v in _LINKEDIN_VIEWS.split()),
    "tiktok": "bio commentCountTotal displayName followerCount followingCount likeCountTotal "
    "shareCountTotal url userImage username videoCountTotal viewCountTotal",
    "youtube": "averageViewDuration averageViewPercentage comments created description dislikes "
    "estimatedMinutesWatched handle hiddenSubscriberCount id isLinked likes longUploadsStatus "
    "playlistId privacyStatus subscriberCount subscribersGained subscribersLost thumbnailUrl "
    "title url videoCount videosAddedToPlaylists viewCount views "
    + " ".join(
        f"playlists[0].{p}"
        for p in ["description", "id", "publishedAt", "title", "url", "channelId"]
    ),
}
_SOCIAL_NETWORKS = ["bluesky", "twitter", "facebook", "instagram", "linkedin", "tiktok", "youtube"]


def _social_checks() -> tuple[Check, ...]:
    checks: list[Check] = list(OK)
    for network, names in SOCIAL_ANALYTICS_FIELDS.items():
        checks.extend(has(f"$.{network}.analytics", names))
    return tuple(checks)


# -- a network's own posts -----------------------------------------------------------------------

HISTORY_FIELDS = {
    "instagram": (
        8,
        2,
        "commentsCount likeCount",
        "created id mediaProductType mediaType mediaUrl post postUrl username",
    ),
    "facebook": (
        10,
        5,
        "commentsCount likeCount sharesCount",
        "created id isPopular post postUrl statusType",
    ),
    "linkedin": (
        10,
        5,
        "clickCount commentCount engagement impressionCount likeCount shareCount "
        "uniqueImpressionsCount",
        "created id lastModified post postUrl publishedAt",
    ),
    "twitter": (
        10,
        5,
        "nonPublicMetrics.impressionCount nonPublicMetrics.userProfileClicks "
        "organicMetrics.impressionCount organicMetrics.userProfileClicks "
        "organicMetrics.retweetCount organicMetrics.likeCount organicMetrics.replyCount "
        "publicMetrics.retweetCount publicMetrics.replyCount publicMetrics.likeCount "
        "publicMetrics.quoteCount publicMetrics.impressionCount",
        "authorId created editHistoryTweetIds id postUrl",
    ),
    "bluesky": (10, 5, "likeCount replyCount repostCount", "created cid id post postUrl"),
    "tiktok": (
        10,
        5,
        "likeCount",
        "created id mediaType post postUrl videoDuration videoViews "
        "audienceCountries impressionSources",
    ),
    "threads": (
        10,
        5,
        "",
        "hasReplies id isQuotePost mediaProductType mediaType owner.id "
        "permalink replyAudience shortcode text timestamp username",
    ),
}
"""network: (limit asked, posts the flow expects at least, fields >= 0, fields that exist).
Threads' checks are commented out in the flow; they are kept as the shape it describes."""


def _history_steps() -> tuple[Step, ...]:
    steps = []
    for network, (limit, least, counters, present) in HISTORY_FIELDS.items():
        checks: list[Check] = [*OK, ("$.posts", "count>=", least)]
        checks.extend(at_least_zero("$.posts[0]", counters) if counters else ())
        checks.extend(has("$.posts[0]", present))
        if network in ("instagram", "facebook"):
            checks.extend(has("$", "lastUpdated nextUpdate"))
        if network == "linkedin":
            checks.append(("$.posts[0].status", "==", "PUBLISHED"))
            checks.append(("$.posts[0].visibility", "matches", r"^(PUBLIC|CONNECTIONS|LOGGED_IN)$"))
        steps.append(
            Step(
                "GET",
                f"/history/{network}",
                query={"limit": str(limit)},
                checks=tuple(checks),
                model="history.by_platform",
            )
        )
    return tuple(steps)


def _native_history(emulator: AyrshareEmulator) -> dict[str, str]:
    link_everything(emulator)
    for network in HISTORY_FIELDS:
        emulator.add_native_posts(None, network, 6, text=f"A {network} post")
    return {}


# -- direct messages -----------------------------------------------------------------------------

_SENT = {
    "twitter": "status messageId",
    "facebook": "status recipientId messageId message",
    "instagram": "status recipientId messageId message",
}
_LISTED = {
    "twitter": "message id senderDetails",
    "facebook": "id created message conversationId recipientId",
    "instagram": "message senderId id conversationId created",
}
_IN_CONVERSATION = {
    "twitter": "message id conversationId",
    "facebook": "id created message conversationId recipientId",
    "instagram": "id created message conversationId recipientId",
}


def _message_steps(network: str) -> list[Step]:
    refreshed = has("$", "lastUpdated nextUpdate")
    listed: list[Check] = [*OK, ("$.messages[0].action", "==", "sent"), *refreshed]
    listed.extend(has("$.messages[0]", _LISTED[network]))
    if network != "facebook":
        listed.append(("$.messagesCount", ">", 0))
    in_conversation: list[Check] = [
        *OK,
        *refreshed,
        *has("$.messages[0]", _IN_CONVERSATION[network]),
    ]
    if network == "twitter":
        in_conversation.append(("$.messagesCount", ">", 0))
    else:
        in_conversation.append(("$.messages[0].action", "==", "sent"))
    return [
        Step(
            "POST",
            f"/messages/{network}",
            body={"message": "test", "recipientId": f"{network}-recipient-1"},
            checks=(*OK, *has("$", _SENT[network])),
            model="messages.send",
        ),
        Step(
            "GET",
            f"/messages/{network}",
            checks=tuple(listed),
            capture={}
            if network == "twitter"
            else {"conversation": "$.messages[0].conversationId"},
            model="messages.list",
        ),
        Step(
            "GET",
            f"/messages/{network}",
            query={"conversationsOnly": "true"},
            checks=(*OK, ("$.conversationIds[0]", "exists", None), *refreshed),
            capture={"conversation": "$.conversationIds[0]"} if network == "twitter" else {},
            model="messages.list",
        ),
        Step(
            "GET",
            f"/messages/{network}",
            query={"conversationId": "<conversation>"},
            checks=tuple(in_conversation),
            model="messages.list",
        ),
    ]


# -- the linked accounts of /user ----------------------------------------------------------------

USER_ACCOUNT_FIELDS = {
    "bluesky": "created displayName id profileUrl userImage username",
    "facebook": "created displayName id profileUrl userImage",
    "gmb": "created displayName",
    "instagram": "created displayName id profileUrl usedQuota userImage username",
    "linkedin": "created displayName id profileUrl refreshDaysRemaining type userImage",
    "pinterest": "created displayName id profileUrl userImage username",
    "reddit": "created displayName profileUrl userImage username",
    "snapchat": "created displayName id profileUrl userImage",
    "telegram": "created displayName id profileUrl type",
    "threads": "created displayName id profileUrl userImage username",
    "tiktok": "created displayName id profileUrl userImage username",
    "twitter": "created displayName id profileUrl userImage username",
    "youtube": "created displayName id profileUrl userImage username",
}


def _user_checks() -> tuple[Check, ...]:
    checks: list[Check] = [
        ("$.activeSocialAccounts", "count", 13),
        *has("$", "ayrlinkUrl created"),
        ("$.email", "==", "primary@emulator.invalid"),
        ("$.monthlyApiCalls", ">=", 0),
        ("$.refId", "==", Var("ref")),
        ("$.title", "==", "Primary Profile"),
    ]
    for index, (network, names) in enumerate(USER_ACCOUNT_FIELDS.items()):
        checks.append((f"$.displayNames[{index}].platform", "==", network))
        checks.extend(has(f"$.displayNames[{index}]", names))
    return tuple(checks)


# -- set-ups that stand in for the real networks -----------------------------------------------


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


def _a_profile(emulator: AyrshareEmulator) -> dict[str, str]:
    return {"profile_key": emulator.create_profile("JWT flow profile")}


def _other_profiles(emulator: AyrshareEmulator) -> dict[str, str]:
    """Other profiles of the account, which a ``profileKeys`` filter must leave out."""
    emulator.create_profile("Another customer")
    emulator.create_profile("Yet another customer")
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
_SHORT_LINK = r"^https://ayrs\.io/(.+)$"
_LINK_ANALYTICS = (
    *has("$.analytics", "totalClicks refererCounts browserCounts created"),
    ("$.analytics.originalUrl", "==", "https://www.ayrshare.com/"),
    ("$.analytics.shortUrl", "==", "https://ayrs.io/<link>"),
)
_LINK_BY_ID = (
    *OK,
    ("$.analytics.totalClicks", ">=", 0),
    ("$.analytics.shortUrl", "matches", _SHORT_LINK),
    ("$.analytics.id", "==", Var("link")),
    ("$.analytics.originalUrl", "==", "https://www.ayrshare.com/"),
    ("$.analytics.created", "exists", None),
)
_NEW_LINK = Step(
    "POST",
    "/links",
    body={"url": "https://www.ayrshare.com/"},
    checks=(
        *OK,
        ("$.shortUrl", "matches", _SHORT_LINK),
        ("$.id", "==", Var("link")),
        ("$.originalUrl", "==", "https://www.ayrshare.com/"),
        ("$.created", "exists", None),
    ),
    capture={"link": ("$.shortUrl", _SHORT_LINK)},
)
_A_POST = Step(
    "POST",
    "/post",
    body={"post": "Already in the history", "platforms": ["facebook"]},
    capture={"ref": "$.refId"},
)
"""Not a flow request: state the flow's account already has (a post, and so its refId)."""

_RESIZED = r"^https://media\.ayrshare\.com/\w*/[\w|-]*\.jpg$"
_SOURCE_IMAGE = "https://i.ytimg.com/vi/G8M6DZdtcMc/maxresdefault.jpg"


CASES: tuple[FlowCase, ...] = (
    FlowCase(
        "analytics_link.hurl",
        "a short link, then its analytics in the list and by id",
        (
            _NEW_LINK,
            Step(
                "GET",
                "/analytics/links-short",
                checks=(
                    *OK,
                    *has("$.analytics[0]", "totalClicks refererCounts browserCounts created"),
                    ("$.analytics[0].originalUrl", "==", "https://www.ayrshare.com/"),
                    ("$.analytics[0].shortUrl", "==", "https://ayrs.io/<link>"),
                ),
            ),
            Step("GET", "/links/<link>", checks=_LINK_BY_ID),
        ),
    ),
    FlowCase(
        "analytics_social.hurl",
        "account analytics of seven networks",
        (
            Step(
                "POST",
                "/analytics/social",
                body={"platforms": _SOCIAL_NETWORKS},
                checks=_social_checks(),
                model="analytics.social",
            ),
        ),
        setup=link_everything,
        x_headers=True,
        newer="X needs the BYO X-Twitter-OAuth1-* headers since 2026-03-31",
    ),
    FlowCase(
        "autohashtag.hurl",
        "hashtags added at the end (older path /auto-hashtag)",
        (
            Step(
                "POST",
                "/auto-hashtag",
                body={"post": "Today is a great day!", "position": "end", "max": 2},
                checks=(("$.post", "contains", "#"),),
            ),
        ),
    ),
    FlowCase(
        "autoschedule.hurl",
        "set, list keyed by title and delete (older path /auto-schedule)",
        (
            Step(
                "POST",
                "/auto-schedule",
                body={
                    "schedule": ["18:06z", "21:01Z"],
                    "daysOfWeek": [0, 1, 2, 3, 4, 5, 6],
                    "excludeDates": ["04/04/2024"],
                    "title": "greatschedule",
                },
                checks=(*OK, *has("$", "message title schedule daysOfWeek excludeDates")),
                capture={
                    "title": "$.title",
                    "schedule": "$.schedule",
                    "days": "$.daysOfWeek",
                    "excluded": "$.excludeDates",
                },
            ),
            Step(
                "GET",
                "/auto-schedule",
                checks=(
                    *OK,
                    ("$.schedules", "exists", None),
                    ("$.schedules.<title>.schedule", "==", Var("schedule")),
                    ("$.schedules.<title>.daysOfWeek", "==", Var("days")),
                    ("$.schedules.<title>.excludeDates", "==", Var("excluded")),
                ),
            ),
            Step("DELETE", "/auto-schedule", body={"title": "<title>"}, checks=OK),
        ),
    ),
    FlowCase(
        "feed.hurl",
        "register an RSS feed, then delete it",
        (
            Step(
                "POST",
                "/feed",
                body={
                    "url": "https://managingeditor.substack.com",
                    "useFirstImage": True,
                    "autoHashtag": True,
                    "type": "rss",
                },
                checks=(
                    *OK,
                    *has("$", "id title feedURL"),
                    ("$.websiteLink", "==", "https://managingeditor.substack.com"),
                    ("$.autoHashtag", "==", True),
                    ("$.useFirstImage", "==", True),
                ),
                capture={"feed": "$.id"},
            ),
            Step(
                "DELETE", "/feed", body={"id": "<feed>"}, checks=(*OK, ("$.id", "==", Var("feed")))
            ),
        ),
    ),
    FlowCase(
        "generate_jwt.hurl",
        "a linking URL for a user profile",
        (
            Step(
                "POST",
                "/profiles/generateJWT",
                body={
                    "domain": "ayrshare",
                    "privateKey": "LS0tLS1CRUdJTi1lbXVsYXRlZA==",
                    "profileKey": "<profile_key>",
                    "logout": True,
                    "base64": True,
                },
                checks=(
                    *OK,
                    *has("$", "title token"),
                    ("$.url", "startswith", "https://profile.ayrshare.com?jwt="),
                ),
            ),
        ),
        setup=_a_profile,
    ),
    FlowCase(
        "history.hurl",
        "the posts sent through Ayrshare",
        (
            _A_POST,
            Step(
                "GET",
                "/history",
                checks=(
                    *has("$.history[0]", "created id post status type"),
                    ("$.history[0].platforms", "count>=", 1),
                ),
            ),
        ),
    ),
    FlowCase(
        "history_get_all.hurl",
        "each network's own posts with its own fields",
        _history_steps(),
        setup=_native_history,
        x_headers=True,
        newer="X needs the BYO X-Twitter-OAuth1-* headers since 2026-03-31",
    ),
    FlowCase(
        "links.hurl",
        "a short link read back by id",
        (
            _NEW_LINK,
            Step("GET", "/links/<link>", checks=(*OK, *_LINK_ANALYTICS)),
            Step("GET", "/links/<link>", checks=_LINK_BY_ID),
        ),
    ),
    *(
        FlowCase(
            "messages.hurl",
            f"{network}: send, list, conversations, one conversation",
            tuple(_message_steps(network)),
            setup=link_everything,
            x_headers=network == "twitter",
            newer="X needs the BYO X-Twitter-OAuth1-* headers since 2026-03-31"
            if network == "twitter"
            else None,
        )
        for network in ("twitter", "facebook", "instagram")
    ),
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
        "profile.hurl",
        "create, find by profileKeys[0], update and delete by a profileKey in the body",
        (
            Step(
                "POST",
                "/profiles",
                body={"title": "Flow profile 2512"},
                checks=(*OK, *has("$", "title refId profileKey")),
                capture={"key": "$.profileKey", "ref": "$.refId"},
            ),
            Step(
                "GET",
                "/profiles",
                query={"profileKeys[0]": "<key>"},
                checks=(
                    ("$.profiles", "collection", None),
                    ("$.profiles", "count", 1),
                    *has("$.profiles[0]", "title created createdUTC"),
                    ("$.profiles[0].refId", "==", Var("ref")),
                ),
            ),
            Step(
                "PATCH",
                "/profiles",
                body={
                    "profileKey": "<key>",
                    "disableSocial": ["facebook", "instagram"],
                    "title": "Flow profile 2512 updated",
                    "hideTitle": True,
                    "displayTitle": "Flow profile 2512 updated",
                },
                checks=(*OK, ("$.refId", "==", Var("ref"))),
            ),
            Step(
                "DELETE",
                "/profiles",
                body={"profileKey": "<key>"},
                checks=(*OK, ("$.refId", "==", Var("ref"))),
            ),
        ),
        setup=_other_profiles,
    ),
    FlowCase(
        "resize.hurl",
        "an image resized for a network, then with effects and dimensions",
        (
            Step(
                "POST",
                "/media/resize",
                body={"mediaUrl": _SOURCE_IMAGE, "platform": "instagram"},
                checks=(*OK, ("$.url", "matches", _RESIZED), ("$.platform", "==", "instagram")),
            ),
            Step(
                "POST",
                "/media/resize",
                body={
                    "mediaUrl": _SOURCE_IMAGE,
                    "watermarkUrl": "https://images.example.com/watermark.jpg",
                    "effects": {"blur": True, "color": "#000000"},
                    "dimensions": {"width": 100, "height": 100},
                },
                checks=(*OK, ("$.url", "matches", _RESIZED)),
            ),
        ),
    ),
    FlowCase(
        "short.hurl",
        "a short link from the older path /short",
        (
            Step(
                "POST",
                "/short",
                body={"url": "https://www.ayrshare.com"},
                checks=(
                    *OK,
                    ("$.shortUrl", "exists", None),
                    ("$.originalUrl", "==", "https://www.ayrshare.com"),
                ),
            ),
        ),
    ),
    FlowCase(
        "user.hurl",
        "the account with its 13 linked networks (older parameter instagramQuota)",
        (_A_POST, Step("GET", "/user", query={"instagramQuota": "true"}, checks=_user_checks())),
        setup=link_everything,
    ),
)

_X_RULE = "X needs the BYO X-Twitter-OAuth1-* headers since 2026-03-31 (the newest docs)"
_X_REFUSED: tuple[Check, ...] = (("$.code", "==", 419),)

CASES += (
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
        newer=_X_RULE,
    ),
    FlowCase(
        "analytics_social.hurl",
        "without the BYO headers X alone fails and the answer is partial",
        (
            Step(
                "POST",
                "/analytics/social",
                body={"platforms": _SOCIAL_NETWORKS},
                checks=(
                    ("$.status", "==", "partial"),
                    ("$.errors", "count", 1),
                    ("$.errors[0].platform", "==", "twitter"),
                    ("$.errors[0].code", "==", 419),
                    ("$.twitter", "absent", None),
                    ("$.bluesky.analytics.followersCount", "exists", None),
                ),
                model="analytics.social",
            ),
        ),
        setup=link_everything,
        newer=_X_RULE,
    ),
    FlowCase(
        "history_get_all.hurl",
        "X's own posts without the BYO headers are refused",
        (Step("GET", "/history/twitter", query={"limit": "10"}, status=400, checks=_X_REFUSED),),
        setup=_native_history,
        newer=_X_RULE,
    ),
    FlowCase(
        "messages.hurl",
        "an X message without the BYO headers is refused",
        (
            Step(
                "POST",
                "/messages/twitter",
                body={"message": "test", "recipientId": "twitter-recipient-1"},
                status=400,
                checks=_X_REFUSED,
            ),
        ),
        setup=link_everything,
        newer=_X_RULE,
    ),
    FlowCase(
        "autoschedule.hurl",
        "the current list path answers an array (the newest list page)",
        (
            Step(
                "POST",
                "/auto-schedule",
                body={"schedule": ["18:06z"], "title": "greatschedule"},
                checks=OK,
            ),
            Step(
                "GET",
                "/auto-schedule/list",
                checks=(
                    *OK,
                    ("$.schedules", "count", 1),
                    ("$.schedules[0].title", "==", "greatschedule"),
                    ("$.schedules[0].schedule", "==", ["18:06Z"]),
                ),
            ),
        ),
        newer="the newest list page answers an array; the flow's bare path keeps the object",
    ),
)
