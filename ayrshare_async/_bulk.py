"""``client.profiles``: the generated profile endpoints plus ``delete_many``, a fan-out of deletes.

It lives above the resources (the generated modules never import the fan-out): ``AsyncAyrshare``
hands out this subclass as its ``profiles`` attribute.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, Iterable
from typing import TYPE_CHECKING, Any, Protocol, cast

from ._fanout import (
    DEFAULT_DELETE_CONCURRENCY,
    DEFAULT_DELETE_RATE,
    FanOutClient,
    ProfileDeleted,
    ProgressCallback,
    delete_many,
)
from .resources.profiles import ProfilesResource as _GeneratedProfiles

if TYPE_CHECKING:
    from pathlib import Path

    from ._outcomes import FanOutResult
    from .jobs import Job, Journal
    from .models import ProfileActionResponse

__all__ = ["ProfilesResource"]


class _Client(FanOutClient[Any], Protocol):
    """What ``delete_many`` needs of the client behind the resource (``AsyncAyrshare``)."""

    def _ensure_usable(self) -> None: ...


class ProfilesResource(_GeneratedProfiles):
    """The profiles endpoints; reach them as ``client.profiles``."""

    __slots__ = ()

    async def delete_many(
        self,
        profile_keys: Iterable[str] | AsyncIterable[str],
        *,
        rate: float = DEFAULT_DELETE_RATE,
        concurrency: int = DEFAULT_DELETE_CONCURRENCY,
        progress: bool | ProgressCallback | None = None,
        job: Job | str | None = None,
        journal: Journal | str | Path | None = None,
    ) -> FanOutResult[ProfileDeleted[ProfileActionResponse]]:
        """Delete every profile in ``profile_keys``, never more than ``rate`` attempts in any 1 s.

        Ayrshare allows at most 8 profile deletes per second; the default (7.5/s) leaves a margin
        for network jitter. One ``Outcome`` per key, in order: ``ok`` means the profile is gone
        (``value.confirmed`` False when a retry found it already deleted by an earlier attempt
        whose answer was lost); see ``ayrshare_async._fanout.delete_many`` for the rest. ``job``
        (and ``journal``) makes the deletes resumable, as with ``fan_out``.
        """
        client = cast("_Client", self._client)
        client._ensure_usable()
        return await delete_many(
            client,
            profile_keys,
            rate=rate,
            concurrency=concurrency,
            progress=progress,
            job=job,
            journal=journal,
            delete_one=_delete_profile,
        )


async def _delete_profile(view: Any) -> ProfileActionResponse:
    answer: ProfileActionResponse = await view.profiles.delete()
    return answer
