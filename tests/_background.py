"""Subprocesses the tests start early and collect late (type checkers, the docs build): they run at
the lowest CPU priority, so the suite's real-clock tests keep the CPU they need."""

from __future__ import annotations

import os
import subprocess
from typing import Any

__all__ = ["start"]


def _lowest_priority() -> None:
    os.nice(19)


def start(command: list[str], **options: Any) -> subprocess.Popen[str]:
    niced = {"preexec_fn": _lowest_priority} if hasattr(os, "nice") else {}
    return subprocess.Popen(command, text=True, **niced, **options)
