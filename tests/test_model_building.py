"""Response models are filled straight into their slots (``_serde._slot_builder``): for any
answer, the result is what cattrs' own function gives, and an answer that does not fit fails
with cattrs' exception."""

from __future__ import annotations

import copy
import functools
from typing import Any

import attrs
import pytest
from cattrs.errors import ClassValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from ayrshare_async._serde import (
    ResponseModel,
    _cattrs_structure_fn,
    _response_structure_factory,
    _slot_builder,
    converter,
    wire_name,
)
from ayrshare_async.models.user import UserDetails


def _models(base: type[ResponseModel]) -> list[type[ResponseModel]]:
    found = []
    for sub in base.__subclasses__():
        found += [sub, *_models(sub)]
    return found


MODELS = sorted(set(_models(ResponseModel)), key=lambda m: (m.__module__, m.__qualname__))
SCALARS = st.one_of(
    st.sampled_from([None, "x", "2026-12-03T10:00:00Z", "", 3, 0, True, 2.5]),
    st.builds(lambda: {"_seconds": 5}),
    st.builds(lambda: ["a"]),
)
VALUES = st.one_of(
    SCALARS, st.lists(st.one_of(SCALARS, st.builds(dict)), max_size=2), st.builds(dict)
)


@functools.cache
def _cattrs_only(model: type[ResponseModel]) -> Any:
    return _cattrs_structure_fn(model)


@functools.cache
def _ours(model: type[ResponseModel]) -> Any:
    return _response_structure_factory(model)


def _fields(instance: Any) -> list[tuple[str, type, Any]]:
    return [
        (f.name, type(v), v)
        for f in attrs.fields(type(instance))
        if f.name != "_raw"
        for v in [getattr(instance, f.name)]
    ]


def test_every_response_model_is_filled_into_its_slots() -> None:
    """No model falls back to ``__init__`` today: each would lose the speed silently."""
    assert len(MODELS) > 100
    for model in MODELS:
        attrs.resolve_types(model)
    assert [m.__name__ for m in MODELS if _slot_builder(m) is None] == []


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_a_model_filled_into_its_slots_is_what_cattrs_builds(
    model: type[ResponseModel], data: st.DataObject
) -> None:
    wires = [wire_name(f) for f in attrs.fields(model) if f.name != "_raw"]
    answer = data.draw(st.dictionaries(st.sampled_from(wires) if wires else st.just("x"), VALUES))
    sent = copy.deepcopy(answer)
    try:
        expected = _cattrs_only(model)(model._prepare(answer), model)
    except Exception as exc:
        with pytest.raises(type(exc)):
            _ours(model)(answer, model)
        return
    built = _ours(model)(answer, model)
    assert type(built) is model
    assert _fields(built) == _fields(expected)
    assert built.to_dict() == answer == sent


@attrs.frozen(kw_only=True)
class Checked(ResponseModel):
    count: int | None = attrs.field(default=None, validator=attrs.validators.ge(0))


def test_a_model_that_needs_its_init_is_built_by_it() -> None:
    assert converter.structure({"count": 2}, Checked).count == 2
    assert _slot_builder(Checked) is None
    with pytest.raises(ClassValidationError) as raised:
        converter.structure({"count": -1}, Checked)
    assert "count" in str(raised.value.exceptions[0])


def test_a_nested_answer_that_does_not_fit_fails_as_cattrs_says() -> None:
    answer = {"refId": "r", "displayNames": [{"platform": "x", "created": "yesterday"}]}
    with pytest.raises(ClassValidationError) as raised:
        converter.structure(answer, UserDetails)
    assert "display_names" in repr(raised.value.exceptions[0].__notes__)
