"""The request log: what reached the emulator, when, and what it answered.

Tests and benchmarks read it to check what a server would have seen: how many calls, how many in
any one-second window, how many at once. Profile keys are kept (tests filter on them) but never
shown in a repr.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from ._router import RouteMatcher

__all__ = ["RequestLog", "RequestRecord"]


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """One request. ``time`` is its arrival on the emulator's clock and ``finished`` when the
    answer left (latency included); ``status`` is None when the connection was dropped before any
    answer; ``fault`` names the injected fault that shaped it (``"status"``, ``"error_rate"``,
    ``"drop"``, ``"drop_after"``, ``"corrupt"``) or is None."""

    time: float
    finished: float
    method: str
    path: str
    operation: str | None
    status: int | None
    request_id: str
    profile_key: str | None = field(default=None, repr=False)
    fault: str | None = None

    @property
    def duration(self) -> float:
        return self.finished - self.time


RecordFilter = Callable[[RequestRecord], bool]


class RequestLog:
    """Append-only list of :class:`RequestRecord`, in completion order."""

    def __init__(self) -> None:
        self._records: list[RequestRecord] = []

    def append(self, record: RequestRecord) -> None:
        self._records.append(record)

    def clear(self) -> None:
        self._records.clear()

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[RequestRecord]:
        return iter(list(self._records))

    def snapshot(self) -> list[RequestRecord]:
        return list(self._records)

    def select(
        self, route: str | RecordFilter | None = None, *, status: int | None = None
    ) -> list[RequestRecord]:
        """Records matching ``route`` and, when given, ``status``. ``route`` is an operation
        (``"profiles.delete"``), ``"DELETE /profiles"``, a path template such as ``"/post/{id}"``
        (any method), or a predicate taking the :class:`RequestRecord`."""
        keep = _record_filter(route)
        return [
            r for r in list(self._records) if keep(r) and (status is None or r.status == status)
        ]

    def max_in_window(self, route: str | RecordFilter | None, window: float = 1.0) -> int:
        """The largest number of matching arrivals inside any span of ``window`` seconds
        (arrivals ``a`` and ``b`` share a span when ``b - a < window``)."""
        times = sorted(r.time for r in self.select(route))
        best = 0
        for end, arrival in enumerate(times):
            start = bisect.bisect_right(times, arrival - window, 0, end)
            best = max(best, end - start + 1)
        return best


def _record_filter(route: str | RecordFilter | None) -> RecordFilter:
    if route is None:
        return lambda _record: True
    if isinstance(route, str):
        matcher = RouteMatcher(route)
        return lambda r: matcher.matches(r.method, r.path, r.operation)
    return route
