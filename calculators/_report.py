"""How a calculator's result is shown: a small description (headline, figures, band,
tables, bar charts, notes) turned into HTML.

The same function renders the result written into the page at build time and the result
the browser shows after each change, so the two can never disagree. Every piece of text
is escaped: names typed or imported by a user are shown as text, never run as HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

# Band levels the site's CSS knows how to colour. Text always names the band as well,
# so colour is never the only signal.
LEVELS = ("red", "amber", "green", "blue", "neutral")


@dataclass(frozen=True)
class Figure:
    label: str
    value: str
    note: str = ""


@dataclass(frozen=True)
class Band:
    label: str
    level: str  # one of LEVELS
    description: str = ""


@dataclass(frozen=True)
class TableView:
    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...] = ()  # right-align these columns


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value as shown to people, e.g. "104%"
    level: str = "neutral"


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar chart; `marker` draws a reference line (e.g. 100% capacity)."""

    caption: str
    bars: tuple[Bar, ...]
    marker: float | None = None
    marker_label: str = ""


@dataclass(frozen=True)
class Download:
    """A file the user can save from their result (made in the browser, never uploaded)."""

    label: str
    filename: str
    mime: str
    text: str


@dataclass(frozen=True)
class Report:
    headline: str
    figures: tuple[Figure, ...] = ()
    band: Band | None = None
    tables: tuple[TableView, ...] = ()
    charts: tuple[BarChart, ...] = ()
    notes: tuple[str, ...] = field(default=())


def render(report: Report) -> str:
    parts = [f'<p class="calc-headline">{escape(report.headline)}</p>']
    if report.band:
        b = report.band
        desc = f" <span class=\"calc-band__desc\">{escape(b.description)}</span>" if b.description else ""
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
    if report.notes:
        parts.append('<ul class="calc-notes">' + "".join(f"<li>{escape(n)}</li>" for n in report.notes) + "</ul>")
    return "\n".join(parts)


def _level(level: str) -> str:
    return level if level in LEVELS else "neutral"


def _table(t: TableView) -> str:
    numeric = t.numeric or (False,) * len(t.headers)

    def cls(i: int) -> str:
        return ' class="calc-num"' if i < len(numeric) and numeric[i] else ""

    head = "".join(f'<th scope="col"{cls(i)}>{escape(h)}</th>' for i, h in enumerate(t.headers))
    body = "".join(
        "<tr>" + "".join(
            (f'<th scope="row">{escape(c)}</th>' if i == 0 else f"<td{cls(i)}>{escape(c)}</td>")
            for i, c in enumerate(row)
        ) + "</tr>"
        for row in t.rows
    )
    return (f'<div class="calc-table-wrap"><table class="calc-table"><caption>{escape(t.caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")


def _chart(c: BarChart) -> str:
    """An SVG bar chart for sighted users; screen readers get the same data as a list,
    because an SVG's inner text is read inconsistently."""
    row_h, label_w, bar_w = 28, 150, 300
    top = max([b.value for b in c.bars] + [c.marker or 0, 1])
    height = row_h * len(c.bars) + 24
    rows = []
    for i, b in enumerate(c.bars):
        y = i * row_h + 4
        w = max(0.0, b.value) / top * bar_w
        rows.append(
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{escape(_short(b.label))}</text>'
            f'<rect class="calc-bar calc-bar--{_level(b.level)}" x="{label_w}" y="{y}" width="{w:.1f}" height="20"/>'
            f'<text x="{label_w + w + 4:.1f}" y="{y + 15}">{escape(b.text)}</text>'
        )
    if c.marker is not None:
        x = label_w + c.marker / top * bar_w
        rows.append(f'<line class="calc-marker" x1="{x:.1f}" x2="{x:.1f}" y1="0" y2="{height - 18}"/>'
                    f'<text class="calc-marker__label" x="{x:.1f}" y="{height - 4}" text-anchor="middle">'
                    f"{escape(c.marker_label)}</text>")
    svg = (f'<svg class="calc-chart__svg" viewBox="0 0 {label_w + bar_w + 60} {height}" '
           f'aria-hidden="true" focusable="false">{"".join(rows)}</svg>')
    listing = "".join(f"<li>{escape(b.label)}: {escape(b.text)}</li>" for b in c.bars)
    return (f'<figure class="calc-chart"><figcaption>{escape(c.caption)}</figcaption>{svg}'
            f'<ul class="calc-visually-hidden">{listing}</ul></figure>')


def _short(label: str, limit: int = 22) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
