"""The layers of calculators/ (CONTRIBUTING.md, "How the code is laid out"), checked on the import
statements: no import circle, no layer importing one above it, one calculator using another only
through the names its package exports; and no test module importing another."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "calculators"
# Lowest first: a module may import its own layer or the ones before it. Every calculator folder is
# the "calculator" layer; the registry and engine sit above the calculators they run.
LAYERS = ["kit", "io", "calculator", "engine", "hosts"]
TOP_LEVEL = {"registry": "engine", "engine": "engine", "__init__": "engine", "__main__": "hosts", "data": "kit"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """The calculators.* modules a file imports, relative imports resolved."""
    here = module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("calculators")}
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            if not module.startswith("calculators"):
                continue
            for alias in node.names:  # `from . import excel` imports a module, `from .x import f` a name
                candidate = f"{module}.{alias.name}"
                found.add(
                    candidate
                    if (ROOT / Path(*candidate.split("."))).exists()
                    or (ROOT / Path(*candidate.split("."))).with_suffix(".py").exists()
                    else module
                )
    return found


def layer_of(module: str) -> str:
    parts = module.split(".")
    if parts[-1] == "__main__":  # `python -m calculators.NAME`: a command-line entry point
        return "hosts"
    if len(parts) == 1:
        return "engine"
    if parts[1] in ("kit", "io", "hosts"):
        return parts[1]
    if parts[1] in TOP_LEVEL:
        return TOP_LEVEL[parts[1]]
    return "calculator"


MODULES = {module_name(p): imports_of(p) for p in sorted(PACKAGE.rglob("*.py"))}


def test_the_layers_are_found():
    assert {layer_of(m) for m in MODULES} == set(LAYERS), "a layer was renamed: update LAYERS"


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import circle, each as the modules in order (depth-first search)."""
    found, state = [], {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                found.append([*path[path.index(nxt) :], nxt] if nxt in path else [node, nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = "done"

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    return found


def test_no_import_circle():
    # A package's __init__ re-exporting its own modules is not a circle: leave those edges out.
    graph = {m: {i for i in deps if not i.startswith(m + ".")} for m, deps in MODULES.items()}
    assert cycles(graph) == []


def test_the_circle_check_finds_a_circle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_layer_imports_one_above_it(module):
    mine = LAYERS.index(layer_of(module))
    above = sorted(i for i in MODULES[module] if LAYERS.index(layer_of(i)) > mine)
    assert not above, f"{module} ({layer_of(module)}) imports {above}, a layer above it"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer_of(m) == "calculator"))
def test_a_calculator_uses_another_only_through_its_rule(module):
    """Another calculator's package or its rule.py, never its form, settings or report."""
    own = module.split(".")[1]
    reached = sorted(
        i
        for i in MODULES[module]
        if layer_of(i) == "calculator" and i.split(".")[1] != own and i.split(".")[2:] not in ([], ["rule"])
    )
    assert not reached, f"{module} reaches into {reached}: use the names of calculators.{reached[0].split('.')[1]}.rule"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer_of(m) == "calculator"))
def test_a_calculator_uses_only_public_names_of_another(module):
    own = module.split(".")[1]
    path = ROOT / Path(*module.split(".")).with_suffix(".py")
    if not path.exists():
        path = ROOT / Path(*module.split(".")) / "__init__.py"
    others = {p.name for p in PACKAGE.iterdir() if (p / "rule.py").exists()} - {own}
    private = [
        alias.name
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.level and node.module and node.module.split(".")[0] in others
        for alias in node.names
        if alias.name.startswith("_")
    ]
    assert not private, f"{module} imports private names of another calculator: {private}"


def test_no_test_module_imports_another():
    tests = sorted((ROOT / "tests").rglob("test_*.py"))
    assert tests
    names = {p.stem for p in tests}
    for path in tests:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                assert node.module not in names, f"{path.relative_to(ROOT)} imports {node.module}: share it in a helper"
            if isinstance(node, ast.Import):
                hit = [a.name for a in node.names if a.name in names]
                assert not hit, f"{path.relative_to(ROOT)} imports {hit}: share it in a helper"
