"""Rate budgets that hold across calls, views, processes and machines.

A budget is a sliding-window limit (``Limit``). A store hands out reservations of slots: the
caller sleeps until its slot, then sends, so callers queue in order without polling, and several
limits (a profile's budget and the account's delete ceiling) are charged in one atomic step.
``MemoryStore`` keeps them in this process; ``RedisStore`` shares them through a Redis server.
"""

from ._limit import (
    DELETE_CEILING,
    DELETE_SPACING,
    DELETE_WINDOW,
    PROFILE_BUDGET,
    PROFILE_MARGIN,
    PROFILE_WINDOW,
    BudgetStoreError,
    Limit,
    Reservation,
    delete_limit,
    profile_limit,
)
from ._memory import MemoryStore
from ._redis import RedisStore
from ._store import BudgetStore, store_from

__all__ = [
    "DELETE_CEILING",
    "DELETE_SPACING",
    "DELETE_WINDOW",
    "PROFILE_BUDGET",
    "PROFILE_MARGIN",
    "PROFILE_WINDOW",
    "BudgetStore",
    "BudgetStoreError",
    "Limit",
    "MemoryStore",
    "RedisStore",
    "Reservation",
    "delete_limit",
    "profile_limit",
    "store_from",
]
