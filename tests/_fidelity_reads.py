"""Fidelity cases of Ayrshare's read flows: account analytics (``analytics_social.hurl``), history
(``history.hurl``, ``history_get_all.hurl``), direct messages (``messages.hurl``) and the account
(``user.hurl``)."""

from __future__ import annotations

from _fidelity_dsl import (
    OK,
    X_RULE,
    Check,
    FlowCase,
    Step,
    Var,
    at_least_zero,
    has,
    link_everything,
)

from ayrshare_async.testing import AyrshareEmulator

__all__ = ["READ_CASES"]

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


_A_POST = Step(
    "POST",
    "/post",
    body={"post": "Already in the history", "platforms": ["facebook"]},
    capture={"ref": "$.refId"},
)
"""Not a flow request: state the flow's account already has (a post, and so its refId)."""


_X_REFUSED: tuple[Check, ...] = (("$.code", "==", 419),)


READ_CASES: tuple[FlowCase, ...] = (
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
        newer=X_RULE,
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
        newer=X_RULE,
    ),
    *(
        FlowCase(
            "messages.hurl",
            f"{network}: send, list, conversations, one conversation",
            tuple(_message_steps(network)),
            setup=link_everything,
            x_headers=network == "twitter",
            newer=X_RULE if network == "twitter" else None,
        )
        for network in ("twitter", "facebook", "instagram")
    ),
    FlowCase(
        "user.hurl",
        "the account with its 13 linked networks (older parameter instagramQuota)",
        (_A_POST, Step("GET", "/user", query={"instagramQuota": "true"}, checks=_user_checks())),
        setup=link_everything,
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
        newer=X_RULE,
    ),
    FlowCase(
        "history_get_all.hurl",
        "X's own posts without the BYO headers are refused",
        (Step("GET", "/history/twitter", query={"limit": "10"}, status=400, checks=_X_REFUSED),),
        setup=_native_history,
        newer=X_RULE,
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
        newer=X_RULE,
    ),
)
