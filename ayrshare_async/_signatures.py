"""The pieces of a generated method: its keyword arguments, read from the route's attrs models
with the annotations as written there, the imports those annotations need, and the signature,
call and docstring lines as ruff formats them."""

from __future__ import annotations

import builtins
import io
import keyword
import sys
import textwrap
import tokenize
import types
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from . import models
from ._route import Route

__all__ = [
    "STANDARD_PARAMS",
    "CodegenError",
    "Imports",
    "Method",
    "Param",
    "call_lines",
    "docstring",
    "escape_doc",
    "from_import",
    "model_call",
    "prefixed",
    "read_method",
    "resolve_annotation",
    "shadow_builtins",
    "signature",
    "standard_params",
    "written_annotations",
]

INDENT = "    "
DOC_WIDTH = 92
"""Docstrings of generated methods wrap at this column (ruff leaves them as they are)."""


class CodegenError(Exception):
    """A route row or model that the generator cannot turn into a method."""


@attrs.frozen
class Param:
    """One keyword argument of a generated method and where its value goes."""

    name: str
    annotation: str
    required: bool
    default: str = "None"


@attrs.frozen
class Method:
    """One generated method, ready to print."""

    route: Route
    path_params: tuple[Param, ...]
    query_params: tuple[Param, ...]
    body_params: tuple[Param, ...]
    response: str


STANDARD_PARAMS = (
    Param("extra_headers", "Mapping[str, str] | None", False),
    Param("extra_query", "Mapping[str, Any] | None", False),
    Param("extra_body", "Mapping[str, Any] | None", False),
    Param("profile_key", "str | None", False),
    Param("timeout", "TimeoutLike | NotGiven | None", False, "NOT_GIVEN"),
    Param("max_retries", "int | None", False),
)
"""Keyword arguments every generated method takes after the route's own (``profile_key`` only
where the route accepts a Profile-Key; ``timeout=None`` is no timeout, as in httpx)."""


def standard_params(route: Route, method_names: set[str]) -> list[Param]:
    """``STANDARD_PARAMS`` as the route takes them."""
    return [
        attrs.evolve(p, annotation=shadow_builtins(p.annotation, method_names))
        for p in STANDARD_PARAMS
        if p.name != "profile_key" or route.profile_key != "refused"
    ]


class Imports:
    """The import lines a generated module needs, collected while rendering."""

    def __init__(self) -> None:
        self.modules: dict[str, str | None] = {}
        self.from_imports: dict[str, set[str]] = {}

    def add_from(self, module: str, name: str) -> None:
        self.from_imports.setdefault(module, set()).add(name)

    def add_module(self, module: str, alias: str | None) -> None:
        self.modules[module] = alias

    def render(self) -> list[str]:
        stdlib: list[str] = []
        local: list[str] = []
        for module, alias in sorted(self.modules.items()):
            stdlib.append(f"import {module}" + (f" as {alias}" if alias else ""))
        for module in sorted(self.from_imports, key=_module_sort_key):
            line = from_import(module, self.from_imports[module])
            (local if module.startswith(".") else stdlib).append(line)
        return [*_join_sections(stdlib, local)]


def _module_sort_key(module: str) -> tuple[int, str]:
    # isort places ``from ..x`` before ``from .x``; among equal depth, alphabetical.
    depth = len(module) - len(module.lstrip("."))
    return (-depth, module.lstrip("."))


def _name_sort_key(name: str) -> tuple[int, str, str]:
    # ruff's isort order-by-type: CONSTANTS, then Classes, then the rest; case-insensitive within.
    rank = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
    return (rank, name.lower(), name)


def from_import(module: str, names: set[str]) -> str:
    ordered = sorted(names, key=_name_sort_key)
    line = f"from {module} import {', '.join(ordered)}"
    if len(line) <= 100:
        return line
    inner = "".join(f"{INDENT}{name},\n" for name in ordered)
    return f"from {module} import (\n{inner})"


