"""The models of post, history, user, profiles, auto_schedule, analytics and validate: the seeds'
example answers decode into typed fields and round-trip exactly through ``to_dict()``; bad input
is refused at construction with a ValidationError naming the field; secrets stay out of reprs."""

from __future__ import annotations

import datetime as dt
import json
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import cattrs
import pytest

from ayrshare_async import ValidationError, models
from ayrshare_async._serde import converter, wire_name
from ayrshare_async.models import (
    AnalyticsResponse,
    AnalyticsSocialBody,
    AnalyticsSocialIdBody,
    AutoScheduleDeleteBody,
    AutoScheduleListResponse,
    AutoScheduleSetBody,
    HistoryByPlatformQuery,
    HistoryByPlatformResponse,
    HistoryListQuery,
    JsonObject,
    LinkEmail,
    LinkSessionBody,
    PostAutoHashtag,
    PostAutoRepost,
    PostAutoSchedule,
    PostCreateBody,
    PostCreateResponse,
    PostDeleteBody,
    PostFirstComment,
    PostUpdateBody,
    PostYouTubeUpdate,
    ProfileCreateBody,
    ProfileCreateResponse,
    ProfileGenerateJwtBody,
    ProfileGenerateJwtResponse,
    ProfilesListQuery,
    ProfilesPage,
    ProfileUnlinkSocialBody,
    UserDetails,
)
from ayrshare_async.routes import ROUTES

DATA = Path(__file__).parent / "data"
UTC = dt.timezone.utc
WHEN = dt.datetime(2026, 7, 8, 12, 30, tzinfo=UTC)


def _any(value: object) -> Any:
    """A deliberately wrong value, passed where the type checker would refuse it."""
    return value


def _load(name: str) -> Any:
    return json.loads((DATA / name).read_text())


# -- decoding the seeds' examples ---------------------------------------------------------------


def test_user_details_example() -> None:
    data = _load("user.json")
    user = converter.structure(data, UserDetails)
    assert user.to_dict() == data
    assert user.active_social_accounts is not None and "gmb" in user.active_social_accounts
    assert user.created == dt.datetime(2022, 11, 2, 1, 3, 42, tzinfo=UTC)  # Firestore timestamp
    assert user.ref_id == "13a9da9e0df1183a7a6a1fc2c60b8023fa9a32a0"
    assert (user.monthly_post_count, user.monthly_post_quota) == (49, 500)
    assert user.messaging_enabled is True
    assert user.last_updated == dt.datetime(2024, 1, 4, 15, 51, 17, 775000, tzinfo=UTC)
    assert user.display_names is not None and len(user.display_names) == 11
    twitter = user.account("twitter")
    assert twitter is not None
    assert (twitter.username, twitter.verified_type, twitter.subscription_type) == (
        "ayrshare",
        "blue",
        "Premium",
    )
    assert twitter.twitter_usage == {
        "monthlyUsage": 4323,
        "monthlyLimit": 100000,
        "monthlyReset": "2024-02-02",
    }
    instagram = user.account("instagram")
    assert instagram is not None and (instagram.used_quota, instagram.type) == (20, "business")
    linkedin = user.account("linkedin")
    assert linkedin is not None and linkedin.refresh_days_remaining == 364
    telegram = user.account("telegram")
    assert telegram is not None and telegram.id == "-10017122"
    assert telegram.to_dict()["id"] == -10017122
    gmb = user.account("gmb")
    assert gmb is not None and gmb.place_id == "ChIJN53jw8BZwokRBEeVVtPLkkg"
    assert user.account("snapchat") is None


def test_post_create_response_example() -> None:
    data = _load("post_create_response.json")
    result = converter.structure(data, PostCreateResponse)
    assert result.to_dict() == data
    assert (result.status, result.id, result.ref_id) == (
        "success",
        "K0DmYRgugS5P694it",
        data["refId"],
    )
    assert result.post == "Today is a great day!"
    assert result.errors == [] and not result.is_partial
    assert result.post_ids is not None
    by_platform = {p.platform: p for p in result.post_ids}
    assert set(by_platform) == {"facebook", "instagram", "linkedin", "twitter"}
    assert by_platform["instagram"].used_quota == 1
    assert by_platform["linkedin"].owner == "urn:li:organization:66755239"
    assert (
        by_platform["twitter"].post_url == "https://twitter.com/Ayrshare/status/1894385215839080559"
    )
    assert [p.platform for p in result.succeeded] == [p["platform"] for p in data["postIds"]]


