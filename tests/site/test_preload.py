"""Calculator pages start Python from <head> and name all the calculator code at once
(toolkit_site.preload); guidance pages load none of it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from toolkit_site.preload import ENTRY, module_graph

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.build

CALCULATOR_PAGE = "workload/individual-calculator/index.html"
GUIDANCE_PAGE = "workload/caseload-and-workload/index.html"


def head(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8").split("</head>")[0]


def test_the_module_graph_follows_static_and_dynamic_imports():
    names = {p.name for p in module_graph(ROOT / "content" / ENTRY)}
    assert {"runtime.js", "worker-protocol.js", "how-to.js"} <= names  # static imports
    assert {"calculator.js", "file-fields.js", "table-grid.js", "history-store.js"} <= names  # behind import()
    on_disk = {p.name for p in (ROOT / "content/assets/js/calculator").glob("*.js")}
    assert on_disk <= names, f"modules no page would preload: {sorted(on_disk - names)}"


def test_a_calculator_page_preloads_every_module_and_starts_python_with_its_bundle(built_site: Path):
    page = head(built_site, CALCULATOR_PAGE)
    preloaded = re.findall(r'<link rel="modulepreload" href="([^"]+)">', page)
    expected = [p for p in module_graph(built_site / ENTRY) if p.name != "calculators.js"]
    assert len(preloaded) == len(expected) and len(set(preloaded)) == len(preloaded)
    folder = (built_site / CALCULATOR_PAGE).parent
    assert all((folder / href).resolve().is_file() for href in preloaded), preloaded
    [starter] = re.findall(r'<script type="module" async src="([^"]+)" data-toolkit-wheel="([^"]+)">', page)
    assert (folder / starter[0]).resolve() == (built_site / "assets/js/start-python.js").resolve()
    body_wheel = re.search(r'data-wheel="([^"]+)"', (built_site / CALCULATOR_PAGE).read_text(encoding="utf-8"))
    assert starter[1] == body_wheel.group(1)
    assert (built_site / "assets/calculators" / starter[1]).is_file()


def test_a_guidance_page_names_none_of_the_calculator_code(built_site: Path):
    page = head(built_site, GUIDANCE_PAGE)
    assert "modulepreload" not in page and "start-python.js" not in page
