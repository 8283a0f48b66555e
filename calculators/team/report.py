"""What the team calculator shows for a result (the pooled figure and the spread, a chart and table
of workers, who has room for the next case) and the results table it offers as a CSV file."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ..io.csv_files import write_csv
from ..kit.report import Band, Bar, BarChart, Download, Figure, KeyEntry, Report, TableView, TextBlock
from ..kit.text import fmt_number, lower_first, percent_text
from ..workload import Threshold, room_text
from .rule import AVAILABLE, STATUS_LABELS, UNEVEN, Inputs, Part, Result
from .settings import Settings

# A chart with more bars than this is unreadable; bigger teams get the table only.
CHART_LIMIT = 60
# The chart's bars stop here (see bar_cap): a worker at 2,294% would otherwise squash every other bar.
BAR_CAP = 150


MODEL_NOTES = {
    "points": "Points model: capacity = the full-time points maximum × hours left after protected time "
    "÷ full-time hours.",
    "time": "Time model: capacity = hours left after protected time × weeks in a month, in hours a month.",
    "probation": "Probation rule: available points = nominal target × (contracted ÷ default hours) × "
    "((contracted − protected) ÷ contracted); capacity % = total points ÷ available points × 100.",
}


def report(r: Result, s: Settings) -> Report:
    """The title (team, week), the headline (the pooled figure and the spread), the chart and tables of
    workers, who is over and why, the cases needing cover, the next-case list, the trend and comments."""
    n = len(r.workers)
    if not r.next_case:
        who_has_room = ""
    elif r.room_for_next:
        who_has_room = (
            f"{len(r.room_for_next)} of {n} workers could take one more {r.next_case} case and stay under 100%."
        )
    else:
        who_has_room = f"No worker could take one more {r.next_case} case and stay under 100%."
    notes = [MODEL_NOTES[r.model]]
    if r.next_case:
        notes.append(f"The new case weighs {fmt_number(r.next_weight)} {r.unit}.")
    if n > CHART_LIMIT:
        notes.append(f"The chart is shown for teams of {CHART_LIMIT} workers or fewer; the table has every worker.")
    elif any(w.capacity_percent > bar_cap(s) for w in r.workers):
        notes.append(
            f"The chart's bars stop at {fmt_number(bar_cap(s))}%; each worker's own figure is written beside it."
        )
    return Report(
        title=report_title(r),
        # an uneven team's band would repeat the spread; any other band is named, as the data words it
        headline=" ".join(
            part
            for part in (
                f"Team capacity used: {percent_text(r.capacity_percent)} pooled; {spread_text(r)}{range_text(r)}.",
                "" if r.band == UNEVEN else f"{r.band}.",
                cover_text(r),
                who_has_room,
            )
            if part
        ),
        band=Band(r.band, r.level, r.band_description),
        figures=_figures(r),
        tables=_tables(r),
        charts=(_chart(r, s),) if n <= CHART_LIMIT else (),
        notes=tuple(notes),
        texts=(TextBlock("Comments for the report", r.comments, answer="comments"),) if r.comments else (),
    )


def report_title(r: Result) -> str:
    """ "North team, week of 4 December 2026 (4 to 10 December 2026)": the team and the week, as given."""
    week = ""
    if r.week_of:
        start = date.fromisoformat(r.week_of)
        week = f"week of {long_date(start)} ({period_text(start, start + timedelta(days=6))})"
    if r.team_name and week:
        return f"{r.team_name}, {week}"
    return r.team_name or (week[:1].upper() + week[1:])


def long_date(d: date) -> str:
    """4 December 2026 (the GOV.UK style)."""
    return f"{d.day} {d:%B} {d.year}"


def period_text(start: date, end: date) -> str:
    """ "4 to 10 December 2026", "29 December 2026 to 4 January 2027"."""
    if start.year != end.year:
        return f"{long_date(start)} to {long_date(end)}"
    if start.month != end.month:
        return f"{start.day} {start:%B} to {long_date(end)}"
    return f"{start.day} to {long_date(end)}"


def range_text(r: Result) -> str:
    """ "; highest 114.6% (Worker F), lowest 55.5% (Worker B)": the spread, when there are two workers or more."""
    if len(r.workers) < 2:
        return ""
    low = min(r.workers, key=lambda w: w.capacity_percent)
    high = max(r.workers, key=lambda w: w.capacity_percent)
    return (
        f"; highest {percent_text(high.capacity_percent)} ({high.label}), "
        f"lowest {percent_text(low.capacity_percent)} ({low.label})"
    )


def cover_text(r: Result) -> str:
    """ "1 worker away: 17 cases need cover, outside the team's capacity."""
    if not r.cover:
        return ""
    away = f"{len(r.cover)} {'worker' if len(r.cover) == 1 else 'workers'} away"
    cases = f"{r.cover_cases} {'case needs' if r.cover_cases == 1 else 'cases need'} cover"
    return f"{away}: {cases}, outside the team's capacity."


