"""The content check: every page in content/ meets the toolkit's publishing standards.

Each page is parsed into tokens with markdown-it-py and checked against these rules:

- front-matter: the YAML front matter is present and valid (title, one-sentence description,
  audiences from the allowed list, tags equal to audiences, last_reviewed an ISO date not in
  the future, review_due an ISO date after last_reviewed and at most two years after it,
  sources a non-empty list of {title, url} with http(s) URLs);
- headings: exactly one H1, equal to the title, and heading levels never skip;
- image-alt: every image has alt text;
- link-text: link text says where the link goes (no "click here", no bare URL as text, no bare URL in prose);
- nav: every page is listed in mkdocs.yml's nav;
- case-study: pages with `page_type: case-study` have the template's H2 sections, in order;
- placeholder: no placeholder text (TODO, TBC, FIXME, XXX, lorem ipsum);
- mirror-source: no link to a document-mirror or scraper site (cite the original publisher).

Every problem reads "file:line: rule: message". `check_site` collects problems across all files,
so a test can fail once and list them all.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt

AUDIENCES = ("Practitioners", "Team managers", "Senior leaders", "Council web teams")
CASE_STUDY_SECTIONS = ("Summary", "What the council did", "What changed", "What we do not know", "Sources")
VAGUE_LINK_TEXT = {"click here", "here", "read more", "link", "this page", "more", "click", "this link"}
PLACEHOLDER = re.compile(r"\b(TODO|TBC|FIXME|XXX)\b|lorem\s+ipsum", re.IGNORECASE)
URL_TEXT = re.compile(r"^\s*(https?://|www\.)\S*\s*$", re.IGNORECASE)
URL_IN_TEXT = re.compile(r"(?<![\w/])(https?://|www\.)\S+", re.IGNORECASE)
HTML_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
HTML_ALT = re.compile(r"""\balt\s*=\s*("[^"]*\S[^"]*"|'[^']*\S[^']*')""", re.IGNORECASE)
SENTENCE_BREAK = re.compile(r"[.!?][\"')\]]?\s+[A-Z0-9]")
# Sites that re-host other people's documents or news: cite the original publisher instead.
MIRROR_HOSTS = re.compile(
    r"https?://(?:[\w-]+\.)*(docplayer\.net|docest\.com|docsbay\.net|docslib\.org|vdocuments\.\w+|pdfslide\.\w+|"
    r"fdocuments\.\w+|dokumen\.tips|slidelegend\.com|readkong\.com|scribd\.com|soomnet\.site|"
    r"limitlesscommunitycare\.org|narrativecare\.org|rothera-consultancy\.com)\b",
    re.IGNORECASE,
)
MAX_REVIEW_GAP = dt.timedelta(days=731)  # a page is due for review at most two years after its last review

_MD = MarkdownIt("commonmark").enable("table")


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.rule}: {self.message}"


class _MkDocsLoader(yaml.SafeLoader):
    """A safe loader that reads mkdocs.yml: `!ENV [NAME, default]` becomes its default (or None)."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.SequenceNode):
        values = loader.construct_sequence(node)
        return values[-1] if len(values) > 1 else None
    return None


_MkDocsLoader.add_constructor("!ENV", _env)


def nav_pages(mkdocs_yml: Path) -> set[str]:
    """Every Markdown path listed in mkdocs.yml's nav, relative to docs_dir."""
    config = yaml.load(mkdocs_yml.read_text(encoding="utf-8"), Loader=_MkDocsLoader) or {}
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, str):
            if node.endswith(".md"):
                found.add(node)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)

    walk(config.get("nav") or [])
    return found


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Return (front matter text or None, body, number of lines before the body)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return None, text, 0
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            return "".join(lines[1:i]), "".join(lines[i + 1 :]), i + 1
    return None, text, 0


