"""Runs the user-facing example of ``docs/testing.md`` (the block marked ``<!-- tested: ... -->``)."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import pytest

from ayrshare_async.testing import AyrshareEmulator

DOC = Path(__file__).parent.parent / "docs" / "testing.md"
_TESTED_BLOCK = re.compile(r"<!-- tested:[^>]*-->\s*```python\n(.*?)```", re.DOTALL)


def _doc_tests() -> dict[str, Callable[..., Coroutine[Any, Any, None]]]:
    [source] = _TESTED_BLOCK.findall(DOC.read_text())
    namespace: dict[str, Any] = {"__name__": "docs_testing_example"}
    exec(compile(source, str(DOC), "exec"), namespace)
    return {name: fn for name, fn in namespace.items() if name.startswith("test_")}


DOC_TESTS = _doc_tests()


def test_the_docs_hold_a_runnable_example() -> None:
    assert len(DOC_TESTS) >= 2
    for fn in DOC_TESTS.values():
        assert inspect.iscoroutinefunction(fn)
        assert list(inspect.signature(fn).parameters) == ["ayrshare_emulator"]


@pytest.mark.parametrize("name", sorted(DOC_TESTS))
async def test_docs_example(name: str) -> None:
    emulator = AyrshareEmulator()
    await DOC_TESTS[name](emulator)
    assert emulator.requests, "the example talked to the emulator"


def test_docs_example_runs_as_a_users_suite_with_the_installed_fixture(
    pytester: pytest.Pytester,
) -> None:
    """The example as a user would run it: a test file, the fixture from the pytest11 entry point."""
    [source] = _TESTED_BLOCK.findall(DOC.read_text())
    pytester.makepyfile(test_user_example=source)
    result = pytester.runpytest_subprocess("-o", "asyncio_mode=auto", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=len(DOC_TESTS))
