"""The code's shape, checked where no linter checks it: short functions in the calculators and the
build and benchmark scripts (CONTRIBUTING.md: "no function over 60 lines"), so a council analyst
can read any one of them on a screen."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 60
SOURCES = sorted([*(ROOT / "calculators").rglob("*.py"), *(ROOT / "scripts").rglob("*.py")])


def long_functions(source: str, limit: int = MAX_LINES) -> list[str]:
    """'name (N lines)' for every function or method longer than `limit` lines, docstring included."""
    return [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > limit
    ]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_function_is_over_60_lines(path: Path):
    assert long_functions(path.read_text(encoding="utf-8")) == [], f"split these in {path.relative_to(ROOT)}"


def test_the_check_finds_a_long_function():
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_LINES))
    assert long_functions(f"def short():\n    pass\n\ndef long():\n{body}\n") == ["long (61 lines)"]