def test_auto_repost_response_example() -> None:
    data = _load("post_auto_repost_response.json")
    result = converter.structure(data, PostCreateResponse)
    assert result.to_dict() == data
    assert result.status == "scheduled"
    assert result.auto_repost_id == "F5wdoaOAAGtDQVciExSxL"
    assert result.schedule_date == dt.datetime(2025, 6, 13, 12, 30, tzinfo=UTC)


def test_post_response_with_profile_key_wrapper_reads_its_one_post() -> None:
    post = {"status": "success", "id": "Ayr1", "postIds": [{"platform": "x", "status": "success"}]}
    data = {"status": "success", "posts": [post]}
    result = converter.structure(data, PostCreateResponse)
    assert result.id == "Ayr1" and result.status == "success"
    assert [p.platform for p in result.succeeded] == ["x"]
    assert result.posts is not None and result.posts[0].id == "Ayr1"
    assert result.to_dict() == data


def test_post_response_without_a_post_id_is_refused() -> None:
    with pytest.raises(cattrs.BaseValidationError):
        converter.structure({"status": "success", "posts": []}, PostCreateResponse)


HISTORY_EXAMPLES: dict[str, dict[str, Any]] = {
    "bluesky": {"like_count": 2},
    "facebook": {"comments_count": 13, "like_count": 38},
    "instagram": {"media_type": "IMAGE", "username": "thegoodone"},
    "linkedin": {"like_count": 1},
    "pinterest": {"title": "My new post", "media_type": "video"},
    "tiktok": {"like_count": 2, "share_count": 2, "media_type": "video"},
    "twitter": {"post": "To effectively communicate, we must realize that we are all different"},
    "youtube": {"title": "Yo time"},
}


@pytest.mark.parametrize("network", sorted(HISTORY_EXAMPLES))
def test_history_by_platform_examples(network: str) -> None:
    data = _load(f"history_{network}.json")
    page = converter.structure(data, HistoryByPlatformResponse)
    assert page.to_dict() == data
    assert page.status == "success"
    assert page.next_update == dt.datetime(2022, 11, 14, 16, 37, 21, 994000, tzinfo=UTC)
    assert page.posts is not None and len(page.posts) == len(data["posts"])
    for post, raw in zip(page.posts, data["posts"], strict=True):
        assert post.id == raw["id"]
        assert post.post_url == raw["postUrl"]
        assert post.created is not None and post.created.tzinfo is not None
        assert post.to_dict() == raw
    first = page.posts[0]
    for attribute, value in HISTORY_EXAMPLES[network].items():
        assert getattr(first, attribute) == value
    assert page.next_cursor is None


def test_network_specific_fields_stay_reachable() -> None:
    page = converter.structure(_load("history_twitter.json"), HistoryByPlatformResponse)
    assert page.posts is not None
    tweet = page.posts[0]
    assert tweet.to_dict()["publicMetrics"]["likeCount"] == 5
    assert tweet.to_dict()["nonPublicMetrics"]["impressionCount"] == 1


def test_next_cursor_comes_from_meta_pagination() -> None:
    page = converter.structure(
        {"posts": [], "meta": {"pagination": {"next": "n2"}}}, HistoryByPlatformResponse
    )
    assert page.next_cursor == "n2"