def _join_sections(*sections: list[str]) -> Iterable[str]:
    first = True
    for section in sections:
        if not section:
            continue
        if not first:
            yield ""
        first = False
        yield from section


# -- reading the models ----------------------------------------------------------------------------


def _annotation_names(annotation: str) -> list[tuple[int, str]]:
    """The top-level names in an annotation string with their offsets (not attributes, not strings)."""
    names: list[tuple[int, str]] = []
    previous = ""
    for token in tokenize.generate_tokens(io.StringIO(annotation).readline):
        if token.type == tokenize.NAME and previous != "." and not keyword.iskeyword(token.string):
            names.append((token.start[1], token.string))
        if token.type in (tokenize.OP, tokenize.NAME, tokenize.STRING, tokenize.NUMBER):
            previous = token.string
    return names


def resolve_annotation(
    annotation: str, namespace: dict[str, Any], imports: Imports, owner: str
) -> None:
    """Record the imports that make ``annotation`` (written in ``namespace``) valid in a resource."""
    for _, name in _annotation_names(annotation):
        if name == "None" or (name in vars(builtins) and name not in namespace):
            continue
        if name not in namespace:
            raise CodegenError(f"{owner}: annotation name {name!r} is not defined in its module")
        value = namespace[name]
        if name in models.__all__ and getattr(models, name) is value:
            imports.add_from("..models", name)
        elif isinstance(value, types.ModuleType):
            imports.add_module(value.__name__, None if value.__name__ == name else name)
        elif getattr(value, "__module__", None) in ("typing", "collections.abc", "datetime"):
            imports.add_from(value.__module__, name)
        else:
            raise CodegenError(
                f"{owner}: annotation name {name!r} cannot be imported by generated code; "
                "export it from ayrshare_async.models"
            )


def _double_quoted(annotation: str) -> str:
    """The annotation with its string literals in double quotes (``Literal["a"]``), ruff's style;
    ``from __future__ import annotations`` hands them over single-quoted."""
    out = annotation
    tokens = list(tokenize.generate_tokens(io.StringIO(annotation).readline))
    for token in reversed(tokens):
        value = token.string
        if token.type == tokenize.STRING and value.startswith("'") and '"' not in value:
            start, end = token.start[1], token.end[1]
            out = out[:start] + '"' + value[1:-1] + '"' + out[end:]
    return out


def shadow_builtins(annotation: str, method_names: set[str]) -> str:
    """Write ``builtins.list`` where a method of the class is named ``list`` (mypy scoping)."""
    out = annotation
    for offset, name in reversed(_annotation_names(annotation)):
        if name in method_names and name in vars(builtins):
            out = out[:offset] + "builtins." + out[offset:]
    return out


def written_annotations(model: type[Any]) -> dict[str, Any]:
    """The annotations as written (strings): the converter's attrs.resolve_types() replaces
    ``field.type`` with the evaluated type."""
    return {
        k: v
        for klass in reversed(model.__mro__)
        for k, v in vars(klass).get("__annotations__", {}).items()
    }


def _model_params(model: type[Any], imports: Imports) -> tuple[Param, ...]:
    namespace = vars(sys.modules[model.__module__])
    written = written_annotations(model)
    params: list[Param] = []
    for field in attrs.fields(model):
        if not field.init:
            continue
        owner = f"{model.__name__}.{field.name}"
        text = written.get(field.name)
        if not isinstance(text, str):
            raise CodegenError(f"{owner}: use `from __future__ import annotations` in the model")
        resolve_annotation(text, namespace, imports, owner)
        name = field.alias or field.name
        annotation = _double_quoted(text)
        if field.default is attrs.NOTHING:
            params.append(Param(name, annotation, required=True))
        elif isinstance(field.default, (bool, int, float, type(None))):
            params.append(Param(name, annotation, required=False, default=repr(field.default)))
        else:
            raise CodegenError(f"{owner}: request fields default to None, a bool or a number")
    return tuple(params)


