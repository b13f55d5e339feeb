"""What one row of the route table holds (the rows themselves live in ``routes.py``)."""

from __future__ import annotations

import re
from typing import Any, Literal

import attrs

__all__ = ["Page", "PathParam", "Route"]

HTTPMethod = Literal["GET", "POST", "PUT", "PATCH", "DELETE"]
ProfileKeyRule = Literal["allowed", "required", "refused"]
"""``allowed``: sent when the client or call has one; ``required``: a call without one is a
ValidationError; ``refused``: never sent (the route acts on the primary profile only)."""

_SAFE_METHODS = frozenset({"GET", "PUT", "DELETE"})


@attrs.frozen
class PathParam:
    """A ``{name}`` in the path template: its Python annotation and, when known, allowed values."""

    name: str
    annotation: str = "str"
    allowed: tuple[str, ...] | None = None


@attrs.frozen
class Page:
    """How a paginated route walks its pages.

    ``items``: the response attribute holding this page's list; ``cursor_param``: the query
    parameter that asks for the next page; ``next_field``: the response attribute holding the next
    cursor; ``more_field``: the response attribute saying whether there is more (None when the
    presence of a next cursor is the signal).
    """

    items: str
    cursor_param: str
    next_field: str
    more_field: str | None = None


@attrs.frozen
class Route:
    """One Ayrshare endpoint.

    ``name`` is ``"<group>.<method>"`` (the fact sheet's ``operation``); ``body`` and ``query`` are
    attrs request models (or None); ``response`` the attrs response model. ``retry_safe`` says
    whether repeating the request cannot act twice: by default GET/PUT/DELETE are safe and
    POST/PATCH are not. ``idempotency_field`` names the body field the SDK fills with a key minted
    once per call, which makes a POST safe to retry. ``record_status`` marks a route answering one
    record whose top-level ``status`` is the record's own (a failed post reads ``"status": "error"``),
    so only the HTTP status says whether the call failed. ``uncertain`` says which facts are unconfirmed.
    """

    name: str
    method: HTTPMethod
    path: str
    summary: str
    response: type[Any]
    body: type[Any] | None = None
    query: type[Any] | None = None
    path_params: tuple[PathParam, ...] = ()
    profile_key: ProfileKeyRule = "allowed"
    retry_safe: bool = attrs.field()
    idempotency_field: str | None = None
    page: Page | None = None
    record_status: bool = False
    uncertain: str | None = None
    doc: str | None = None

    @retry_safe.default
    def _retry_safe_default(self) -> bool:
        return self.method in _SAFE_METHODS

    @property
    def group(self) -> str:
        return self.name.split(".", 1)[0]

    @property
    def method_name(self) -> str:
        return self.name.split(".", 1)[1]

    def __attrs_post_init__(self) -> None:
        in_template = set(re.findall(r"{(\w+)}", self.path))
        declared = {p.name for p in self.path_params}
        if in_template != declared:
            raise ValueError(f"{self.name}: path params {declared} != template {in_template}")
