"""The three ways in (transport, ASGI server on 127.0.0.1, pytest fixture), the CLI, and the
rule that ``ayrshare_async.testing`` depends on nothing else in the SDK."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
import trio

import ayrshare_async.testing as testing
from ayrshare_async.testing import AyrshareEmulator, serve_in_thread
from ayrshare_async.testing.__main__ import main

BASE = "https://api.ayrshare.com/api"


async def test_served_on_loopback() -> None:
    emulator = AyrshareEmulator()
    with serve_in_thread(emulator) as base_url:
        assert base_url.startswith("http://127.0.0.1:")
        headers = {"Authorization": f"Bearer {emulator.api_key}", "Accept-Encoding": "gzip"}
        async with httpx.AsyncClient(base_url=base_url, headers=headers) as client:
            created = await client.post("/profiles", json={"title": "Over HTTP"})
            key = created.json()["profileKey"]
            emulator.add_native_posts(key, "facebook", 30, text="Padding to pass one kilobyte")
            history = await client.get("/history/facebook", headers={"Profile-Key": key})
            unauthorized = await client.get("/user", headers={"Authorization": "Bearer no"})
            emulator.faults.drop_next(route="user.get")
            with pytest.raises(httpx.RemoteProtocolError):
                await client.get("/user")
            emulator.faults.drop_next(route="user.get", after_processing=True)
            with pytest.raises(httpx.TransportError):
                await client.get("/user")
            after_drops = await client.get("/user")

    assert created.status_code == 200
    assert history.headers["content-encoding"] == "gzip"
    assert len(history.json()["posts"]) == 10
    assert unauthorized.status_code == 401
    assert after_drops.status_code == 200
    assert [r.status for r in emulator.requests][-3:] == [None, 200, 200]


def test_transport_runs_under_trio() -> None:
    async def scenario() -> tuple[int, int]:
        emulator = AyrshareEmulator()
        emulator.faults.latency(0.01)
        async with httpx.AsyncClient(
            transport=emulator.transport(),
            base_url=BASE,
            headers={"Authorization": f"Bearer {emulator.api_key}"},
        ) as client:
            created = await client.post("/post", json={"post": "trio", "platforms": ["facebook"]})
            async with trio.open_nursery() as nursery:
                for _ in range(5):
                    nursery.start_soon(client.get, "/user")
        return created.status_code, emulator.max_in_flight

    assert trio.run(scenario) == (200, 5)


def test_fixture_gives_a_fresh_emulator(ayrshare_emulator: AyrshareEmulator) -> None:
    assert isinstance(ayrshare_emulator, AyrshareEmulator)
    assert ayrshare_emulator.requests == []
    assert ayrshare_emulator.profile_keys() == []


def test_cli_serve_passes_its_options(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}

    def fake_serve(emulator: AyrshareEmulator, **kwargs: Any) -> None:
        seen.update(kwargs, emulator=emulator)

    monkeypatch.setattr("ayrshare_async.testing.__main__.serve_forever", fake_serve)
    code = main(["serve", "--port", "8123", "--latency", "0.05", "--networks", "facebook,x"])

    assert code == 0
    assert seen["port"] == 8123
    assert seen["host"] == "127.0.0.1"
    assert seen["emulator"].faults.delay_for("GET", "/user", "user.get", None) == 0.05
    assert seen["emulator"].linked_networks() == ["facebook", "twitter"]


async def test_cli_serve_sets_limits_latency_and_faults(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}
    monkeypatch.setattr(
        "ayrshare_async.testing.__main__.serve_forever",
        lambda emulator, **_: seen.update(emulator=emulator),
    )
    argv = ["serve", "--rate-limit", "3", "--rate-window", "60", "--retry-after-on-429"]
    argv += ["--delete-rate", "1", "--delete-window", "30", "--latency", "0.001:0.002"]
    argv += ["--error-rate", "1:502@GET /user/batch", "--error-rate", "0"]
    assert main(argv) == 0
    emulator: AyrshareEmulator = seen["emulator"]
    assert 0.001 <= emulator.faults.delay_for("GET", "/user", "user.get", None) <= 0.002
    first, second = emulator.create_profile("a"), emulator.create_profile("b")
    headers = {"Authorization": f"Bearer {emulator.api_key}"}
    async with httpx.AsyncClient(
        transport=emulator.transport(), base_url=BASE, headers=headers
    ) as http:
        assert (await http.get("/user/batch")).status_code == 502
        deleted = [
            (await http.request("DELETE", "/profiles", headers={"Profile-Key": key})).status_code
            for key in (first, second)
        ]
        assert deleted == [200, 429]  # one delete per 30 s window
        statuses = [(await http.get("/user")).status_code for _ in range(4)]
        limited = await http.get("/user")
    assert statuses[-1] == 429 and statuses.count(200) <= 3  # 3 requests per 60 s
    assert limited.headers.get("retry-after") is not None


@pytest.mark.parametrize(
    "argv",
    [
        ["serve", "--latency", "soon"],
        ["serve", "--error-rate", "often"],
        ["serve", "--error-rate", "2"],
        ["serve", "--rate-window", "0"],
    ],
)
def test_cli_serve_refuses_bad_values(argv: list[str]) -> None:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's own refusal
        code = exc.code
    assert code == 2


def test_cli_without_uvicorn_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "uvicorn" else real_find_spec(name, *a),
    )
    assert main(["serve", "--port", "8124"]) == 2
    assert "pip install 'ayrshare-async[serve]'" in capsys.readouterr().err


def test_cli_rejects_unknown_networks(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--networks", "myspace"]) == 2
    assert "myspace" in capsys.readouterr().err


def test_testing_imports_nothing_else_from_the_sdk() -> None:
    allowed = {"httpx", "anyio", "brotli", "pytest", "uvicorn", "ayrshare_async"}
    package = Path(testing.__file__).parent
    for source in package.glob("*.py"):
        tree = ast.parse(source.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                if node.level == 0 and node.module:
                    module = node.module
                    assert module.split(".")[0] in allowed or _stdlib(module), (source, module)
                    if module.startswith("ayrshare_async"):
                        assert module.startswith("ayrshare_async.testing"), (source, module)
                else:
                    assert node.level == 1, f"{source.name} reaches outside testing/"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    assert alias.name.split(".")[0] in allowed or _stdlib(alias.name), alias.name


def _stdlib(module: str) -> bool:
    import sys

    return module.split(".")[0] in sys.stdlib_module_names or module == "__future__"


def test_cli_serve_says_what_each_rate_window_saw_when_it_stops(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    async def four_calls(emulator: AyrshareEmulator) -> None:
        headers = {"Authorization": f"Bearer {emulator.api_key}"}
        async with httpx.AsyncClient(
            transport=emulator.transport(), base_url=BASE, headers=headers
        ) as http:
            for _ in range(4):
                await http.get("/user")

    def serve_then_stop(emulator: AyrshareEmulator, **_: Any) -> None:
        anyio.run(four_calls, emulator)  # what clients sent before Ctrl+C

    monkeypatch.setattr("ayrshare_async.testing.__main__.serve_forever", serve_then_stop)
    assert main(["serve", "--rate-limit", "3", "--rate-window", "60"]) == 0
    out = capsys.readouterr().out
    assert "profile:primary: at most 3 of 3 in any 60 s, 1 answered 429" in out
    assert "deletes: at most 0 of 8 in any 1 s, 0 answered 429" in out
