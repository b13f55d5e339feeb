"""Fidelity: the emulator answers Ayrshare's own API flows (``tests/_fidelity_cases.py``, one case
per flow of ``ayrshare/hurl-scripts``) as Ayrshare does, in-process and served on 127.0.0.1; and
the SDK's response models type every field those flows check in analytics, history, comment and
message answers."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, cast

import attrs
import httpx
import pytest
from _fidelity_cases import CASES, X_HEADERS, Check, FlowCase, Step, Var

from ayrshare_async._serde import ResponseModel, converter, wire_name
from ayrshare_async.routes import ROUTES
from ayrshare_async.testing import AyrshareEmulator, serve_in_thread
from ayrshare_async.testing._asgi import Receive, Scope, Send

BASE = "https://api.ayrshare.com/api"
JSON = "application/json; charset=utf-8"
_SEGMENT = re.compile(r"\.([^.\[\]]+)|\[(\d+)\]")
_MARKER = re.compile(r"<(\w+)>")
_MISSING = object()
_RESPONSES = {route.name: route.response for route in ROUTES}


class _CurrentEmulator:
    """One served app for the whole module, answering as whichever emulator a case put in it."""

    def __init__(self) -> None:
        self.emulator = AyrshareEmulator()

    def asgi_app(self) -> _CurrentEmulator:
        return self

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.emulator.asgi_app()(scope, receive, send)


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[_CurrentEmulator, str]]:
    current = _CurrentEmulator()
    with serve_in_thread(cast(AyrshareEmulator, current)) as base_url:
        yield current, base_url


def _fill(value: Any, found: Mapping[str, Any]) -> Any:
    """``value`` with captured values in place of ``Var``s and ``<name>`` markers."""
    if isinstance(value, Var):
        return found[value.name]
    if isinstance(value, str):
        whole = _MARKER.fullmatch(value)
        if whole is not None and whole.group(1) in found:
            return found[whole.group(1)]
        return _MARKER.sub(lambda m: str(found[m.group(1)]), value)
    if isinstance(value, list):
        return [_fill(item, found) for item in value]
    if isinstance(value, dict):
        return {key: _fill(item, found) for key, item in value.items()}
    return value


def _segments(path: str) -> list[str | int]:
    assert path.startswith("$"), path
    parts: list[str | int] = []
    for match in _SEGMENT.finditer(path, 1):
        parts.append(match.group(1) if match.group(1) is not None else int(match.group(2)))
    return parts


def _lookup(document: Any, path: str) -> Any:
    value = document
    for part in _segments(path):
        if isinstance(part, int):
            if not isinstance(value, list) or part >= len(value):
                return _MISSING
            value = value[part]
        elif isinstance(value, Mapping) and part in value:
            value = value[part]
        else:
            return _MISSING
    return value


def _holds(value: Any, op: str, expected: Any) -> bool:
    if op == "absent":
        return value is _MISSING
    if value is _MISSING:
        return False
    if op == "exists":
        return value is not None
    if op == "==":
        return bool(value == expected)
    if op in (">=", ">"):
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        return number and (value >= expected if op == ">=" else value > expected)
    if op == "count":
        return isinstance(value, (list, dict)) and len(value) == expected
    if op == "count>=":
        return isinstance(value, (list, dict)) and len(value) >= expected
    if op == "matches":
        return isinstance(value, str) and re.search(expected, value) is not None
    if op == "startswith":
        return isinstance(value, str) and value.startswith(expected)
    if op == "contains":
        return isinstance(value, str) and expected in value
    if op == "collection":
        return isinstance(value, (list, dict))
    raise AssertionError(f"unknown check {op!r}")


def _capture(body: Any, how: Any) -> Any:
    path, pattern = how if isinstance(how, tuple) else (how, None)
    value = _lookup(body, path)
    assert value is not _MISSING, f"nothing to capture at {path}"
    if pattern is not None:
        match = re.search(pattern, value)
        assert match is not None, f"{value!r} does not match {pattern!r}"
        return match.group(1)
    return value


async def _run(
    case: FlowCase, client: httpx.AsyncClient, given: Mapping[str, str]
) -> list[tuple[Step, Any]]:
    """Send every step, capture from and check every answer (captures first, as the flows do),
    and return the answers for the model checks."""
    found: dict[str, Any] = dict(given)
    answers = []
    for number, step in enumerate(case.steps, 1):
        where = f"{case.id} step {number} ({step.method} {step.path})"
        response = await client.request(
            step.method,
            _fill(step.path, found),
            params=_fill(step.query, found),
            json=_fill(step.body, found),
        )
        assert response.status_code == step.status, f"{where}: {response.text}"
        assert response.headers["content-type"] == JSON, where
        body = response.json()
        for name, how in step.capture.items():
            found[name] = _capture(body, how)
        for path, op, expected in step.checks:
            concrete = _fill(path, found)
            value = _lookup(body, concrete)
            want = _fill(expected, found)
            assert _holds(value, op, want), f"{where}: {concrete} {op} {want!r}, got {value!r}"
        answers.append((step, body))
    return answers


def _client(case: FlowCase, emulator: AyrshareEmulator, base_url: str | None) -> httpx.AsyncClient:
    headers = {"Authorization": f"Bearer {emulator.api_key}", "Accept-Encoding": "br, gzip"}
    if case.x_headers:
        headers.update(X_HEADERS)
    if base_url is None:
        return httpx.AsyncClient(transport=emulator.transport(), base_url=BASE, headers=headers)
    return httpx.AsyncClient(base_url=base_url, headers=headers)


def _prepared(case: FlowCase) -> tuple[AyrshareEmulator, dict[str, str]]:
    """A fresh emulator in the state the flow's account is in, and the values that set-up made."""
    emulator = AyrshareEmulator(seed=2512)
    given = case.setup(emulator) if case.setup is not None else {}
    return emulator, given


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
async def test_flow_in_process(case: FlowCase) -> None:
    emulator, given = _prepared(case)
    async with _client(case, emulator, None) as client:
        await _run(case, client, given)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
