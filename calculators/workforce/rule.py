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

from dataclasses import dataclass

from .settings import Settings

NAME = "workforce"
TITLE = "Workforce planning calculator"


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
    permanent_cost: float  # the costs as read ("£85k" is 85,000), so the page can say what it read
    agency_cost: float
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


def calculate(i: Inputs, s: Settings) -> Result:
    """Rates, the agency premium and a simple projection, by the DfE's definitions."""
    vacancies = i.establishment_fte - i.filled_fte
    premium = i.agency_cost - i.permanent_cost
    staff = i.agency_fte + i.filled_fte
    latest = s.national[0]
    return Result(
        vacancies_fte=vacancies,
        vacancy_rate=vacancies / i.establishment_fte * 100,
        agency_rate=i.agency_fte / staff * 100 if staff else 0.0,
        turnover_percent=i.turnover_percent,
        permanent_cost=i.permanent_cost,
        agency_cost=i.agency_cost,
        uncovered_vacancies_fte=max(0.0, vacancies - i.agency_fte),
        agency_beyond_vacancies_fte=max(0.0, i.agency_fte - vacancies),
        agency_premium=premium,
        agency_total_cost=i.agency_fte * i.agency_cost,
        agency_extra_cost=i.agency_fte * premium,
        leavers_per_year_fte=i.filled_fte * i.turnover_percent / 100,
        conversion_saving=i.convert_fte * premium,
        projection=project(i, premium),
        national_year=latest.year,
        national_vacancy_rate=latest.vacancy_rate,
        national_turnover_rate=latest.turnover_rate,
        national_agency_rate=latest.agency_rate,
    )


def project(i: Inputs, premium: float) -> tuple[Year, ...]:
    """Now (year 0), then each of the next `i.years` years, by the projection's formulas above."""
    vacancies_now = i.establishment_fte - i.filled_fte
    establishment, filled, agency = i.establishment_fte, i.filled_fte, i.agency_fte
    years = [year_of(0, establishment, filled, agency, premium)]
    for year in range(1, i.years + 1):
        establishment = establishment * (1 + i.growth_percent / 100)
        filled = min(establishment, max(0.0, filled * (1 - i.turnover_percent / 100) + i.recruits_fte))
        agency = i.agency_fte * (establishment - filled) / vacancies_now if vacancies_now > 0 else i.agency_fte
        years.append(year_of(year, establishment, filled, agency, premium))
    return tuple(years)


def year_of(year: int, establishment: float, filled: float, agency: float, premium: float) -> Year:
    """One year's vacancies, vacancy rate and extra cost of agency cover, from its posts and agency FTE."""
    vacancies = establishment - filled
    return Year(
        year=year,
        establishment_fte=establishment,
        filled_fte=filled,
        vacancies_fte=vacancies,
        vacancy_rate=vacancies / establishment * 100,
        agency_fte=agency,
        agency_extra_cost=agency * premium,
    )
