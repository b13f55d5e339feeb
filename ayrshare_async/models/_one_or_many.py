"""Fields that hold one object or a list of them (e.g. X analytics: one object per tweet of a
thread), typed ``M | list[M] | None``."""

from __future__ import annotations

from typing import Any, TypeVar

from .._serde import ResponseModel, converter

__all__ = ["register_one_or_many"]

M = TypeVar("M", bound=ResponseModel)


def register_one_or_many(model: type[M]) -> None:
    """Teach the converter ``model | list[model] | None``: an object, a list of them, or null."""

    def structure(value: Any, _: Any) -> M | list[M] | None:
        if value is None:
            return None
        if isinstance(value, list):
            return [converter.structure(item, model) for item in value]
        return converter.structure(value, model)

    converter.register_structure_hook(model | list[model] | None, structure)  # type: ignore[valid-type]