def _type_name(tp: Any, imports: Imports, owner: str) -> str:
    """The annotation text of a route's model (a class, or ``list[Model]`` for a response)."""
    if isinstance(tp, types.GenericAlias):
        args = ", ".join(_type_name(arg, imports, owner) for arg in tp.__args__)
        return f"{tp.__origin__.__name__}[{args}]"
    name: str = tp.__name__
    if name in models.__all__ and getattr(models, name) is tp:
        imports.add_from("..models", name)
        return name
    raise CodegenError(f"{owner}: model {name} is not exported from ayrshare_async.models")


def read_method(route: Route, imports: Imports) -> Method:
    path_params = []
    for param in route.path_params:
        if param.annotation != "str":
            namespace = vars(models)
            resolve_annotation(param.annotation, namespace, imports, f"{route.name} path")
        path_params.append(Param(param.name, param.annotation, required=True))
    for model in (route.query, route.body):
        if model is not None:
            _type_name(model, imports, route.name)
    query = _model_params(route.query, imports) if route.query is not None else ()
    body = _model_params(route.body, imports) if route.body is not None else ()
    names = [p.name for p in (*path_params, *query, *body)]
    reserved = {p.name for p in STANDARD_PARAMS} | {"self"}
    clashes = {n for n in names if names.count(n) > 1 or n in reserved}
    if clashes:
        raise CodegenError(f"{route.name}: argument names clash: {sorted(clashes)}")
    response = _type_name(route.response, imports, route.name)
    return Method(route, tuple(path_params), query, body, response)


# -- source lines, as ruff formats them -----------------------------------------------------------


def docstring(lines: Sequence[str], indent: str) -> list[str]:
    """A docstring as ruff formats it: summary line, blank line, wrapped paragraphs."""
    summary, *paragraphs = lines
    if not paragraphs:
        return [f'{indent}"""{summary}"""']
    out = [f'{indent}"""{summary}', ""]
    for i, paragraph in enumerate(paragraphs):
        if i:
            out.append("")
        out.extend(
            indent + line
            for line in textwrap.wrap(paragraph, DOC_WIDTH - len(indent), break_on_hyphens=False)
        )
    out.append(f'{indent}"""')
    return [line.rstrip() if line.strip() else "" for line in out]


def escape_doc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')


def signature(
    name: str, params: Sequence[Param], keyword_params: Sequence[Param], returns: str
) -> list[str]:
    ind2 = INDENT * 2
    lines = [f"{INDENT}async def {name}(", f"{ind2}self,"]
    lines += [f"{ind2}{p.name}: {p.annotation}," for p in params]
    lines.append(f"{ind2}*,")
    ordered = [p for p in keyword_params if p.required] + [
        p for p in keyword_params if not p.required
    ]
    for p in ordered:
        default = "" if p.required else f" = {p.default}"
        lines.append(f"{ind2}{p.name}: {p.annotation}{default},")
    lines.append(f"{INDENT}) -> {returns}:")
    return lines


def call_lines(callee: str, args: Sequence[str], indent: str, suffix: str = "") -> list[str]:
    """``callee(arg, ...)`` exploded one argument per line (kept so by ruff's trailing comma)."""
    if not args:
        return [f"{indent}{callee}(){suffix}"]
    return [f"{indent}{callee}(", *(f"{indent}{INDENT}{a}," for a in args), f"{indent}){suffix}"]


def model_call(model: type[Any], params: Sequence[Param], indent: str) -> list[str]:
    return call_lines(model.__name__, [f"{p.name}={p.name}" for p in params], indent, ",")


def prefixed(lines: list[str], prefix: str) -> list[str]:
    first = lines[0]
    stripped = first.lstrip()
    return [first[: len(first) - len(stripped)] + prefix + stripped, *lines[1:]]
