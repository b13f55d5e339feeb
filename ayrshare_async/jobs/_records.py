"""What a journal keeps per key: its state, the ids of its answer, its error; never the key itself.

A record names its profile key by a digest (and shows its last 4 characters), so a journal file or
a shared Redis holds no secret; exports with full keys come from a run's outcomes, which hold them.
"""

from __future__ import annotations

import hashlib
import operator
import time
from collections.abc import Mapping
from typing import Any, Literal

import attrs

from .._errors import APIStatusError, AyrshareError
from .._json import dumps_compact
from .._serde import ResponseModel

__all__ = [
    "FIELDS",
    "FINAL",
    "JobRecord",
    "JournalError",
    "RecordedError",
    "Row",
    "State",
    "answer_ids",
    "dumps",
    "error_fields",
    "field_values",
    "key_digest",
    "record_row",
]

State = Literal["in_flight", "done", "failed", "accepted_earlier"]
"""``in_flight``: started, its end not recorded (a crash or a kill: unknown whether it landed);
``done``: it returned, with the ids of its answer; ``failed``: it raised, with its error;
``accepted_earlier``: its post was refused as a repeat of one sent by an earlier run (it landed)."""

FINAL: frozenset[str] = frozenset({"done", "failed", "accepted_earlier"})


def key_digest(job: str, profile_key: str) -> str:
    """Names a profile key within a job without revealing it."""
    data = f"{job}\0{profile_key}".encode()
    return hashlib.blake2b(data, digest_size=16, person=b"ayrshare-job").hexdigest()


@attrs.frozen(slots=False)
class JobRecord:
    """One key of one job as its journal has it.

    Not slotted: a frozen class with a ``__dict__`` is built by plain dict stores, a slotted one by
    a call of ``object.__setattr__`` per field, and a job builds two records per key.
    """

    job: str
    key: str
    """``key_digest(job, profile_key)``."""
    hint: str
    """The profile key's last 4 characters, for people reading a report."""
    state: State
    ids: Mapping[str, Any] = attrs.field(factory=dict)
    """What identifies the answer: the post ``id``, its ``postIds`` (network and id), a ``refId``."""
    error_class: str | None = None
    error_code: int | None = None
    error_status: int | None = None
    error_message: str | None = None
    runs: int = 1
    """How many runs of the job started this key."""
    generation: int = 0
    """How many times the key was retried on purpose after a failure (``retry_failed``): part of
    its idempotency keys, since Ayrshare refuses a key it has seen, even on a failed post."""
    updated: float = attrs.field(factory=time.time)

    def to_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> JobRecord:
        return cls(
            **{field.name: data[field.name] for field in attrs.fields(cls) if field.name in data}
        )


FIELDS: tuple[str, ...] = tuple(field.name for field in attrs.fields(JobRecord))
Row = tuple[Any, ...]
"""A record's fields, in ``FIELDS`` order: what the journals encode."""
field_values: operator.attrgetter[Row] = operator.attrgetter(*FIELDS)
"""A record's fields as a ``Row``."""


def record_row(
    job: str, key: str, hint: str, state: State, ids: Mapping[str, Any], runs: int, generation: int
) -> Row:
    """The ``Row`` of ``JobRecord(job, key, hint, state, ids, runs=runs, generation=generation)``,
    stamped now, without building the record: a job queues two a key, and the record objects
    cost its fan-out several times their fields (docs/benchmarks.md)."""
    return (job, key, hint, state, ids, None, None, None, None, runs, generation, time.time())


def _plain(value: object) -> dict[str, Any]:
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def dumps(data: object) -> bytes:
    """Compact JSON (UTF-8) of records' fields (``ids`` may be any mapping); ``JournalError``
    for a value JSON has no form for (ids taken from a call's own answer, say)."""
    try:
        return dumps_compact(data, _plain)
    except (TypeError, ValueError) as exc:
        raise JournalError(f"a job record could not be stored as JSON: {exc}") from None


class JournalError(AyrshareError):
    """A job's journal could not read or store records (a file, a Redis server); the fan-out stops
    rather than run keys whose outcome it could not keep."""


class RecordedError(AyrshareError):
    """The error an earlier run of the job recorded for this key (its class name, Ayrshare code,
    HTTP status and message); the key is not run again unless the job asks (``retry_failed``)."""

    def __init__(self, record: JobRecord) -> None:
        super().__init__(
            f"{record.error_class or 'error'} in an earlier run of job {record.job!r}: "
            f"{record.error_message or ''}".rstrip(": ")
        )
        self.record = record
        self.error_class = record.error_class
        self.code = record.error_code
        self.status_code = record.error_status


def answer_ids(value: object) -> dict[str, Any]:
    """The ids of a call's answer worth keeping (not the whole answer: a journal stays small)."""
    if isinstance(value, ResponseModel) and value._raw is not None:
        data: object = value._raw  # read, not copied: to_dict() deep-copies the whole answer
    else:
        to_dict = getattr(value, "to_dict", None)
        data = to_dict() if callable(to_dict) else value
    if not isinstance(data, Mapping):
        return {}
    ids: dict[str, Any] = {}
    for name in ("id", "refId"):  # never profileKey: profiles.create answers one, a secret
        if isinstance(data.get(name), (str, int)):
            ids[name] = data[name]
    post_ids = data.get("postIds")
    if isinstance(post_ids, list):
        ids["postIds"] = [
            {k: item[k] for k in ("platform", "id", "postUrl") if k in item}
            for item in post_ids
            if isinstance(item, Mapping)
        ]
    return ids


def error_fields(error: BaseException) -> dict[str, Any]:
    """An error as a record keeps it: class, Ayrshare code, HTTP status, message (secret-free)."""
    if isinstance(error, RecordedError):
        return {
            "error_class": error.error_class,
            "error_code": error.code,
            "error_status": error.status_code,
            "error_message": error.record.error_message,
        }
    fields: dict[str, Any] = {"error_class": type(error).__name__, "error_message": str(error)}
    if isinstance(error, APIStatusError):
        fields.update(error_code=error.code, error_status=error.status_code)
    return fields


RecordedError.__module__ = JournalError.__module__ = "ayrshare_async.jobs"
