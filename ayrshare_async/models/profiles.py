"""Models of the ``/profiles`` routes: user profiles and the social-account linking page.

Profile keys, private keys, JWTs and linking URLs are secrets: they never show in a repr.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Literal, get_args

import attrs

from .._errors import ValidationError
from .._serde import RequestModel, ResponseModel
from ._common import (
    ALL_PLATFORMS,
    UNLINK_PLATFORMS,
    Platform,
    https_url,
    int_range,
    one_of,
    platform_list,
    str_list,
)

__all__ = [
    "LinkEmail",
    "LinkSessionBody",
    "LinkSessionResponse",
    "ProfileActionResponse",
    "ProfileCreateBody",
    "ProfileCreateResponse",
    "ProfileDeleteBody",
    "ProfileGenerateJwtBody",
    "ProfileGenerateJwtResponse",
    "ProfileInclude",
    "ProfileSummary",
    "ProfileUnlinkSocialBody",
    "ProfileUpdateBody",
    "ProfilesListQuery",
    "ProfilesPage",
]

ProfileInclude = Literal[
    "suspension", "socialHealth", "linkingErrors", "activity", "quota", "unlinkHistory", "actionLog"
]
"""Extra sections ``GET /profiles`` can add to each profile (only together with ``ref_id``)."""


@attrs.frozen(kw_only=True)
class ProfileCreateBody(RequestModel):
    """Body of ``POST /profiles``. ``title`` must be unique; ``team=True`` needs ``email``."""

    title: str
    messaging_active: bool | None = None
    hide_top_header: bool | None = None
    top_header: str | None = None
    sub_header: str | None = None
    disable_social: Sequence[Platform | str] | None = attrs.field(
        default=None, validator=platform_list(ALL_PLATFORMS, non_empty=False)
    )
    team: bool | None = None
    email: str | None = None
    tags: list[str] | None = None

    def __attrs_post_init__(self) -> None:
        if self.team and not self.email:
            raise ValidationError("email: required when team=True (the invite goes there)")


@attrs.frozen(kw_only=True)
class ProfileCreateResponse(ResponseModel):
    """Answer of ``POST /profiles``. ``profile_key`` is returned only here: store it securely."""

    status: str
    title: str
    ref_id: str
    profile_key: str = attrs.field(repr=False)
    messaging_active: bool | None = None


@attrs.frozen(kw_only=True)
class ProfilesListQuery(RequestModel):
    """Filters of ``GET /profiles``; ``limit`` 1-5000 per page, ``cursor`` from ``next_cursor``.

    ``action_log``: True for 60 days, or a number of days (1-365). ``include`` needs ``ref_id``.
    """

    title: str | None = None
    ref_id: str | None = None
    has_active_social_accounts: bool | None = None
    includes_active_social_accounts: Sequence[Platform | str] | None = attrs.field(
        default=None, validator=platform_list(ALL_PLATFORMS)
    )
    is_byok_linked: bool | None = None
    action_log: bool | int | None = None
    limit: int | None = attrs.field(default=None, validator=int_range(1, 5000))
    cursor: str | None = None
    include: Sequence[ProfileInclude | str] | None = attrs.field(
        default=None, validator=str_list(get_args(ProfileInclude))
    )

    def __attrs_post_init__(self) -> None:
        days = self.action_log
        if isinstance(days, int) and not isinstance(days, bool) and not 1 <= days <= 365:
            raise ValidationError(
                f"action_log: {days} days is out of range; allowed: True or 1-365"
            )
        if self.include and self.ref_id is None:
            raise ValidationError("include: only works together with ref_id")


@attrs.frozen(kw_only=True)
class ProfileSummary(ResponseModel):
    """One user profile in ``GET /profiles`` (never with its profile key)."""

    title: str
    ref_id: str
    created: dt.datetime | None = None
    created_utc: dt.datetime | None = attrs.field(default=None, metadata={"wire": "createdUTC"})
    active_social_accounts: list[str] | None = None
    tags: list[str] | None = None
    suspended: bool | None = None
    messaging_active: bool | None = None


@attrs.frozen(kw_only=True)
class ProfilesPage(ResponseModel):
    """One page of ``GET /profiles``; more pages while ``has_more`` (pass ``next_cursor``)."""

    profiles: list[ProfileSummary]
    count: int | None = None
    has_more: bool | None = None
    next_cursor: str | None = None
    action_log: Any = None


@attrs.frozen(kw_only=True)
class ProfileUpdateBody(RequestModel):
    """Body of ``PATCH /profiles`` (the Profile-Key says which profile). The docs mark ``title``
    required, so send the current title when changing other fields."""

    title: str
    disable_social: Sequence[Platform | str] | None = attrs.field(
        default=None, validator=platform_list(ALL_PLATFORMS, non_empty=False)
    )
    messaging_active: bool | None = None
    hide_top_header: bool | None = None
    top_header: str | None = None
    tags: list[str] | None = None
    x_account_activity_active: bool | None = None


@attrs.frozen(kw_only=True)
class ProfileDeleteBody(RequestModel):
    """Body of ``DELETE /profiles``: the case-sensitive ``title`` when no Profile-Key is sent."""

    title: str | None = None


@attrs.frozen(kw_only=True)
class ProfileActionResponse(ResponseModel):
    """Answer of ``PATCH``/``DELETE /profiles`` and ``DELETE /profiles/social``."""

    status: str
    ref_id: str
    platform: str | None = None
    message: str | None = None


@attrs.frozen(kw_only=True)
class ProfileUnlinkSocialBody(RequestModel):
    """Body of ``DELETE /profiles/social``: the network to unlink (200 even if it was not linked)."""

    platform: Platform | str = attrs.field(validator=one_of(UNLINK_PLATFORMS))


@attrs.frozen(kw_only=True)
class LinkEmail(RequestModel):
    """``email``: Ayrshare mails the linking URL to the user (Max Pack); every field is needed."""

    to: str
    contact_email: str
    company: str
    terms_url: str = attrs.field(validator=https_url)
    privacy_url: str = attrs.field(validator=https_url)
    bcc: str | None = None
    expires_in: int | None = attrs.field(default=None, validator=int_range(1, 2880))


@attrs.frozen(kw_only=True)
class ProfileGenerateJwtBody(RequestModel):
    """Body of ``POST /profiles/generateJWT``: a single-sign-on URL to the linking page (valid 5
    minutes unless ``expires_in``, 1-2880 minutes, Max Pack). ``user_profile_key`` is the
    profile's key (sent as ``profileKey``; the API key is not accepted there)."""

    domain: str
    private_key: str = attrs.field(repr=False)
    user_profile_key: str = attrs.field(repr=False, metadata={"wire": "profileKey"})
    logout: bool | None = None
    redirect: str | None = None
    allowed_social: Sequence[Platform | str] | None = attrs.field(
        default=None, validator=platform_list(ALL_PLATFORMS)
    )
    verify: bool | None = None
    base64: bool | None = None
    expires_in: int | None = attrs.field(default=None, validator=int_range(1, 2880))
    email: LinkEmail | None = None


