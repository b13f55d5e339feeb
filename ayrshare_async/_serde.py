"""The one cattrs converter: snake_case attributes <-> camelCase JSON, UTC ``Z`` datetimes.

Request models drop fields left at None; response models keep the JSON exactly as received
(``to_dict()``), so fields this SDK does not know yet (the API returns many platform-specific ones)
are never lost. A field whose wire name is not the camelCase of its attribute name says so with
``attrs.field(metadata={"wire": "period60Days"})``.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import sys
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from . import _repr
from ._errors import ValidationError

__all__ = [
    "RequestModel",
    "ResponseModel",
    "converter",
    "to_camel",
    "wire_name",
]

T = TypeVar("T")


def to_camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def wire_name(field: attrs.Attribute[Any]) -> str:
    wire = field.metadata.get("wire")
    return wire if isinstance(wire, str) else to_camel(field.name)


def format_datetime(value: dt.datetime) -> str:
    """An aware datetime as Ayrshare wants it: UTC, ``YYYY-MM-DDTHH:MM:SSZ``."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValidationError(
            f"naive datetime {value.isoformat()!r}: give a timezone "
            "(e.g. datetime.now(timezone.utc)); Ayrshare dates are UTC"
        )
    return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


_ISO_READS_Z = sys.version_info >= (3, 11)
"""``datetime.fromisoformat`` reads a ``Z`` suffix from Python 3.11 on."""


def _parse_datetime(value: Any, _: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        parsed = dt.datetime.fromisoformat(value if _ISO_READS_Z else value.replace("Z", "+00:00"))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)
    if isinstance(value, Mapping) and "_seconds" in value:  # Firestore timestamp, seen in history
        return dt.datetime.fromtimestamp(int(value["_seconds"]), tz=dt.timezone.utc)
    raise TypeError(f"not a timestamp: {value!r}")


@attrs.frozen
class RequestModel:
    """Base of request bodies and query models. Optional fields default to None and are not sent."""

    def to_dict(self) -> dict[str, Any]:
        """The wire body: camelCase keys, no unset fields."""
        out: dict[str, Any] = converter.unstructure(self)
        return out

    def to_json(self, **dumps: Any) -> str:
        """``to_dict()`` as JSON text (``json.dumps`` keywords, e.g. ``indent=2``, pass through)."""
        return json.dumps(self.to_dict(), **dumps)

    @classmethod
    def __attrs_init_subclass__(cls) -> None:
        _repr.install(cls)


@attrs.frozen(kw_only=True)
class ResponseModel:
    """Base of response models: known fields as attributes, the JSON as received in ``to_dict()``."""

    _raw: Mapping[str, Any] | None = attrs.field(default=None, repr=False, eq=False, alias="_raw")

    def to_dict(self) -> dict[str, Any]:
        """The JSON exactly as received (a copy), unknown fields, nulls and timestamp strings included."""
        if self._raw is not None:
            return copy.deepcopy(dict(self._raw))
        out: dict[str, Any] = converter.unstructure(self)
        return out

    def to_json(self, **dumps: Any) -> str:
        """The JSON as received, as text (``json.dumps`` keywords pass through)."""
        return json.dumps(self._raw if self._raw is not None else self.to_dict(), **dumps)

    @classmethod
    def __attrs_init_subclass__(cls) -> None:
        _repr.install(cls)

    @classmethod
    def _prepare(cls, raw: Mapping[str, Any]) -> Mapping[str, Any]:
        """The mapping the fields are read from; ``to_dict()`` still returns ``raw`` as received.
        A model whose answer comes in more than one shape reads it here."""
        return raw

    @property
    def extra(self) -> dict[str, Any]:
        """The fields of the JSON this model has no attribute for."""
        if self._raw is None:
            return {}
        known = {wire_name(f) for f in attrs.fields(type(self)) if f.name != "_raw"}
        return {k: v for k, v in self._raw.items() if k not in known}


_repr.install(RequestModel)
_repr.install(ResponseModel)

converter = cattrs.Converter(omit_if_default=True)
converter.register_unstructure_hook(dt.datetime, format_datetime)
converter.register_structure_hook(dt.datetime, _parse_datetime)


def _is_request_model(cls: Any) -> bool:
    return isinstance(cls, type) and issubclass(cls, RequestModel)


def _is_response_model(cls: Any) -> bool:
    return isinstance(cls, type) and issubclass(cls, ResponseModel)


def _request_unstructure_factory(cls: type[RequestModel]) -> Any:
    attrs.resolve_types(cls)
    renames: dict[str, Any] = {f.name: override(rename=wire_name(f)) for f in attrs.fields(cls)}
    return make_dict_unstructure_fn(cls, converter, _cattrs_omit_if_default=True, **renames)


def _response_overrides(cls: type[ResponseModel]) -> dict[str, Any]:
    """Each field under its wire name; ``_raw`` is not a field of the JSON."""
    attrs.resolve_types(cls)
    return {
        f.name: override(omit=True) if f.name == "_raw" else override(rename=wire_name(f))
        for f in attrs.fields(cls)
    }


def _cattrs_structure_fn(
    cls: type[ResponseModel],
) -> Callable[[Mapping[str, Any], Any], ResponseModel]:
    """cattrs' own function for ``cls``: what the slot builder must agree with, and what tells
    why an answer does not fit."""
    overrides = _response_overrides(cls)
    return make_dict_structure_fn(cls, converter, _cattrs_forbid_extra_keys=False, **overrides)


