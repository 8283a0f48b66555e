"""Your council beside its region and England, year by year, from the DfE's published children's
social work workforce statistics (the indicators file the department publishes for download).

For each measure and year, the figures are the department's own, as the file gives them (rounded
to one decimal place); nothing is recalculated. The differences are worked out from those figures:

    compared with England  = council's figure − England's figure
    compared with region   = council's figure − the region's figure

in percentage points for the rates (vacancy, agency, turnover, sickness absence) and in cases for
the average caseload. A figure the file does not give (suppressed, not available) has no difference.

The measures, as the department defines them (methodology page):

    vacancy rate  = vacancies ÷ (vacancies + social workers in post) × 100, FTE, at 30 September
    agency rate   = agency workers ÷ (agency workers + social workers in post) × 100, FTE, at 30 September
    turnover rate = leavers in the year ÷ social workers in post × 100, FTE, year to 30 September
    caseload      = cases ÷ case-holding social workers (FTE), at 30 September
    absence rate  = working days lost to sickness ÷ working days available × 100, FTE, year to 30 September

Run `python -m calculators.workforce_comparison --help` for the command line.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..kit.text import shown
from .indicators import MEASURES, Indicators
from .settings import Settings

NAME = "workforce_comparison"
TITLE = "Compare with the DfE's published workforce figures"


@dataclass(frozen=True)
class Inputs:
    """The department's figures (read from its file) and the council chosen ("" before one is)."""

    indicators: Indicators
    council: str


@dataclass(frozen=True)
class Series:
    """One area's figure for each year (None where the file gives none, with the reason)."""

    area: str
    values: tuple[float | None, ...]
    why: tuple[str, ...]  # for each year: "" or why there is no figure ("suppressed (c)")


@dataclass(frozen=True)
class Measure:
    """One measure, year by year: the council, its region and England, and the differences."""

    measure: str
    council: Series | None
    region: Series | None
    england: Series
    versus_england: tuple[float | None, ...]
    versus_region: tuple[float | None, ...]


@dataclass(frozen=True)
class Result:
    """The years compared, the council and its region, each measure, and every council in the file."""

    years: tuple[str, ...]
    council: str
    region: str
    measures: tuple[Measure, ...]
    councils: tuple[str, ...]  # the file's councils, A to Z, for the page's list to choose from


def calculate(i: Inputs, s: Settings) -> Result:
    """Each measure for the council, its region and England, and the differences, year by year."""
    data, years = i.indicators, i.indicators.years
    region = _region(i) if i.council else ""
    measures = []
    for m in MEASURES:
        england = series(data, "national", "England", years, m)
        council = series(data, "council", i.council, years, m) if i.council else None
        area = series(data, "regional", region, years, m) if region else None
        measures.append(
            Measure(
                measure=m,
                council=council,
                region=area,
                england=england,
                versus_england=difference(council, england),
                versus_region=difference(council, area),
            )
        )
    return Result(years, i.council, region, tuple(measures), data.councils)


def _region(i: Inputs) -> str:
    """The council's region, as its latest row names it."""
    rows = [r for r in i.indicators.rows if r.level == "council" and r.area == i.council]
    return max(rows, key=lambda r: r.year).region if rows else ""


def series(data: Indicators, level: str, area: str, years: tuple[str, ...], measure: str) -> Series:
    """An area's figures for one measure, year by year."""
    values: list[float | None] = []
    why: list[str] = []
    for year in years:
        row = data.find(level, area, year)
        value = row.values[measure] if row else None
        values.append(value.number if value else None)
        why.append("" if value and value.number is not None else value.why if value else "no row in the file")
    return Series(area, tuple(values), tuple(why))


def difference(yours: Series | None, other: Series | None) -> tuple[float | None, ...]:
    """Year by year, your figure minus the other area's, as shown (one decimal place), or None."""
    if yours is None or other is None:
        return ()
    return tuple(
        shown(shown(a) - shown(b)) if a is not None and b is not None else None
        for a, b in zip(yours.values, other.values, strict=True)
    )
