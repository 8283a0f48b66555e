"""The individual workload calculator's data file (calculators/data/workload.json, or a council's
copy): its schema, the checked settings, and the readers the team calculator shares.

The team calculator reads the same file (one place for a council's case types, hours and bands);
its own settings sit in the "team" block, described here so the file has one schema."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ..kit.errors import ConfigError
from ..kit.schema import IMPORT_HEADINGS, ListOf, Number, Record, Text, TextList, check

DATA_FILE = "workload.json"
MODELS = ("points", "time")
VIEWS = (*MODELS, "both")  # "both": one worker's cases, the two models' results side by side
OPTIONS = {"model": VIEWS}


@dataclass(frozen=True)
class CaseType:
    """A case type with its weight in each model."""

    id: str
    label: str
    points: float
    hours_per_month: float


@dataclass(frozen=True)
class Threshold:
    """A band: from which share of capacity it applies, and what it means."""

    from_percent: float
    label: str
    level: str
    description: str


@dataclass(frozen=True)
class Settings:
    """The checked data file for the page's model: case types, hours, protected time and bands."""

    model: str
    case_types: tuple[CaseType, ...]
    bands: tuple[Threshold, ...]  # highest threshold first
    full_time_hours: float
    weeks_per_month: float
    points_maximum: float
    asye_reduction_percent: float


# The data file as a schema: settings() checks a file against it, and it is written out as
# councils/schemas/workload.schema.json for editors.
PROBATION_POINTS = Number(
    minimum=0, description="weight in the team calculator's probation model (needed for that model)"
)
CASE_TYPE = Record(
    {
        "id": Text(id=True),
        "label": Text(),
        "points": Number(above=0, description="weight in the points model"),
        "hours_per_month": Number(above=0, description="weight in the time model"),
        "probation_points": PROBATION_POINTS,
    },
    optional=("probation_points",),
)
BAND = Record(
    {
        "from_percent": Number(description="capacity used, in %, from which this band applies"),
        "label": Text(),
        "level": Text(description="colour: red, amber, green, blue or neutral"),
        "description": Text(),
    },
    optional=("description",),
    defaults={"description": ""},
)
COMPLEXITY = Record(
    {
        "id": Text(id=True),
        "label": Text(),
        "points": Number(minimum=0),
        "hours_per_month": Number(minimum=0),
        "probation_points": PROBATION_POINTS,
        "hint": Text(),
    },
    optional=("probation_points", "hint"),
    defaults={"hint": ""},
)
TEAM = Record(
    {
        "case_types": TextList(
            blank=False, description="ids of the case types the team table counts, in order (left out: all of them)"
        ),
        "complexity": ListOf(
            COMPLEXITY, unique="id", description="items that add weight to the cases they apply to (may be empty)"
        ),
        "probation": Record(
            {"nominal_target": Number(above=0), "default_hours": Number(above=0), "source": Text()},
            optional=("source",),
            description="the probation model's capacity figures (needed for that model)",
        ),
        "next_case_default": Text(id=True, description="the case type the 'next case' question starts at"),
    },
    optional=("case_types", "complexity", "probation", "next_case_default"),
    defaults={"complexity": []},
    description="the team calculator's own settings (left out: all case types, no complexity items, no probation)",
)
DATA_SCHEMA = Record(
    {
        "full_time_hours": Number(above=0, description="a full-time social worker's hours a week"),
        "weeks_per_month": Number(above=0),
        "asye_reduction_percent": Number(minimum=0, below=100, description="how much less an ASYE worker holds, in %"),
        "points": Record({"full_time_maximum": Number(above=0), "source": Text()}, optional=("source",)),
        "bands": ListOf(BAND, min_items=1),
        "case_types": ListOf(CASE_TYPE, min_items=1, unique="id"),
        "team": TEAM,
        "import_headings": IMPORT_HEADINGS,
    },
    optional=("team", "import_headings"),
    defaults={"team": {"complexity": []}},
)
# Keys that sat at the top of the team calculator's own file (team.json) until version 2026-12-02.
MOVED_TO_TEAM = ("complexity", "probation", "next_case_default")


def settings(options: dict[str, str], data: dict[str, Any]) -> Settings:
    """Check the data file (calculators/data/workload.json or a council's copy) for the page's model."""
    raw = checked_data(data)
    return Settings(
        model=options["model"],  # checked by prepare() against OPTIONS
        case_types=tuple(
            CaseType(id=c["id"], label=c["label"], points=c["points"], hours_per_month=c["hours_per_month"])
            for c in raw["case_types"]
        ),
        bands=bands_of(raw),
        full_time_hours=raw["full_time_hours"],
        weeks_per_month=raw["weeks_per_month"],
        points_maximum=raw["points"]["full_time_maximum"],
        asye_reduction_percent=raw["asye_reduction_percent"],
    )


def checked_data(data: dict[str, Any]) -> dict[str, Any]:
    """The data file checked against DATA_SCHEMA; a key left where the old team.json had it is refused,
    never ignored (ignoring it would replace a council's complexity items or probation figures with none)."""
    for key in MOVED_TO_TEAM:
        if key in data:
            raise ConfigError(
                key,
                'belongs inside the "team" block since version 2026-12-02, when the team calculator\'s '
                f"team.json was merged into workload.json. Fix: move it to team.{key}",
            )
    checked: dict[str, Any] = check(DATA_SCHEMA, data)
    return checked


def bands_of(raw: dict[str, Any]) -> tuple[Threshold, ...]:
    """The bands, highest first; one must start at 0 so every load has a band."""
    bands = sorted(
        (
            Threshold(from_percent=b["from_percent"], label=b["label"], level=b["level"], description=b["description"])
            for b in raw["bands"]
        ),
        key=lambda b: b.from_percent,
        reverse=True,
    )
    if bands[-1].from_percent != 0:
        raise ConfigError("bands", "must include a band with from_percent 0, so every load has a band")
    return tuple(replace(b, level=band_colour(b)) for b in bands)


def band_colour(band: Threshold) -> str:
    """The colour a band is shown in. Green is the site's colour for "all fine" (a good rating, a low
    risk), so only a band from 0% (room for work) may be green: a full load (a higher band under 100%)
    is shown grey, and one at or over capacity amber, whatever colour the data file gives it."""
    if band.level != "green" or band.from_percent == 0:
        return band.level
    return "neutral" if band.from_percent < 100 else "amber"
