"""Subprocesses the tests start early and collect late (type checkers, the docs build): they run at
the lowest CPU priority, so the suite's real-clock tests keep the CPU they need."""

from __future__ import annotations

import os
import subprocess
from typing import Any

__all__ = ["reap", "start"]

_STARTED: list[subprocess.Popen[str]] = []


def _lowest_priority() -> None:
    os.nice(19)


def start(command: list[str], **options: Any) -> subprocess.Popen[str]:
    niced = {"preexec_fn": _lowest_priority} if hasattr(os, "nice") else {}
    process = subprocess.Popen(command, text=True, **niced, **options)
    _STARTED.append(process)
    return process


def reap() -> None:
    """End what no selected test collected (a run of a few tests, or one stopped early)."""
    for process in _STARTED:
        if process.poll() is None:
            process.kill()
        process.communicate()
    _STARTED.clear()
