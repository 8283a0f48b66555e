"""Workforce planning: vacancies, agency cover and its cost, and a simple projection.

Rates use the DfE's definitions, so they compare with the national statistics:

    vacancies            = establishment − filled posts (permanent social workers in post, FTE)
    vacancy rate         = vacancies ÷ establishment × 100   (= vacancies ÷ (vacancies + filled))
    agency rate          = agency FTE ÷ (agency FTE + filled posts) × 100
    agency premium       = agency cost per FTE − permanent cost per FTE (a year)
    extra cost of agency = agency FTE × agency premium (a year)
    conversion saving    = agency posts converted to permanent × agency premium (a year)

Projection, year by year for the next N years (simple assumptions, stated on the page):

    establishment(y) = establishment(y−1) × (1 + growth %)
    filled(y)        = filled(y−1) × (1 − turnover %) + permanent recruits a year,
                       never below 0 or above establishment(y)
    agency(y)        = agency now × vacancies(y) ÷ vacancies now (agency cover moves with
                       vacancies; with no vacancies now, agency stays as it is)

The projection does not include any conversions, so the two can be compared.

Run `python -m calculators.workforce --help` for the command line.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ..io.csv_files import write_csv
from ..kit.contract import ACTIONS, CSV_TABLE, JSON_ROWS, OPTIONS, RECORD_FORMAT, act, csv_template  # noqa: F401 - the contract's defaults (see kit.contract)
from ..kit.errors import ConfigError, InputErrors
from ..kit.fields import Field, Reader, known
from ..kit.report import Band, Download, Figure, Report, TableView
from ..kit.schema import ListOf, Number, Record, Text, check
from ..kit.text import fmt_number, money, plain_number, shown

NAME = "workforce"
TITLE = "Workforce planning calculator"
DATA_FILE = "workforce.json"

# The form's fields; settings() fills in each default from the data file.
FIELDS = (
    Field(
        name="establishment_fte",
        label="Establishment",
        unit="FTE",
        hint="Funded social worker posts, in full-time equivalents (FTE).",
        minimum=0,
        maximum=100_000,
        group="Posts now",
    ),
    Field(
        name="filled_fte",
        label="Filled posts",
        unit="FTE",
        hint="Permanent social workers in post, FTE. Do not count agency workers here.",
        minimum=0,
        maximum=100_000,
        group="Posts now",
    ),
    Field(
        name="agency_fte",
        label="Agency social workers",
        unit="FTE",
        hint="Agency workers, FTE, whether covering vacancies, absence or extra demand.",
        minimum=0,
        maximum=100_000,
        group="Posts now",
    ),
    Field(
        name="turnover_percent",
        label="Turnover",
        unit="% a year",
        hint="Permanent social workers leaving in a year, as a percentage of filled posts.",
        minimum=0,
        maximum=100,
        group="Movement",
    ),
    Field(
        name="recruits_fte",
        label="Permanent recruits a year",
        unit="FTE",
        hint="Permanent social workers you expect to recruit each year, FTE.",
        minimum=0,
        maximum=100_000,
        group="Movement",
    ),
    Field(
        name="growth_percent",
        label="Growth in establishment",
        unit="% a year",
        hint="Expected change in funded posts each year. Use a minus sign for a reduction.",
        minimum=-50,
        maximum=50,
        group="Movement",
    ),
    Field(
        name="permanent_cost",
        label="Yearly cost of a permanent social worker",
        unit="£ per FTE",
        hint="Salary plus on-costs (employer National Insurance, pension and so on).",
        minimum=0,
        maximum=500_000,
        group="Costs",
    ),
    Field(
        name="agency_cost",
        label="Yearly cost of an agency social worker",
        unit="£ per FTE",
        hint="Hourly charge times hours worked in a year, including the agency's fee.",
        minimum=0,
        maximum=500_000,
        group="Costs",
    ),
    Field(name="years", label="Years to project", kind="whole", unit="years", minimum=1, maximum=10, group="Plan"),
    Field(
        name="convert_fte",
        label="Agency posts to convert to permanent",
        unit="FTE",
        hint="How many agency FTE you plan to replace with permanent social workers.",
        minimum=0,
        maximum=100_000,
        group="Plan",
    ),
)
FIELD_NAMES = tuple(f.name for f in FIELDS)


@dataclass(frozen=True)
class National:
    """One year's national figures (DfE), with their date and source."""

    year: int
    date: str
    vacancy_rate: float | None
    turnover_rate: float | None
    agency_rate: float | None
    source_title: str
    source: str


