"""What the comparison shows: for each measure, the years side by side for the council, its region
and England, with the differences stated; and the same as a CSV file."""

from __future__ import annotations

from typing import Any

from ..io.csv_files import write_csv
from ..kit.report import Download, Figure, Report, TableView
from ..kit.text import shown
from .rule import Inputs, Measure, Result, Series
from .settings import Settings

# measure -> (label, unit as a figure is written, unit of a difference, when it is measured)
LABELS = {
    "vacancy_rate": ("Vacancy rate", "%", "points", "FTE, at 30 September"),
    "agency_rate": ("Agency rate", "%", "points", "FTE, at 30 September"),
    "turnover_rate": ("Turnover rate", "%", "points", "FTE, in the year to 30 September"),
    "caseload": ("Average caseload", " cases", "cases", "cases per case-holding social worker (FTE), at 30 September"),
    "absence_rate": ("Sickness absence rate", "%", "points", "FTE, in the year to 30 September"),
}


def one_place(value: float) -> str:
    """A figure to one decimal place, as the department publishes it ("21.0", "1,234.5")."""
    return f"{shown(value):,.1f}"


SOURCE = (
    "Figures: Department for Education, children's social work workforce statistics, from the file you loaded "
    "(the department rounds them to one decimal place). Differences are worked out from the figures as shown."
)


def report(r: Result, s: Settings) -> Report:
    """The headline, the latest year's figures with their differences, and a table per measure."""
    span = f"{r.years[0]} to {r.years[-1]}" if len(r.years) > 1 else r.years[0]
    if not r.council:
        headline = (
            f"England's figures, {span}. Choose your council to compare it with its region and England "
            f"(the file names {len(r.councils)} councils)."
            if r.councils
            else f"England's figures, {span}. Load the DfE's indicators file to compare your council with "
            "its region and England."
        )
    else:
        headline = f"{r.council} beside {r.region or 'its region'} and England, {span}."
    return Report(
        headline=headline,
        figures=tuple(_latest(m, r) for m in r.measures if m.council is not None),
        tables=tuple(_table(m, r) for m in r.measures),
        notes=(SOURCE, "A figure the file does not give is shown with the department's reason (c, x, z, u or low)."),
    )


def value_text(measure: str, value: float | None, why: str = "") -> str:
    """A figure as shown: "18.9%", "16 cases", or why there is none."""
    if value is None:
        return why or "not given"
    return f"{one_place(value)}{LABELS[measure][1]}"


def difference_text(measure: str, diff: float | None, other: str) -> str:
    """ "2.1 points above England", "the same as England", or "" when either figure is missing."""
    if diff is None:
        return ""
    if diff == 0:
        return f"the same as {other}"
    unit = LABELS[measure][2] if abs(diff) != 1 else LABELS[measure][2].removesuffix("s")  # "1 point"
    return f"{one_place(abs(diff))} {unit} {'above' if diff > 0 else 'below'} {other}"


def signed(diff: float | None) -> str:
    """A difference in a table cell: "+2.1", "−0.5", "0", or "–" where a figure is missing."""
    if diff is None:
        return "–"
    return "0" if diff == 0 else f"{'+' if diff > 0 else '−'}{one_place(abs(diff))}"


def _latest(m: Measure, r: Result) -> Figure:
    council = m.council
    assert council is not None  # only measures with a council are shown as figures
    last = len(r.years) - 1
    label, _, _, when = LABELS[m.measure]
    others = [
        _against(m.measure, m.versus_england, m.england, last),
        _against(m.measure, m.versus_region, m.region, last),
    ]
    return Figure(
        f"{label}, {r.years[last]}",
        value_text(m.measure, council.values[last], council.why[last]),
        "; ".join(o for o in others if o) or when,
    )


def _against(measure: str, diffs: tuple[float | None, ...], other: Series | None, year: int) -> str:
    if other is None or not diffs:
        return ""
    text = difference_text(measure, diffs[year], other.area)
    value = value_text(measure, other.values[year], other.why[year])
    return f"{text} ({value})" if text else f"{other.area}: {value}"


def _table(m: Measure, r: Result) -> TableView:
    label, _, unit, when = LABELS[m.measure]
    rows: list[tuple[str, ...]] = []
    for area in (m.council, m.region, m.england):
        if area is not None:
            rows.append((area.area, *(value_text(m.measure, v, w) for v, w in zip(area.values, area.why, strict=True))))
    if m.council is not None:
        rows.append((f"{m.council.area} compared with England ({unit})", *(signed(d) for d in m.versus_england)))
        if m.region is not None:
            rows.append(
                (f"{m.council.area} compared with {m.region.area} ({unit})", *(signed(d) for d in m.versus_region))
            )
    return TableView(
        caption=f"{label} ({when})",
        headers=("Area", *r.years),
        rows=tuple(rows),
        numeric=(False, *(True for _ in r.years)),
    )


def downloads(i: Inputs, r: Result, s: Settings) -> list[Download]:
    """The comparison as a CSV file: one row per measure, area and year."""
    rows: list[dict[str, Any]] = []
    for m in r.measures:
        for area in (m.council, m.region, m.england):
            if area is None:
                continue
            for year, value, why in zip(r.years, area.values, area.why, strict=True):
                rows.append({"measure": m.measure, "area": area.area, "year": year, "value": value, "note": why})
    name = (r.council or "england").lower().replace(" ", "-")
    return [Download("Comparison (CSV)", f"workforce-comparison-{name}.csv", "text/csv", write_csv(rows))]
