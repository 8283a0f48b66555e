"""Individual workload: one social worker's weighted load against their capacity.

Two models, chosen per page (or both side by side, ``model=both``):

- points: each case type carries points; capacity is a points maximum for a full-time
  worker, scaled by the hours left after protected time:
      available points = maximum × (contracted − protected hours) ÷ full-time hours
  (the same arithmetic as probation's open workload tooling, with nominal target = maximum);
- time: each case type takes hours a month; capacity is the hours left after protected time:
      available hours = (contracted − protected hours) × weeks per month

An ASYE worker's capacity is reduced by a percentage. Capacity used = load ÷ capacity × 100,
and the band comes from the thresholds in the data file.

Run `python -m calculators.workload --help` for the command line.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ..kit.contract import ACTIONS, CSV_TABLE, JSON_ROWS, RECORD_FORMAT, act, csv_template, downloads  # noqa: F401 - the contract's defaults (see kit.contract)
from ..kit.errors import ConfigError
from ..kit.fields import Choice, Field, Reader, known
from ..kit.report import Band, Figure, Report, TableView
from ..kit.schema import ListOf, Number, Record, Text, TextList, check
from ..kit.text import fmt_number, percent_text, shown

NAME = "workload"
TITLE = "Individual workload calculator"
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


@dataclass(frozen=True)
class Inputs:
    """One worker's hours, protected time, ASYE and cases of each type."""

    cases: dict[str, int]
    contracted_hours: float
    protected_hours: float
    asye: bool


@dataclass(frozen=True)
class Line:
    """One case type's count and weighted load in the result."""

    case_type: str
    cases: int
    weight: float
    load: float


@dataclass(frozen=True)
class Comparison:
    """Both models' results for the same worker (model=both)."""

    model: str
    points: Result
    time: Result


@dataclass(frozen=True)
class Result:
    """The worker's load, capacity, room, share of capacity and band."""

    model: str
    unit: str
    lines: tuple[Line, ...]
    cases: int
    load: float
    capacity: float
    room: float
    capacity_percent: float  # as shown: one decimal place (see shown_percent)
    band: str
    level: str


# The data file (calculators/data/workload.json, or a council's copy), as a schema: settings() checks
# a file against it, and it is written out as councils/schemas/workload.schema.json for editors.
# The team calculator reads the same file (one place for a council's case types, hours and bands);
# its own settings sit in the "team" block, described here so the file has one schema.
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
    },
    optional=("team",),
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


# Protected and non-case time, in hours a week. Named here once, shared by form() and read().
PROTECTED = (
    (
        "supervision_hours",
        "Supervision and reflective time",
        "Supervision of 1.5 hours a month is about 0.35 hours a week; 2 hours a month is about 0.5.",
        "0.5",
    ),
    ("training_hours", "Training and development", "Learning, CPD and team development.", "1"),
    ("responsibility_hours", "Extra responsibilities", "For example practice educator, duty or union roles.", "0"),
    ("other_hours", "Other agreed reductions", "For example a phased return to work.", "0"),
)
EXAMPLE_CASES = {"assessment": 2, "cin": 6, "cp": 4, "cla": 3, "proceedings": 1}


def weight_hint(c: CaseType, model: str) -> str:
    """The hint under a case type's field: its weight in the page's model(s)."""
    if model == "both":
        return f"Weighted at {fmt_number(c.points)} points or {fmt_number(c.hours_per_month)} hours a month each."
    if model == "points":
        return f"Weighted at {fmt_number(c.points)} points each."
    return f"Weighted at {fmt_number(c.hours_per_month)} hours a month each."


def form(s: Settings) -> tuple[Field, ...]:
    """The worker's hours and protected time, then a count for each case type."""
    cases = tuple(
        Field(
            f"cases_{c.id}",
            c.label,
            "whole",
            unit="cases",
            maximum=200,
            default="0",
            group="Cases you hold",
            hint=weight_hint(c, s.model),
        )
        for c in s.case_types
    )
    time = (
        Field(
            "contracted_hours",
            "Contracted hours",
            unit="hours a week",
            maximum=60,
            default="37",
            hint=f"Full time is {fmt_number(s.full_time_hours)} hours a week.",
            group="Your hours",
        ),
        *(
            Field(
                name,
                label,
                unit="hours a week",
                maximum=60,
                default=default,
                hint=hint,
                group="Protected and non-case time",
            )
            for name, label, hint, default in PROTECTED
        ),
        Field(
            "asye",
            "In their ASYE year",
            "choice",
            default="no",
            group="Protected and non-case time",
            hint="The Assessed and Supported Year in Employment reduces capacity by "
            f"{fmt_number(s.asye_reduction_percent)}%.",
            choices=(Choice("no", "No"), Choice("yes", "Yes")),
        ),
    )
    return cases + time


def example(s: Settings) -> dict[str, Any]:
    """The worked example's answers (a made-up worker)."""
    values = {f.name: f.default for f in form(s)}
    values.update({f"cases_{k}": str(v) for k, v in EXAMPLE_CASES.items() if f"cases_{k}" in values})
    return values


def read(values: dict[str, Any], s: Settings) -> Inputs:
    """The answers as numbers, naming each field missing or out of range."""
    r = Reader(values)
    fields = {f.name: f for f in form(s)}
    cases = {c.id: r.number(fields[f"cases_{c.id}"]) for c in s.case_types}
    hours = r.number(fields["contracted_hours"])
    protected = [r.number(fields[name]) for name, *_ in PROTECTED]
    asye = r.choice(fields["asye"])
    given = [p for p in protected if p is not None]
    if hours == 0:
        r.error("contracted_hours", "Contracted hours must be more than 0")
    elif hours is not None and len(given) == len(protected) and sum(given) >= hours:
        r.error(
            "contracted_hours",
            f"Contracted hours ({fmt_number(hours, 6)}) must be more than the protected and "
            f"non-case time ({fmt_number(sum(given), 6)} hours a week)",
        )
    r.done()
    return Inputs(
        cases={k: int(known(v)) for k, v in cases.items()},
        contracted_hours=known(hours),
        protected_hours=sum(given),
        asye=asye == "yes",
    )


