"""RSS feed handlers: ``POST``, ``GET``, ``PUT`` and ``DELETE /feed``. Feeds are stored and
listed; the emulator never polls them, so nothing is auto-posted."""

from __future__ import annotations

import string
from typing import Any
from urllib.parse import urlsplit

from . import _codes as codes
from ._call import Call, Reply
from ._params import bool_field, require_str
from ._records import Feed
from ._wire import ApiError, format_time

__all__ = ["create_feed", "delete_feed", "list_feeds", "update_feed"]

FEED_TYPES = ("rss", "substack", "youtube")
_OPTIONS = ("autoHashtag", "useFirstImage")
_ID_ALPHABET = string.ascii_letters + string.digits
_FEED_SUFFIXES = (".xml", ".rss", "/feed", "/rss", "/atom")


def _feed_url(url: str, kind: str) -> str:
    if kind == "youtube" or url.rstrip("/").lower().endswith(_FEED_SUFFIXES):
        return url
    return f"{url.rstrip('/')}/feed"


def _record(feed: Feed) -> dict[str, Any]:
    return {
        "id": feed.id,
        "title": urlsplit(feed.url).netloc or feed.url,
        "websiteLink": feed.url,
        "feedURL": _feed_url(feed.url, feed.type),
        "type": feed.type,
        "created": format_time(feed.created),
        **{name: bool(feed.options.get(name)) for name in _OPTIONS},
    }


def _options(body: dict[str, Any]) -> dict[str, Any]:
    found = {}
    for name in _OPTIONS:
        value = bool_field(body, name, action="feed")
        if value is not None:
            found[name] = value
    return found


def create_feed(call: Call) -> Reply:
    body = call.body()
    url = require_str(body, "url", action="feed")
    kind = body.get("type", "rss")
    if kind not in FEED_TYPES:
        raise ApiError(
            400, codes.BAD_REQUEST, "type must be rss, substack or youtube", action="feed"
        )
    feed_id = "".join(call.state.rng.choices(_ID_ALPHABET, k=20))
    feed = Feed(feed_id, url, kind, call.now, _options(body))
    call.profile.feeds[feed_id] = feed
    return 200, {"status": "success", **_record(feed)}


def _find(call: Call) -> Feed:
    feed_id = require_str(call.body(), "id", action="feed")
    feed = call.profile.feeds.get(feed_id)
    if feed is None:
        raise ApiError(404, codes.FEED_NOT_FOUND, "Feed not found", action="feed")
    return feed


def list_feeds(call: Call) -> Reply:
    return 200, {"status": "success", "feeds": [_record(f) for f in call.profile.feeds.values()]}


def update_feed(call: Call) -> Reply:
    feed = _find(call)
    feed.options.update(_options(call.body()))
    return 200, {"status": "success", **_record(feed)}


def delete_feed(call: Call) -> Reply:
    feed = _find(call)
    del call.profile.feeds[feed.id]
    return 200, {"status": "success", "id": feed.id}
