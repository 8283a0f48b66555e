"""Calculator pages start Python from `<head>` and name every module of the calculator code in
`<link rel="modulepreload">`.

The calculator code is a few dozen small modules that import one another. Without the links the
browser finds each level of imports only once the level above has arrived: on a repeat visit
that was a third of a second before Python could start, and on a phone's connection a round
trip (about half a second) a level. With them, it fetches all of them at once while it reads the
page. And Python starts (start-python.js, with the page's bundle) as soon as the head is read,
instead of after the theme has started: on a repeat visit that was half a second later. Guidance
pages get none of this: they load none of this code.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

ENTRY = "assets/js/calculators.js"
STARTER = "assets/js/start-python.js"
CALCULATOR_MARK = "data-calculator="
WHEEL = re.compile(r'data-wheel="([^"]+)"')
# `import … from "./x.js"`, `import "./x.js"` and `import("./x.js")`: the relative ones only.
IMPORT = re.compile(r"""(?:^|\n)\s*import\s[^;]*?["'](\.\.?/[^"']+)["']|import\(\s*["'](\.\.?/[^"']+)["']\s*\)""")


def module_graph(entry: Path) -> list[Path]:
    """`entry` and every module it imports, directly or not (static and dynamic imports)."""
    found: set[Path] = set()
    waiting = [entry.resolve()]
    while waiting:
        module = waiting.pop()
        if module in found or not module.is_file():
            continue
        found.add(module)
        for static, dynamic in IMPORT.findall(module.read_text(encoding="utf-8")):
            waiting.append((module.parent / (static or dynamic)).resolve())
    return sorted(found)


def add_preloads(site_dir: Path) -> int:
    """Add the links to every page of `site_dir` that holds a calculator; returns how many pages."""
    entry = site_dir / ENTRY
    if not entry.is_file():
        return 0
    modules = [m for m in module_graph(entry) if m != entry.resolve()]
    starter = (site_dir / STARTER).resolve()
    pages = 0
    for page in sorted(site_dir.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        wheel = WHEEL.search(html)
        if CALCULATOR_MARK not in html or 'rel="modulepreload"' in html or "</head>" not in html:
            continue
        folder = page.parent.resolve()
        links = "".join(f'<link rel="modulepreload" href="{_relative(m, folder)}">' for m in modules)
        if wheel and starter.is_file():
            src = _relative(starter, folder)
            links += f'<script type="module" async src="{src}" data-toolkit-wheel="{wheel.group(1)}"></script>'
        page.write_text(html.replace("</head>", links + "</head>", 1), encoding="utf-8")
        pages += 1
    return pages


def _relative(file: Path, folder: Path) -> str:
    return Path(os.path.relpath(file, folder)).as_posix()
