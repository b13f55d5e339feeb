"""Path templates: matching ``/post/{id}`` style routes, for dispatch and for fault targeting."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

__all__ = ["PathPattern", "RouteMatcher", "RouteSpec", "Router", "parse_route_spec"]

T = TypeVar("T")

RouteSpec = str | Callable[[str, str], bool]
"""How tests name a route: an operation (``"post.create"``), ``"POST /post"``, ``"/post/{id}"``
(any method), or a predicate ``(method, path) -> bool``."""


@dataclass(frozen=True, slots=True)
class PathPattern:
    """A path template split into segments; ``{name}`` segments match any one segment."""

    template: str
    segments: tuple[str, ...]

    @classmethod
    def parse(cls, template: str) -> PathPattern:
        return cls(template, tuple(s for s in template.split("/") if s))

    @property
    def is_static(self) -> bool:
        return not any(_is_param(s) for s in self.segments)

    def match(self, segments: tuple[str, ...]) -> dict[str, str] | None:
        if len(segments) != len(self.segments):
            return None
        params: dict[str, str] = {}
        for pattern, actual in zip(self.segments, segments, strict=True):
            if _is_param(pattern):
                params[pattern[1:-1]] = actual
            elif pattern != actual:
                return None
        return params


def _is_param(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")


def split_path(path: str) -> tuple[str, ...]:
    return tuple(s for s in path.split("/") if s)


@dataclass(frozen=True, slots=True)
class _Entry(Generic[T]):
    pattern: PathPattern
    target: T
    guard: Callable[[Mapping[str, str]], bool] | None


class Router(Generic[T]):
    """Finds the target for ``(method, path)``: static paths first, then templates in the order
    they were added (a guard can refuse a template match, e.g. ``/history/{platform}`` only for
    platform names). ``resolve`` also tells a wrong method (405) from an unknown path (404)."""

    def __init__(self) -> None:
        self._static: dict[tuple[str, str], T] = {}
        self._static_paths: set[str] = set()
        self._dynamic: dict[int, list[tuple[str, _Entry[T]]]] = {}

    def add(
        self,
        method: str,
        template: str,
        target: T,
        *,
        guard: Callable[[Mapping[str, str]], bool] | None = None,
    ) -> None:
        pattern = PathPattern.parse(template)
        if pattern.is_static and guard is None:
            key = "/" + "/".join(pattern.segments)
            self._static[(method, key)] = target
            self._static_paths.add(key)
        else:
            bucket = self._dynamic.setdefault(len(pattern.segments), [])
            bucket.append((method, _Entry(pattern, target, guard)))

    def resolve(self, method: str, path: str) -> tuple[T, dict[str, str]] | bool:
        """``(target, params)`` on a match; otherwise ``True`` when the path exists for another
        method (405) and ``False`` when it does not exist at all (404)."""
        segments = split_path(path)
        key = "/" + "/".join(segments)
        found = self._static.get((method, key))
        if found is not None:
            return found, {}
        path_known = key in self._static_paths
        for entry_method, entry in self._dynamic.get(len(segments), ()):
            params = entry.pattern.match(segments)
            if params is None or (entry.guard is not None and not entry.guard(params)):
                continue
            if entry_method == method:
                return entry.target, params
            path_known = True
        return path_known


class RouteMatcher:
    """A compiled :data:`RouteSpec`: does a request (method, path, operation) fall under it?"""

    __slots__ = ("_method", "_operation", "_pattern", "_predicate", "spec")

    def __init__(self, spec: RouteSpec) -> None:
        self.spec = spec
        self._predicate: Callable[[str, str], bool] | None = None
        self._operation: str | None = None
        self._method: str | None = None
        self._pattern: PathPattern | None = None
        if callable(spec):
            self._predicate = spec
            return
        text = spec.strip()
        if "/" not in text:
            self._operation = text
            return
        method, _, template = text.rpartition(" ")
        self._method = method.strip().upper() or None
        self._pattern = PathPattern.parse(template.strip())

    def matches(self, method: str, path: str, operation: str | None) -> bool:
        if self._predicate is not None:
            return self._predicate(method, path)
        if self._operation is not None:
            return operation == self._operation
        if self._method is not None and self._method != method:
            return False
        assert self._pattern is not None
        return self._pattern.match(split_path(path)) is not None

    def __repr__(self) -> str:
        return f"RouteMatcher({self.spec!r})"


def parse_route_spec(spec: RouteSpec | None) -> RouteMatcher | None:
    return None if spec is None else RouteMatcher(spec)
