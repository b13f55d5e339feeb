"""The vocabulary of the fidelity cases: a flow's requests (``Step``), what their answers must
hold (``Check``), and the case that names the flow file its facts come from (``FlowCase``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ayrshare_async.models import ALL_PLATFORMS
from ayrshare_async.testing import AyrshareEmulator

__all__ = [
    "ALL_NETWORKS",
    "OK",
    "X_HEADERS",
    "X_RULE",
    "Check",
    "FlowCase",
    "Step",
    "Var",
    "at_least_zero",
    "has",
    "link_everything",
]

X_HEADERS = {"X-Twitter-OAuth1-Api-Key": "byo-key", "X-Twitter-OAuth1-Api-Secret": "byo-secret"}
"""Every X operation needs these since 2026-03-31 (the flows predate the rule)."""

ALL_NETWORKS = tuple(sorted(ALL_PLATFORMS))
"""The 13 networks, all linked in the flows' account."""


@dataclass(frozen=True)
class Var:
    """A value captured by an earlier step (``<name>`` inside strings does the same)."""

    name: str


Check = tuple[str, str, Any]
"""``(path, op, expected)``: ``path`` like ``$.postIds[0].platform``; ``op`` one of ``exists``,
``absent``, ``==``, ``>=``, ``>``, ``count``, ``count>=``, ``matches``, ``startswith``,
``contains``, ``collection``."""


@dataclass(frozen=True)
class Step:
    """One request of a flow and what its answer must hold. ``capture`` names values for later
    steps: ``{name: path}`` or ``{name: (path, regex)}`` (the regex's first group). ``model`` is
    the SDK operation whose response model must type every checked field (analytics, history,
    comments and messages answers)."""

    method: str
    path: str
    body: Any = None
    query: dict[str, str] | None = None
    status: int = 200
    checks: tuple[Check, ...] = ()
    capture: dict[str, Any] = field(default_factory=dict)
    model: str | None = None


Setup = Callable[[AyrshareEmulator], dict[str, str]]


@dataclass(frozen=True)
class FlowCase:
    flow: str
    name: str
    steps: tuple[Step, ...]
    setup: Setup | None = None
    x_headers: bool = False
    newer: str | None = None
    """Where this case follows the newer docs instead of the flow, and why."""

    @property
    def id(self) -> str:
        return f"{self.flow}:{self.name}"


def has(prefix: str, names: str) -> tuple[Check, ...]:
    """``<prefix>.<name> exists`` for each space-separated name."""
    return tuple((f"{prefix}.{name}", "exists", None) for name in names.split())


def at_least_zero(prefix: str, names: str) -> tuple[Check, ...]:
    return tuple((f"{prefix}.{name}", ">=", 0) for name in names.split())


OK: tuple[Check, ...] = (("$.status", "==", "success"),)


def link_everything(emulator: AyrshareEmulator) -> dict[str, str]:
    """The flows' account has all 13 networks linked."""
    emulator.link(None, ALL_NETWORKS)
    return {}


X_RULE = "X needs the BYO X-Twitter-OAuth1-* headers since 2026-03-31 (the newest docs)"
