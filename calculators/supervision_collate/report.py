"""What the collation shows for a result, and the files it offers: the summary by domain as CSV and
the action plan outline as Markdown."""

from __future__ import annotations

from typing import Any

from ..io.csv_files import write_csv
from ..kit import ratings as rt
from ..kit.report import Bar, BarChart, Download, Figure, KeyEntry, Report, TableView
from ..kit.text import fmt_number
from .rule import DomainSummary, Inputs, Result
from .settings import Settings


def _mean(value: float | None) -> str:
    return "–" if value is None else fmt_number(value, 2)


def _spread(x: DomainSummary) -> tuple[str, ...]:
    return tuple(f"{n} ({fmt_number(n / x.rated * 100, 0)}%)" if x.rated else "0" for n in x.distribution)


def report(r: Result, s: Settings) -> Report:
    """The headline, the chart and table by domain, and the priorities."""
    period = (
        f" from {r.first_date} to {r.last_date}"
        if r.first_date and r.first_date != r.last_date
        else f" on {r.first_date}"
        if r.first_date
        else ""
    )
    lowest = r.priorities[0].domain if r.priorities else ""
    headline = f"{r.observations} observations collated{period}. " + (
        f"Lowest average: {lowest} ({fmt_number(r.priorities[0].mean, 2)})."
        if lowest
        else "Every domain rated averages the top of the scale."
    )
    return Report(
        headline=headline,
        figures=(
            Figure("Observations", str(r.observations)),
            Figure("Average across all ratings", rt.mean_text(r.mean, s.scale)),
            Figure("Lowest average", lowest or "None below the top of the scale"),
        ),
        charts=(_chart(r, s),),
        tables=_tables(r, s),
        notes=(
            f"Framework: {r.framework}.",
            "An average hides spread: read the counts at each level too, and treat small numbers with care.",
        ),
    )


def _chart(r: Result, s: Settings) -> BarChart:
    return BarChart(
        caption=f"Average rating by domain ({s.scale.describe()})",
        bars=tuple(
            Bar(x.name, x.mean or 0, f"{_mean(x.mean)} from {x.rated} rated" if x.rated else "Not rated", "neutral")
            for x in r.domains
        ),
        key=(KeyEntry("neutral", f"Bar: the domain's average rating, from {s.scale.describe()}"),),
        marker=s.scale.highest.value,
        marker_label=s.scale.highest.label,
    )


def _tables(r: Result, s: Settings) -> tuple[TableView, ...]:
    """The summary by domain, and the priorities for the action plan (when any domain is below the top)."""
    levels = tuple(f"{lv.key} {lv.label}" for lv in s.scale.levels)
    summary = TableView(
        caption="Summary by domain",
        headers=("Domain", "Rated", "Average", *levels, s.not_observed_label or "Not observed"),
        rows=tuple((x.name, str(x.rated), _mean(x.mean), *_spread(x), str(x.not_observed)) for x in r.domains),
        numeric=(False, True, True, *(True,) * len(levels), True),
    )
    if not r.priorities:
        return (summary,)
    priorities = TableView(
        caption="Priorities for the supervision action plan (Employer Standard 5), lowest average first",
        headers=("Priority", "Domain", "Average", "What to try"),
        rows=tuple(
            (str(n), p.domain, fmt_number(p.mean, 2), " ".join(p.prompts)) for n, p in enumerate(r.priorities, start=1)
        ),
        numeric=(True, False, True, False),
    )
    return (summary, priorities)


def downloads(i: Inputs, r: Result, s: Settings) -> list[Download]:
    """The summary by domain as CSV and the action plan as Markdown."""
    rows = []
    for x in r.domains:
        row: dict[str, Any] = {
            "domain": x.name,
            "rated": x.rated,
            "average": "" if x.mean is None else round(x.mean, 2),
        }
        row.update({f"{lv.key} {lv.label}": n for lv, n in zip(s.scale.levels, x.distribution, strict=True)})
        row["not_observed"] = x.not_observed
        rows.append(row)
    return [
        Download("Download summary (CSV)", "supervision-summary.csv", "text/csv", write_csv(rows)),
        Download(
            "Download action plan outline as text for a document (Markdown)",
            "supervision-action-plan.md",
            "text/markdown",
            markdown(r, s),
        ),
    ]


def markdown(r: Result, s: Settings) -> str:
    """The organisation-wide action plan as a Markdown document."""
    lines = [
        "# Supervision action plan: findings from observations",
        "",
        f"Framework: {rt.md_cell(r.framework)}",
        "",
        f"Observations collated: {r.observations}" + (f" ({r.first_date} to {r.last_date})" if r.first_date else ""),
        "",
        "## Summary by domain",
        "",
    ]
    levels = tuple(f"{lv.key} {lv.label}" for lv in s.scale.levels)
    lines.append(
        rt.md_table(
            ("Domain", "Rated", "Average", *levels, "Not observed"),
            [(x.name, x.rated, _mean(x.mean), *_spread(x), x.not_observed) for x in r.domains],
        )
    )
    lines += ["", "## Priorities against Employer Standard 5", ""]
    if r.priorities:
        for n, p in enumerate(r.priorities, start=1):
            lines.append(f"{n}. **{rt.md_cell(p.domain)}** (average {fmt_number(p.mean, 2)})")
            lines += [f"    - {rt.md_cell(x)}" for x in p.prompts]
    else:
        lines.append("No domain averages below the top of the scale.")
    lines += ["", "For each priority, agree an action, an owner, a date and how you will know it worked."]
    return "\n".join(lines) + "\n"
