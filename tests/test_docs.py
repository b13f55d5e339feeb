"""The docs hold up: every code block of README.md and docs/ is a program that runs against the
emulator, or is marked as a fragment (tests/_docs_blocks.py says how); the site builds with
``mkdocs build --strict``; no text points at a file the repository does not have."""

from __future__ import annotations

import ast
import asyncio
import atexit
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import _background as background
import pytest
from _docs_blocks import PYTHON, ROOT, SHELL, Block, all_blocks

from ayrshare_async.testing import AyrshareEmulator, serve_in_thread

BLOCKS = all_blocks()
PROGRAMS = [block for block in BLOCKS if not block.is_fragment]


def test_every_block_is_python_or_shell() -> None:
    odd = [b.name for b in BLOCKS if b.language not in PYTHON | SHELL]
    assert not odd, f"blocks in another language (or none): {odd}"


def test_fragments_are_fewer_than_a_quarter_of_the_blocks() -> None:
    fragments = [b.name for b in BLOCKS if b.is_fragment]
    assert len(BLOCKS) >= 20
    assert len(fragments) * 4 < len(BLOCKS), fragments


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[AyrshareEmulator]:
    emulator = AyrshareEmulator()
    with serve_in_thread(emulator) as base_url:
        monkeypatch.setenv("AYRSHARE_API_KEY", emulator.api_key)
        monkeypatch.setenv("AYRSHARE_BASE_URL", base_url)
        monkeypatch.setenv("AYRSHARE_WEBHOOK_SECRETS", "new-signing-secret,old-signing-secret")
        monkeypatch.delenv("AYRSHARE_PROFILE_KEY", raising=False)
        monkeypatch.chdir(tmp_path)
        yield emulator


def _run_python(block: Block, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", [block.name])
    namespace = {"__name__": "__main__", "__file__": str(block.path)}
    try:
        code = compile(block.source, block.name, "exec", dont_inherit=True)
    except SyntaxError:  # a notebook cell: top-level await
        flags = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
        code = compile(block.source, block.name, "exec", flags=flags, dont_inherit=True)
        asyncio.run(eval(code, namespace))
        return
    exec(code, namespace)


def _run_pytest(block: Block, pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_from_the_docs=block.source)
    result = pytester.runpytest_inprocess(
        "-o", "asyncio_mode=auto", "-o", "asyncio_default_fixture_loop_scope=function"
    )
    outcomes = result.parseoutcomes()
    assert outcomes.get("passed", 0) >= 1 and not outcomes.get("failed"), result.stdout.str()


def _run_shell(block: Block) -> None:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", block.source],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("block", PROGRAMS, ids=lambda block: block.name)
def test_the_block_runs(
    block: Block,
    served: AyrshareEmulator,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    if block.language in SHELL:
        _run_shell(block)
    elif block.is_pytest_file:
        _run_pytest(block, request.getfixturevalue("pytester"))
    else:
        _run_python(block, monkeypatch)


_SITE = Path(tempfile.mkdtemp(prefix="docs-site-"))
atexit.register(shutil.rmtree, _SITE, ignore_errors=True)
_BUILD: list[subprocess.Popen[str]] = []


def start_in_background() -> None:
    """``mkdocs build --strict`` (seconds); called by conftest.py when this module is selected."""
    if not _BUILD:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(_SITE)]
        _BUILD.append(background.start(command, stderr=subprocess.PIPE, cwd=ROOT, env=env))


def test_mkdocs_builds_the_site_strictly() -> None:
    start_in_background()
    _, errors = _BUILD[0].communicate(timeout=300)
    assert _BUILD[0].returncode == 0, errors
    reference = (_SITE / "api" / "client" / "index.html").read_text()
    assert "with_profile" in reference  # the API reference comes from the docstrings
    assert (_SITE / "notebooks" / "quickstart.ipynb").exists()


_PATH = re.compile(
    r"(?<![\w/.-])((?:docs|benchmarks|tests|ayrshare_async|research|shared|examples)/[\w./{}-]+)"
)


def _mentioned_paths(text: str) -> set[str]:
    found = set()
    for match in _PATH.finditer(text):
        path = match.group(1).rstrip(".,:;)")
        if "{" not in path and "." in Path(path).name:
            found.add(path)
    return found


def test_no_reference_to_a_file_that_is_not_in_the_repo() -> None:
    sources = [
        ROOT / "README.md",
        ROOT / "pyproject.toml",
        ROOT / "noxfile.py",
        ROOT / "mkdocs.yml",
    ]
    sources += sorted((ROOT / "docs").rglob("*.md"))
    sources += sorted((ROOT / "ayrshare_async").rglob("*.py"))
    sources += sorted((ROOT / "benchmarks").glob("*.py"))
    missing = []
    for source in sources:
        text = source.read_text(encoding="utf-8")
        for path in _mentioned_paths(text):
            if not (ROOT / path).exists():
                missing.append(f"{source.relative_to(ROOT)}: {path}")
        if source.suffix == ".md":
            for link in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
                if "://" not in link and not (source.parent / link).exists():
                    missing.append(f"{source.relative_to(ROOT)}: link {link}")
    assert not missing, missing