def _response_structure_factory(cls: type[ResponseModel]) -> Any:
    base = _cattrs_structure_fn(cls)
    own = vars(ResponseModel)["_prepare"].__func__
    prepare = None if getattr(cls._prepare, "__func__", own) is own else cls._prepare
    build = _slot_builder(cls)

    def structure(obj: Any, _: Any) -> ResponseModel:
        if type(obj) is not dict and not isinstance(obj, Mapping):  # JSON objects are dicts
            raise TypeError(f"expected a JSON object for {cls.__name__}, got {type(obj).__name__}")
        data = obj if prepare is None else prepare(obj)
        if build is None:
            instance = base(data, cls)
        else:
            try:
                instance = build(data)
            except Exception:  # cattrs tells what does not fit, in its own exception
                instance = base(data, cls)
        _set_raw(instance, obj)
        return instance

    return structure


_set_raw = vars(ResponseModel)["_raw"].__set__
_MISSING = object()


def _slot_builder(cls: type[ResponseModel]) -> Callable[[Mapping[str, Any]], ResponseModel] | None:
    """A function that fills a new ``cls`` from its JSON straight into its slots, calling the hooks
    cattrs' function calls, without its keyword dict and attrs' ``__init__`` (the larger part of a
    model's cost). None when ``cls`` needs its ``__init__``: validators, converters, factories,
    fields left out of ``__init__``, init hooks."""
    if hasattr(cls, "__attrs_pre_init__") or hasattr(cls, "__attrs_post_init__"):
        return None
    namespace: dict[str, Any] = {"new": object.__new__, "cls": cls, "MISSING": _MISSING}
    lines = ["def build(o):", "  self = new(cls)"]
    for n, field in enumerate(attrs.fields(cls)):
        if field.name == "_raw":
            continue
        slot = getattr(cls, field.name, None)
        if (
            field.validator is not None
            or field.converter is not None
            or not field.init
            or isinstance(field.default, attrs.Factory)  # type: ignore[arg-type]
            or not isinstance(slot, types.MemberDescriptorType)
        ):
            return None
        namespace.update({f"set{n}": slot.__set__, f"type{n}": field.type})
        namespace[f"hook{n}"] = converter.get_structure_hook(field.type)
        wire = wire_name(field)
        if field.default is attrs.NOTHING:
            value = f"hook{n}(o[{wire!r}], type{n})"
        elif field.default is None and _is_optional(field.type):  # its hook maps None to None
            lines.append(f"  v = o.get({wire!r})")
            inner = namespace[f"inner{n}"] = _optional_inner(field.type)
            value = (  # a scalar converted inline, as its hook would
                f"v if v is None or v.__class__ is inner{n} else inner{n}(v)"
                if _is_called_scalar(inner)
                else f"None if v is None else hook{n}(v, type{n})"
            )
        else:
            namespace[f"default{n}"] = field.default
            lines.append(f"  v = o.get({wire!r}, MISSING)")
            value = f"default{n} if v is MISSING else hook{n}(v, type{n})"
        lines.append(f"  set{n}(self, {value})")
    lines.append("  return self")
    exec("\n".join(lines), namespace)
    build: Callable[[Mapping[str, Any]], ResponseModel] = namespace["build"]
    return build


def _response_unstructure_factory(cls: type[ResponseModel]) -> Any:
    overrides = _response_overrides(cls)
    return make_dict_unstructure_fn(cls, converter, _cattrs_omit_if_default=True, **overrides)


def _is_optional(tp: Any) -> bool:
    args = typing.get_args(tp)
    union = typing.get_origin(tp) in (typing.Union, types.UnionType)
    return union and len(args) == 2 and type(None) in args


_SCALARS = (str, int, float, bool)


def _optional_inner(optional: Any) -> Any:
    """X of ``X | None``."""
    return next(arg for arg in typing.get_args(optional) if arg is not type(None))


def _is_called_scalar(tp: Any) -> bool:
    """True for a scalar that cattrs converts with ``tp(obj)``."""
    return tp in _SCALARS and converter.get_structure_hook(tp) == converter._structure_call


def _optional_structure_factory(optional: Any) -> Any:
    """``X | None``: cattrs' own hook looks up X's hook on every call; this one looks once, and
    for a scalar X converts as cattrs does (``X(obj)``) without a call when ``obj`` is one."""
    inner = _optional_inner(optional)
    if _is_called_scalar(inner):

        def structure_optional_scalar(obj: Any, _: Any) -> Any:
            return obj if obj is None or obj.__class__ is inner else inner(obj)

        return structure_optional_scalar
    handler: Any = None

    def structure_optional(obj: Any, _: Any) -> Any:
        nonlocal handler
        if obj is None:
            return None
        if handler is None:  # looked up at first use: X may be a model still being built
            handler = converter.get_structure_hook(inner)
        return handler(obj, inner)

    return structure_optional


def _text_or_texts(value: Any, _: Any) -> str | list[str]:
    """``str | list[str]`` (generated text: one or several), which cattrs cannot tell apart."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return list(value)
    raise TypeError(f"expected a string or a list of strings, got {value!r}")


converter.register_structure_hook(str | list[str], _text_or_texts)
converter.register_structure_hook_factory(_is_optional, _optional_structure_factory)
converter.register_unstructure_hook_factory(_is_request_model, _request_unstructure_factory)
converter.register_structure_hook_factory(_is_response_model, _response_structure_factory)
converter.register_unstructure_hook_factory(_is_response_model, _response_unstructure_factory)


def structure(data: Any, cls: type[T]) -> T:
    return converter.structure(data, cls)
