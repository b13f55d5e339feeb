"""What the command line prints: a readable text by default, the API's JSON with ``--json``, and
errors as one line on stderr (a JSON object with ``--json``). Nothing printed carries the API key
or a profile key the caller passed; the only key ever printed is the one ``profiles create``
receives, which Ayrshare shows once."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .._errors import APIStatusError

__all__ = ["EXIT_API_ERROR", "EXIT_BAD_INPUT", "EXIT_OK", "Output"]

EXIT_OK = 0
EXIT_API_ERROR = 1
"""Ayrshare refused the call, or it could not be made (network, timeout, unreadable answer)."""
EXIT_BAD_INPUT = 2
"""The command line or the configuration was wrong; nothing was sent."""


class Output:
    """Prints for one command, as text or as JSON (``as_json``)."""

    def __init__(self, *, as_json: bool) -> None:
        self.as_json = as_json

    def json(self, data: Any) -> None:
        print(json.dumps(data, indent=2, sort_keys=True, default=str))

    def line(self, text: str = "") -> None:
        if not self.as_json:
            print(text)

    def table(self, rows: Iterable[Sequence[object]], empty: str) -> None:
        """Rows as aligned columns (text mode only)."""
        if self.as_json:
            return
        cells = [["" if cell is None else str(cell) for cell in row] for row in rows]
        if not cells:
            print(empty)
            return
        widths = [max(len(row[i]) for row in cells) for i in range(len(cells[0]))]
        for row in cells:
            print(
                "  ".join(
                    cell.ljust(width) for cell, width in zip(row, widths, strict=True)
                ).rstrip()
            )

    def error(self, exc: BaseException | str) -> None:
        """One error on stderr: the exception's own message (the SDK keeps secrets out of it)."""
        message = str(exc)
        if not self.as_json:
            print(f"error: {message}", file=sys.stderr)
            return
        detail: dict[str, Any] = {"message": message}
        if isinstance(exc, BaseException):
            detail["type"] = type(exc).__name__
        if isinstance(exc, APIStatusError):
            detail.update(status_code=exc.status_code, code=exc.code)
        print(json.dumps({"error": detail}, sort_keys=True), file=sys.stderr)


def short(text: Any, width: int = 48) -> str:
    """A post's text on one line, cut to ``width``."""
    if isinstance(text, Mapping):
        text = text.get("default", next(iter(text.values()), ""))
    flat = " ".join(str(text or "").split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
