"""The package root: every public name resolves, and importing it stays light."""

from __future__ import annotations

import subprocess
import sys

import ayrshare_async


def test_every_public_name_resolves() -> None:
    assert set(ayrshare_async.__all__) == {*ayrshare_async._HOMES, "__version__"}
    for name in ayrshare_async.__all__:
        assert getattr(ayrshare_async, name) is not None
    assert issubclass(ayrshare_async.ValidationError, ValueError)
    assert issubclass(ayrshare_async.DuplicateRequestError, ayrshare_async.BadRequestError)


def test_importing_the_pytest_plugin_does_not_load_the_client() -> None:
    code = (
        "import sys, ayrshare_async.testing.pytest_plugin; "
        "print(sorted(m for m in ('cattrs', 'ayrshare_async._client') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
