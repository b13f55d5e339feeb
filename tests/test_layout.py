"""The package's shape: no import cycle, data flowing one way, hand-written modules a sitting long.

Imports are read from the source (``ast``), every import counted: those under ``TYPE_CHECKING`` and
those inside functions too, since a cycle there is still a knot for the reader.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "ayrshare_async"
NAME = "ayrshare_async"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in PACKAGE.rglob("*.py")}


def _resolve(module: str, node: ast.ImportFrom | ast.Import, is_package: bool) -> list[str]:
    """The package modules an import statement loads (a submodule, else its package)."""
    if isinstance(node, ast.Import):
        targets = [alias.name for alias in node.names]
    else:
        base = module if is_package else module.rpartition(".")[0]
        for _ in range(node.level - 1):
            base = base.rpartition(".")[0]
        prefix = (base + "." + node.module if node.module else base) if node.level else node.module
        assert prefix is not None
        targets = [
            f"{prefix}.{alias.name}" if f"{prefix}.{alias.name}" in MODULES else prefix
            for alias in node.names
        ]
    found = []
    for target in targets:
        while target and target not in MODULES:
            target = target.rpartition(".")[0]
        if target.startswith(NAME):
            found.append(target)
    return found


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text())
        edges = graph.setdefault(module, set())
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                edges.update(_resolve(module, node, path.name == "__init__.py"))
        edges.discard(module)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_cycle_anywhere_in_the_package() -> None:
    graph = _graph()
    # The package root names everything (lazily, for type checkers): it is the top, not a node
    # that submodules reach back to.
    graph.pop(NAME, None)
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])


def test_the_checker_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_no_submodule_imports_the_package_root() -> None:
    graph = _graph()
    reaching_back = {module for module, edges in graph.items() if NAME in edges}
    assert reaching_back <= {NAME}


def test_resources_never_import_the_layers_above_them() -> None:
    graph = _graph()
    above = {f"{NAME}._client", f"{NAME}._fanout", f"{NAME}._bulk", f"{NAME}._outcomes"}
    for module, edges in graph.items():
        if module.startswith(f"{NAME}.resources") or module.startswith(f"{NAME}.models"):
            assert not edges & above, (module, edges & above)
    assert not any(
        edge.startswith(NAME) and ".testing" not in edge for edge in graph[f"{NAME}.testing"]
    )
    client_side = {m for m in graph if not m.startswith(f"{NAME}.testing")}
    command_line = {
        m for m in client_side if m == f"{NAME}.__main__" or m.startswith(f"{NAME}._cli")
    }
    for module in client_side - command_line:  # the CLI's demo runs the emulator
        assert not any(edge.startswith(f"{NAME}.testing") for edge in graph[module]), module


def test_no_hand_written_module_is_over_400_lines() -> None:
    long = {
        str(path.relative_to(PACKAGE)): lines
        for path in PACKAGE.rglob("*.py")
        if "resources" not in path.parts
        and path.name != "routes.py"
        and (lines := len(path.read_text().splitlines())) > 400
    }
    assert long == {}