def test_profile_secrets_stay_out_of_reprs() -> None:
    created = converter.structure(
        {"status": "success", "title": "Acme", "refId": "r1", "profileKey": "SECRET-KEY-1"},
        ProfileCreateResponse,
    )
    assert created.profile_key == "SECRET-KEY-1"
    assert "SECRET-KEY-1" not in repr(created)
    jwt = converter.structure(
        {"status": "success", "title": "Acme", "token": "TOKEN-1", "url": "https://p?jwt=TOKEN-1"},
        ProfileGenerateJwtResponse,
    )
    assert "TOKEN-1" not in repr(jwt)
    body = ProfileGenerateJwtBody(
        domain="acme", private_key="PRIVATE-1", user_profile_key="USER-KEY-1"
    )
    assert "PRIVATE-1" not in repr(body) and "USER-KEY-1" not in repr(body)
    assert body.to_dict() == {
        "domain": "acme",
        "privateKey": "PRIVATE-1",
        "profileKey": "USER-KEY-1",
    }
    assert "K-77" not in repr(converter.structure({"profileKey": "K-77", "n": 1}, JsonObject))


def test_json_object_reads_like_a_mapping() -> None:
    obj = converter.structure({"a": 1, "b": None, "nested": {"x": [1]}}, JsonObject)
    assert obj["a"] == 1 and obj.get("b") is None and obj.get("zz", 5) == 5
    assert "nested" in obj and "zz" not in obj
    assert list(obj) == ["a", "b", "nested"] and len(obj) == 3
    assert obj.to_dict() == {"a": 1, "b": None, "nested": {"x": [1]}}
    with pytest.raises(KeyError):
        obj["zz"]


def test_analytics_response_keeps_networks() -> None:
    data = {"status": "partial", "twitter": {"analytics": {"likeCount": 3}}, "errors": []}
    result = converter.structure(data, AnalyticsResponse)
    assert result.status == "partial"
    assert result["twitter"]["analytics"]["likeCount"] == 3
    assert result.networks == {"twitter": {"analytics": {"likeCount": 3}}}


@pytest.mark.parametrize(
    "schedules",
    [
        [{"title": "weekday", "schedule": ["13:05Z"], "daysOfWeek": [1, 3]}],
        {"weekday": {"schedule": ["13:05Z"], "daysOfWeek": [1, 3]}},
    ],
    ids=["list", "keyed-by-title"],
)
def test_auto_schedule_entries_read_both_shapes(schedules: Any) -> None:
    result = converter.structure(
        {"status": "success", "schedules": schedules}, AutoScheduleListResponse
    )
    [entry] = result.entries
    assert (entry.title, entry.schedule, entry.days_of_week) == ("weekday", ["13:05Z"], [1, 3])


def test_profiles_page() -> None:
    data = {
        "profiles": [{"title": "Acme", "refId": "r1", "createdUTC": "2024-01-02T03:04:05Z"}],
        "hasMore": True,
        "nextCursor": "c2",
    }
    page = converter.structure(data, ProfilesPage)
    assert (page.has_more, page.next_cursor) == (True, "c2")
    assert page.profiles is not None and page.profiles[0].created_utc == dt.datetime(
        2024, 1, 2, 3, 4, 5, tzinfo=UTC
    )


def _minimal_answer(model: type[Any]) -> dict[str, Any]:
    """The JSON with only the fields the model requires (those documented as always present)."""
    attrs.resolve_types(model)
    out: dict[str, Any] = {}
    for field in attrs.fields(model):
        if field.default is not attrs.NOTHING:
            continue
        tp = field.type
        value: Any = (
            _minimal_answer(tp)
            if isinstance(tp, type) and attrs.has(tp)
            else []
            if typing.get_origin(tp) is list
            else "x"
        )
        out[wire_name(field)] = value
    return out


def test_every_route_answer_parses_with_only_its_always_present_fields() -> None:
    """Fields the docs do not promise default to None: the fewest fields an answer may have parse."""
    for route in ROUTES:
        if getattr(route.response, "__origin__", None) is list:
            converter.structure([], route.response)
        else:
            converter.structure(_minimal_answer(route.response), route.response)


@pytest.mark.parametrize(
    "model", sorted({r.response for r in ROUTES if attrs.has(r.response)}, key=lambda m: m.__name__)
)
def test_an_answer_missing_an_always_present_field_is_refused(model: type[Any]) -> None:
    minimal = _minimal_answer(model)
    for name in minimal:
        with pytest.raises(cattrs.BaseValidationError):
            converter.structure({k: v for k, v in minimal.items() if k != name}, model)


