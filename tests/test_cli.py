"""The ``ayrshare`` command line against the emulator served on 127.0.0.1: every command, its
``--json`` output, its exit codes, and no secret in anything it prints."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ayrshare_async import __version__
from ayrshare_async._cli import main
from ayrshare_async.testing import AyrshareEmulator, serve_in_thread

API_KEY = "cli-api-key-SECRET-1234"


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[AyrshareEmulator, str]]:
    emulator = AyrshareEmulator(API_KEY, seed=11)
    with serve_in_thread(emulator) as base_url:
        yield emulator, base_url


@pytest.fixture
def emulator(
    served: tuple[AyrshareEmulator, str], monkeypatch: pytest.MonkeyPatch
) -> AyrshareEmulator:
    emulator, base_url = served
    monkeypatch.setenv("AYRSHARE_API_KEY", API_KEY)
    monkeypatch.setenv("AYRSHARE_BASE_URL", base_url)
    monkeypatch.delenv("AYRSHARE_PROFILE_KEY", raising=False)
    return emulator


class Run:
    """One invocation: exit code, stdout, stderr; asserts that no secret was printed."""

    def __init__(self, capsys: pytest.CaptureFixture[str], *argv: str, secrets: tuple[str, ...]):
        self.code = main(list(argv))
        captured = capsys.readouterr()
        self.out, self.err = captured.out, captured.err
        for secret in (API_KEY, *secrets):
            assert secret not in self.out + self.err, f"{secret!r} printed by {argv}"

    def json(self) -> object:
        return json.loads(self.out)


Invoke = Callable[..., Run]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], emulator: AyrshareEmulator) -> Invoke:
    def invoke(*argv: str, secrets: tuple[str, ...] = ()) -> Run:
        return Run(capsys, *argv, secrets=secrets)

    return invoke


def _profile(emulator: AyrshareEmulator, title: str) -> str:
    return emulator.create_profile(title, networks=["facebook", "linkedin"])


def test_post_readable_and_json(run: Invoke, emulator: AyrshareEmulator) -> None:
    key = _profile(emulator, "cli-post")
    done = run(
        "post",
        "Hello from the CLI",
        "-p",
        "facebook,linkedin",
        "--profile-key",
        key,
        secrets=(key,),
    )
    assert done.code == 0, done.err
    assert done.out.startswith("post ") and "facebook" in done.out and "linkedin" in done.out
    as_json = run(
        "--json", "post", "Second text", "-p", "facebook", "--profile-key", key, secrets=(key,)
    )
    assert as_json.code == 0
    body = as_json.json()
    assert isinstance(body, dict) and body["status"] == "success"
    assert body["id"] in {p["id"] for p in emulator.posts(key)}


def test_a_partly_failed_post_shows_both_lists_and_exits_1(
    run: Invoke, emulator: AyrshareEmulator
) -> None:
    key = _profile(emulator, "cli-partial")
    done = run(
        "post",
        "Half of it",
        "-p",
        "facebook",
        "-p",
        "youtube",
        "--profile-key",
        key,
        secrets=(key,),
    )
    assert done.code == 1
    assert (
        "facebook" in done.out and "youtube" in done.out
    )  # the one that took it, the one that did not
    assert done.err.startswith("error: ")


def test_history_list_and_one_post(run: Invoke, emulator: AyrshareEmulator) -> None:
    key = _profile(emulator, "cli-history")
    assert (
        run("post", "For the history", "-p", "facebook", "--profile-key", key, secrets=(key,)).code
        == 0
    )
    listed = run("history", "--limit", "5", "--profile-key", key, secrets=(key,))
    assert listed.code == 0 and "For the history" in listed.out
    [post] = emulator.posts(key)
    one = run("history", post["id"], "--json", "--profile-key", key, secrets=(key,))
    assert one.code == 0
    assert one.json()["id"] == post["id"]  # type: ignore[index]


def test_user(run: Invoke) -> None:
    done = run("user")
    assert done.code == 0 and "linked: bluesky, facebook, linkedin" in done.out
    assert "refId" in run("user", "--json").json()  # type: ignore[operator]


def test_profiles_create_list_delete(
    run: Invoke, emulator: AyrshareEmulator, tmp_path: Path
) -> None:
    made = run("profiles", "create", "cli-made", "--json")
    assert made.code == 0
    created = made.json()
    assert isinstance(created, dict) and created["profileKey"] in emulator.profile_keys()

    key_file = tmp_path / "key.txt"
    quiet = run("profiles", "create", "cli-filed", "--key-file", str(key_file))
    assert quiet.code == 0 and "written to" in quiet.out
    filed = key_file.read_text().strip()
    assert filed in emulator.profile_keys() and filed not in quiet.out
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600

    listed = run("profiles", "list", "--json")
    titles = [p["title"] for p in listed.json()]  # type: ignore[attr-defined, index]
    assert {"cli-made", "cli-filed"} <= set(titles)
    assert "cli-made" in run("profiles", "list").out

    refused = run("profiles", "delete", "--profile-key", filed, secrets=(filed,))
    assert refused.code == 2 and "--yes" in refused.err and filed in emulator.profile_keys()
    gone = run("profiles", "delete", "--profile-key", filed, "--yes", secrets=(filed,))
    assert gone.code == 0 and filed not in emulator.profile_keys()
    both = run(
        "profiles", "delete", "--title", "cli-made", "--profile-key", filed, secrets=(filed,)
    )
    assert both.code == 2 and "not both" in both.err
    by_title = run("profiles", "delete", "--title", "cli-made", "--yes", "--json")
    assert by_title.code == 0 and by_title.json()["status"] == "success"  # type: ignore[index]


def test_api_errors_exit_1_on_stderr(run: Invoke, emulator: AyrshareEmulator) -> None:
    missing = "NO-SUCH-PROFILE-SECRET-KEY"
    done = run("user", "--profile-key", missing, secrets=(missing,))
    assert done.code == 1 and done.out == ""
    assert done.err.startswith("error: ") and "404" in done.err
    as_json = run("user", "--json", "--profile-key", missing, secrets=(missing,))
    error = json.loads(as_json.err)["error"]
    assert as_json.code == 1 and error["status_code"] == 404 and error["type"] == "NotFoundError"


def test_a_wrong_api_key_says_so(run: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AYRSHARE_API_KEY", "wrong-key-SECRET-9")
    done = run("user", secrets=("wrong-key-SECRET-9",))
    assert done.code == 1 and "check AYRSHARE_API_KEY" in done.err


def test_bad_input_exits_2_before_sending(
    run: Invoke, emulator: AyrshareEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = len(emulator.requests)
    assert run("post", "x", "-p", "myspace").code == 2
    assert run("post", "x", "-p", "facebook", "--schedule", "tomorrow").code == 2
    assert run("post", "x", "-p", "facebook", "--schedule", "2026-07-08T12:30").code == 2
    with pytest.raises(SystemExit) as usage:
        main(["post", "no platform"])
    assert usage.value.code == 2
    monkeypatch.delenv("AYRSHARE_API_KEY")
    no_key = run("user")
    assert no_key.code == 2 and "AYRSHARE_API_KEY" in no_key.err
    assert len(emulator.requests) == before


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"ayrshare-async {__version__}"
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    assert text.startswith("usage: ayrshare ") and "``" not in text
    for command in ("post", "history", "user", "profiles", "demo"):
        assert command in text


def test_the_console_script(served: tuple[AyrshareEmulator, str]) -> None:
    """The installed ``ayrshare`` entry point, as a shell runs it."""
    script = shutil.which("ayrshare", path=str(Path(sys.executable).parent))
    assert script is not None
    env = {**os.environ, "AYRSHARE_API_KEY": API_KEY, "AYRSHARE_BASE_URL": served[1]}
    version = subprocess.run([script, "--version"], capture_output=True, text=True, check=False)
    assert version.returncode == 0 and __version__ in version.stdout
    user = subprocess.run(
        [script, "user", "--json"], capture_output=True, text=True, env=env, check=False
    )
    assert user.returncode == 0 and json.loads(user.stdout)["refId"]
    assert API_KEY not in user.stdout + user.stderr
