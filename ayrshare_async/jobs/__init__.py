"""Durable batch jobs: a fan-out that resumes after a crash without a second post, splits across
workers, and keeps every key's outcome in a journal (SQLite by default, Redis for many machines).

``client.fan_out(keys, call, job="spring-campaign")`` (or ``job=Job(...)``); see
docs/batch-jobs.md.
"""

from ._job import Job
from ._journal import Journal, journal_from
from ._records import FINAL, JobRecord, JournalError, RecordedError, State
from ._redis import RedisJournal
from ._sqlite import SQLiteJournal

__all__ = [
    "FINAL",
    "Job",
    "JobRecord",
    "Journal",
    "JournalError",
    "RecordedError",
    "RedisJournal",
    "SQLiteJournal",
    "State",
    "journal_from",
]
