"""The generator: the committed ``resources/`` are exactly what it writes from ``routes.py`` now,
its output is formatted as written, and the generated methods have the documented shape."""

from __future__ import annotations

import gc
import inspect
import subprocess
import sys
import weakref
from pathlib import Path

import attrs
import pytest

from ayrshare_async import AsyncAyrshare, _codegen
from ayrshare_async._options import NOT_GIVEN
from ayrshare_async._route import PathParam, Route
from ayrshare_async.models import PostCreateBody, PostCreateResponse
from ayrshare_async.resources import RawResources, Resources
from ayrshare_async.resources.post import PostResource
from ayrshare_async.resources.profiles import ProfilesResource
from ayrshare_async.routes import ROUTES

RESOURCES = Path(_codegen.__file__).parent / "resources"


def test_committed_resources_match_the_generator(tmp_path: Path) -> None:
    written = _codegen.generate(tmp_path)
    fresh = {path.name: path.read_text(encoding="utf-8") for path in written}
    committed = {path.name: path.read_text(encoding="utf-8") for path in RESOURCES.glob("*.py")}
    assert sorted(committed) == sorted(fresh), "resources/ has stale or missing modules"
    stale = [name for name in fresh if committed[name] != fresh[name]]
    assert stale == [], f"run `python -m ayrshare_async._codegen`: {stale} differ"


def test_output_is_formatted_as_written() -> None:
    """Without ruff the generator writes the same text, so the check needs no formatter."""
    for group in _codegen.GROUPS:
        rendered = _codegen.render(group, [r for r in ROUTES if r.group == group])
        assert rendered == (RESOURCES / f"{group}.py").read_text(encoding="utf-8"), group
    assert _codegen.render_init() == (RESOURCES / "__init__.py").read_text(encoding="utf-8")


def test_every_module_starts_with_the_header() -> None:
    for path in RESOURCES.glob("*.py"):
        assert path.read_text(encoding="utf-8").startswith(_codegen.HEADER + "\n"), path.name


def test_every_group_has_a_client_attribute() -> None:
    client = AsyncAyrshare(api_key="k" * 16)
    for group in _codegen.GROUPS:
        assert isinstance(vars(Resources)[group], property)
        assert isinstance(vars(RawResources)[group], property)
        resource = getattr(client, group)
        assert type(resource).__name__ == f"{_codegen._class_name(group)}Resource"
        assert resource._client is client
    assert {route.group for route in ROUTES} <= set(_codegen.GROUPS)


def test_a_view_and_its_resources_are_freed_without_the_garbage_collector() -> None:
    """fan_out makes a view per key: a view/resource cycle would leave each one to the GC."""
    client = AsyncAyrshare(api_key="k" * 16)
    gc.disable()
    try:
        view = client.with_profile("profile-key")
        resources = [getattr(view, group) for group in _codegen.GROUPS]
        raw = view.with_raw_response.user
        freed = weakref.ref(view)
        del view, resources, raw
        assert freed() is None
    finally:
        gc.enable()


def test_method_shape() -> None:
    signature = inspect.signature(PostResource.create)
    params = signature.parameters
    assert params["platforms"].kind is inspect.Parameter.KEYWORD_ONLY
    assert params["platforms"].default is inspect.Parameter.empty
    assert params["post"].default is None
    body_fields = [f.alias for f in attrs.fields(PostCreateBody)]
    standard = [
        "extra_headers",
        "extra_query",
        "extra_body",
        "profile_key",
        "timeout",
        "max_retries",
    ]
    assert set(params) == {"self", *body_fields, *standard}
    assert list(params)[-6:] == standard
    assert signature.return_annotation == "PostCreateResponse"
    assert PostCreateResponse.__name__ in inspect.getsource(PostResource.create)
    doc = inspect.getdoc(PostResource.create) or ""
    assert "``POST /post``" in doc and "Profile-Key" in doc and "idempotencyKey" in doc


def test_path_params_are_positional_and_paginated_routes_get_an_iterator() -> None:
    from ayrshare_async.resources.history import HistoryResource

    by_platform = inspect.signature(HistoryResource.by_platform).parameters["platform"]
    assert by_platform.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
    assert inspect.isasyncgenfunction(ProfilesResource.iter)
    assert inspect.isasyncgenfunction(HistoryResource.iter_by_platform)
    assert "uncertain" not in (inspect.getdoc(ProfilesResource.list) or "").lower()
    assert "Unconfirmed:" in (inspect.getdoc(HistoryResource.by_platform) or "")


def test_required_profile_key_is_documented() -> None:
    doc = inspect.getdoc(ProfilesResource.update) or ""
    assert "required" in doc and "ValidationError" in doc
    assert "never sent" in (inspect.getdoc(ProfilesResource.create) or "")


def test_profile_key_is_an_argument_only_where_the_route_accepts_one() -> None:
    import inspect

    from ayrshare_async import AsyncAyrshare

    client = AsyncAyrshare("key")
    checked = 0
    for route in ROUTES:
        method = getattr(getattr(client, route.group), route.method_name)
        params = inspect.signature(method).parameters
        assert ("profile_key" in params) == (route.profile_key != "refused"), route.name
        assert params["timeout"].default is NOT_GIVEN, route.name
        checked += 1
    assert checked == len(ROUTES)


def test_argument_name_clashes_are_refused() -> None:
    clash = Route(
        name="post.odd",
        method="POST",
        path="/post/{post}",
        summary="s",
        response=PostCreateResponse,
        body=PostCreateBody,
        path_params=(PathParam("post"),),
    )
    with pytest.raises(_codegen.CodegenError, match="clash"):
        _codegen.render("post", [clash])


def test_unknown_groups_are_refused(tmp_path: Path) -> None:
    stray = Route(
        name="nope.get", method="GET", path="/nope", summary="s", response=PostCreateResponse
    )
    with pytest.raises(_codegen.CodegenError, match="nope"):
        _codegen.generate(tmp_path, [stray])


def test_group_modules_load_lazily() -> None:
    code = (
        "import sys, ayrshare_async.resources as r\n"
        "assert not [m for m in sys.modules if m.startswith('ayrshare_async.resources.')]\n"
        "assert 'ayrshare_async.routes' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
