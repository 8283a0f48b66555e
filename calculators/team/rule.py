"""Team workload: every worker's weighted load, capacity and band, the team's totals, and who has
room for the next allocation of a given case type (the manager's view).

A worker's weighted load = for each case type, cases × its weight, plus for each complexity item
(court proceedings, sibling groups, travel) the cases it applies to × its extra weight.
Their capacity, in the page's model (model=points|time|probation):

- points:    available points = maximum × (contracted − protected hours) ÷ full-time hours
- time:      available hours = (contracted − protected hours) × weeks per month
  (both the individual workload calculator's own arithmetic, calculators/workload/rule.py);
- probation: available points = nominal target × (contracted ÷ default hours)
                                × ((contracted − reduction) ÷ contracted)
  (the open probation workload tooling's published rule; protected hours stand in for reduction).

An ASYE worker's capacity is reduced by a percentage. Capacity used = load ÷ capacity × 100, as
shown (one decimal place), banded by the data file's thresholds.

Each worker has a status: available, on leave or long-term absent. Only available workers are
pooled; a worker who is away keeps their cases, but has no capacity this week (none is worked out
from their hours), so their cases are listed as needing cover:
    team load     = Σ load of the available workers
    team capacity = Σ capacity of the available workers
    pooled %      = team load ÷ team capacity × 100, as shown
    needing cover = per worker away: their cases by type and their weighted load (as above);
                    cover load = Σ load of the workers away
A team under 100% pooled with available workers at or over 100% is banded UNEVEN, never "has
capacity". Who has room (when a next case is asked about): every available worker still under
100% after one more case of the chosen type (and complexity item), lowest capacity used after it
first; a worker who is away is never offered.

Weights, complexity items, thresholds and capacity figures all come from the data file.
Run `python -m calculators.team --help` for the command line; a CSV input is the workers table.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar

from ..kit.text import percent_text
from ..workload import Threshold, after_asye, band_of, points_capacity, shown_percent, time_capacity
from .settings import Settings

NAME = "team"
TITLE = "Team workload calculator"
# The team's band when the pooled figure is under 100% but some workers are at or over it.
UNEVEN = "Some workers at or over capacity"
# A worker's status: only an available worker's capacity counts; the others' cases need cover.
AVAILABLE, ON_LEAVE, ABSENT = "available", "on_leave", "long_term_absent"
STATUS_LABELS = {AVAILABLE: "Available", ON_LEAVE: "On leave", ABSENT: "Long-term absent"}


@dataclass(frozen=True)
class Worker:
    """One worker's row: hours, protected time, ASYE, cases of each type and complexity items."""

    label: str
    contracted_hours: float
    protected_hours: float
    asye: bool
    cases: dict[str, int]  # case type id -> cases
    complexity: dict[str, int]  # complexity id -> cases it applies to
    status: str = AVAILABLE  # AVAILABLE, ON_LEAVE or ABSENT


@dataclass(frozen=True)
class Earlier:
    """An earlier week's team figures (a saved snapshot), for the report's trend since then."""

    week_of: str  # ISO yyyy-mm-dd
    capacity_percent: float  # pooled, as shown
    over_capacity: int  # workers at or over 100%
    workers: int  # available workers
    cover_cases: int = 0


@dataclass(frozen=True)
class Inputs:
    """The team's workers, the next case to allocate (its type and any complexity item, both optional)
    and what the report names: the team, the week and the manager's comments."""

    workers: tuple[Worker, ...]
    next_case: str  # a case type id, or "" for no allocation
    next_extra: str  # a complexity id, or "" for none
    team_name: str = ""
    week_of: str = ""  # ISO yyyy-mm-dd, or "" when not given
    comments: str = ""
    # Earlier weeks' figures, oldest first, for the report's "Trend since the last snapshots": not a form
    # answer; the team's history (history.py) passes its saved weeks with dataclasses.replace().
    earlier: tuple[Earlier, ...] = ()


@dataclass(frozen=True)
class Part:
    """One case type (or complexity item) in a worker's load: how many cases, and the load they add."""

    label: str
    cases: int
    load: float


@dataclass(frozen=True)
class Cover:
    """A worker who is away: the cases they hold, which need cover, and their weighted load."""

    label: str
    status: str  # ON_LEAVE or ABSENT
    cases: int
    load: float
    parts: tuple[Part, ...]  # the case types and complexity items they hold (none of 0 cases)


