"""Auto-schedule handlers: ``/auto-schedule/set``, ``list``, ``delete`` and ``pending``, and the
bare ``/auto-schedule`` Ayrshare's own flows still use (``GET`` answers there with schedules keyed
by title, the shape those flows read).

The slot arithmetic itself (``State.next_slot``) lives with the state it reads.
"""

from __future__ import annotations

import re
from typing import Any

from . import _codes as codes
from ._call import Call, Reply
from ._params import bool_field, str_list
from ._posts import post_record
from ._state import AutoSchedule
from ._wire import ApiError, format_time, parse_time

__all__ = [
    "delete_auto_schedule",
    "list_auto_schedules",
    "list_auto_schedules_by_title",
    "pending_auto_schedule",
    "set_auto_schedule",
]

_TIME_OF_DAY = re.compile(r"(\d{1,2}):(\d{2})(?::\d{2})?\s*(?:Z|UTC|\+00:?00)?", re.IGNORECASE)
_TITLE = re.compile(r"[A-Za-z0-9]+")
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def _excluded_day(value: str) -> str:
    """An ``excludeDates`` entry as an ISO date: ISO-8601, or the ``MM/DD/YYYY`` older callers
    send."""
    match = _US_DATE.fullmatch(value.strip())
    if match is not None:
        month, day, year = match.groups()
        value = f"{year}-{int(month):02d}-{int(day):02d}"
    return parse_time(value, "excludeDates").date().isoformat()


def set_auto_schedule(call: Call) -> Reply:
    body = call.body()
    title = body.get("title", "default")
    if not isinstance(title, str) or not _TITLE.fullmatch(title):
        raise ApiError(
            400, codes.BAD_REQUEST, "title must be letters and digits only", action="schedule"
        )
    existing = call.profile.schedules.get(title)
    raw_times = body.get("schedule")
    start = parse_time(body["setStartDate"], "setStartDate") if body.get("setStartDate") else None
    if raw_times is None and start is None:
        raise ApiError(
            400, codes.BAD_REQUEST, "schedule (times like '13:05Z') is required", action="schedule"
        )
    times = existing.times if existing is not None and raw_times is None else _times(raw_times)
    days = body.get("daysOfWeek", list(range(7)) if existing is None else existing.days_of_week)
    if not isinstance(days, list) or not all(
        isinstance(d, int) and not isinstance(d, bool) and 0 <= d <= 6 for d in days
    ):
        raise ApiError(
            400, codes.BAD_REQUEST, "daysOfWeek must be numbers 0 (Sunday) to 6", action="schedule"
        )
    excluded = body.get("excludeDates", [] if existing is None else existing.exclude_dates)
    excluded = [_excluded_day(d) for d in str_list(excluded, "excludeDates", action="schedule")]
    schedule = AutoSchedule(
        title, times, sorted(set(days)), excluded, start or (existing.start if existing else None)
    )
    call.profile.schedules[title] = schedule
    return 200, {
        "status": "success",
        "message": f"Auto schedule {title!r} set",
        **_record(call, schedule),
    }


def _times(raw: Any) -> list[tuple[int, int]]:
    times = set()
    for value in str_list(raw if raw is not None else [], "schedule", action="schedule"):
        match = _TIME_OF_DAY.fullmatch(value.strip())
        hour, minute = (int(match.group(1)), int(match.group(2))) if match else (99, 99)
        if hour > 23 or minute > 59:
            raise ApiError(
                400,
                codes.BAD_REQUEST,
                f"schedule: {value!r} is not a UTC time like '13:05Z'",
                action="schedule",
            )
        times.add((hour, minute))
    return sorted(times)


def _format_time_of_day(time_of_day: tuple[int, int]) -> str:
    return f"{time_of_day[0]:02d}:{time_of_day[1]:02d}Z"


def _record(call: Call, schedule: AutoSchedule) -> dict[str, Any]:
    record: dict[str, Any] = {
        "title": schedule.title,
        "schedule": [_format_time_of_day(t) for t in schedule.times],
        "daysOfWeek": schedule.days_of_week,
        "excludeDates": schedule.exclude_dates,
    }
    last = call.profile.last_slots.get(schedule.title)
    record["lastScheduleDate"] = format_time(last) if last is not None else None
    if schedule.start is not None:
        record["setStartDate"] = format_time(schedule.start)
    return record


def _wanted(call: Call) -> list[AutoSchedule]:
    title = call.query.get("title")
    return [s for s in call.profile.schedules.values() if title is None or s.title == title]


def list_auto_schedules(call: Call) -> Reply:
    schedules = [_record(call, schedule) for schedule in _wanted(call)]
    return 200, {"status": "success", "schedules": schedules}


def list_auto_schedules_by_title(call: Call) -> Reply:
    """``GET /auto-schedule``: the same schedules as an object keyed by title."""
    schedules = {schedule.title: _record(call, schedule) for schedule in _wanted(call)}
    return 200, {"status": "success", "schedules": schedules}


def delete_auto_schedule(call: Call) -> Reply:
    body = call.body()
    title = body.get("title") or "default"
    if not isinstance(title, str) or call.profile.schedules.pop(title, None) is None:
        raise ApiError(404, codes.NO_SCHEDULE, "No auto schedule has this title", action="schedule")
    if bool_field(body, "deleteLastScheduleDate", action="schedule"):
        call.profile.last_slots.pop(title, None)
    return 200, {"status": "success", "title": title}


def pending_auto_schedule(call: Call) -> Reply:
    posts = [
        post_record(post)
        for post in call.profile.posts.values()
        if post.auto_schedule_title is not None and post.status in ("pending", "paused")
    ]
    return 200, {"status": "success", "posts": posts, "count": len(posts)}
