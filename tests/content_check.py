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
- mirror-source: no link to a document-mirror or scraper site (cite the original publisher);
- national-figures: a page that gives a national statistic (an average caseload, vacancy, agency or
  turnover figure for England) cites the Department for Education's own statistics
  (explore-education-statistics.service.gov.uk or gov.uk), each such sentence gives its year, and a
  sentence or table row that links a source for the figure links the department's own (the generated
  sources page, which lists other publishers' titles, is not read for figures);
- publication-date: a date given right beside a named publication matches the date kept for it in
  tests/publications.yaml;
- wording: no phrase this project has had to correct (a caseload of "N children", managers who
  "hold no cases", decisions that "wait on the Spending Review"); the changelog, which quotes the
  old wording as the value it corrected, is exempt;
- repeated-paragraph (across pages, in `check_site`): no paragraph of eight words or more appears
  word for word on more than three pages; say it once and link to it.

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
PUBLICATIONS_FILE = Path(__file__).with_name("publications.yaml")
# National statistics: the department's own statistics service, or GOV.UK where its releases used to live.
DEPARTMENT_STATS = re.compile(r"https?://(?:www\.)?(?:explore-education-statistics\.service\.gov\.uk|gov\.uk)/", re.I)
NATIONAL = re.compile(r"\b(England|England's|national(?:ly)?|English councils)\b", re.I)
STATISTIC = re.compile(
    r"\b(average caseloads?|caseloads?|vacanc(?:y|ies)|agency (?:rate|social workers|workers|staff)|turnover|"
    r"social workers in post|case-holding|case-holders?|cases held)\b",
    re.I,
)
# A figure: a decimal, a number with thousands separators, or a percentage (plain whole numbers are
# too often counts of pages, steps or years to tell apart).
FIGURE = re.compile(r"(?<![\w.,])(\d+(?:\.\d+)?\s?%|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)")
LINK_URL = re.compile(r"\]\((https?://[^)\s]+)\)")
YEAR = re.compile(r"\b(19|20)\d{2}\b")
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z*\[(])")
MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
DATE = re.compile(
    r"\b(?:(\d{1,2})\s+)?(" + "|".join(m[:3] for m in MONTHS) + r")[a-z]*\.?\s+((?:19|20)\d{2})\b"
    r"|\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b",
    re.I,
)
# What may stand between a publication's name and its date: punctuation and a few linking words.
DATE_GAP = re.compile(
    r"^[\s,:;()\u2013\u2014-]*(?:(?:which|was|is|published|updated|dated|issued|concluded|on|in)[\s,:;()]*)*$", re.I
)
WORDING = (
    (
        re.compile(r"\baverage caseload\b[^.]*?\b\d+(?:\.\d+)?\s+children\b", re.I),
        "the average caseload counts cases, not children: write 'N cases'",
    ),
    (
        re.compile(r"\bmanagers?\s+who\s+holds?\s+no\s+cases\b", re.I),
        "the source says 'predominantly non-case holding', not that managers hold no cases",
    ),
    (
        re.compile(r"\bwait(?:s|ing)?\s+(?:on|for)\s+the\s+Spending\s+Review\b", re.I),
        "the Spending Review concluded on 11 June 2025; say what the DfE said it would consider after it",
    ),
)
LINK_ONLY = re.compile(r"\[[^\]]*\]\([^)]*\)[.;]?")
LISTS_SOURCE_TITLES = {"reference/sources.md"}  # generated: sources' titles, whose figures are not claims
RECORDS_OLD_WORDING = {"reference/changelog.md"}  # it quotes corrected wording as the "was" value
MIN_REPEAT_WORDS = 8  # shorter paragraphs (a link to a related page, say) may recur
MAX_PAGES_PER_PARAGRAPH = 3

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


def check_page(
    rel: str,
    text: str,
    nav: set[str] | None = None,
    today: dt.date | None = None,
    publications: list[Publication] | None = None,
) -> list[Problem]:
    """All problems in one page. `rel` is the path relative to content/ (used in messages and the nav rule).

    `nav` is the set of pages in the navigation; None skips the nav rule. `publications` are the named
    publications and their dates (default: tests/publications.yaml).
    """
    today = today or dt.date.today()
    publications = load_publications() if publications is None else publications
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
    blocks = text_blocks(tokens, offset)
    if rel not in LISTS_SOURCE_TITLES:
        _check_national_figures(blocks, meta, body, add)
    _check_publication_dates(blocks, publications, add)
    if nav is not None and rel not in nav:
        add(1, "nav", "page is not in the mkdocs.yml nav; add it to its section")
    _check_lines(text, add, wording=rel not in RECORDS_OLD_WORDING)
    return problems


