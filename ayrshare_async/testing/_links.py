"""Short-link handlers: ``POST /links`` (older path: ``POST /short``), ``GET /links/{id}`` and
``GET /links`` (older path: ``GET /analytics/links-short``).

Links are ``https://ayrs.io/<id>`` as Ayrshare's are; the same URL (and UTM tags) always gives
the same link. Nobody clicks an emulated link, so every click count is zero.
"""

from __future__ import annotations

import string
from datetime import datetime, timedelta
from typing import Any

from . import _codes as codes
from ._call import Call, Reply
from ._params import require_str
from ._records import ShortLink
from ._wire import ApiError, format_time, parse_time

__all__ = ["create_link", "get_link", "list_links"]

SHORT_DOMAIN = "https://ayrs.io"
UTM_FIELDS = ("utmId", "utmSource", "utmMedium", "utmCampaign", "utmTerm", "utmContent")
_ID_ALPHABET = string.ascii_letters + string.digits


def _record(link: ShortLink) -> dict[str, Any]:
    return {
        "id": link.id,
        "shortUrl": f"{SHORT_DOMAIN}/{link.id}",
        "originalUrl": link.original_url,
        "created": format_time(link.created),
        **link.utm,
    }


def create_link(call: Call) -> Reply:
    body = call.body()
    url = require_str(body, "url", action="links")
    if not url.startswith(("https://", "http://")):
        raise ApiError(400, codes.BAD_REQUEST, "url must be an http(s) URL", action="links")
    utm = {name: body[name] for name in UTM_FIELDS if isinstance(body.get(name), str)}
    key = "\n".join([url, *(f"{k}={v}" for k, v in sorted(utm.items()))])
    links = call.profile.links
    link = links.get(key)
    if link is None:
        taken = {existing.id for existing in links.values()}
        link_id = "".join(call.state.rng.choices(_ID_ALPHABET, k=6))
        while link_id in taken:
            link_id = "".join(call.state.rng.choices(_ID_ALPHABET, k=6))
        link = links[key] = ShortLink(link_id, url, call.now, utm)
    return 200, {"status": "success", **_record(link)}


def _analytics(link: ShortLink) -> dict[str, Any]:
    return {
        **_record(link),
        "totalClicks": 0,
        "browserCounts": {},
        "refererCounts": {},
        "socialClicks": {},
    }


def get_link(call: Call) -> Reply:
    wanted = call.params["id"]
    for link in call.profile.links.values():
        if link.id == wanted:
            return 200, {"status": "success", "analytics": _analytics(link)}
    raise ApiError(404, codes.LINK_NOT_FOUND, "Short link not found", action="links")


def _bound(call: Call, name: str, *, end: bool) -> datetime | None:
    raw = call.query.get(name)
    if not raw:
        return None
    moment = parse_time(raw, name)
    return moment + timedelta(days=1) if end and len(raw.strip()) == 10 else moment


def list_links(call: Call) -> Reply:
    since = _bound(call, "fromCreatedDate", end=False)
    until = _bound(call, "toCreatedDate", end=True)
    links = [
        link
        for link in call.profile.links.values()
        if (since is None or link.created >= since) and (until is None or link.created < until)
    ]
    links.sort(key=lambda link: link.created, reverse=True)
    return 200, {"status": "success", "analytics": [_analytics(link) for link in links]}
