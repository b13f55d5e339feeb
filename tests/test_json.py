"""Answers read through orjson come out as ``json.loads`` reads them, refusals included."""

from __future__ import annotations

import json
import math
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