@dataclass(frozen=True)
class WorkerResult:
    """One available worker's load, capacity, room and band, and what makes up the load."""

    label: str
    asye: bool
    cases: int
    load: float
    capacity: float
    room: float
    capacity_percent: float  # as shown: one decimal place, the figure its band is read from
    band: str
    level: str
    parts: tuple[Part, ...] = ()  # the case types and complexity items they hold (none of 0 cases)

    # Never changed once made, and the same one comes back on every keystroke (remembered_result):
    # calculators.as_plain makes its plain form once.
    PLAIN_REMEMBERED: ClassVar[bool] = True


@dataclass(frozen=True)
class Candidate:
    """A worker who could take the next case, with their load before and after it."""

    label: str
    capacity_percent: float
    after_percent: float
    room_after: float


@dataclass(frozen=True)
class Result:
    """Every available worker's result, the team's totals, the cases needing cover and who has room
    for the next case."""

    model: str
    unit: str
    workers: tuple[WorkerResult, ...]  # the available workers, pooled
    cases: int
    load: float
    capacity: float
    room: float
    capacity_percent: float  # pooled: the team's load over its capacity, as shown (one decimal place)
    pooled_band: str  # the data's band for the pooled figure
    band: str  # the team's band: the pooled one, unless that hides workers at or over 100%
    level: str
    band_description: str
    over_capacity: int  # workers at 100% or more, as shown
    over_bands: tuple[tuple[str, int], ...]  # (band, workers in it) for each band above 100% that has any
    next_case: str  # its label, or "" when no case was asked about (no allocation section)
    next_weight: float
    room_for_next: tuple[Candidate, ...]  # best first
    cover: tuple[Cover, ...] = ()  # the workers away, in the team's order
    cover_cases: int = 0
    cover_load: float = 0
    team_name: str = ""  # what the report names, as given
    week_of: str = ""
    comments: str = ""
    earlier: tuple[Earlier, ...] = ()
    file_stem: str = "team-workload"  # the downloads' and the printed PDF's name: team and week, slugged


def calculate(i: Inputs, s: Settings) -> Result:
    """Each worker's load and capacity (as the individual calculator), the totals and who has room.
    Every percentage is rounded as shown before it is banded or counted (shown_percent)."""
    known = remembered_results(s)
    rows = tuple(remembered_result(w, s, known) for w in i.workers if w.status == AVAILABLE)
    cover = tuple(cover_of(w, s) for w in i.workers if w.status != AVAILABLE)
    kind = next((c for c in s.case_types if c.id == i.next_case), None)
    extra = next((c for c in s.complexity if c.id == i.next_extra), None) if kind else None
    weight = (kind.weight(s.model) if kind else 0) + (extra.weight(s.model) if extra else 0)
    load = sum(r.load for r in rows)
    capacity = sum(r.capacity for r in rows)
    percent = shown_percent(load, capacity)
    pooled = band_of(percent, s.bands)
    over = sum(1 for r in rows if r.capacity_percent >= 100)
    label, level, description = team_band(pooled, percent, over, rows, s.bands)
    return Result(
        model=s.model,
        unit=s.unit,
        workers=rows,
        cases=sum(r.cases for r in rows),
        load=load,
        capacity=capacity,
        room=capacity - load,
        capacity_percent=percent,
        pooled_band=pooled.label,
        band=label,
        level=level,
        band_description=description,
        over_capacity=over,
        over_bands=tuple(
            (b.label, n) for b in s.bands if b.from_percent > 100 and (n := sum(1 for r in rows if r.band == b.label))
        ),
        next_case=kind.label + (f" ({extra.label.lower()})" if extra else "") if kind else "",
        next_weight=weight,
        room_for_next=room_for(rows, weight) if kind else (),
        cover=cover,
        cover_cases=sum(c.cases for c in cover),
        cover_load=sum(c.load for c in cover),
        team_name=i.team_name,
        week_of=i.week_of,
        comments=i.comments,
        earlier=i.earlier,
        file_stem="-".join(part for part in ("team-workload", slug(i.team_name), i.week_of) if part),
    )


def slug(text: str) -> str:
    """A safe piece of a file name: "North Team (Ávila)" -> "north-team-avila" (at most 40 characters)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    words = "".join(c if c.isalnum() else " " for c in plain).split()
    return "-".join(words)[:40].strip("-")


# How many workers' results are remembered (at most; then they are forgotten and worked out again).
RESULTS_REMEMBERED = 5000
WorkerKey = tuple[str, float, float, bool, tuple[tuple[str, int], ...], tuple[tuple[str, int], ...]]


@lru_cache(maxsize=16)
def remembered_results(s: Settings) -> dict[WorkerKey, WorkerResult]:
    """The workers' results worked out before with these settings, by the worker's answers."""
    return {}


def remembered_result(w: Worker, s: Settings, known: dict[WorkerKey, WorkerResult]) -> WorkerResult:
    """worker_result(w, s), remembered: the page asks again on every keystroke, with every worker but
    the one being edited as they were, so each available worker's result is worked out once."""
    key = (w.label, w.contracted_hours, w.protected_hours, w.asye, tuple(w.cases.items()), tuple(w.complexity.items()))
    result = known.get(key)
    if result is None:
        if len(known) >= RESULTS_REMEMBERED:
            known.clear()
        result = known[key] = worker_result(w, s)
    return result