def _check_lines(text: str, add, wording: bool = True) -> None:
    """Rules read line by line: placeholders, corrected wording (unless `wording` is False) and mirror sites."""
    for number, line in enumerate(text.splitlines(), start=1):
        match = PLACEHOLDER.search(line)
        if match:
            add(number, "placeholder", f"placeholder text {match.group(0)!r}; write the content or remove it")
        for pattern, why in WORDING if wording else ():
            wrong = pattern.search(line)
            if wrong:
                add(number, "wording", f"{wrong.group(0)!r}: {why}")
        mirror = MIRROR_HOSTS.search(line)
        if mirror:
            add(
                number,
                "mirror-source",
                f"{mirror.group(1)} re-hosts other publishers' material; "
                "cite the original publisher's page or drop the claim",
            )


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


@dataclass(frozen=True)
class Block:
    """A run of page text checked as one: a paragraph or list item, a heading, or a whole table.

    `context` is the nearest heading and paragraph before a table, which often say what it counts.
    """

    line: int
    text: str
    kind: str  # "inline" or "table"
    context: str = ""


def text_blocks(tokens, offset: int) -> list[Block]:
    """The page's inline text, with each table gathered into one block (header and rows)."""
    blocks: list[Block] = []
    table: list[str] | None = None
    table_line, heading, last_text = 0, "", ""
    for token in tokens:
        if token.type == "table_open":
            table, table_line = [], offset + token.map[0] + 1
        elif token.type == "table_close" and table is not None:
            blocks.append(Block(table_line, "\n".join(table), "table", f"{heading} {last_text}"))
            table = None
        elif token.type == "tr_open" and table is not None:
            table.append("")
        elif token.type == "inline" and table is not None:
            table[-1] += f" | {token.content}"
        elif token.type == "inline":
            blocks.append(Block(offset + token.map[0] + 1, token.content, "inline"))
            last_text = token.content
        elif token.type == "heading_close":
            heading = last_text
    return blocks


def plain(markdown: str) -> str:
    """Inline Markdown as read: link targets, footnote marks and emphasis removed."""
    text = re.sub(r"\]\([^)]*\)", "]", markdown)
    text = re.sub(r"\[\^[^\]]*\]", "", text)
    return re.sub(r"[\[\]*_`]", "", text)


def national_figure(block: Block) -> str | None:
    """The first national statistic in the block (a figure beside a statistic for England), or None."""
    if block.kind == "table":  # a row with a statistic and a figure, in a row, table head or context naming England
        return next((figure for _, figure in national_figure_units(block)), None)
    for sentence in SENTENCE.split(plain(block.text)):
        found = FIGURE.search(sentence)
        if found and STATISTIC.search(sentence) and NATIONAL.search(sentence):
            return found.group(0).strip()
    return None


def national_figure_units(block: Block) -> Iterable[tuple[str, str]]:
    """(raw Markdown, first figure) for each sentence or table row of the block that gives a national figure.

    In a table, the statistic and "England" may be in the header row or the heading above it.
    """
    if block.kind == "table":
        rows = block.text.split("\n")
        head = f"{plain(rows[0])} {plain(block.context)}"
        units = [(row, plain(row), f"{head} {plain(row)}") for row in rows[1:]]
    else:
        units = [(s, plain(s), plain(s)) for s in SENTENCE.split(block.text)]
    for raw, text, scope in units:
        found = FIGURE.search(text)
        if found and STATISTIC.search(scope) and NATIONAL.search(scope):
            yield raw, found.group(0).strip()


def _undated_national_figure(block: Block) -> str | None:
    """A national figure whose sentence (or table, with its heading) gives no year."""
    if block.kind == "table":
        return None if YEAR.search(f"{block.text} {block.context}") else national_figure(block)
    for sentence in SENTENCE.split(plain(block.text)):
        found = FIGURE.search(sentence)
        if found and STATISTIC.search(sentence) and NATIONAL.search(sentence) and not YEAR.search(sentence):
            return found.group(0).strip()
    return None


def _check_national_figures(blocks: list[Block], meta: dict[str, Any], body: str, add) -> None:
    figures = [(b, f) for b in blocks if (f := national_figure(b))]
    if not figures:
        return
    urls = [str(s.get("url", "")) for s in meta.get("sources") or [] if isinstance(s, dict)]
    if not any(DEPARTMENT_STATS.match(u.strip()) for u in urls) and not DEPARTMENT_STATS.search(body):
        block, figure = figures[0]
        add(
            block.line,
            "national-figures",
            f"national figure {figure!r} but the page cites no Department for Education statistics "
            "(explore-education-statistics.service.gov.uk or gov.uk): cite the release, data guidance or "
            "data set with its reporting year, or remove the figure",
        )
    for block, _ in figures:
        for raw, figure in national_figure_units(block):
            cited = LINK_URL.findall(raw)
            if cited and not any(DEPARTMENT_STATS.match(u) for u in cited):
                add(
                    block.line,
                    "national-figures",
                    f"national figure {figure!r} is sourced to {cited[0]!r} only: cite the Department for "
                    "Education's own release, data guidance or data set for it",
                )
        undated = _undated_national_figure(block)
        if undated:
            add(block.line, "national-figures", f"national figure {undated!r} has no year: give its reporting year")