def _figures(r: Result) -> tuple[Figure, ...]:
    n = len(r.workers)
    figures = [
        Figure("Team weighted load", f"{fmt_number(r.load)} {r.unit}", f"from {r.cases} cases, {n} workers available"),
        Figure("Team capacity", f"{fmt_number(r.capacity)} {r.unit}"),
        Figure("Team room left", room_text(r.room, r.unit), "pooled: one worker's room is not another's"),
        Figure("Workers at or over 100%", f"{r.over_capacity} of {n}"),
    ]
    if r.cover:
        figures.append(
            Figure(
                "Cases needing cover",
                f"{r.cover_cases} ({fmt_number(r.cover_load)} {r.unit})",
                f"held by {len(r.cover)} {'worker' if len(r.cover) == 1 else 'workers'} away; "
                "not in the team's figures",
            )
        )
    return tuple(figures)


def spread_text(r: Result) -> str:
    """How the load is spread: "6 of 13 workers at or over 100%, 2 overloaded"."""
    over = "".join(f", {n} {lower_first(band)}" for band, n in r.over_bands)
    return f"{r.over_capacity} of {len(r.workers)} workers at or over 100%{over}"


def _tables(r: Result) -> tuple[TableView, ...]:
    """Every worker's figures; who is over and what makes up their load; the cases needing cover; who
    has room for the next case (when asked about); the trend since earlier weeks (when given)."""
    tables = [
        TableView(
            caption=f"Capacity used by worker ({r.model} model)",
            headers=("Worker", "Cases", f"Weighted load ({r.unit})", f"Capacity ({r.unit})", "Capacity used", "Band"),
            rows=tuple(
                (
                    w.label + (" (ASYE)" if w.asye else ""),
                    str(w.cases),
                    fmt_number(w.load),
                    fmt_number(w.capacity),
                    percent_text(w.capacity_percent),
                    w.band,
                )
                for w in r.workers
            ),
            numeric=(False, True, True, True, True, False),
        )
    ]
    over = sorted((w for w in r.workers if w.capacity_percent >= 100), key=lambda w: -w.capacity_percent)
    if over:
        tables.append(
            TableView(
                caption="Who is at or over 100%, and the cases that make up their load",
                headers=("Worker", "Capacity used", "Band", f"Load by case type ({r.unit})"),
                rows=tuple((w.label, percent_text(w.capacity_percent), w.band, parts_text(w.parts)) for w in over),
                numeric=(False, True, False, False),
            )
        )
    if r.cover:
        tables.append(
            TableView(
                caption="Cases needing cover (workers away, outside the team's capacity)",
                headers=("Worker", "Status", "Cases", f"Cases by type ({r.unit})", f"Weighted load ({r.unit})"),
                rows=tuple(
                    (c.label, STATUS_LABELS[c.status], str(c.cases), parts_text(c.parts) or "None", fmt_number(c.load))
                    for c in r.cover
                ),
                numeric=(False, False, True, False, True),
            )
        )
    if r.room_for_next:
        tables.append(
            TableView(
                caption=f"Who has room for one more {r.next_case} case, best first",
                headers=("Worker", "Capacity used now", "After allocation", f"Room left after ({r.unit})"),
                rows=tuple(
                    (c.label, percent_text(c.capacity_percent), percent_text(c.after_percent), fmt_number(c.room_after))
                    for c in r.room_for_next
                ),
                numeric=(False, True, True, True),
            )
        )
    if r.earlier:
        tables.append(trend_table(r))
    return tuple(tables)


def parts_text(parts: tuple[Part, ...]) -> str:
    """ "Child protection plan: 6 cases, 36; Child in need: 6 cases, 24": each part of a load, heaviest first."""
    return "; ".join(
        f"{p.label}: {p.cases} {'case' if p.cases == 1 else 'cases'}, {fmt_number(p.load)}"
        for p in sorted(parts, key=lambda p: -p.load)
    )