def test_model_names_are_unique_across_groups() -> None:
    owners: dict[str, str] = {}
    for name in models.__all__:
        assert name not in owners, f"{name} exported twice"
        owners[name] = name
        assert hasattr(models, name)


# -- request bodies -------------------------------------------------------------------------------


def test_post_body_on_the_wire() -> None:
    body = PostCreateBody(
        post={"instagram": "IG text", "default": "text"},
        platforms=["all"],
        media_urls={
            "instagram": "https://img.example.com/a.jpg",
            "default": ["https://img.example.com/b.jpg"],
        },
        auto_schedule=PostAutoSchedule(title="weekday"),
        auto_hashtag=PostAutoHashtag(max=3, position="end"),
        youtube_options={"title": "T", "visibility": "unlisted"},
        tiktok_options={"visibility": "public"},
        snapchat_options={"spotlight": True},
        random_media_url=True,
        notes="n",
    )
    assert body.to_dict() == {
        "post": {"instagram": "IG text", "default": "text"},
        "platforms": ["all"],
        "mediaUrls": {
            "instagram": "https://img.example.com/a.jpg",
            "default": ["https://img.example.com/b.jpg"],
        },
        "autoSchedule": {"schedule": True, "title": "weekday"},
        "autoHashtag": {"max": 3, "position": "end"},
        "notes": "n",
        "randomMediaUrl": True,
        "tikTokOptions": {"visibility": "public"},
        "snapChatOptions": {"spotlight": True},
        "youTubeOptions": {"title": "T", "visibility": "unlisted"},
    }
    assert PostCreateBody(random_post=True, platforms=["twitter"], auto_hashtag=True).to_dict() == {
        "platforms": ["twitter"],
        "autoHashtag": True,
        "randomPost": True,
    }
    repost = PostAutoRepost(repeat=2, days=5, start_date=WHEN)
    assert repost.to_dict() == {"repeat": 2, "days": 5, "startDate": "2026-07-08T12:30:00Z"}


def test_other_bodies_on_the_wire() -> None:
    assert AnalyticsSocialBody(platforms=["tiktok"], period_60_days=True).to_dict() == {
        "platforms": ["tiktok"],
        "period60Days": True,
    }
    update = PostUpdateBody(
        id="p", youtube_options=PostYouTubeUpdate(visibility="public", category_id=24)
    )
    assert update.to_dict() == {
        "id": "p",
        "youTubeOptions": {"visibility": "public", "categoryId": 24},
    }
    assert HistoryListQuery(start_date=WHEN, type="scheduled").to_dict() == {
        "startDate": "2026-07-08T12:30:00Z",
        "type": "scheduled",
    }
    email = LinkEmail(
        to="u@example.com",
        contact_email="s@example.com",
        company="ACME",
        terms_url="https://example.com/terms",
        privacy_url="https://example.com/privacy",
    )
    assert (
        LinkSessionBody(email=email).to_dict()["email"]["termsUrl"] == "https://example.com/terms"
    )


# -- input checks ---------------------------------------------------------------------------------

