"""Answers read through orjson come out as ``json.loads`` reads them, refusals included."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ayrshare_async import _json

leaves = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
values = st.recursive(
    leaves,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


def _same(raw: bytes) -> tuple[str, Any]:
    try:
        return "value", json.loads(raw)
    except (ValueError, RecursionError) as exc:
        return "error", type(exc)


def _ours(raw: bytes) -> tuple[str, Any]:
    try:
        return "value", _json.loads(raw)
    except (ValueError, RecursionError) as exc:
        return "error", type(exc)


def test_orjson_is_the_reader_where_the_tests_run() -> None:
    assert _json.loads is not json.loads


@given(values)
def test_any_json_value_reads_as_json_reads_it(value: Any) -> None:
    raw = json.dumps(value, ensure_ascii=False).encode()
    ours = _json.loads(raw)
    assert ours == json.loads(raw)
    assert json.dumps(ours) == json.dumps(json.loads(raw))  # types too: 1 vs 1.0, -0.0


@pytest.mark.parametrize(
    "raw",
    [
        b'{"a": 1, "a": 2}',
        b'{"n": 123456789012345678901234567890}',
        b'{"n": -9223372036854775809}',
        b'{"x": NaN, "y": Infinity, "z": -Infinity}',
        b'{"big": 1e400}',
        b"\xef\xbb\xbf{}",
        b'{"s": "\\ud800"}',
        b'{"s": "\\ud83d\\ude00"}',
        b"[" * 2000 + b"]" * 2000,
        b"[" * 100_000 + b"]" * 100_000,
        b'{"a": 1',
        b"\xff\xfe{\x00}\x00",
        b'"caf\xc3\xa9"',
        b'"\xc3"',
        b"",
        b" 1 ",
        b"-0",
        b"-0.0",
    ],
)
def test_edge_cases_read_or_fail_as_json_does(raw: bytes) -> None:
    expected, ours = _same(raw), _ours(raw)
    if expected[0] == "value" and isinstance(expected[1], dict):
        for key, value in expected[1].items():
            if isinstance(value, float) and math.isnan(value):
                assert math.isnan(ours[1][key])
                continue
            assert ours[1][key] == value
        return
    assert ours == expected


class _Ids(Mapping[str, Any]):
    """A mapping that is not a dict, as a journal record's ``ids`` may be."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


def _plain(value: object) -> dict[str, Any]:
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(type(value).__name__)


@given(values)
def test_compact_dumps_read_back_as_json_dumps(value: Any) -> None:
    data = [("job", 1, value), _Ids({"id": value})]
    ours = _json.dumps_compact(data, _plain)
    assert json.loads(ours) == json.loads(json.dumps(data, default=_plain))


@pytest.mark.parametrize(
    "value", [2**70, -(2**64), "\ud800", "caf\u00e9 \U0001f600", {"nested": (1, 2.5, None)}]
)
def test_compact_dumps_of_what_orjson_refuses_or_writes_its_own_way(value: Any) -> None:
    ours = _json.dumps_compact([value], _plain)
    assert json.loads(ours) == json.loads(json.dumps([value], default=_plain))


def test_compact_dumps_is_compact_utf8() -> None:
    assert _json.dumps_compact({"a": [1, "é"]}, _plain) == '{"a":[1,"é"]}'.encode()
