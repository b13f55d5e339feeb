"""What a plain ``pip install ayrshare-async`` brings: the five core dependencies and nothing
else, with which the client, the emulator and the codegen all import and work."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent

OPTIONAL = (
    "aiohttp",
    "fastapi",
    "httpx_aiohttp",
    "hypothesis",
    "IPython",
    "ipykernel",
    "ipywidgets",
    "mkdocs",
    "mkdocstrings",
    "mypy",
    "nbclient",
    "nbformat",
    "nox",
    "pydantic",
    "pyright",
    "pytest",
    "respx",
    "ruff",
    "starlette",
    "tqdm",
    "trio",
    "uvicorn",
    "uvloop",
    "httptools",
)
"""Modules of the extras and of dev: a plain install has none of them."""

_WITHOUT_EXTRAS = f"""
import importlib.abc, sys

class Missing(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in {set(OPTIONAL)!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None

sys.meta_path.insert(0, Missing())
"""
"""Run first in a fresh interpreter: importing any optional module fails, as in a plain install."""


def test_the_core_dependencies_are_the_five_of_the_design() -> None:
    text = (ROOT / "pyproject.toml").read_text()
    start = text.index("dependencies = [")
    lines = text[start : text.index("]", start)].splitlines()[1:]
    entries = [line.strip().strip('",') for line in lines if line.strip().startswith('"')]
    assert {re.split(r"[<>=!~;\[ ]", entry)[0] for entry in entries} == {
        "httpx",
        "attrs",
        "cattrs",
        "anyio",
        "brotli",
    }


def test_client_emulator_and_codegen_work_without_any_extra(tmp_path: Path) -> None:
    program = (
        _WITHOUT_EXTRAS
        + f"""
import asyncio
from pathlib import Path

try:
    import aiohttp
except ModuleNotFoundError:
    pass
else:
    raise SystemExit("the optional modules were not hidden")

from ayrshare_async import AsyncAyrshare
from ayrshare_async import _codegen
from ayrshare_async.testing import AyrshareEmulator

async def main():
    emulator = AyrshareEmulator()
    async with AsyncAyrshare(emulator.api_key, transport=emulator.transport()) as client:
        user = await client.user.get()
    written = _codegen.generate(Path({str(tmp_path)!r}))
    print(bool(user.ref_id), len(written))

asyncio.run(main())
"""
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "20"]


def test_the_license_and_changelog_ship() -> None:
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    assert 'license = "MIT"' in (ROOT / "pyproject.toml").read_text()
    assert (ROOT / "CHANGELOG.md").read_text().startswith("# Changelog")