BAD_INPUT: list[tuple[str, Callable[[], object], str]] = [
    ("unknown network", lambda: PostCreateBody(post="a", platforms=_any(["myspace"])), "platforms"),
    (
        "platforms as a string",
        lambda: PostCreateBody(post="a", platforms=_any("twitter")),
        "platforms",
    ),
    ("no platforms", lambda: PostCreateBody(post="a", platforms=[]), "platforms"),
    ("no text", lambda: PostCreateBody(platforms=["twitter"]), "post"),
    (
        "per-network text for an unknown key",
        lambda: PostCreateBody(post={"fb": "x"}, platforms=["facebook"]),
        "post",
    ),
    (
        "http media",
        lambda: PostCreateBody(post="a", platforms=["twitter"], media_urls=["http://x.com/a.png"]),
        "media_urls",
    ),
    (
        "media as a string",
        lambda: PostCreateBody(
            post="a", platforms=["twitter"], media_urls=_any("https://x.com/a.png")
        ),
        "media_urls",
    ),
    (
        "per-network http media",
        lambda: PostCreateBody(
            post="a", platforms=["twitter"], media_urls={"twitter": "ftp://x/a.png"}
        ),
        "media_urls",
    ),
    (
        "naive schedule date",
        lambda: PostCreateBody(
            post="a", platforms=["twitter"], schedule_date=dt.datetime(2026, 1, 1)
        ),
        "schedule_date",
    ),
    (
        "schedule date as text",
        lambda: PostCreateBody(
            post="a", platforms=["twitter"], schedule_date=_any("2026-01-01T00:00:00Z")
        ),
        "schedule_date",
    ),
    (
        "schedule date with auto schedule",
        lambda: PostCreateBody(
            post="a", platforms=["twitter"], schedule_date=WHEN, auto_schedule=PostAutoSchedule()
        ),
        "schedule_date",
    ),
    (
        "schedule date with auto repost",
        lambda: PostCreateBody(
            post="a",
            platforms=["twitter"],
            schedule_date=WHEN,
            auto_repost=PostAutoRepost(repeat=2, days=2),
        ),
        "auto_repost",
    ),
    ("repeat 0", lambda: PostAutoRepost(repeat=0, days=3), "repeat"),
    ("repeat 11", lambda: PostAutoRepost(repeat=11, days=3), "repeat"),
    ("days 1", lambda: PostAutoRepost(repeat=2, days=1), "days"),
    (
        "naive repost start",
        lambda: PostAutoRepost(repeat=2, days=2, start_date=dt.datetime(2026, 1, 1)),
        "start_date",
    ),
    ("11 hashtags", lambda: PostAutoHashtag(max=11), "max"),
    ("hashtag position", lambda: PostAutoHashtag(position=_any("middle")), "position"),
    (
        "http first-comment media",
        lambda: PostFirstComment(comment="c", media_urls=["http://x/a.png"]),
        "media_urls",
    ),
    ("delete id and bulk", lambda: PostDeleteBody(id="a", bulk=["b"]), "id and bulk"),
    ("delete nothing", lambda: PostDeleteBody(), "id"),
    ("youtube visibility", lambda: PostYouTubeUpdate(visibility=_any("secret")), "visibility"),
    (
        "naive update date",
        lambda: PostUpdateBody(id="a", schedule_date=dt.datetime(2026, 1, 1)),
        "schedule_date",
    ),
    ("history limit 1001", lambda: HistoryListQuery(limit=1001), "limit"),
    ("history limit 0", lambda: HistoryListQuery(limit=0), "limit"),
    ("history limit as bool", lambda: HistoryListQuery(limit=_any(True)), "limit"),
    ("history network", lambda: HistoryListQuery(platforms=_any(["myspace"])), "platforms"),
    ("history status", lambda: HistoryListQuery(status=_any("done")), "status"),
    ("history type", lambda: HistoryListQuery(type=_any("later")), "type"),
    ("history negative last_days", lambda: HistoryListQuery(last_days=-1), "last_days"),
    (
        "naive history start",
        lambda: HistoryListQuery(start_date=dt.datetime(2026, 1, 1)),
        "start_date",
    ),
    ("by-platform limit 501", lambda: HistoryByPlatformQuery(limit=501), "limit"),
    ("by-platform data type", lambda: HistoryByPlatformQuery(data_type=_any("reels")), "data_type"),
    ("profiles limit 5001", lambda: ProfilesListQuery(limit=5001), "limit"),
    ("action log 366 days", lambda: ProfilesListQuery(action_log=366), "action_log"),
    ("include without ref_id", lambda: ProfilesListQuery(include=["quota"]), "include"),
    (
        "unknown include",
        lambda: ProfilesListQuery(ref_id="r", include=_any(["everything"])),
        "include",
    ),
    (
        "active accounts network",
        lambda: ProfilesListQuery(includes_active_social_accounts=_any(["x"])),
        "includes_active_social_accounts",
    ),
    (
        "disable unknown network",
        lambda: ProfileCreateBody(title="t", disable_social=_any(["myspace"])),
        "disable_social",
    ),
    ("team without email", lambda: ProfileCreateBody(title="t", team=True), "email"),
    ("unlink pinterest", lambda: ProfileUnlinkSocialBody(platform=_any("pinterest")), "platform"),
    (
        "jwt expires 2881",
        lambda: ProfileGenerateJwtBody(
            domain="d", private_key="k", user_profile_key="p", expires_in=2881
        ),
        "expires_in",
    ),
    ("link session mode", lambda: LinkSessionBody(mode=_any("popup")), "mode"),
    (
        "link session network",
        lambda: LinkSessionBody(allowed_social=_any(["myspace"])),
        "allowed_social",
    ),
    (
        "http terms url",
        lambda: LinkEmail(
            to="a", contact_email="b", company="c", terms_url="http://t", privacy_url="https://p"
        ),
        "terms_url",
    ),
    ("schedule time", lambda: AutoScheduleSetBody(schedule=["1:05pm"]), "schedule"),
    (
        "schedule weekday 7",
        lambda: AutoScheduleSetBody(schedule=["13:05Z"], days_of_week=[7]),
        "days_of_week",
    ),
    (
        "schedule exclude date",
        lambda: AutoScheduleSetBody(schedule=["13:05Z"], exclude_dates=["01/01/2026"]),
        "exclude_dates",
    ),
    ("schedule title", lambda: AutoScheduleSetBody(schedule=["13:05Z"], title="my/title"), "title"),
    ("schedule nothing", lambda: AutoScheduleSetBody(), "schedule"),
    (
        "naive schedule start",
        lambda: AutoScheduleSetBody(set_start_date=dt.datetime(2026, 1, 1)),
        "set_start_date",
    ),
    (
        "analytics network",
        lambda: AnalyticsSocialIdBody(id="1", platforms=_any(["gmb"])),
        "platforms",
    ),
    (
        "analytics two networks",
        lambda: AnalyticsSocialIdBody(id="1", platforms=["facebook", "twitter"]),
        "platforms",
    ),
    (
        "analytics quarters 5",
        lambda: AnalyticsSocialBody(platforms=["facebook"], quarters=5),
        "quarters",
    ),
    (
        "quarters with 60 days",
        lambda: AnalyticsSocialBody(platforms=["tiktok"], quarters=1, period_60_days=True),
        "quarters",
    ),
    (
        "daily with 60 days",
        lambda: AnalyticsSocialBody(platforms=["tiktok"], daily=True, period_60_days=True),
        "daily",
    ),
]


