"""Request/answer pairs from Ayrshare's own API flows (the public ``ayrshare/hurl-scripts``
repository, 2025-12), written as this project's cases: each ``FlowCase`` names the flow file its
facts come from. The flows' files are not copied; their requests and the answer fields they check
are restated as data here and in ``_fidelity_posts`` and ``_fidelity_reads``
(``tests/test_fidelity.py`` runs them).

Where a flow and the newer docs disagree, the case follows the newer docs and says so in
``newer``; docs/testing.md lists every such place. Flow checks that depend on the real networks
(a post count of an account, a real image's size) are set up on the emulator first (``setup``).
"""

from __future__ import annotations

from _fidelity_dsl import (
    OK,
    X_HEADERS,
    Check,
    FlowCase,
    Step,
    Var,
    has,
)
from _fidelity_posts import POST_CASES
from _fidelity_reads import READ_CASES

from ayrshare_async.testing import AyrshareEmulator

__all__ = ["CASES", "X_HEADERS", "Check", "FlowCase", "Step", "Var"]


def _a_profile(emulator: AyrshareEmulator) -> dict[str, str]:
    return {"profile_key": emulator.create_profile("JWT flow profile")}


def _other_profiles(emulator: AyrshareEmulator) -> dict[str, str]:
    """Other profiles of the account, which a ``profileKeys`` filter must leave out."""
    emulator.create_profile("Another customer")
    emulator.create_profile("Yet another customer")
    return {}


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
        "links.hurl",
        "a short link read back by id",
        (
            _NEW_LINK,
            Step("GET", "/links/<link>", checks=(*OK, *_LINK_ANALYTICS)),
            Step("GET", "/links/<link>", checks=_LINK_BY_ID),
        ),
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
    FlowCase(
        "hook.hurl",
        "register, read and unregister a webhook",
        (
            Step(
                "POST",
                "/hook/webhook",
                body={"action": "feed", "url": "https://www.nytimes.com", "secret": "flow-secret"},
                checks=(
                    *OK,
                    ("$.action", "==", "feed"),
                    ("$.url", "==", "https://www.nytimes.com"),
                ),
            ),
            Step(
                "GET",
                "/hook/webhook",
                checks=(
                    *OK,
                    ("$.feed", "==", "https://www.nytimes.com"),
                    ("$.updated", "exists", None),
                ),
            ),
            Step(
                "DELETE",
                "/hook/webhook",
                body={"action": "feed"},
                checks=(*OK, ("$.action", "==", "feed")),
            ),
        ),
    ),
    *POST_CASES,
    *READ_CASES,
)
