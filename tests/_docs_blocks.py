"""Every fenced code block of README.md and docs/*.md, and what kind of block it is.

A block is a complete program unless its first line says otherwise with a comment starting
``# fragment`` (for example ``# fragment: inside an async function``). Complete programs:

- ``python`` (or ``py``): run as ``__main__`` against a freshly served emulator, with
  ``AYRSHARE_API_KEY`` and ``AYRSHARE_BASE_URL`` set; top-level ``await`` (a notebook cell) runs
  in an event loop; a file of ``test_`` functions runs under pytest;
- ``bash`` (or ``sh``, ``shell``, ``console``): run by bash with the same environment.

Any other language, or none, is refused: show output and data in prose or in a program.
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs

ROOT = Path(__file__).parent.parent
PYTHON = frozenset({"python", "py"})
SHELL = frozenset({"bash", "sh", "shell", "console"})
_FENCE = re.compile(r"^(?P<indent>[ \t]*)```(?P<info>[^\n`]*)$")


@attrs.frozen
class Block:
    path: Path
    line: int
    language: str
    source: str

    @property
    def name(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"

    @property
    def is_fragment(self) -> bool:
        first = next((line for line in self.source.splitlines() if line.strip()), "")
        return first.lstrip().lower().startswith("# fragment")

    @property
    def is_pytest_file(self) -> bool:
        return self.language in PYTHON and bool(
            re.search(r"^(async )?def test_\w+\(", self.source, re.MULTILINE)
        )


def documents() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def blocks_of(path: Path) -> list[Block]:
    found = []
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        opening = _FENCE.match(lines[i])
        if opening is None:
            i += 1
            continue
        indent = opening.group("indent")
        language = opening.group("info").strip().split(" ")[0].lower()
        body = []
        i += 1
        while i < len(lines) and lines[i].strip() != "```":
            body.append(lines[i][len(indent) :] if lines[i].startswith(indent) else lines[i])
            i += 1
        found.append(Block(path, i - len(body), language, "\n".join(body) + "\n"))
        i += 1
    return found


def all_blocks() -> list[Block]:
    return [block for path in documents() for block in blocks_of(path)]
