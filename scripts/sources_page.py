"""Write content/reference/sources.md from the `sources` in every page's front matter.

    .venv/bin/python scripts/sources_page.py           # rewrite the page
    .venv/bin/python scripts/sources_page.py --check   # exit 1 if the page is out of date

Everything above the MARKER line is written by hand and kept; the lists below it are generated,
grouped by the first section of the site (in menu order) that cites each source.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
PAGE = CONTENT / "reference" / "sources.md"
MARKER = "<!-- Generated below by scripts/sources_page.py from each page's front matter: edit above. -->"
SECTIONS = (  # (heading, pages) in the site's menu order: a path, or a folder ending in /
    ("Across the toolkit", "index.md"),
    ("What government has committed to", "commitments/"),
    ("Caseload and workload", "workload/"),
    ("Hybrid working", "hybrid-working/"),
    ("Supervision", "supervision/"),
    ("Admin and business support", "admin-support/"),
    ("AI in case recording", "ai-case-recording/"),
    ("Digital practice", "digital-practice/"),
    ("Workforce planning", "workforce-planning/"),
    ("Reference", "reference/"),
)
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def section_of(rel: str) -> int:
    """Index in SECTIONS; a page outside them (a council's local page, say) counts as site-wide."""
    for i, (_, pages) in enumerate(SECTIONS):
        if rel == pages or (pages.endswith("/") and rel.startswith(pages)):
            return i
    return 0


def cited_sources() -> dict[str, dict]:
    """url -> {"title", "pages": [(path, page title)]}, from every page but this one."""
    found: dict[str, dict] = {}
    for path in sorted(CONTENT.rglob("*.md")):
        rel = path.relative_to(CONTENT).as_posix()
        match = FRONT_MATTER.match(path.read_text(encoding="utf-8"))
        if rel == "reference/sources.md" or not match:
            continue
        meta = yaml.safe_load(match.group(1)) or {}
        for source in meta.get("sources") or []:
            if isinstance(source, dict) and source.get("url"):
                entry = found.setdefault(
                    source["url"].strip(), {"title": str(source.get("title", "")).strip(), "pages": []}
                )
                entry["pages"].append((rel, str(meta.get("title", rel))))
    return found


def link_to(rel: str, title: str) -> str:
    target = rel.removeprefix("reference/") if rel.startswith("reference/") else f"../{rel}"
    return f"[{title}]({target})"


def render() -> str:
    text = PAGE.read_text(encoding="utf-8")
    if MARKER not in text:
        raise SystemExit(f"{PAGE.relative_to(ROOT)} needs the line {MARKER!r} above the generated lists")
    head = text[: text.index(MARKER) + len(MARKER)]
    groups: dict[int, list[tuple[str, dict]]] = {}
    for url, entry in cited_sources().items():
        groups.setdefault(min(section_of(rel) for rel, _ in entry["pages"]), []).append((url, entry))
    out = [head.rstrip() + "\n"]
    for index, (heading, _) in enumerate(SECTIONS):
        if index not in groups:
            continue
        out.append(f"\n## {heading}\n")
        for url, entry in sorted(groups[index], key=lambda item: item[1]["title"].lower()):
            used = ", ".join(link_to(rel, title) for rel, title in sorted(set(entry["pages"])))
            out.append(f"- [{entry['title'] or url}]({url})  \n  Used on: {used}.\n")
    return "".join(out)


def main(argv: list[str]) -> int:
    new = render()
    if "--check" in argv:
        if new != PAGE.read_text(encoding="utf-8"):
            print(f"{PAGE.relative_to(ROOT)} is out of date: run `make sources`", file=sys.stderr)
            return 1
        return 0
    PAGE.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
