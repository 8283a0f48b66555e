"""A council's pages: its own and replaced pages (front matter, what changed upstream), its menu, the pages
it hides, and the links to a hidden page, which the build turns into plain text."""

from __future__ import annotations

import difflib
import functools
import hashlib
import posixpath
import re
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from .council_load import Council

ROOT = Path(__file__).resolve().parents[2]
UPSTREAM_CONTENT = ROOT / "content"
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
REQUIRED_FRONT_MATTER = ("title", "description", "last_reviewed")
# [text](target "title") and ![alt](target); the target is a page path, maybe with an #anchor
LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HTML_LINK = re.compile(r"""href=["']([^"'#]+)""")


def page_hash(path: Path) -> str:
    """A short fingerprint of one of our pages, recorded in a council's replacement as `replaces_upstream`."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def check_pages(council: Council) -> None:
    """The council's own pages (front matter, replaced upstream pages), its menu and its hidden pages."""
    own = council.folder / "content"
    for page in sorted(own.rglob("*.md")) if own.is_dir() else []:
        check_page(council, own, page)
    check_menu(council, own)
    check_hidden(council)


def check_page(council: Council, own: Path, page: Path) -> None:
    relative = page.relative_to(own).as_posix()
    text = page.read_text(encoding="utf-8")
    match = FRONT_MATTER.match(text)
    try:
        meta = yaml.safe_load(match.group(1)) if match else None
    except yaml.YAMLError as problem:
        council.problems.append(f"{page}: front matter is not valid YAML ({problem}). Fix: correct it.")
        return
    if not isinstance(meta, dict):
        council.problems.append(
            f"{page}: no front matter. Fix: start the page with `---`, "
            f"{', '.join(REQUIRED_FRONT_MATTER)}, then `---` (see the example's local page)."
        )
        return
    for key in REQUIRED_FRONT_MATTER:
        if not meta.get(key):
            council.problems.append(f"{page}: front matter key `{key}` is missing or empty. Fix: add it.")
    upstream = UPSTREAM_CONTENT / relative
    if upstream.is_file():  # a replaced page: has ours changed since the council copied it?
        now = page_hash(upstream)
        if meta.get("replaces_upstream") != now:
            council.upstream_changes.append((page, upstream))
            council.notices.append(
                f"{page}: replaces our content/{relative}, which has changed since you copied it "
                f"(recorded {meta.get('replaces_upstream') or 'nothing'}, now {now}). Fix: compare the two "
                f"(the differences are below), then set `replaces_upstream: {now}` in its front matter."
            )


def check_menu(council: Council, own: Path) -> None:
    entries = council.settings.get("local_nav")
    if entries is not None and not isinstance(entries, list):
        council.problem("local_nav", "must be a list of pages, e.g. `- Allocation meetings: local/allocation.md`.")
        return
    for entry in entries or []:
        target = next(iter(entry.values())) if isinstance(entry, dict) and len(entry) == 1 else entry
        if not isinstance(target, str) or not target.endswith(".md"):
            council.problem(
                "local_nav", f"entry {entry!r} must look like `- Allocation meetings: local/allocation.md`."
            )
            continue
        if not (own / target).is_file() and not (UPSTREAM_CONTENT / target).is_file():
            council.problem(
                "local_nav",
                f"the page {target!r} does not exist. Fix: create {own / target} "
                "(paths are relative to the council's content/ folder) or remove the entry.",
            )


def check_hidden(council: Council) -> None:
    hidden = council.settings.get("hide") or []
    if not isinstance(hidden, list):
        council.problem("hide", "must be a list of our pages, e.g. `hide: [workload/croydon.md]`.")
        return
    ours = [p.relative_to(UPSTREAM_CONTENT).as_posix() for p in UPSTREAM_CONTENT.rglob("*.md")]
    for page in hidden:
        if not (UPSTREAM_CONTENT / str(page)).is_file():
            near = difflib.get_close_matches(str(page), ours, n=1)
            council.problem(
                "hide",
                f"{page!r} is not one of our pages. Fix: "
                + (f"did you mean {near[0]!r}?" if near else "give its path under content/."),
            )
    if hidden and not council.problems:
        changed, left = unlink_hidden(_pages(council), {str(h) for h in hidden}, dry_run=True)
        council.notices += [f"{council.config_file}: hide: {line}" for line in changed]
        for line in left:
            council.problem("hide", line)


def _pages(council: Council) -> dict[str, Path]:
    """Every page the copy will have (ours, then the council's on top), by path under content/."""
    pages = {p.relative_to(UPSTREAM_CONTENT).as_posix(): p for p in UPSTREAM_CONTENT.rglob("*.md")}
    own = council.folder / "content"
    pages.update({p.relative_to(own).as_posix(): p for p in own.rglob("*.md")} if own.is_dir() else {})
    return pages


def _plain(match: re.Match[str], folder: str, hidden: set[str], changed: list[str]) -> str:
    """A Markdown link as it stays, or as its text when it leads to a hidden page (an image: dropped)."""
    target = match.group(3).split("#", 1)[0]
    if not target or "://" in target or posixpath.normpath(posixpath.join(folder, target)) not in hidden:
        return match.group(0)
    changed.append(target)
    return "" if match.group(1) else match.group(2)


def unlink_hidden(pages: dict[str, Path], hidden: set[str], dry_run: bool = False) -> tuple[list[str], list[str]]:
    """Turn each Markdown link to a hidden page into its plain text (an image of one is dropped), in place
    unless `dry_run`. Returns (one line per page changed, one per link in raw HTML, which is left: it
    cannot be rewritten safely)."""
    report: list[str] = []
    left: list[str] = []
    for name, file in sorted(pages.items()):
        if name in hidden:
            continue
        text = file.read_text(encoding="utf-8")
        folder = posixpath.dirname(name)
        changed: list[str] = []
        new = LINK.sub(functools.partial(_plain, folder=folder, hidden=hidden, changed=changed), text)
        if changed:
            report.append(f"{len(changed)} link(s) to hidden pages turned into plain text in {name}")
            if not dry_run:
                file.write_text(new, encoding="utf-8")
        # a link in HTML is relative to the page's address: workload/x.md is served at workload/x/
        address = folder if name.endswith("index.md") else name[: -len(".md")]
        for target in HTML_LINK.findall(new):
            page = posixpath.normpath(posixpath.join(address, target)).removesuffix("/index.html")
            if {f"{page}.md", f"{page}/index.md"} & hidden:
                left.append(f"{name} links to the hidden page {page} in HTML (href={target!r}). Fix: remove it")
    return report, left