@dataclass(frozen=True)
class Settings:
    """The checked data file: the worked example's figures, the projection's longest span and the national figures
    (newest first).
    """

    example: dict[str, float]
    maximum_years: int
    national_title: str
    national: tuple[National, ...]  # newest first


@dataclass(frozen=True)
class Inputs:
    """The service's posts, agency cover, turnover, recruitment, growth, costs and the years to project."""

    establishment_fte: float
    filled_fte: float
    agency_fte: float
    turnover_percent: float
    recruits_fte: float
    growth_percent: float
    permanent_cost: float
    agency_cost: float
    years: int
    convert_fte: float


@dataclass(frozen=True)
class Year:
    """One projected year: establishment, filled posts and vacancies."""

    year: int
    establishment_fte: float
    filled_fte: float
    vacancies_fte: float
    vacancy_rate: float
    agency_fte: float
    agency_extra_cost: float


@dataclass(frozen=True)
class Result:
    """Vacancy and agency rates, the agency premium, the comparison with England and the projection."""

    vacancies_fte: float
    vacancy_rate: float
    agency_rate: float
    turnover_percent: float
    uncovered_vacancies_fte: float
    agency_beyond_vacancies_fte: float
    agency_premium: float
    agency_total_cost: float
    agency_extra_cost: float
    leavers_per_year_fte: float
    conversion_saving: float
    projection: tuple[Year, ...]  # year 0 is now
    national_year: int
    national_vacancy_rate: float | None
    national_turnover_rate: float | None
    national_agency_rate: float | None


# The data file (calculators/data/workforce.json, or a council's copy), as a schema: the worked
# example's answers (each within its field's bounds) and England's published figures by year.
RATE = Number(minimum=0, maximum=100, nullable=True, description="a percentage, or null where not published")
DATA_SCHEMA = Record(
    {
        "maximum_years": Number(minimum=1, maximum=50, whole=True),
        "example": Record({f.name: Number(minimum=f.minimum, maximum=f.maximum) for f in FIELDS}),
        "national_title": Text(),
        "national_definitions": Text(),
        "national": ListOf(
            Record(
                {
                    "year": Number(whole=True),
                    "date": Text(),
                    "vacancy_rate": RATE,
                    "turnover_rate": RATE,
                    "agency_rate": RATE,
                    "source_title": Text(),
                    "source": Text(),
                }
            ),
            min_items=1,
        ),
    },
    optional=("national_definitions",),
)


def settings(options: dict[str, str], data: dict[str, Any]) -> Settings:
    """Check the data file (calculators/data/workforce.json or a council's copy)."""
    raw = check(DATA_SCHEMA, data)
    national = sorted(
        (
            National(
                year=n["year"],
                date=n["date"],
                source_title=n["source_title"],
                source=n["source"],
                vacancy_rate=n["vacancy_rate"],
                turnover_rate=n["turnover_rate"],
                agency_rate=n["agency_rate"],
            )
            for n in raw["national"]
        ),
        key=lambda n: n.year,
        reverse=True,
    )
    checked = Settings(
        example={name: float(raw["example"][name]) for name in FIELD_NAMES},
        maximum_years=raw["maximum_years"],
        national_title=raw["national_title"],
        national=tuple(national),
    )
    try:  # the worked example must be answers the form accepts (years within maximum_years, and so on)
        read(example(checked), checked)
    except InputErrors as problems:
        first = problems.errors[0]
        raise ConfigError(f"example.{first.field}", first.message) from None
    return checked


