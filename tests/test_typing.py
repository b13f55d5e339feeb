"""User code type-checks against the SDK: ``mypy --strict`` and ``pyright --strict`` over the files
in tests/typing/, where every line is clean unless it says otherwise:

- ``# expect-error``: a deliberate mistake; both checkers must report it;
- ``# pending: <what>``: an expectation that holds once <what> lands; both checkers report it today,
  and the test fails when one stops, so that the marker is removed with the fix.
"""

from __future__ import annotations

import atexit
import importlib.util
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import _background as background
import pytest

from ayrshare_async import AsyncAyrshare
from ayrshare_async.testing import AyrshareEmulator

HERE = Path(__file__).parent / "typing"
FILES = sorted(HERE.glob("*.py"))
_MARK = re.compile(r"(?<!``)#\s*(expect-error|pending:.*)$")


def _marks() -> dict[tuple[str, int], str]:
    marks = {}
    for path in FILES:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            found = _MARK.search(line)
            if found:
                marks[(path.name, number)] = found.group(1)
    return marks


def _start_mypy(cache: Path) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10"]
    command += ["--no-error-summary", "--no-color-output", "--cache-dir", str(cache)]
    return background.start([*command, *map(str, FILES)], stdout=subprocess.PIPE)


def _start_pyright() -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "pyright", "--outputjson", "--pythonversion", "3.10"]
    command += ["--pythonpath", sys.executable]
    return background.start([*command, *map(str, FILES)], stdout=subprocess.PIPE)


def _mypy_errors(output: str) -> set[tuple[str, int]]:
    errors = set()
    for line in output.splitlines():
        found = re.match(r"(.+?):(\d+): error: ", line)
        if found:
            errors.add((Path(found.group(1)).name, int(found.group(2))))
            assert Path(found.group(1)).resolve().parent == HERE, f"error in the SDK: {line}"
    return errors


def _pyright_errors(output: str) -> set[tuple[str, int]]:
    errors = set()
    for item in json.loads(output)["generalDiagnostics"]:
        if item["severity"] == "error":
            assert Path(item["file"]).parent == HERE, f"error in the SDK: {item}"
            errors.add((Path(item["file"]).name, item["range"]["start"]["line"] + 1))
    return errors


_RUNNING: dict[str, subprocess.Popen[str]] = {}


def start_in_background() -> None:
    """Both checkers over every file, side by side (each takes seconds); called by conftest.py
    when this module's tests are selected."""
    if not _RUNNING:
        cache = Path(tempfile.mkdtemp(prefix="mypy-cache-"))
        atexit.register(shutil.rmtree, cache, ignore_errors=True)
        _RUNNING.update(mypy=_start_mypy(cache), pyright=_start_pyright())


@pytest.fixture(scope="module")
def reported() -> dict[str, set[tuple[str, int]]]:
    start_in_background()
    mypy_out, _ = _RUNNING["mypy"].communicate(timeout=300)
    pyright_out, _ = _RUNNING["pyright"].communicate(timeout=300)
    return {"mypy": _mypy_errors(mypy_out), "pyright": _pyright_errors(pyright_out)}


@pytest.mark.parametrize("checker", ["mypy", "pyright"])
def test_user_code_type_checks_strictly(
    checker: str, reported: dict[str, set[tuple[str, int]]]
) -> None:
    marks = _marks()
    unexpected = sorted(reported[checker] - marks.keys())
    assert not unexpected, f"{checker} reports errors on unmarked lines: {unexpected}"
    missed = sorted(line for line, mark in marks.items() if line not in reported[checker])
    assert not missed, (
        f"{checker} no longer reports these marked lines: {missed}; an `# expect-error` line must "
        "stay wrong, and a `# pending:` line that passes now should lose its marker"
    )


def test_the_deliberate_mistakes_include_a_wrong_attribute_of_a_fan_out_value() -> None:
    wrong = (HERE / "wrong.py").read_text()
    assert "result.succeeded[0].value.nonexistent)  # expect-error" in wrong
    assert sum(mark == "expect-error" for mark in _marks().values()) >= 5


async def test_the_user_code_runs_against_the_emulator(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("typing_user_code", HERE / "user_code.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    emulator = AyrshareEmulator()
    async with AsyncAyrshare(emulator.api_key, transport=emulator.transport()) as client:
        await module.main(client)
    assert "2 networks; 1 profiles; deleted" in capsys.readouterr().out
    assert emulator.profile_keys() == []
