"""What a fan-out returns: one ``Outcome`` per profile key, in input order, their summary, and the
same as rows people can use (records, JSON lines, CSV; one row per key)."""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Generic, Literal, TypeVar, overload

from ._errors import APIStatusError, AyrshareError, ValidationError

if TYPE_CHECKING:
    from typing_extensions import Self

    from .jobs._records import JobRecord

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


class Skipped(Outcome[Any]):
    """A key a job did not call this time, because an earlier run finished it: its ``record`` says
    how (``reason``): ``"done"`` (it returned; ``record.ids`` holds its answer's ids) or
    ``"accepted_earlier"`` (its post was refused as a repeat of one an earlier run sent, so that
    one landed; ``post_id`` is the original's id when the journal or the history could find it)."""

    __slots__ = ("record",)

    def __init__(self, profile_key: str, record: JobRecord) -> None:
        super().__init__(profile_key)
        self.record = record

    @property
    def reason(self) -> str:
        return self.record.state

    @property
    def post_id(self) -> str | None:
        found = self.record.ids.get("id")
        return found if isinstance(found, str) else None

    @property
    def value(self) -> None:
        return None

    @property
    def ok(self) -> Literal[True]:
        return True

    def __repr__(self) -> str:
        post = f", post_id={self.post_id!r}" if self.post_id else ""
        return f"Skipped(profile_key={mask_key(self.profile_key)!r}, reason={self.reason!r}{post})"


def outcome_status(outcome: Outcome[Any]) -> str:
    """``ok``, ``failed``, or why a job skipped the key (``done``, ``accepted_earlier``)."""
    if isinstance(outcome, Skipped):
        return outcome.reason
    return "ok" if outcome.ok else "failed"


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

    @property
    def skipped(self) -> list[Skipped]:
        """Keys a job did not call again: finished by an earlier run."""
        return [outcome for outcome in self._outcomes if isinstance(outcome, Skipped)]

    def summary(self) -> dict[str, int]:
        """Counts by status, failures by error class: ``{"ok": 97, "done": 1, "RateLimitError": 2}``."""
        counts: Counter[str] = Counter()
        for outcome in self._outcomes:
            status = outcome_status(outcome)
            counts[type(outcome.error).__name__ if status == "failed" else status] += 1
        return dict(counts.most_common())

    def to_records(self, *, keys: KeyForm = "masked") -> list[dict[str, Any]]:
        """One row per key (status, ids, error class, code and message); ``keys="full"`` puts the
        whole profile key in each row, ``"masked"`` (default) its last 4 characters."""
        return [outcome_row(outcome, keys=keys) for outcome in self._outcomes]

    def to_jsonl(self, file: str | Path | IO[str], *, keys: KeyForm = "masked") -> None:
        """The rows of ``to_records()`` as JSON lines, to a path or an open text file."""
        write_jsonl(self._outcomes, file, keys=keys)

    def to_csv(self, file: str | Path | IO[str], *, keys: KeyForm = "masked") -> None:
        """The rows of ``to_records()`` as CSV (a header row first), to a path or a text file."""
        write_csv(self._outcomes, file, keys=keys)

    def raise_for_failures(self) -> None:
        """Raise ``FanOutError`` (holding this result) when any call failed."""
        if any(not outcome.ok for outcome in self._outcomes):
            raise FanOutError(self)

    def __repr__(self) -> str:
        failed = sum(1 for outcome in self._outcomes if not outcome.ok)
        skipped = sum(1 for outcome in self._outcomes if isinstance(outcome, Skipped))
        ok = len(self) - failed - skipped
        text = f"FanOutResult({len(self)} outcomes: {ok} ok, {failed} failed"
        if skipped:
            text += f", {skipped} skipped"
        if failed:
            errors = Counter(type(outcome.error).__name__ for outcome in self.failed)
            text += " (" + ", ".join(f"{n} {name}" for name, n in errors.most_common()) + ")"
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


# -- rows --------------------------------------------------------------------------------------

KeyForm = Literal["masked", "full"]
"""How rows show the profile key: its last 4 characters, or the whole (secret) key."""

COLUMNS = (
    "profile_key",
    "status",
    "id",
    "post_ids",
    "error_class",
    "error_code",
    "error_status",
    "error_message",
)


def outcome_row(outcome: Outcome[Any], *, keys: KeyForm = "masked") -> dict[str, Any]:
    """One outcome as a flat row (``COLUMNS``)."""
    if keys not in ("masked", "full"):
        raise ValidationError(f"keys must be 'masked' or 'full', got {keys!r}")
    status = outcome_status(outcome)
    row: dict[str, Any] = dict.fromkeys(COLUMNS)
    row["profile_key"] = outcome.profile_key if keys == "full" else mask_key(outcome.profile_key)
    row["status"] = status
    ids = _ids(outcome)
    row["id"] = ids.get("id")
    post_ids = ids.get("postIds")
    if post_ids:
        row["post_ids"] = ";".join(f"{p.get('platform')}:{p.get('id')}" for p in post_ids)
    error = outcome.error
    if error is not None:
        row["error_class"] = getattr(error, "error_class", None) or type(error).__name__
        row["error_code"] = getattr(error, "code", None)
        row["error_status"] = getattr(error, "status_code", None)
        row["error_message"] = error.message if isinstance(error, APIStatusError) else str(error)
    return row


def _ids(outcome: Outcome[Any]) -> dict[str, Any]:
    if isinstance(outcome, Skipped):
        return dict(outcome.record.ids)
    from .jobs._records import answer_ids  # below the outcomes: a job's records name their ids

    return answer_ids(outcome.value) if outcome.ok else {}


def write_jsonl(
    outcomes: Iterable[Outcome[Any]], file: str | Path | IO[str], *, keys: KeyForm = "masked"
) -> None:
    with _opened(file) as out:
        for outcome in outcomes:
            out.write(json.dumps(outcome_row(outcome, keys=keys), separators=(",", ":")) + "\n")


def write_csv(
    outcomes: Iterable[Outcome[Any]], file: str | Path | IO[str], *, keys: KeyForm = "masked"
) -> None:
    with _opened(file) as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        for outcome in outcomes:
            writer.writerow(outcome_row(outcome, keys=keys))


@contextmanager
def _opened(file: str | Path | IO[str]) -> Iterator[IO[str]]:
    if isinstance(file, (str, Path)):
        with open(file, "w", newline="", encoding="utf-8") as out:
            yield out
    else:
        yield file
