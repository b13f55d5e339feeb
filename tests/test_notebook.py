"""The notebook in docs/ runs in a real Jupyter kernel (nbclient) against the in-process emulator,
and what it shows is readable: no errors or warnings, and every model's repr under 300
characters."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).parent.parent / "docs" / "notebooks" / "quickstart.ipynb"
_MODEL_REPR = re.compile(r"^[A-Z]\w+\(")


@pytest.fixture(scope="module")
def executed(monkeypatch_module: pytest.MonkeyPatch) -> nbformat.NotebookNode:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(notebook, kernel_name="python3", timeout=120).execute()
    return notebook


@pytest.fixture(scope="module")
def monkeypatch_module() -> pytest.MonkeyPatch:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUPYTER_PLATFORM_DIRS", "1")  # no path-migration warning from jupyter_core
        yield patch


def _outputs(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [out for cell in notebook.cells if cell.cell_type == "code" for out in cell.outputs]


def test_no_cell_fails_or_warns(executed: nbformat.NotebookNode) -> None:
    for output in _outputs(executed):
        assert output.output_type != "error", output
        assert not (output.output_type == "stream" and output.name == "stderr"), output.text


def test_models_show_in_under_300_characters(executed: nbformat.NotebookNode) -> None:
    shown = [
        out.data["text/plain"]
        for out in _outputs(executed)
        if out.output_type == "execute_result" and _MODEL_REPR.match(out.data["text/plain"])
    ]
    assert {text.split("(")[0] for text in shown} >= {
        "UserDetails",
        "ProfileCreateResponse",
        "PostCreateResponse",
    }
    for text in shown:
        assert len(text) < 300, text
        assert "None" not in text


def test_the_progress_bar_is_a_widget(executed: nbformat.NotebookNode) -> None:
    """With the progress extra (ipywidgets), tqdm draws a widget, not the text fallback."""
    widgets = [
        out
        for out in _outputs(executed)
        if "application/vnd.jupyter.widget-view+json" in out.get("data", {})
    ]
    assert widgets