async def test_flow_served(case: FlowCase, served: tuple[_CurrentEmulator, str]) -> None:
    current, base_url = served
    current.emulator, given = _prepared(case)
    async with _client(case, current.emulator, base_url) as client:
        await _run(case, client, given)


def _typed_value(model: Any, part: str | int, where: str) -> Any:
    if isinstance(part, int):
        assert isinstance(model, list), f"{where}: expected a list, got {type(model).__name__}"
        return model[part]
    if isinstance(model, ResponseModel):
        by_wire = {wire_name(f): f.name for f in attrs.fields(type(model)) if f.name != "_raw"}
        assert part in by_wire, f"{where}: {type(model).__name__} has no attribute for {part!r}"
        return getattr(model, by_wire[part])
    assert isinstance(model, Mapping), f"{where}: cannot read {part!r} of {model!r}"
    return model[part]


def _typed_checks(step: Step) -> Iterator[Check]:
    for check in step.checks:
        path, op, _ = check
        if op != "absent" and "<" not in path:
            yield check


@pytest.mark.parametrize(
    "case", [c for c in CASES if any(s.model for s in c.steps)], ids=lambda c: c.id
)
async def test_sdk_models_type_every_field_the_flows_check(case: FlowCase) -> None:
    emulator, given = _prepared(case)
    async with _client(case, emulator, None) as client:
        answers = await _run(case, client, given)
    for step, body in answers:
        if step.model is None:
            continue
        parsed = converter.structure(body, _RESPONSES[step.model])
        assert parsed.to_dict() == body
        for path, _, _ in _typed_checks(step):
            value: Any = parsed
            for part in _segments(path):
                value = _typed_value(value, part, f"{case.id} {step.model} {path}")
            assert value is not None, f"{case.id} {step.model}: {path} read as None"


def test_docs_list_every_place_a_case_follows_the_newer_docs() -> None:
    docs = (Path(__file__).parents[1] / "docs" / "testing.md").read_text()
    section = docs.split("### Where the flows and the newer docs disagree", 1)[1]
    section = section.split("\n## ", 1)[0]
    for case in CASES:
        if case.newer is not None:
            assert f"`{case.flow.removesuffix('.hurl')}`" in section, case.id
