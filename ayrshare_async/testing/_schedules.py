"""Auto-schedule handlers: ``/auto-schedule/set``, ``list``, ``delete`` and ``pending``.

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
    "pending_auto_schedule",
    "set_auto_schedule",
]

_TIME_OF_DAY = re.compile(r"(\d{1,2}):(\d{2})(?::\d{2})?\s*(?:Z|UTC|\+00:?00)?", re.IGNORECASE)
_TITLE = re.compile(r"[A-Za-z0-9]+")


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
    excluded = [
        parse_time(d, "excludeDates").date().isoformat()
        for d in str_list(excluded, "excludeDates", action="schedule")
    ]
    call.profile.schedules[title] = AutoSchedule(
        title, times, sorted(set(days)), excluded, start or (existing.start if existing else None)
    )
    return 200, {
        "status": "success",
        "title": title,
        "schedule": [_format_time_of_day(t) for t in times],
        "message": f"Auto schedule {title!r} set",
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


def list_auto_schedules(call: Call) -> Reply:
    wanted = call.query.get("title")
    schedules = []
    for schedule in call.profile.schedules.values():
        if wanted is not None and schedule.title != wanted:
            continue
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
        schedules.append(record)
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
