"""What a fan-out returns: one ``Outcome`` per profile key, in input order, and their summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, overload

from ._errors import AyrshareError

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["Failure", "FanOutError", "FanOutResult", "Outcome", "Success", "mask_key"]

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)

_MASK = "\u2026"


def mask_key(key: object) -> str:
    """A key shown as its last 4 characters (as the client's repr does); a short one not at all."""
    text = str(key)
    return _MASK + text[-4:] if len(text) > 4 else _MASK


class Outcome(Generic[T_co]):
    """What happened for one profile key: ``value`` when ``ok``, else the exception in ``error``.

    ``Outcome(key, value=v)`` is a ``Success``, ``Outcome(key, error=e)`` a ``Failure``; the
    result's ``succeeded`` and ``failed`` lists are typed accordingly.
    """

    __slots__ = ("_error", "_value", "profile_key")

    def __new__(
        cls, profile_key: str, value: Any = None, error: BaseException | None = None
    ) -> Self:
        if cls is Outcome:
            cls = Failure if error is not None else Success  # type: ignore[assignment]
        return super().__new__(cls)

    def __init__(
        self, profile_key: str, value: T_co | None = None, error: BaseException | None = None
    ) -> None:
        self.profile_key = profile_key
        self._value: Any = value
        self._error = error

    @property
    def value(self) -> T_co | None:
        return self._value  # type: ignore[no-any-return]

    @property
    def error(self) -> BaseException | None:
        return self._error

    @property
    def ok(self) -> bool:
        return self._error is None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Outcome):
            return NotImplemented
        return (self.profile_key, self._value, self._error) == (
            other.profile_key,
            other._value,
            other._error,
        )

    def __hash__(self) -> int:
        return hash((self.profile_key, id(self._value), id(self._error)))

    def __repr__(self) -> str:
        result = f"value={self._value!r}" if self.ok else f"error={self._error!r}"
        return f"Outcome(profile_key={mask_key(self.profile_key)!r}, ok={self.ok}, {result})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))


class Success(Outcome[T_co]):
    """An outcome whose call returned: ``value`` is what it returned."""

    __slots__ = ()

    @property
    def value(self) -> T_co:
        return self._value  # type: ignore[no-any-return]

    @property
    def error(self) -> None:
        return None

    @property
    def ok(self) -> Literal[True]:
        return True


class Failure(Outcome[Any]):
    """An outcome whose call raised: ``error`` is the exception."""

    __slots__ = ()

    @property
    def value(self) -> None:
        return None

    @property
    def error(self) -> BaseException:
        assert self._error is not None
        return self._error

    @property
    def ok(self) -> Literal[False]:
        return False


class FanOutResult(Sequence[Outcome[T]]):
    """Every ``Outcome`` of a fan-out, one per key, in the order the keys came in."""

    __slots__ = ("_outcomes",)

    def __init__(self, outcomes: Sequence[Outcome[T]]) -> None:
        self._outcomes = tuple(outcomes)

    def __len__(self) -> int:
        return len(self._outcomes)

    def __iter__(self) -> Iterator[Outcome[T]]:
        return iter(self._outcomes)

    @overload
    def __getitem__(self, index: int) -> Outcome[T]: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Outcome[T], ...]: ...

    def __getitem__(self, index: int | slice) -> Outcome[T] | tuple[Outcome[T], ...]:
        return self._outcomes[index]

    @property
    def succeeded(self) -> list[Success[T]]:
        return [outcome for outcome in self._outcomes if isinstance(outcome, Success)]

    @property
    def failed(self) -> list[Failure]:
        return [outcome for outcome in self._outcomes if isinstance(outcome, Failure)]

    def summary(self) -> dict[str, int]:
        """Counts: ``ok``, then each error class by name (``{"ok": 98, "RateLimitError": 2}``)."""
        counts: Counter[str] = Counter()
        for outcome in self._outcomes:
            counts["ok" if outcome.ok else type(outcome.error).__name__] += 1
        return dict(counts.most_common())

    def raise_for_failures(self) -> None:
        """Raise ``FanOutError`` (holding this result) when any call failed."""
        if any(not outcome.ok for outcome in self._outcomes):
            raise FanOutError(self)

    def __repr__(self) -> str:
        failed = sum(1 for outcome in self._outcomes if not outcome.ok)
        text = f"FanOutResult({len(self)} outcomes: {len(self) - failed} ok, {failed} failed"
        if failed:
            errors = {name: n for name, n in self.summary().items() if name != "ok"}
            text += " (" + ", ".join(f"{n} {name}" for name, n in errors.items()) + ")"
        return text + ")"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))


class FanOutError(AyrshareError):
    """Raised by ``FanOutResult.raise_for_failures()``; ``result`` holds every outcome."""

    def __init__(self, result: FanOutResult[Any]) -> None:
        failed = result.failed
        super().__init__(f"{len(failed)} of {len(result)} calls failed")
        self.result = result


FanOutError.__module__ = "ayrshare_async"