def trend_table(r: Result) -> TableView:
    """The trend since the earlier weeks' snapshots, oldest first, ending with this result."""
    now = ("This result" if not r.week_of else long_date(date.fromisoformat(r.week_of)) + " (this result)",)
    return TableView(
        caption="Trend since the last snapshots",
        headers=("Week of", "Team capacity used (pooled)", "Workers at or over 100%", "Cases needing cover"),
        rows=(
            *(
                (
                    long_date(date.fromisoformat(e.week_of)),
                    percent_text(e.capacity_percent),
                    f"{e.over_capacity} of {e.workers}",
                    str(e.cover_cases),
                )
                for e in r.earlier
            ),
            (*now, percent_text(r.capacity_percent), f"{r.over_capacity} of {len(r.workers)}", str(r.cover_cases)),
        ),
        numeric=(False, True, True, True),
    )


def bar_cap(s: Settings) -> float:
    """Where the chart's bars stop, so one worker far over 100% does not squash every other bar:
    150%, or above the highest band when a council's bands go further."""
    return max(BAR_CAP, s.bands[0].from_percent + 40)


def _chart(r: Result, s: Settings) -> BarChart:
    """Capacity used by each available worker; a bar past the cap stops there, its own figure beside it."""
    cap = bar_cap(s)
    return BarChart(
        caption="Capacity used by worker, with a line at 100%",
        bars=tuple(
            Bar(
                w.label,
                min(w.capacity_percent, cap),
                percent_text(w.capacity_percent)
                + (f" (bar stops at {fmt_number(cap)}%)" if w.capacity_percent > cap else ""),
                w.level,
            )
            for w in r.workers
        ),
        key=band_key(s.bands),
        marker=100,
        marker_label="100%",
    )


def band_key(bands: tuple[Threshold, ...]) -> tuple[KeyEntry, ...]:
    """The chart's key, from the data's bands: "Over capacity: 100% to 110%", lowest first."""
    entries = []
    for n, b in enumerate(bands):  # highest first
        upper = bands[n - 1].from_percent if n else None
        if upper is None:
            span = f"{fmt_number(b.from_percent)}% or more"
        elif b.from_percent == 0:
            span = f"under {fmt_number(upper)}%"
        else:
            span = f"{fmt_number(b.from_percent)}% to {fmt_number(upper)}%"
        entries.append(KeyEntry(b.level, f"{b.label}: {span}"))
    return tuple(reversed(entries))


RESULT_COLUMNS = [
    "worker",
    "asye",
    "cases",
    "weighted_load",
    "capacity",
    "room",
    "capacity_percent",
    "band",
    "model",
    "unit",
    "status",
]


def result_rows(r: Result) -> list[dict[str, Any]]:
    """One row per available worker, the team total (theirs, pooled), then a row per worker away whose
    cases need cover (no capacity), as plain values (for CSV)."""
    rows = [
        {
            "worker": w.label,
            "asye": "yes" if w.asye else "no",
            "cases": w.cases,
            "weighted_load": round(w.load, 2),
            "capacity": round(w.capacity, 2),
            "room": round(w.room, 2),
            "capacity_percent": round(w.capacity_percent, 1),
            "band": w.band,
            "model": r.model,
            "unit": r.unit,
            "status": AVAILABLE,
        }
        for w in r.workers
    ]
    rows.append(
        {
            "worker": "Team total",
            "asye": "",
            "cases": r.cases,
            "weighted_load": round(r.load, 2),
            "capacity": round(r.capacity, 2),
            "room": round(r.room, 2),
            "capacity_percent": round(r.capacity_percent, 1),
            "band": r.band,
            "model": r.model,
            "unit": r.unit,
            "status": "",
        }
    )
    rows += [
        {
            "worker": c.label,
            "asye": "",
            "cases": c.cases,
            "weighted_load": round(c.load, 2),
            "capacity": "",
            "room": "",
            "capacity_percent": "",
            "band": "Cases need cover (not in the team total)",
            "model": r.model,
            "unit": r.unit,
            "status": c.status,
        }
        for c in r.cover
    ]
    return rows


def downloads(i: Inputs, r: Result, s: Settings) -> list[Download]:
    """The results table as CSV, named after the team and the week ("team-workload-north-team-2026-12-04-
    points.csv"); run() adds the team's answers file, to load again."""
    return [
        Download(
            "Results (CSV)",
            f"{r.file_stem}-{r.model}.csv",
            "text/csv",
            lambda: write_csv(result_rows(r), RESULT_COLUMNS),  # made only when asked for
        )
    ]