def calculate(i: Inputs, s: Settings) -> Result | Comparison:
    """The worker's weighted load against capacity, in one model or both side by side."""
    if s.model == "both":
        return Comparison("both", _calculate(i, s, "points"), _calculate(i, s, "time"))
    return _calculate(i, s, s.model)


def _calculate(i: Inputs, s: Settings, model: str) -> Result:
    points = model == "points"
    lines = tuple(
        Line(c.label, i.cases[c.id], w := (c.points if points else c.hours_per_month), i.cases[c.id] * w)
        for c in s.case_types
    )
    capacity = available(s, model, i.contracted_hours, i.protected_hours, i.asye)
    load = sum(line.load for line in lines)
    percent = shown_percent(load, capacity)
    band = band_of(percent, s.bands)
    return Result(
        model=model,
        unit="points" if points else "hours a month",
        lines=lines,
        cases=sum(line.cases for line in lines),
        load=load,
        capacity=capacity,
        room=capacity - load,
        capacity_percent=percent,
        band=band.label,
        level=band.level,
    )


def shown_percent(load: float, capacity: float) -> float:
    """Capacity used, in %, as the result shows it (one decimal place): the figure bands are read from."""
    return shown(load / capacity * 100, 1)


def band_of(percent: float, bands: tuple[Threshold, ...]) -> Threshold:
    """The band a shown percentage is in: the highest whose threshold it has reached (100.0% is in the
    band from 100%). The individual and team calculators both band here."""
    return next(b for b in bands if percent >= b.from_percent)


def available(s: Settings, model: str, contracted_hours: float, protected_hours: float, asye: bool) -> float:
    """A worker's capacity in the model's unit (the team calculator uses it for every worker)."""
    case_hours = contracted_hours - protected_hours
    if model == "points":
        capacity = s.points_maximum * case_hours / s.full_time_hours
    else:
        capacity = case_hours * s.weeks_per_month
    if asye:
        capacity *= 1 - s.asye_reduction_percent / 100
    return capacity


def report(r: Result | Comparison, s: Settings) -> Report:
    """The headline (share of capacity and band) and the breakdown by case type."""
    if isinstance(r, Comparison):
        return _compare(r, s)
    band = next(b for b in s.bands if b.label == r.band)
    return Report(
        headline=f"Capacity used: {percent_text(r.capacity_percent)}. {r.band}.",
        band=Band(r.band, r.level, band.description),
        figures=(
            Figure("Weighted load", f"{fmt_number(r.load)} {r.unit}", f"from {r.cases} cases"),
            Figure("Available capacity", f"{fmt_number(r.capacity)} {r.unit}"),
            Figure("Room left", room_text(r.room, r.unit)),
            Figure("Capacity used", percent_text(r.capacity_percent)),
        ),
        tables=(
            TableView(
                caption=f"How the load adds up ({r.model} model)",
                headers=("Case type", "Cases", f"Weight ({r.unit})", f"Load ({r.unit})"),
                rows=tuple(
                    (line.case_type, str(line.cases), fmt_number(line.weight), fmt_number(line.load))
                    for line in r.lines
                ),
                numeric=(False, True, True, True),
            ),
        ),
    )


def room_text(room: float, unit: str) -> str:
    """Room left, or how far over: "12.9 points", "none (3 points over)"."""
    return f"{fmt_number(room)} {unit}" if room >= 0 else f"none ({fmt_number(-room)} {unit} over)"


def _compare(c: Comparison, s: Settings) -> Report:
    """Both models in one report, with why they can differ and which one to use."""
    p, t = c.points, c.time
    same = p.band == t.band
    return Report(
        headline=f"Points model: {percent_text(p.capacity_percent)} ({p.band}). "
        f"Time model: {percent_text(t.capacity_percent)} ({t.band}).",
        band=Band(p.band, p.level, "Both models put this worker in the same band.") if same else None,
        tables=(
            TableView(
                caption="The two models side by side",
                headers=("Measure", "Points model", "Time model"),
                rows=(
                    ("Weighted load", f"{fmt_number(p.load)} points", f"{fmt_number(t.load)} hours a month"),
                    (
                        "Available capacity",
                        f"{fmt_number(p.capacity)} points",
                        f"{fmt_number(t.capacity)} hours a month",
                    ),
                    ("Room left", room_text(p.room, p.unit), room_text(t.room, t.unit)),
                    ("Capacity used", percent_text(p.capacity_percent), percent_text(t.capacity_percent)),
                    ("Band", p.band, t.band),
                ),
                numeric=(False, True, True),
            ),
            TableView(
                caption=f"How the load adds up ({p.cases} cases)",
                headers=("Case type", "Cases", "Points", "Hours a month"),
                rows=tuple(
                    (a.case_type, str(a.cases), fmt_number(a.load), fmt_number(b.load))
                    for a, b in zip(p.lines, t.lines, strict=True)
                ),
                numeric=(False, True, True, True),
            ),
        ),
        notes=(
            "The models weigh cases differently: points compare how demanding each type of case is, hours "
            "estimate the time each takes in a month. A worker who holds many cases of a type one model "
            "weighs more heavily can fall in different bands under each.",
            "Use the model your council has adopted (and its agreed weights); read the other only as a check. "
            "Neither replaces a conversation in supervision.",
        ),
    )