def worker_result(w: Worker, s: Settings) -> WorkerResult:
    """One worker's load against their capacity, and the band it puts them in."""
    load, capacity = worker_load(w, s), worker_capacity(w, s)
    percent = shown_percent(load, capacity)
    band = band_of(percent, s.bands)
    return WorkerResult(
        label=w.label,
        asye=w.asye,
        cases=sum(w.cases.values()),
        load=load,
        capacity=capacity,
        room=capacity - load,
        capacity_percent=percent,
        band=band.label,
        level=band.level,
        parts=parts_of(w, s),
    )


def cover_of(w: Worker, s: Settings) -> Cover:
    """A worker who is away: their cases and load, which need cover (no capacity is worked out)."""
    return Cover(w.label, w.status, sum(w.cases.values()), worker_load(w, s), parts_of(w, s))


def parts_of(w: Worker, s: Settings) -> tuple[Part, ...]:
    """What makes up a worker's load: cases × weight for each case type and complexity item held."""
    (cases, extras), labels = s.weights, s.labels
    held = [(k, w.cases[k], weight) for k, weight in cases] + [(k, w.complexity[k], weight) for k, weight in extras]
    return tuple(Part(labels[k], n, n * weight) for k, n, weight in held if n)


def worker_load(w: Worker, s: Settings) -> float:
    """Cases × weight for each case type, then cases × extra weight for each complexity item, in the
    model's unit: one sum in that order, as the individual calculator adds its lines."""
    cases, extras = s.weights
    return sum([*(w.cases[k] * weight for k, weight in cases), *(w.complexity[k] * weight for k, weight in extras)])


def worker_capacity(w: Worker, s: Settings) -> float:
    """A worker's capacity in the model's unit, after protected time and any ASYE reduction."""
    if s.probation:  # set for the probation model only
        p = s.probation
        available = probation_available_points(p.nominal_target, p.default_hours, w.contracted_hours, w.protected_hours)
    elif s.model == "points":
        available = points_capacity(w.contracted_hours, w.protected_hours, s.points_maximum, s.full_time_hours)
    else:
        available = time_capacity(w.contracted_hours, w.protected_hours, s.weeks_per_month)
    return after_asye(available, w.asye, s.asye_reduction_percent)


def probation_available_points(
    nominal_target: float, default_hours: float, contracted_hours: float, reduction_hours: float
) -> float:
    """The probation tooling's capacity rule, as published:
    nominal target × (contracted ÷ default hours) × ((contracted − reduction) ÷ contracted)."""
    return (
        nominal_target * (contracted_hours / default_hours) * ((contracted_hours - reduction_hours) / contracted_hours)
    )


def room_for(rows: tuple[WorkerResult, ...], weight: float) -> tuple[Candidate, ...]:
    """The workers still under 100% (as shown) after one more case of this weight, best first."""
    candidates = [
        Candidate(label=r.label, capacity_percent=r.capacity_percent, after_percent=after, room_after=r.room - weight)
        for r in rows
        if (after := shown_percent(r.load + weight, r.capacity)) < 100
    ]
    return tuple(sorted(candidates, key=lambda c: (c.after_percent, c.label.casefold())))


def team_band(
    pooled: Threshold, percent: float, over: int, rows: tuple[WorkerResult, ...], bands: tuple[Threshold, ...]
) -> tuple[str, str, str]:
    """(label, colour, description) of the team's band. Pooling spreads one worker's spare capacity
    over everyone, so a team under 100% pooled can still have workers over it: the team is then
    never called "Has capacity", but UNEVEN, in the colour of its most loaded worker's band."""
    if not over or pooled.from_percent >= 100:
        return pooled.label, pooled.level, pooled.description
    worst = band_of(max(r.capacity_percent for r in rows), bands)
    return (
        UNEVEN,
        worst.level,
        f"The team's pooled figure is {percent_text(percent)}, but {over} of {len(rows)} workers "
        f"{'is' if over == 1 else 'are'} at or over 100%: one worker's spare capacity is not room for another. "
        "Rebalance their work before allocating more.",
    )
