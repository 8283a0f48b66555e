"""What the workforce calculator shows for a result (beside England's rates), and its two CSV files."""

from __future__ import annotations

from typing import Any

from ..io.csv_files import write_csv
from ..kit.fields import money_text
from ..kit.report import Band, Download, Figure, Report, TableView
from ..kit.text import fmt_number, money, shown
from .rule import Inputs, Result
from .settings import Settings


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
            f"{money(r.agency_premium)} per agency FTE more than permanent (costs read as "
            f"{money_text(r.permanent_cost)} permanent and {money_text(r.agency_cost)} agency, a year per FTE)",
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