@dataclass(frozen=True)
class Publication:
    """A named publication, the names pages use for it, and its date (day may be None: month only)."""

    title: str
    names: tuple[str, ...]
    year: int
    month: int
    day: int | None


def load_publications(path: Path = PUBLICATIONS_FILE) -> list[Publication]:
    """The publications and dates kept in tests/publications.yaml (or another file of that shape)."""
    found = []
    for i, entry in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")) or [], start=1):
        match = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", str(entry.get("date", "")))
        if not match or not entry.get("names") or not entry.get("title"):
            raise ValueError(f"{path.name}: entry {i} needs a title, names and a date like 2024-11-18 or 2024-11")
        year, month, day = match.groups()
        names = tuple(sorted((str(n) for n in entry["names"]), key=len, reverse=True))
        found.append(Publication(str(entry["title"]), names, int(year), int(month), int(day) if day else None))
    return found


def _dates_in(text: str) -> Iterable[tuple[int, int, int, int | None]]:
    """(start, year, month, day or None) for each date written in `text`."""
    for m in DATE.finditer(text):
        if m.group(2):
            month = [x[:3] for x in MONTHS].index(m.group(2).lower()[:3]) + 1
            yield m.start(), int(m.group(3)), month, int(m.group(1)) if m.group(1) else None
        else:
            yield m.start(), int(m.group(4)), int(m.group(5)), int(m.group(6))


def _check_publication_dates(blocks: list[Block], publications: list[Publication], add) -> None:
    for block in blocks:
        text = plain(block.text)
        lower = text.lower()
        for pub in publications:
            for name in pub.names:
                for hit in re.finditer(re.escape(name.lower()), lower):
                    _check_date_after(text, hit.end(), pub, block.line, add)


def _check_date_after(text: str, end: int, pub: Publication, line: int, add) -> None:
    """Check the first date after a publication's name, if only punctuation or linking words come between."""
    for start, year, month, day in _dates_in(text[end:]):
        if not DATE_GAP.match(text[end : end + start]):
            return
        if (year, month) != (pub.year, pub.month) or (day is not None and pub.day is not None and day != pub.day):
            given = f"{day} {MONTHS[month - 1].title()} {year}" if day else f"{MONTHS[month - 1].title()} {year}"
            kept = f"{pub.day} " if pub.day else ""
            add(
                line,
                "publication-date",
                f"{pub.title} is dated {given} here, but it was published {kept}"
                f"{MONTHS[pub.month - 1].title()} {pub.year} (tests/publications.yaml): correct the date "
                "or, if the publisher's date changed, update the file with its source",
            )
        return


def repeated_paragraphs(pages: dict[str, str]) -> list[Problem]:
    """Paragraphs of MIN_REPEAT_WORDS words or more that appear word for word on too many pages.

    `pages` maps each page's path (as it should appear in messages) to its text.
    """
    seen: dict[str, dict[str, int]] = {}  # paragraph text -> {page: first line}
    for rel, text in pages.items():
        _, body, offset = split_front_matter(text)
        tokens = _MD.parse(body)
        for i, token in enumerate(tokens):
            if token.type != "paragraph_open":
                continue
            paragraph = " ".join(tokens[i + 1].content.split())
            if LINK_ONLY.fullmatch(paragraph):  # a link to a related page is navigation, not repeated content
                continue
            if len(paragraph.split()) >= MIN_REPEAT_WORDS:
                seen.setdefault(paragraph, {}).setdefault(rel, offset + token.map[0] + 1)
    problems = []
    for paragraph, where in seen.items():
        if len(where) > MAX_PAGES_PER_PARAGRAPH:
            others = ", ".join(sorted(where))
            for rel, line in sorted(where.items()):
                problems.append(
                    Problem(
                        rel,
                        line,
                        "repeated-paragraph",
                        f"this paragraph appears word for word on {len(where)} pages ({others}); keep it on "
                        f"at most {MAX_PAGES_PER_PARAGRAPH}, and write what is specific to this page or link "
                        f"to where it is said once: {paragraph[:60]!r}...",
                    )
                )
    return problems


def content_files(content_dir: Path) -> Iterable[Path]:
    return sorted(p for p in content_dir.rglob("*.md") if p.is_file())


def check_site(root: Path, today: dt.date | None = None) -> list[Problem]:
    """Problems in every content/**/*.md page of the project at `root`."""
    content = root / "content"
    nav = nav_pages(root / "mkdocs.yml")
    publications = load_publications()
    problems: list[Problem] = []
    pages: dict[str, str] = {}
    for path in content_files(content):
        rel = path.relative_to(content).as_posix()
        pages[f"content/{rel}"] = path.read_text(encoding="utf-8")
        for problem in check_page(rel, pages[f"content/{rel}"], nav, today, publications):
            problems.append(Problem(f"content/{problem.file}", problem.line, problem.rule, problem.message))
    return problems + repeated_paragraphs(pages)