def check_page(rel: str, text: str, nav: set[str] | None = None, today: dt.date | None = None) -> list[Problem]:
    """All problems in one page. `rel` is the path relative to content/ (used in messages and the nav rule).

    `nav` is the set of pages in the navigation; None skips the nav rule.
    """
    today = today or dt.date.today()
    problems: list[Problem] = []

    def add(line: int, rule: str, message: str) -> None:
        problems.append(Problem(rel, line, rule, message))

    raw_meta, body, offset = split_front_matter(text)
    meta: dict[str, Any] = {}
    if raw_meta is None:
        add(
            1,
            "front-matter",
            "no front matter: start the page with a '---' block holding title, "
            "description, audiences, tags, last_reviewed, review_due and sources",
        )
    else:
        try:
            loaded = yaml.safe_load(raw_meta)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = 2 + (mark.line if mark else 0)
            add(line, "front-matter", f"front matter is not valid YAML ({exc.__class__.__name__})")
            loaded = None
        if loaded is not None and not isinstance(loaded, dict):
            add(1, "front-matter", "front matter must be a set of key: value pairs")
        elif isinstance(loaded, dict):
            meta = loaded
            _check_front_matter(meta, raw_meta, today, add)

    tokens = _MD.parse(body)
    _check_headings(tokens, offset, meta, add)
    _check_inline(tokens, offset, add)
    if meta.get("page_type") == "case-study":
        _check_case_study(tokens, offset, add)
    if nav is not None and rel not in nav:
        add(1, "nav", "page is not in the mkdocs.yml nav; add it to its section")
    for number, line in enumerate(text.splitlines(), start=1):
        match = PLACEHOLDER.search(line)
        if match:
            add(number, "placeholder", f"placeholder text {match.group(0)!r}; write the content or remove it")
        mirror = MIRROR_HOSTS.search(line)
        if mirror:
            add(
                number,
                "mirror-source",
                f"{mirror.group(1)} re-hosts other publishers' material; "
                "cite the original publisher's page or drop the claim",
            )
    return problems


def _key_line(raw_meta: str, key: str) -> int:
    for i, line in enumerate(raw_meta.splitlines()):
        if re.match(rf"{re.escape(key)}\s*:", line):
            return i + 2  # +1 for the opening '---', +1 because lines count from 1
    return 1


def _check_front_matter(meta: dict[str, Any], raw: str, today: dt.date, add) -> None:
    for check in (_title_problems, _audience_problems, _date_problems, _source_problems):
        for key, message in check(meta, today):
            add(_key_line(raw, key), "front-matter", message)


Problems = list[tuple[str, str]]  # (front-matter key, message)


def _title_problems(meta: dict[str, Any], _today: dt.date) -> Problems:
    found = []
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        found.append(("title", "title is missing or empty"))
    description = meta.get("description")
    if not isinstance(description, str) or not description.strip():
        found.append(("description", "description is missing or empty"))
    elif description.strip()[-1] not in ".?!":
        found.append(("description", "description must be one sentence ending in a full stop or question mark"))
    elif SENTENCE_BREAK.search(description.strip()):
        found.append(("description", "description must be one sentence, not several"))
    return found


def _audience_problems(meta: dict[str, Any], _today: dt.date) -> Problems:
    audiences = meta.get("audiences")
    if not isinstance(audiences, list) or not audiences:
        return [("audiences", f"audiences must be a non-empty list of: {', '.join(AUDIENCES)}")]
    found = []
    wrong = [a for a in audiences if a not in AUDIENCES]
    if wrong:
        found.append(("audiences", f"unknown audience {wrong[0]!r}; use: {', '.join(AUDIENCES)}"))
    if len(set(map(str, audiences))) != len(audiences):
        found.append(("audiences", "audiences lists the same audience twice"))
    tags = meta.get("tags")
    if not isinstance(tags, list) or sorted(map(str, tags)) != sorted(map(str, audiences)):
        found.append(("tags", "tags must list the same values as audiences"))
    return found


def _date_problems(meta: dict[str, Any], today: dt.date) -> Problems:
    found = []
    reviewed = as_date(meta.get("last_reviewed"))
    if reviewed is None:
        found.append(("last_reviewed", "last_reviewed must be an ISO date, like 2026-11-23"))
    elif reviewed > today:
        found.append(("last_reviewed", f"last_reviewed {reviewed.isoformat()} is in the future"))
    # A due date past today is not an error: the build lists such pages (scripts/review_due.py).
    due = as_date(meta.get("review_due"))
    if due is None:
        found.append(
            ("review_due", "review_due must be an ISO date, like 2027-05-23: when the page must next be checked")
        )
    elif reviewed is not None and due <= reviewed:
        found.append(
            ("review_due", f"review_due {due.isoformat()} must come after last_reviewed {reviewed.isoformat()}")
        )
    elif reviewed is not None and due - reviewed > MAX_REVIEW_GAP:
        found.append(
            (
                "review_due",
                f"review_due {due.isoformat()} is more than two years after last_reviewed; set a nearer date",
            )
        )
    return found


def _source_problems(meta: dict[str, Any], _today: dt.date) -> Problems:
    sources = meta.get("sources")
    if not isinstance(sources, list) or not sources:
        return [("sources", "sources must be a non-empty list of {title, url}")]
    found = []
    for i, source in enumerate(sources, start=1):
        if not isinstance(source, dict):
            found.append(("sources", f"source {i} must have a title and a url"))
            continue
        if not isinstance(source.get("title"), str) or not source["title"].strip():
            found.append(("sources", f"source {i} has no title"))
        url = source.get("url")
        if not isinstance(url, str) or not re.match(r"^https?://\S+$", url.strip()):
            found.append(("sources", f"source {i} url must start with http:// or https://"))
    return found


