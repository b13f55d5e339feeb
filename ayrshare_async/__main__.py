"""``python -m ayrshare_async``: the ``ayrshare`` command line (see ``ayrshare --help``)."""

from __future__ import annotations

from ._cli import main

__all__ = ["main"]

if __name__ == "__main__":
    raise SystemExit(main())
