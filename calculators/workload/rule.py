"""Individual workload: one social worker's weighted load against their capacity.

A worker's weighted load is, for each case type, the number of cases × that type's weight. Two
models, chosen per page (or both side by side, ``model=both``), weigh cases and count capacity:

- points: each case type carries points; capacity is a points maximum for a full-time
  worker, scaled by the hours left after protected time:
      available points = maximum × (contracted − protected hours) ÷ full-time hours
  (the same arithmetic as probation's open workload tooling, with nominal target = maximum);
- time: each case type takes hours a month; capacity is the hours left after protected time:
      available hours = (contracted − protected hours) × weeks per month

An ASYE worker's capacity is reduced by a percentage:
      capacity = available × (1 − ASYE reduction ÷ 100)
Capacity used = load ÷ capacity × 100, rounded to one decimal place as shown, and the band is
the highest whose threshold (from the data file) that figure has reached.

The team calculator uses the same arithmetic for every worker: points_capacity, time_capacity,
after_asye, shown_percent and band_of take plain numbers for that reason.

Run `python -m calculators.workload --help` for the command line.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..kit.text import shown
from .settings import Settings, Threshold

NAME = "workload"
TITLE = "Individual workload calculator"


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


@dataclass(frozen=True)
class Comparison:
    """Both models' results for the same worker (model=both)."""

    model: str
    points: Result
    time: Result


def calculate(i: Inputs, s: Settings) -> Result | Comparison:
    """The worker's weighted load against capacity, in one model or both side by side."""
    if s.model == "both":
        return Comparison("both", model_result(i, s, "points"), model_result(i, s, "time"))
    return model_result(i, s, s.model)


def model_result(i: Inputs, s: Settings, model: str) -> Result:
    """The worker's result in one model (points or time)."""
    points = model == "points"
    lines = tuple(
        Line(c.label, i.cases[c.id], w := (c.points if points else c.hours_per_month), i.cases[c.id] * w)
        for c in s.case_types
    )
    if points:
        available = points_capacity(i.contracted_hours, i.protected_hours, s.points_maximum, s.full_time_hours)
    else:
        available = time_capacity(i.contracted_hours, i.protected_hours, s.weeks_per_month)
    capacity = after_asye(available, i.asye, s.asye_reduction_percent)
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


def points_capacity(contracted_hours: float, protected_hours: float, maximum: float, full_time_hours: float) -> float:
    """Points model: available points = maximum × (contracted − protected hours) ÷ full-time hours."""
    return maximum * (contracted_hours - protected_hours) / full_time_hours


def time_capacity(contracted_hours: float, protected_hours: float, weeks_per_month: float) -> float:
    """Time model: available hours a month = (contracted − protected hours) × weeks per month."""
    return (contracted_hours - protected_hours) * weeks_per_month


def after_asye(capacity: float, asye: bool, reduction_percent: float) -> float:
    """A worker's capacity, reduced by the ASYE percentage when they are in their ASYE year."""
    return capacity * (1 - reduction_percent / 100) if asye else capacity


def shown_percent(load: float, capacity: float) -> float:
    """Capacity used, in %, as the result shows it (one decimal place): the figure bands are read from."""
    return shown(load / capacity * 100, 1)


def band_of(percent: float, bands: tuple[Threshold, ...]) -> Threshold:
    """The band a shown percentage is in: the highest whose threshold it has reached (100.0% is in the
    band from 100%). The individual and team calculators both band here."""
    return next(b for b in bands if percent >= b.from_percent)