@pytest.mark.parametrize(
    ("make", "field"),
    [(make, field) for _, make, field in BAD_INPUT],
    ids=[case for case, _, _ in BAD_INPUT],
)
def test_bad_input_names_the_field(make: Callable[[], object], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        make()
    named = str(caught.value).split(":", 1)[0]
    assert field in named, str(caught.value)


def test_error_messages_say_what_is_allowed() -> None:
    with pytest.raises(ValidationError) as caught:
        AnalyticsSocialIdBody(id="1", platforms=_any(["gmb"]))
    message = str(caught.value)
    assert "'gmb'" in message and "allowed: bluesky, facebook" in message
    assert "gmb" not in message.split("allowed:")[1]
    with pytest.raises(ValidationError, match="between 1 and 1000"):
        HistoryListQuery(limit=5000)
    with pytest.raises(ValidationError, match="timezone"):
        PostUpdateBody(id="a", schedule_date=dt.datetime(2026, 1, 1))


def test_valid_edge_values_pass() -> None:
    HistoryListQuery(limit=1000, last_days=0)
    HistoryByPlatformQuery(limit=500)
    ProfilesListQuery(limit=5000, action_log=True)
    ProfilesListQuery(action_log=365, ref_id="r", include=["quota", "actionLog"])
    PostAutoRepost(repeat=10, days=2)
    PostAutoRepost(repeat=1, days=30)
    AutoScheduleDeleteBody()
    AutoScheduleSetBody(set_start_date=WHEN)
    PostCreateBody(post="", platforms=["twitter"])
    PostDeleteBody(delete_all_scheduled=True)
