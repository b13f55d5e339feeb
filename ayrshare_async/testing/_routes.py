"""The route table: which handler answers which method and path.

The modelled groups (posts, history, user, profiles, auto-schedule, analytics, comments, messages,
links, feeds, webhooks) have handlers that read and change the state; every other documented route
gets a canned answer (``_canned``). Rows with ``alias_of`` are older or undocumented paths Ayrshare
still answers because its own API flows (``ayrshare/hurl-scripts``) send them; the SDK never does.
"""

from __future__ import annotations

from ._analytics import post_analytics, social_analytics
from ._call import Endpoint
from ._canned import CANNED, auto_hashtags
from ._comments import create_comment, delete_comments, get_comments, reply_to_comment
from ._feeds import create_feed, delete_feed, list_feeds, update_feed
from ._history import get_history, history_by_platform, is_platform_param, list_history
from ._links import create_link, get_link, list_links
from ._messages import list_messages, send_message
from ._posts import create_post, delete_post, get_post, retry_post, update_post
from ._profiles import (
    create_profile,
    delete_profile,
    get_user,
    list_profiles,
    unlink_social,
    update_profile,
)
from ._router import Router
from ._schedules import (
    delete_auto_schedule,
    list_auto_schedules,
    list_auto_schedules_by_title,
    pending_auto_schedule,
    set_auto_schedule,
)
from ._webhook_routes import list_webhooks, register_webhook, rotate_secret, unregister_webhook

__all__ = ["ALIASES", "MODELLED", "build_router"]

MODELLED: tuple[tuple[str, str, Endpoint], ...] = (
    ("POST", "/post", Endpoint("post.create", create_post)),
    ("GET", "/post/{id}", Endpoint("post.get", get_post)),
    ("DELETE", "/post", Endpoint("post.delete", delete_post)),
    ("PATCH", "/post", Endpoint("post.update", update_post)),
    ("PUT", "/post/retry", Endpoint("post.retry", retry_post)),
    ("GET", "/history", Endpoint("history.list", list_history)),
    ("GET", "/user", Endpoint("user.get", get_user)),
    ("POST", "/profiles", Endpoint("profiles.create", create_profile, account_level=True)),
    ("GET", "/profiles", Endpoint("profiles.list", list_profiles, account_level=True)),
    ("PATCH", "/profiles", Endpoint("profiles.update", update_profile)),
    ("DELETE", "/profiles", Endpoint("profiles.delete", delete_profile)),
    ("DELETE", "/profiles/social", Endpoint("profiles.unlink_social", unlink_social)),
    ("POST", "/auto-schedule/set", Endpoint("auto_schedule.set", set_auto_schedule)),
    ("GET", "/auto-schedule/list", Endpoint("auto_schedule.list", list_auto_schedules)),
    ("DELETE", "/auto-schedule/delete", Endpoint("auto_schedule.delete", delete_auto_schedule)),
    ("GET", "/auto-schedule/pending", Endpoint("auto_schedule.pending", pending_auto_schedule)),
    ("POST", "/hook/webhook", Endpoint("webhooks.register", register_webhook)),
    ("DELETE", "/hook/webhook", Endpoint("webhooks.unregister", unregister_webhook)),
    ("GET", "/hook/webhook", Endpoint("webhooks.list", list_webhooks)),
    ("POST", "/hook/webhook/secret", Endpoint("webhooks.rotate_signing_secret", rotate_secret)),
    ("POST", "/analytics/post", Endpoint("analytics.post", post_analytics)),
    ("POST", "/analytics/social", Endpoint("analytics.social", social_analytics)),
    ("POST", "/comments", Endpoint("comments.create", create_comment)),
    ("GET", "/comments/{id}", Endpoint("comments.get", get_comments)),
    ("DELETE", "/comments/{id}", Endpoint("comments.delete", delete_comments)),
    ("POST", "/comments/reply/{commentId}", Endpoint("comments.reply", reply_to_comment)),
    ("POST", "/feed", Endpoint("feed.create", create_feed)),
    ("GET", "/feed", Endpoint("feed.list", list_feeds)),
    ("PUT", "/feed", Endpoint("feed.update", update_feed)),
    ("DELETE", "/feed", Endpoint("feed.delete", delete_feed)),
    ("POST", "/links", Endpoint("links.create", create_link)),
    ("GET", "/links/{id}", Endpoint("links.get", get_link)),
    ("GET", "/links", Endpoint("links.list", list_links)),
    ("GET", "/messages/{platform}", Endpoint("messages.list", list_messages)),
    ("POST", "/messages/{platform}", Endpoint("messages.send", send_message)),
)

ALIASES: tuple[tuple[str, str, Endpoint], ...] = (
    (
        "POST",
        "/auto-schedule",
        Endpoint("auto_schedule.set", set_auto_schedule, alias_of="POST /auto-schedule/set"),
    ),
    (
        "GET",
        "/auto-schedule",
        Endpoint(
            "auto_schedule.list", list_auto_schedules_by_title, alias_of="GET /auto-schedule/list"
        ),
    ),
    (
        "DELETE",
        "/auto-schedule",
        Endpoint(
            "auto_schedule.delete", delete_auto_schedule, alias_of="DELETE /auto-schedule/delete"
        ),
    ),
    (
        "POST",
        "/auto-hashtag",
        Endpoint("hashtags.auto", auto_hashtags, alias_of="POST /hashtags/auto"),
    ),
    ("POST", "/short", Endpoint("links.create", create_link, alias_of="POST /links")),
    (
        "GET",
        "/analytics/links-short",
        Endpoint("links.list", list_links, alias_of="GET /links"),
    ),
    ("GET", "/comments", Endpoint("comments.get", get_comments, alias_of="GET /comments/{id}")),
    (
        "POST",
        "/comments/reply",
        Endpoint("comments.reply", reply_to_comment, alias_of="POST /comments/reply/{commentId}"),
    ),
)
"""Older paths, each with the current route it stands for (``alias_of``)."""


def build_router() -> Router[Endpoint]:
    """Every route the emulator answers: the modelled ones, their aliases, then the canned ones
    (a static path such as ``/messages/autoresponse`` wins over a template like
    ``/messages/{platform}``)."""
    router: Router[Endpoint] = Router()
    for method, template, endpoint in (*MODELLED, *ALIASES):
        router.add(method, template, endpoint)
    router.add(
        "GET",
        "/history/{platform}",
        Endpoint("history.by_platform", history_by_platform),
        guard=is_platform_param,
    )
    router.add("GET", "/history/{id}", Endpoint("history.get", get_history))
    for method, template, operation, answer, account_level in CANNED:
        router.add(method, template, Endpoint(operation, answer, account_level=account_level))
    return router
