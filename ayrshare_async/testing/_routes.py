"""The route table: which handler answers which method and path.

The modelled groups (posts, history, user, profiles, auto-schedule, webhooks) have handlers in
``_posts``, ``_profiles``, ``_schedules`` and ``_webhook_routes``; every other documented route
gets a canned answer (``_canned``).
"""

from __future__ import annotations

from ._call import Endpoint
from ._canned import CANNED
from ._posts import (
    create_post,
    delete_post,
    get_history,
    get_post,
    history_by_platform,
    is_platform_param,
    list_history,
    retry_post,
    update_post,
)
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
    pending_auto_schedule,
    set_auto_schedule,
)
from ._webhook_routes import list_webhooks, register_webhook, rotate_secret, unregister_webhook

__all__ = ["MODELLED", "build_router"]

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
)


def build_router() -> Router[Endpoint]:
    """Every route the emulator answers: the modelled ones, then the canned ones."""
    router: Router[Endpoint] = Router()
    for method, template, endpoint in MODELLED:
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
