"""README's example runs as written against the emulator served on 127.0.0.1, and runs again: its
post text differs from run to run, as Ayrshare refuses the same text twice within 48 h."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ayrshare_async.testing import AyrshareEmulator, serve_in_thread

README = Path(__file__).parent.parent / "README.md"


def test_readme_example_runs_against_the_served_emulator(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source = re.search(r"## Example\s+```python\n(.*?)```", README.read_text(), re.DOTALL)
    assert source is not None
    emulator = AyrshareEmulator()
    with serve_in_thread(emulator) as base_url:
        monkeypatch.setenv("AYRSHARE_API_KEY", emulator.api_key)
        monkeypatch.setenv("AYRSHARE_BASE_URL", base_url)
        for _ in range(2):
            exec(compile(source.group(1), str(README), "exec"), {"__name__": "readme"})
    printed = capsys.readouterr().out
    assert printed.count("['facebook', 'linkedin'] []") == 2  # both runs posted to both networks
    assert emulator.profile_keys() == []
