"""The structure docs/architecture.md describes, checked: no import cycle, a pure core, small modules,
and an output format added with one module and one registry line."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "civcheck"
EXAMPLES = ROOT / "examples" / "chengjiao"


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = modules()


def imports(path: Path, lazy: bool) -> set[str]:
    """The civcheck modules *path* imports: at its top level, or anywhere (imports inside functions too).

    Imports under ``if TYPE_CHECKING:`` are left out: they never run.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = list(ast.walk(tree)) if lazy else [n for n in tree.body if not isinstance(n, ast.If)]
    if lazy:
        checking = {id(n) for block in ast.walk(tree) if isinstance(block, ast.If) and "TYPE_CHECKING" in
                    ast.unparse(block.test) for stmt in block.body for n in ast.walk(stmt)}  # fmt: skip
        nodes = [n for n in nodes if id(n) not in checking]
    names: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.update(f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in MODULES else node.module
                         for alias in node.names)  # fmt: skip
    out = set()
    for name in names:
        while name and name not in MODULES:
            name = name.rpartition(".")[0]
        if name:
            out.add(name)
    return out


def graph(lazy: bool) -> dict[str, set[str]]:
    return {name: imports(path, lazy) - {name} for name, path in MODULES.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in edges:
        if v not in index:
            visit(v)
    return found


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("lazy", [False, True], ids=["top-level", "with-lazy-imports"])
def test_the_import_graph_has_no_cycle(lazy: bool) -> None:
    assert cycles(graph(lazy)) == []


CORE = ("civcheck.model", "civcheck.scoring", "civcheck.kinds", "civcheck.views", "civcheck.bulletin",
        "civcheck.ledger", "civcheck.rounds")  # fmt: skip
IO_MODULES = {"subprocess", "shutil", "tempfile", "pathlib", "io", "socket", "urllib"}


def test_the_core_does_no_io() -> None:
    """Model, scoring, kinds, views, bulletin, ledger and rounds reach no module that reads or writes files."""
    edges = graph(lazy=True)
    reached: set[str] = set()
    todo = list(CORE)
    while todo:
        name = todo.pop()
        if name not in reached:
            reached.add(name)
            todo.extend(edges[name])
    assert not {m for m in reached if m.startswith(("civcheck.formats", "civcheck.render", "civcheck.cli"))}
    assert not reached & {"civcheck.atomic", "civcheck.batch", "civcheck.catalog", "civcheck.answers_file"}
    for name in sorted(reached):
        tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
        used = {alias.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)
                for alias in (n.names if isinstance(n, ast.Import) else [ast.alias(n.module or "")])}  # fmt: skip
        assert not used & IO_MODULES, (name, used & IO_MODULES)
        calls = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
        assert "open" not in calls and "print" not in calls, name


def test_only_the_commands_import_the_commands_and_the_entry_points() -> None:
    edges = graph(lazy=True)
    above = {name for name in MODULES if name.startswith("civcheck.cli")} | {"civcheck.api", "civcheck.__main__"}
    wrong = {name: sorted(edges[name] & above) for name in MODULES if name not in above and name != "civcheck"}
    assert {name: found for name, found in wrong.items() if found} == {}


def test_a_long_module_says_why_at_its_top() -> None:
    long = []
    for name, path in MODULES.items():
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > 500 and "Why this module is long" not in (ast.get_docstring(ast.parse(text)) or ""):
            long.append(f"{name}: {text.count(chr(10))} lines")
    assert long == []


def test_every_module_has_a_docstring() -> None:
    assert [n for n, p in MODULES.items() if not ast.get_docstring(ast.parse(p.read_text(encoding="utf-8")))] == []


def test_every_registered_renderer_is_a_function_of_data_and_context() -> None:
    import inspect

    from civcheck.render import REGISTRY

    assert len({(r.kind, r.name) for r in REGISTRY}) == len(REGISTRY)
    for renderer in REGISTRY:
        parameters = list(inspect.signature(renderer.function).parameters)
        assert len(parameters) == 2, renderer.target


def test_an_output_format_is_one_module_and_one_registry_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The worked example of docs/architecture.md, run: a tab-separated bulletin."""
    module = tmp_path / "tsv_example.py"
    module.write_text(
        "from civcheck.render import Context\n"
        "def bulletin(data, ctx: Context) -> str:\n"
        "    lines = ['rank\\tsite\\tscore']\n"
        "    lines += [f'{n}\\t{r.site}\\t{r.rounded}' for n, r in data.ranked]\n"
        "    return '\\n'.join(lines) + '\\n'\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    import civcheck.render as render

    line = render.Renderer("bulletin", "tsv", "tab-separated ranking", "tsv_example:bulletin")
    monkeypatch.setattr(render, "REGISTRY", (*render.REGISTRY, line))
    from civcheck.cli import app

    result = CliRunner().invoke(app, ["score", str(EXAMPLES / "2026-08"), "--format", "tsv", "--no-progress"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "rank\tsite\tscore" and lines[1].startswith("1\t") and len(lines) > 5
    sys.modules.pop("tsv_example", None)
