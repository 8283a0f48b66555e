"""What the team calculator shows for a result (the pooled figure and the spread, a chart and table
of workers, who has room for the next case) and the results table it offers as a CSV file."""

from __future__ import annotations

from typing import Any

from ..io.csv_files import write_csv
from ..kit.report import Band, Bar, BarChart, Download, Figure, KeyEntry, Report, TableView
from ..kit.text import fmt_number, lower_first, percent_text
from ..workload import Threshold, room_text
from .rule import UNEVEN, Inputs, Result
from .settings import Settings

# A chart with more bars than this is unreadable; bigger teams get the table only.
CHART_LIMIT = 60


MODEL_NOTES = {
    "points": "Points model: capacity = the full-time points maximum × hours left after protected time "
    "÷ full-time hours.",
    "time": "Time model: capacity = hours left after protected time × weeks in a month, in hours a month.",
    "probation": "Probation rule: available points = nominal target × (contracted ÷ default hours) × "
    "((contracted − protected) ÷ contracted); capacity % = total points ÷ available points × 100.",
}


def report(r: Result, s: Settings) -> Report:
    """The headline (the pooled figure and the spread), the chart and table of workers, and the next-case list."""
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
    return Report(
        # an uneven team's band would repeat the spread; any other band is named, as the data words it
        headline=(
            f"Team capacity used: {percent_text(r.capacity_percent)} pooled; {spread_text(r)}. "
            + ("" if r.band == UNEVEN else f"{r.band}. ")
            + who_has_room
        ).strip(),
        band=Band(r.band, r.level, r.band_description),
        figures=(
            Figure("Team weighted load", f"{fmt_number(r.load)} {r.unit}", f"from {r.cases} cases, {n} workers"),
            Figure("Team capacity", f"{fmt_number(r.capacity)} {r.unit}"),
            Figure("Team room left", room_text(r.room, r.unit), "pooled: one worker's room is not another's"),
            Figure("Workers at or over 100%", f"{r.over_capacity} of {n}"),
        ),
        tables=_tables(r),
        charts=(_chart(r, s),) if n <= CHART_LIMIT else (),
        notes=tuple(notes),
    )


def spread_text(r: Result) -> str:
    """How the load is spread: "6 of 13 workers at or over 100%, 2 overloaded"."""
    over = "".join(f", {n} {lower_first(band)}" for band, n in r.over_bands)
    return f"{r.over_capacity} of {len(r.workers)} workers at or over 100%{over}"


def _tables(r: Result) -> tuple[TableView, ...]:
    """Every worker's figures, and who has room for the next case (when anyone has)."""
    workers = TableView(
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
    if not r.room_for_next:
        return (workers,)
    room = TableView(
        caption=f"Who has room for one more {r.next_case} case, best first",
        headers=("Worker", "Capacity used now", "After allocation", f"Room left after ({r.unit})"),
        rows=tuple(
            (c.label, percent_text(c.capacity_percent), percent_text(c.after_percent), fmt_number(c.room_after))
            for c in r.room_for_next
        ),
        numeric=(False, True, True, True),
    )
    return (workers, room)


def _chart(r: Result, s: Settings) -> BarChart:
    return BarChart(
        caption="Capacity used by worker, with a line at 100%",
        bars=tuple(Bar(w.label, w.capacity_percent, percent_text(w.capacity_percent), w.level) for w in r.workers),
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
]


def result_rows(r: Result) -> list[dict[str, Any]]:
    """One row per worker and a team total row, as plain values (for CSV)."""
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
        }
    )
    return rows


def downloads(i: Inputs, r: Result, s: Settings) -> list[Download]:
    """The results table as CSV (run() adds the team's inputs file, to load again)."""
    return [
        Download(
            "Results (CSV)",
            f"team-workload-{r.model}.csv",
            "text/csv",
            lambda: write_csv(result_rows(r), RESULT_COLUMNS),  # made only when asked for
        )
    ]