@attrs.frozen(kw_only=True)
class ProfileGenerateJwtResponse(ResponseModel):
    """Answer of ``POST /profiles/generateJWT``: open ``url`` in a new tab or window (no iframe)."""

    status: str
    title: str
    token: str = attrs.field(repr=False)
    url: str = attrs.field(repr=False)
    email_sent: bool | None = None
    expires_in: str | None = None


@attrs.frozen(kw_only=True)
class LinkSessionBody(RequestModel):
    """Body of ``POST /profiles/link-sessions`` (the newer linking flow; Profile-Key required).

    ``mode``, ``network``, ``instagram_link_method``, ``origin`` and ``domain`` come from a
    secondary source only.
    """

    expires_in: int | None = attrs.field(default=None, validator=int_range(1, 2880))
    mode: Literal["grid", "connect"] | str | None = attrs.field(
        default=None, validator=one_of(("grid", "connect"))
    )
    redirect: str | None = None
    allowed_social: Sequence[Platform | str] | None = attrs.field(
        default=None, validator=platform_list(ALL_PLATFORMS)
    )
    network: str | None = None
    instagram_link_method: str | None = None
    origin: str | None = None
    domain: str | None = None
    logout: bool | None = None
    email: LinkEmail | None = None


@attrs.frozen(kw_only=True)
class LinkSessionResponse(ResponseModel):
    """Answer of ``POST /profiles/link-sessions`` (shape from a secondary source)."""

    status: str | None = None
    session_id: str | None = None
    url: str | None = attrs.field(default=None, repr=False)
    expires_at: dt.datetime | None = None
    email_sent: bool | None = None
    title: str | None = None