def form(s: Settings) -> tuple[Field, ...]:
    """The service's figures, with the data file's example as hints."""
    return tuple(
        replace(f, default=plain_number(s.example[f.name]))
        if f.name != "years"
        else replace(
            f,
            default=plain_number(s.example[f.name]),
            maximum=s.maximum_years,
            hint=f.hint or f"From 1 to {s.maximum_years}.",
        )
        for f in FIELDS
    )


def example(s: Settings) -> dict[str, Any]:
    """The worked example's figures."""
    return {f.name: f.default for f in form(s)}


def read(values: dict[str, Any], s: Settings) -> Inputs:
    """The figures as numbers, naming each one missing, out of range or inconsistent."""
    r = Reader(values)
    fields = {f.name: f for f in form(s)}
    got = {name: r.number(fields[name]) for name in FIELD_NAMES}
    for name in ("establishment_fte", "permanent_cost", "agency_cost"):
        if got[name] == 0:
            r.error(name, f"{fields[name].label} must be more than 0")
    est, filled, agency, convert = (
        got["establishment_fte"],
        got["filled_fte"],
        got["agency_fte"],
        got["convert_fte"],
    )
    if est and filled is not None and filled > est:
        r.error(
            "filled_fte",
            f"Filled posts ({fmt_number(filled, 6)} FTE) must be no more than the establishment "
            f"({fmt_number(est, 6)} FTE)",
        )
    if agency is not None and convert is not None and convert > agency:
        r.error(
            "convert_fte",
            f"Agency posts to convert ({fmt_number(convert, 6)} FTE) must be no more than the "
            f"agency social workers ({fmt_number(agency, 6)} FTE)",
        )
    r.done()
    checked: dict[str, Any] = {name: int(known(v)) if name == "years" else known(v) for name, v in got.items()}
    return Inputs(**checked)


def calculate(i: Inputs, s: Settings) -> Result:
    """Rates, the agency premium and a simple projection, by the DfE's definitions."""
    vacancies = i.establishment_fte - i.filled_fte
    premium = i.agency_cost - i.permanent_cost
    staff = i.agency_fte + i.filled_fte
    est, filled = i.establishment_fte, i.filled_fte
    projection = [
        Year(
            year=0,
            establishment_fte=est,
            filled_fte=filled,
            vacancies_fte=vacancies,
            vacancy_rate=vacancies / est * 100,
            agency_fte=i.agency_fte,
            agency_extra_cost=i.agency_fte * premium,
        )
    ]
    for year in range(1, i.years + 1):
        est = est * (1 + i.growth_percent / 100)
        filled = min(est, max(0.0, filled * (1 - i.turnover_percent / 100) + i.recruits_fte))
        gap = est - filled
        agency = i.agency_fte * gap / vacancies if vacancies > 0 else i.agency_fte
        projection.append(
            Year(
                year=year,
                establishment_fte=est,
                filled_fte=filled,
                vacancies_fte=gap,
                vacancy_rate=gap / est * 100,
                agency_fte=agency,
                agency_extra_cost=agency * premium,
            )
        )
    latest = s.national[0]
    return Result(
        vacancies_fte=vacancies,
        vacancy_rate=vacancies / i.establishment_fte * 100,
        agency_rate=i.agency_fte / staff * 100 if staff else 0.0,
        turnover_percent=i.turnover_percent,
        uncovered_vacancies_fte=max(0.0, vacancies - i.agency_fte),
        agency_beyond_vacancies_fte=max(0.0, i.agency_fte - vacancies),
        agency_premium=premium,
        agency_total_cost=i.agency_fte * i.agency_cost,
        agency_extra_cost=i.agency_fte * premium,
        leavers_per_year_fte=i.filled_fte * i.turnover_percent / 100,
        conversion_saving=i.convert_fte * premium,
        projection=tuple(projection),
        national_year=latest.year,
        national_vacancy_rate=latest.vacancy_rate,
        national_turnover_rate=latest.turnover_rate,
        national_agency_rate=latest.agency_rate,
    )


