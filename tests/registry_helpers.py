"""What the tests loop over, taken from the registry and the pages, so a new calculator is tested
without anyone editing a list of calculators in a test."""

from __future__ import annotations

import re
from pathlib import Path

import calculators

CONTENT = Path(__file__).resolve().parents[1] / "content"
PLACED = re.compile(r"^/// calculator \| (\w+)", re.M)


def calculator_pages() -> dict[str, str]:
    """Calculator name -> the site path of the first page that places it ("workload/team-calculator/")."""
    pages: dict[str, str] = {}
    for page in sorted(CONTENT.rglob("*.md")):
        path = page.relative_to(CONTENT).with_suffix("")
        site_path = (path.parent if path.name == "index" else path).as_posix() + "/"
        for name in PLACED.findall(page.read_text(encoding="utf-8")):
            pages.setdefault(name, site_path)
    if missing := sorted(set(calculators.CALCULATORS) - set(pages)):
        raise AssertionError(f"no page places {missing}: add `/// calculator | NAME` to a page in content/")
    return pages
