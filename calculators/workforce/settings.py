"""What the workforce calculator reads from its data file: the worked example, the projection's longest
span, and England's published rates by year.

The form's fields are declared here because the data file's schema is built from them (each example
figure within its own field's bounds), and the answers are checked here too: the worked example in
the data file must be answers the form accepts, so settings() checks it the way form.read() checks a
user's answers.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ..kit.errors import ConfigError, InputErrors
from ..kit.fields import Field, Reader, known
from ..kit.schema import ListOf, Number, Record, Text, check
from ..kit.text import fmt_number, plain_number

DATA_FILE = "workforce.json"

# The form's fields, in order; fields() fills in each default from the data file's worked example.
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


# The DfE's downloadable indicators file, as the comparison with published figures reads it
# (calculators/workforce_comparison): the column that holds each figure, and the words its
# geographic_level column uses. Data, not code, so a renamed column in a later release is a data edit.
INDICATOR_COLUMNS = (
    "year",
    "level",
    "region",
    "council",
    "vacancy_rate",
    "agency_rate",
    "turnover_rate",
    "caseload",
    "absence_rate",
)
INDICATORS_FILE_DEFAULTS: dict[str, Any] = {
    "columns": {
        "year": "time_period",
        "level": "geographic_level",
        "region": "region_name",
        "council": "la_name",
        "vacancy_rate": "vacancy_rate_fte",
        "agency_rate": "agency_rate_fte",
        "turnover_rate": "turnover_rate_fte",
        "caseload": "caseload_fte",
        "absence_rate": "absence_rate_fte",
    },
    "levels": {"national": "National", "regional": "Regional", "council": "Local authority"},
}
INDICATORS_FILE = Record(
    {
        "columns": Record({key: Text(blank=False) for key in INDICATOR_COLUMNS}),
        "levels": Record({key: Text(blank=False) for key in ("national", "regional", "council")}),
    },
    description="The columns of the DfE's indicators file (csww_indicators_*.csv) and its geographic levels",
)

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
        "indicators_file": INDICATORS_FILE,
    },
    optional=("national_definitions", "indicators_file"),
    defaults={"indicators_file": INDICATORS_FILE_DEFAULTS},
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
        check_answers({f.name: f.default for f in fields(checked)}, checked)
    except InputErrors as problems:
        first = problems.errors[0]
        raise ConfigError(f"example.{first.field}", first.message) from None
    return checked


def fields(s: Settings) -> tuple[Field, ...]:
    """The form's fields, with the data file's example as defaults and its longest projection as the years' maximum."""
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


def check_answers(values: dict[str, Any], s: Settings) -> dict[str, Any]:
    """The figures as numbers, naming each one missing, out of range or inconsistent (InputErrors).
    form.read() makes them Inputs; settings() checks the worked example with it."""
    r = Reader(values)
    by_name = {f.name: f for f in fields(s)}
    got = {name: r.number(by_name[name]) for name in FIELD_NAMES}
    for name in ("establishment_fte", "permanent_cost", "agency_cost"):
        if got[name] == 0:
            r.error(name, f"{by_name[name].label} must be more than 0")
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
    return {name: int(known(v)) if name == "years" else known(v) for name, v in got.items()}