def _pct(value: float | None) -> str:
    return "not found" if value is None else f"{fmt_number(value)}%"


def _compare(yours: float, national: float | None) -> str:
    if national is None:
        return ""
    diff = shown(shown(yours) - shown(national))  # the difference of the two rates as shown
    if diff == 0:
        return "the same as England"
    return f"{fmt_number(abs(diff))} points {'above' if diff > 0 else 'below'} England"


def _join(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def report(r: Result, s: Settings) -> Report:
    """The headline, the figures beside England's and the projection table."""
    return Report(
        headline=(
            f"Vacancy rate {fmt_number(r.vacancy_rate)}% ({fmt_number(r.vacancies_fte)} FTE). "
            f"Agency cover costs {money(r.agency_extra_cost)} a year more than permanent staff."
        ),
        band=_band(r, s),
        figures=_figures(r),
        tables=_tables(r, s),
        notes=_notes(r, s),
    )


def _band(r: Result, s: Settings) -> Band:
    latest = s.national[0]
    national = r.national_vacancy_rate
    if national is None:
        return Band(f"Vacancy rate {fmt_number(r.vacancy_rate)}%", "neutral")
    elif shown(r.vacancy_rate) > shown(national):  # compared as shown, to one decimal place
        return Band(
            "Vacancy rate above England's",
            "amber",
            f"England's was {fmt_number(national)}% at {latest.date}.",
        )
    else:
        return Band(
            "Vacancy rate at or below England's",
            "green",
            f"England's was {fmt_number(national)}% at {latest.date}.",
        )


def _notes(r: Result, s: Settings) -> tuple[str, ...]:
    notes = []
    if shown(r.uncovered_vacancies_fte) > 0:  # a note only for a figure that shows as more than 0
        notes.append(
            f"{fmt_number(r.uncovered_vacancies_fte)} FTE of vacancies have no agency cover: "
            "that work falls on the rest of the team or waits."
        )
    if shown(r.agency_beyond_vacancies_fte) > 0:
        notes.append(
            f"You have {fmt_number(r.agency_beyond_vacancies_fte)} FTE more agency workers than vacancies "
            "(for example covering absence or extra demand)."
        )
    if r.agency_premium < 0:
        notes.append(
            "Agency cost is lower than permanent cost here, so converting agency posts costs money. "
            "Check both costs include everything."
        )
    notes.append(
        "The projection assumes the same turnover, recruitment and growth every year, and agency cover "
        "moving in step with vacancies. It leaves out conversions."
    )
    notes.append(
        "England's figures: "
        + "; ".join(f"{n.year} (at {n.date}) from {n.source_title}" for n in s.national)
        + ". Links to each source are on this page."
    )
    return tuple(notes)


def _figures(r: Result) -> tuple[Figure, ...]:
    last = r.projection[-1]
    return (
        Figure(
            "Vacancy rate",
            f"{fmt_number(r.vacancy_rate)}%",
            _join(f"{fmt_number(r.vacancies_fte)} FTE", _compare(r.vacancy_rate, r.national_vacancy_rate)),
        ),
        Figure(
            "Agency rate",
            f"{fmt_number(r.agency_rate)}%",
            _compare(r.agency_rate, r.national_agency_rate),
        ),
        Figure(
            "Turnover",
            f"{fmt_number(r.turnover_percent)}%",
            _join(
                f"about {fmt_number(r.leavers_per_year_fte)} FTE leaving a year",
                _compare(r.turnover_percent, r.national_turnover_rate),
            ),
        ),
        Figure(
            "Extra yearly cost of agency cover",
            money(r.agency_extra_cost),
            f"{money(r.agency_premium)} per agency FTE more than permanent",
        ),
        Figure("Saving from converting agency posts", f"{money(r.conversion_saving)} a year"),
        Figure(
            f"In {last.year} year{'s' if last.year > 1 else ''}",
            f"{fmt_number(last.filled_fte)} of {fmt_number(last.establishment_fte)} FTE filled",
            f"vacancy rate {fmt_number(last.vacancy_rate)}%",
        ),
    )


def _tables(r: Result, s: Settings) -> tuple[TableView, ...]:
    return (
        TableView(
            caption="Now and projected (no conversions)",
            headers=(
                "Year",
                "Establishment (FTE)",
                "Filled (FTE)",
                "Vacancies (FTE)",
                "Vacancy rate",
                "Agency (FTE)",
                "Extra cost of agency",
            ),
            rows=tuple(
                (
                    "Now" if y.year == 0 else f"Year {y.year}",
                    fmt_number(y.establishment_fte),
                    fmt_number(y.filled_fte),
                    fmt_number(y.vacancies_fte),
                    f"{fmt_number(y.vacancy_rate)}%",
                    fmt_number(y.agency_fte),
                    money(y.agency_extra_cost),
                )
                for y in r.projection
            ),
            numeric=(False, True, True, True, True, True, True),
        ),
        TableView(
            caption=s.national_title,
            headers=("Measure", "Yours", *(str(n.year) for n in s.national)),
            rows=(
                (
                    "Vacancy rate",
                    f"{fmt_number(r.vacancy_rate)}%",
                    *(_pct(n.vacancy_rate) for n in s.national),
                ),
                (
                    "Turnover",
                    f"{fmt_number(r.turnover_percent)}%",
                    *(_pct(n.turnover_rate) for n in s.national),
                ),
                (
                    "Agency rate",
                    f"{fmt_number(r.agency_rate)}%",
                    *(_pct(n.agency_rate) for n in s.national),
                ),
            ),
            numeric=(False, True, *(True for _ in s.national)),
        ),
    )


def downloads(i: Inputs, r: Result, s: Settings) -> list[Download]:
    """The summary and the projection, as two CSV files."""
    summary: list[dict[str, Any]] = [
        {"measure": "Vacancies", "value": r.vacancies_fte, "unit": "FTE"},
        {"measure": "Vacancy rate", "value": r.vacancy_rate, "unit": "%"},
        {"measure": "Agency rate", "value": r.agency_rate, "unit": "%"},
        {"measure": "Turnover", "value": r.turnover_percent, "unit": "%"},
        {"measure": "Leavers a year", "value": r.leavers_per_year_fte, "unit": "FTE"},
        {"measure": "Vacancies without agency cover", "value": r.uncovered_vacancies_fte, "unit": "FTE"},
        {"measure": "Agency premium per FTE", "value": r.agency_premium, "unit": "£ a year"},
        {"measure": "Total cost of agency workers", "value": r.agency_total_cost, "unit": "£ a year"},
        {"measure": "Extra cost of agency cover", "value": r.agency_extra_cost, "unit": "£ a year"},
        {"measure": "Saving from converting agency posts", "value": r.conversion_saving, "unit": "£ a year"},
    ]
    projection = [
        {
            "year": y.year,
            "establishment_fte": y.establishment_fte,
            "filled_fte": y.filled_fte,
            "vacancies_fte": y.vacancies_fte,
            "vacancy_rate": y.vacancy_rate,
            "agency_fte": y.agency_fte,
            "agency_extra_cost": y.agency_extra_cost,
        }
        for y in r.projection
    ]
    return [
        Download(
            "Summary (CSV)",
            "workforce-summary.csv",
            "text/csv",
            write_csv([{**row, "value": round(row["value"], 2)} for row in summary]),
        ),
        Download(
            "Projection (CSV)",
            "workforce-projection.csv",
            "text/csv",
            write_csv(
                [{k: (round(v, 2) if isinstance(v, float) else v) for k, v in row.items()} for row in projection]
            ),
        ),
    ]