def as_date(value: Any) -> dt.date | None:
    """A front-matter date (YAML gives a date; quoted, a string), or None if it is not an ISO date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _check_headings(tokens, offset: int, meta: dict[str, Any], add) -> None:
    previous = 0
    h1s = []
    for i, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        level = int(token.tag[1])
        line = offset + token.map[0] + 1
        text = tokens[i + 1].content.strip()
        if level == 1:
            h1s.append((line, text))
        if level > previous + 1:
            expected = "H1" if previous == 0 else f"H{previous + 1} or higher"
            after = "the start of the page" if previous == 0 else f"an H{previous}"
            add(line, "headings", f"heading level skips: H{level} {text!r} follows {after}; use {expected}")
        previous = level
    if not h1s:
        add(offset + 1, "headings", "page has no H1; start the page with '# ' and the title")
    for line, _ in h1s[1:]:
        add(line, "headings", "page has more than one H1; use H2 for sections")
    title = meta.get("title")
    if h1s and isinstance(title, str) and h1s[0][1] != title.strip():
        add(h1s[0][0], "headings", f"H1 {h1s[0][1]!r} must equal the title {title.strip()!r}")


def _check_inline(tokens, offset: int, add) -> None:
    for token in tokens:
        if token.type == "html_block":
            _check_html(token.content, offset + token.map[0] + 1, add)
        if token.type == "inline" and token.children:
            _check_inline_children(token.children, offset + token.map[0] + 1, add)


def _check_inline_children(children, line: int, add) -> None:
    link_text: list[str] | None = None  # the text of the link being read, if inside one
    link_line = line
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type == "image":
            alt = _check_image(child, line, add)
            if link_text is not None:
                link_text.append(alt)
        elif child.type == "html_inline":
            _check_html(child.content, line, add)
        elif child.type == "link_open":
            link_text, link_line = [], line
        elif child.type == "link_close" and link_text is not None:
            _check_link_text("".join(link_text), link_line, add)
            link_text = None
        elif link_text is not None and child.type in ("text", "code_inline"):
            link_text.append(child.content)
        elif child.type == "text" and URL_IN_TEXT.search(child.content):
            bare = URL_IN_TEXT.search(child.content).group(0)
            add(line, "link-text", f"bare URL {bare!r} in text; make it a link whose text names the source")


def _check_image(image, line: int, add) -> str:
    """Report an image without alt text; returns the alt text (part of a link's text)."""
    alt = "".join(c.content for c in (image.children or [])) or image.content
    if not alt.strip():
        add(line, "image-alt", f"image {image.attrGet('src')!r} has no alt text; describe what it shows")
    return alt


def _check_link_text(text: str, line: int, add) -> None:
    cleaned = re.sub(r"[^\w\s]", "", text).strip().lower()
    if not text.strip():
        add(line, "link-text", "link has no text; say where it goes")
    elif URL_TEXT.match(text):
        add(line, "link-text", f"link text is a bare URL {text.strip()!r}; name the page or source instead")
    elif cleaned in VAGUE_LINK_TEXT:
        add(line, "link-text", f"link text {text.strip()!r} does not say where it goes; name the page or source")


def _check_html(html: str, line: int, add) -> None:
    for img in HTML_IMG.findall(html):
        if not HTML_ALT.search(img):
            add(line, "image-alt", "HTML image has no alt text; describe what it shows")


def _check_case_study(tokens, offset: int, add) -> None:
    h2s = [tokens[i + 1].content.strip() for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2"]
    missing = [s for s in CASE_STUDY_SECTIONS if s not in h2s]
    if missing:
        add(offset + 1, "case-study", f"case study is missing the H2 section(s): {', '.join(missing)}")
        return
    positions = [h2s.index(s) for s in CASE_STUDY_SECTIONS]
    if positions != sorted(positions):
        order = ", ".join(CASE_STUDY_SECTIONS)
        add(offset + 1, "case-study", f"case study sections must come in this order: {order}")


def content_files(content_dir: Path) -> Iterable[Path]:
    return sorted(p for p in content_dir.rglob("*.md") if p.is_file())


def check_site(root: Path, today: dt.date | None = None) -> list[Problem]:
    """Problems in every content/**/*.md page of the project at `root`."""
    content = root / "content"
    nav = nav_pages(root / "mkdocs.yml")
    problems: list[Problem] = []
    for path in content_files(content):
        rel = path.relative_to(content).as_posix()
        for problem in check_page(rel, path.read_text(encoding="utf-8"), nav, today):
            problems.append(Problem(f"content/{problem.file}", problem.line, problem.rule, problem.message))
    return problems
