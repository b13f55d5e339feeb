"""The `demo` command: exit code, a report that matches what the emulator saw, readable failures."""

from __future__ import annotations

import re

import pytest

from ayrshare_async.__main__ import main
from ayrshare_async.testing import AyrshareEmulator, serve_in_thread


def _figure(name: str, text: str) -> int:
    match = re.search(rf"^  {name}\s+(\d+)", text, re.MULTILINE)
    assert match, f"no {name!r} line in:\n{text}"
    return int(match.group(1))


def test_demo_runs_and_its_report_adds_up(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--profiles", "12", "--latency", "0"]) == 0
    out = capsys.readouterr().out
    calls, retries = _figure("calls", out), _figure("retries", out)
    seen = int(re.search(r"requests the emulator saw: (\d+)", out).group(1))  # type: ignore[union-attr]
    assert calls == 1 + 12 * 4  # user, then create, post, history and delete per profile
    assert calls + retries == seen
    assert retries >= 3  # the three injected 503s on POST /post were retried
    assert _figure("errors", out) == 0
    assert _figure("profiles left", out) == 0
    window = int(re.search(r"max (\d+) in any 1 s", out).group(1))  # type: ignore[union-attr]
    assert window <= 8


def test_demo_over_loopback_http(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--profiles", "3", "--latency", "0", "--serve"]) == 0
    assert "emulator served on http://127.0.0.1:" in capsys.readouterr().out


def test_live_with_a_bad_key_prints_a_message_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    emulator = AyrshareEmulator(api_key="the-right-key")
    with serve_in_thread(emulator) as base_url:
        monkeypatch.setenv("AYRSHARE_API_KEY", "a-wrong-key")
        monkeypatch.setenv("AYRSHARE_BASE_URL", base_url)
        assert main(["demo", "--live"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: Ayrshare rejected the API key")
    assert "Traceback" not in err and "a-wrong-key" not in err


def test_live_needs_a_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AYRSHARE_API_KEY", raising=False)
    with pytest.raises(SystemExit) as exit_info:
        main(["demo", "--live"])
    assert exit_info.value.code == 2
