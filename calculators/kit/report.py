"""How a calculator's result is shown: a small description (headline, figures, band,
tables, bar charts, notes) turned into HTML.

The same function renders the result written into the page at build time and the result
the browser shows after each change, so the two can never disagree. Every piece of text
is escaped: names typed or imported by a user are shown as text, never run as HTML.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape

# Band levels the site's CSS knows how to colour. Text always names the band as well,
# so colour is never the only signal.
LEVELS = ("red", "amber", "green", "blue", "neutral")


def escape_cell(text: str) -> str:
    """escape(text) for a table's cell or a bar's label. A big team's tables repeat the same short cells
    (bands, figures, percentages) thousands of times: each different one is escaped once, then looked up."""
    return _escaped(text) if len(text) <= 200 else escape(text)  # long texts are not kept


_escaped = lru_cache(maxsize=8192)(escape)


@dataclass(frozen=True)
class Figure:
    """One labelled figure of a result, with an optional note under it."""

    label: str
    value: str
    note: str = ""


@dataclass(frozen=True)
class Band:
    """The band a result falls in: its label, its colour level and what it means."""

    label: str
    level: str  # one of LEVELS
    description: str = ""


@dataclass(frozen=True)
class TableView:
    """A table in a result: caption, headers, rows of text, and which columns are numbers."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...] = ()  # right-align these columns


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: its label, its value, the value as shown, and its colour level."""

    label: str
    value: float
    text: str  # the value as shown to people, e.g. "104%"
    level: str = "neutral"


@dataclass(frozen=True)
class KeyEntry:
    """One line of a chart's key: a colour and, in words, what it means."""

    level: str  # one of LEVELS
    text: str  # e.g. "Over capacity: 100% to 110%"


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar chart; `marker` draws a reference line (e.g. 100% capacity). `key` says in
    words what each colour means; every chart has one, so colour is never the only way to read it."""

    caption: str
    bars: tuple[Bar, ...]
    key: tuple[KeyEntry, ...]
    marker: float | None = None
    marker_label: str = ""

    def __post_init__(self) -> None:
        missing = {b.level for b in self.bars if b.value > 0} - {k.level for k in self.key}
        if missing:
            raise ValueError(f"chart {self.caption!r}: the key does not say what {sorted(missing)} bars mean")


@dataclass(frozen=True)
class Download:
    """A file the user can save from their result (made in the browser, never uploaded).

    `content` is the file's text, or a function that makes it: a big team's CSV is made only when
    the user asks for the file (the page's "download" action), not on every keystroke."""

    label: str
    filename: str
    mime: str
    content: str | Callable[[], str]
    kind: str = "result"  # "inputs": the user's own answers, which importing the file loads back

    @property
    def text(self) -> str:
        """The file's text, made now if it is made only when asked for."""
        return self.content if isinstance(self.content, str) else self.content()


@dataclass(frozen=True)
class TextBlock:
    """A heading and text as the user typed it (line breaks kept), e.g. comments for a report."""

    heading: str
    text: str
    answer: str = ""  # the form field whose answer this is, so a printed report lists it once, here


@dataclass(frozen=True)
class Report:
    """What a calculator's result shows: a headline, figures, a band, tables, charts and notes;
    optionally a title line above them (what the result is for) and blocks of the user's text."""

    headline: str
    figures: tuple[Figure, ...] = ()
    band: Band | None = None
    tables: tuple[TableView, ...] = ()
    charts: tuple[BarChart, ...] = ()
    notes: tuple[str, ...] = field(default=())
    title: str = ""  # e.g. "North team, week of 4 December 2026": the headline's first line
    texts: tuple[TextBlock, ...] = ()  # shown after the tables


def render(report: Report) -> str:
    """The report as HTML for the page (every value escaped)."""
    title = f'<span class="calc-report-title">{escape(report.title)}</span> ' if report.title else ""
    parts = [f'<p class="calc-headline">{title}{escape(report.headline)}</p>']
    if report.band:
        b = report.band
        desc = f' <span class="calc-band__desc">{escape(b.description)}</span>' if b.description else ""
        parts.append(f'<p class="calc-band calc-band--{_level(b.level)}"><strong>{escape(b.label)}</strong>{desc}</p>')
    if report.figures:
        items = "".join(
            f'<div class="calc-figure"><dt>{escape(f.label)}</dt><dd>{escape(f.value)}'
            + (f'<span class="calc-figure__note">{escape(f.note)}</span>' if f.note else "")
            + "</dd></div>"
            for f in report.figures
        )
        parts.append(f'<dl class="calc-figures">{items}</dl>')
    parts.extend(_chart(c) for c in report.charts)
    parts.extend(_table(t) for t in report.tables)
    parts.extend(_text(b) for b in report.texts)
    if report.notes:
        parts.append('<ul class="calc-notes">' + "".join(f"<li>{escape(n)}</li>" for n in report.notes) + "</ul>")
    return "\n".join(parts)


def _text(b: TextBlock) -> str:
    answer = f' data-answer="{escape(b.answer)}"' if b.answer else ""
    return (
        f'<section class="calc-text"{answer}><h3>{escape(b.heading)}</h3>'
        f'<p class="calc-text__body">{escape(b.text)}</p></section>'
    )


def _level(level: str) -> str:
    return level if level in LEVELS else "neutral"


def _table(t: TableView) -> str:
    # Each column's opening tag, worked out once (a team's table has thousands of cells).
    width = max([len(t.headers), *map(len, t.rows)])
    cls = [' class="calc-num"' if i < len(t.numeric) and t.numeric[i] else "" for i in range(width)]
    head = "".join(f'<th scope="col"{cls[i]}>{escape(h)}</th>' for i, h in enumerate(t.headers))
    cells = ['<th scope="row">{}</th>', *(f"<td{c}>{{}}</td>" for c in cls[1:])]
    body = "".join("<tr>" + "".join(map(str.format, cells, map(escape_cell, row))) + "</tr>" for row in t.rows)
    return (
        # A box that scrolls sideways is a named keyboard stop, for browsers that do not focus scrollers themselves
        f'<div class="calc-table-wrap" role="region" tabindex="0" aria-label="{escape(t.caption)}">'
        f'<table class="calc-table"><caption>{escape(t.caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def _chart(c: BarChart) -> str:
    """A bar chart for sighted users: labels and values are HTML text (they wrap, never get cut
    off, and keep the page's font size on a phone); each bar is a small SVG scaled to its column,
    so no inline style is needed. Screen readers get the same data as a list."""
    top = max([b.value for b in c.bars] + [c.marker or 0, 1])
    marker = ""
    if c.marker is not None:
        x = c.marker / top * 100
        marker = (
            f'<line class="calc-marker" x1="{x:.2f}" x2="{x:.2f}" y1="0" y2="10" vector-effect="non-scaling-stroke"/>'
        )
    rows = []
    for b in c.bars:
        w = max(0.0, b.value) / top * 100
        rows.append(
            f'<span class="calc-chart__label">{escape_cell(b.label)}</span>'
            f'<svg class="calc-chart__bar" viewBox="0 0 100 10" preserveAspectRatio="none" focusable="false">'
            f'<rect class="calc-bar calc-bar--{_level(b.level)}" x="0" y="1" width="{w:.2f}" height="8"/>{marker}</svg>'
            f'<span class="calc-chart__value">{escape_cell(b.text)}</span>'
        )
    listing = "".join(f"<li>{escape_cell(b.label)}: {escape_cell(b.text)}</li>" for b in c.bars)
    return (
        f'<figure class="calc-chart"><figcaption>{escape(c.caption)}</figcaption>'
        f'<div class="calc-chart__bars" aria-hidden="true">{"".join(rows)}</div>{_key(c)}'
        f'<ul class="calc-visually-hidden">{listing}</ul></figure>'
    )


def _key(c: BarChart) -> str:
    """The chart's key: a swatch and words for each colour, and the dashed line. Hidden from screen
    readers, whose list of bars already says each bar's band in words."""
    svg = '<svg class="calc-key__swatch" viewBox="0 0 10 10" focusable="false">{}</svg>'
    rect = '<rect class="calc-bar calc-bar--{}" x="0" y="0" width="10" height="10"/>'
    items = [f"<li>{svg.format(rect.format(_level(k.level)))}{escape(k.text)}</li>" for k in c.key]
    if c.marker is not None and c.marker_label:
        line = svg.format('<line class="calc-marker" x1="5" x2="5" y1="0" y2="10"/>')
        items.append(f"<li>{line}Dashed line: {escape(c.marker_label)}</li>")
    return f'<ul class="calc-chart__legend calc-key" aria-hidden="true">{"".join(items)}</ul>' if items else ""
