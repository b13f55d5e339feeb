"""``Job``: a named, resumable fan-out: its journal, its share of the keys, its idempotency keys."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .._errors import ValidationError
from ._journal import Journal, journal_from
from ._records import key_digest

__all__ = ["Job", "JobScope"]


class Job:
    """A fan-out that can be run again after a crash, or split across workers, without a second post.

    ``name`` identifies the job: the same name, keys and calls mint the same idempotency keys
    (from the job, the profile key and the request's position within the call), so running it
    again re-sends exactly the requests Ayrshare has already seen, and a repeat is refused, not
    posted. ``journal`` keeps each key's state (a SQLite path, default ``ayrshare-jobs.sqlite``;
    a ``redis://`` URL for workers on several machines; or a ``Journal``). A key done in an
    earlier run is skipped; one whose end was not recorded is sent again with its same keys; one
    that failed keeps its error unless ``retry_failed=True``. ``shard`` of ``shards`` takes a stable
    part of the keys (by digest), so workers given the same key list share it without overlap.
    A journal the job opened from a path or URL is released when each fan-out ends and reopens
    on the next; a ``Journal`` passed in is the caller's to close.
    """

    __slots__ = ("_owns_journal", "journal", "name", "retry_failed", "shard", "shards")

    def __init__(
        self,
        name: str,
        *,
        journal: Journal | str | Path | None = None,
        retry_failed: bool = False,
        shard: int = 0,
        shards: int = 1,
    ) -> None:
        if not isinstance(name, str) or not name.strip():
            raise ValidationError("a job needs a name (a non-empty string)")
        for label, value in (("shard", shard), ("shards", shards)):
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValidationError(f"{label} must be an int, got {value!r}")
        if not 0 <= shard < shards:
            raise ValidationError(
                f"shard must be in 0..{shards - 1} (shards={shards}), got {shard}"
            )
        self.name = name
        self.journal = journal_from(journal)
        self._owns_journal = not isinstance(journal, Journal)
        self.retry_failed = bool(retry_failed)
        self.shard = shard
        self.shards = shards

    def __repr__(self) -> str:
        part = f", shard={self.shard} of {self.shards}" if self.shards > 1 else ""
        return f"Job({self.name!r}, journal={self.journal!r}{part})"

    async def aclose(self) -> None:
        """Release the journal the job opened from a path or URL (it reopens on the next use)."""
        if self._owns_journal:
            await self.journal.aclose()

    async def __aenter__(self) -> Job:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    def owns(self, digest: str) -> bool:
        """Whether this shard takes the key with this digest."""
        return self.shards == 1 or int(digest[:8], 16) % self.shards == self.shard

    def digest(self, profile_key: str) -> str:
        return key_digest(self.name, profile_key)


class JobScope:
    """One key's run inside a job: the idempotency keys its call mints, in order. ``generation``
    counts the retries on purpose of a failed key (each gets fresh keys)."""

    __slots__ = ("_generation", "_job", "_next", "_profile_key", "minted")

    def __init__(self, job: str, profile_key: str, generation: int = 0) -> None:
        self._job = job
        self._profile_key = profile_key
        self._generation = generation
        self._next = 0
        self.minted: list[str] = []
        """The keys minted so far (a repeat of one of them means an earlier run sent it)."""

    def next_key(self) -> str:
        """The idempotency key of the call's next request that takes one."""
        position = self._next
        self._next += 1
        data = f"{self._job}\0{self._profile_key}\0{self._generation}\0{position}".encode()
        key = "job-" + hashlib.blake2b(data, digest_size=16, person=b"ayrshare-idem").hexdigest()
        self.minted.append(key)
        return key
