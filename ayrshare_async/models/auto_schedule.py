"""Models of the ``/auto-schedule`` routes: named posting schedules that ``post.create``
(``auto_schedule=PostAutoSchedule(title=...)``) fills slot by slot."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

import attrs

from .._errors import ValidationError
from .._serde import RequestModel, ResponseModel, converter
from ._common import at_least_one, aware_datetime
from ._generic import JsonObject

__all__ = [
    "AutoScheduleDeleteBody",
    "AutoScheduleDeleteResponse",
    "AutoScheduleEntry",
    "AutoScheduleListQuery",
    "AutoScheduleListResponse",
    "AutoScheduleSetBody",
    "AutoScheduleSetResponse",
]

_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\dZ$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TITLE = re.compile(r"^[A-Za-z0-9]+$")


def _check_times(_: Any, attribute: attrs.Attribute[Any], value: list[str] | None) -> None:
    for time in value or ():
        if not isinstance(time, str) or not _TIME.match(time):
            raise ValidationError(
                f"{attribute.name}: {time!r} is not a UTC time of day; use 'HH:MMZ', e.g. '13:05Z'"
            )


def _check_days(_: Any, attribute: attrs.Attribute[Any], value: list[int] | None) -> None:
    for day in value or ():
        if isinstance(day, bool) or not isinstance(day, int) or not 0 <= day <= 6:
            raise ValidationError(
                f"{attribute.name}: {day!r} is not a weekday; allowed: 0 (Sunday) to 6 (Saturday)"
            )


def _check_dates(_: Any, attribute: attrs.Attribute[Any], value: list[str] | None) -> None:
    for date in value or ():
        if not isinstance(date, str) or not _DATE.match(date):
            raise ValidationError(f"{attribute.name}: {date!r} is not a date; use 'YYYY-MM-DD'")


def _check_title(_: Any, attribute: attrs.Attribute[Any], value: str | None) -> None:
    if value is not None and not _TITLE.match(value):
        raise ValidationError(
            f"{attribute.name}: {value!r} is not allowed; schedule titles are letters and digits"
        )


@attrs.frozen(kw_only=True)
class AutoScheduleSetBody(RequestModel):
    """Body of ``POST /auto-schedule/set``: UTC times of day (``"13:05Z"``), optionally on some
    weekdays (0 = Sunday) and from a start date; ``title`` names the schedule (``default``)."""

    schedule: list[str] | None = attrs.field(default=None, validator=_check_times)
    title: str | None = attrs.field(default=None, validator=_check_title)
    set_start_date: dt.datetime | None = attrs.field(default=None, validator=aware_datetime)
    days_of_week: list[int] | None = attrs.field(default=None, validator=_check_days)
    exclude_dates: list[str] | None = attrs.field(default=None, validator=_check_dates)

    def __attrs_post_init__(self) -> None:
        at_least_one(self, "schedule", "set_start_date")


@attrs.frozen(kw_only=True)
class AutoScheduleListQuery(RequestModel):
    """Filter of ``GET /auto-schedule/list`` (``title`` is not confirmed by the docs)."""

    title: str | None = None


@attrs.frozen(kw_only=True)
class AutoScheduleDeleteBody(RequestModel):
    """Body of ``DELETE /auto-schedule/delete``: the schedule (``default`` when omitted);
    ``delete_last_schedule_date`` restarts its slots from now instead."""

    title: str | None = None
    delete_last_schedule_date: bool | None = None


@attrs.frozen(kw_only=True)
class AutoScheduleSetResponse(ResponseModel):
    """Answer of ``POST /auto-schedule/set``: ``{status, message: "Auto schedule set.", title}``."""

    status: str
    message: str | None = None
    title: str | None = None


@attrs.frozen(kw_only=True)
class AutoScheduleDeleteResponse(ResponseModel):
    """Answer of ``DELETE /auto-schedule/delete``: ``{status}`` (the emulator adds ``title``)."""

    status: str
    title: str | None = None


@attrs.frozen(kw_only=True)
class AutoScheduleEntry(ResponseModel):
    """One schedule: its times, weekdays, skipped dates and the last (or next) slot used."""

    title: str | None = None
    schedule: list[str] | None = None
    days_of_week: list[int] | None = None
    exclude_dates: list[str] | None = None
    last_schedule_date: dt.datetime | None = None
    set_start_date: dt.datetime | None = None


@attrs.frozen(kw_only=True, repr=False)
class AutoScheduleListResponse(JsonObject):
    """Answer of ``GET /auto-schedule/list``.

    The docs describe ``schedules`` as a list; older scripts show an object keyed by title.
    ``entries`` reads either shape.
    """

    status: str
    schedules: Any = None

    @property
    def entries(self) -> list[AutoScheduleEntry]:
        """Every schedule, whichever shape the server used."""
        raw = self.schedules
        items: list[Mapping[str, Any]]
        if isinstance(raw, Mapping):
            items = [
                {"title": title, **entry}
                for title, entry in raw.items()
                if isinstance(entry, Mapping)
            ]
        elif isinstance(raw, list):
            items = [entry for entry in raw if isinstance(entry, Mapping)]
        else:
            items = []
        return [converter.structure(item, AutoScheduleEntry) for item in items]
