"""The response model of routes without a typed one: the JSON object, read like a mapping."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from .._repr import repr_value
from .._serde import ResponseModel

__all__ = ["JsonObject"]

_SECRET_KEY = re.compile(r"key|secret|token|jwt|password", re.IGNORECASE)


def _masked(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {
            k: "***" if isinstance(k, str) and _SECRET_KEY.search(k) else _masked(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_masked(v) for v in value]
    return value


@attrs.frozen(kw_only=True, repr=False)
class JsonObject(ResponseModel):
    """A JSON object kept as received: ``obj["key"]``, ``obj.get("key")``, ``"key" in obj``,
    ``to_dict()``. Its repr shows the JSON with secret-looking values (keys, tokens) masked."""

    def _json(self) -> Mapping[str, Any]:
        return self._raw if self._raw is not None else {}

    def __getitem__(self, key: str) -> Any:
        return self._json()[key]

    def get(self, key: str, default: Any = None) -> Any:
        """The value under ``key``, or ``default`` when the response has no such key."""
        return self._json().get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self._json()

    def __iter__(self) -> Iterator[str]:
        return iter(self._json())

    def __len__(self) -> int:
        return len(self._json())

    def keys(self) -> list[str]:
        """The top-level keys of the response."""
        return list(self._json())

    def _repr_body(self, depth: int) -> str:
        return repr_value(_masked(self._json()), depth)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._repr_body(0)})"
