"""The team over time: a week's snapshot of the team's figures, the trend across snapshots, and the
comparison of two (two weeks, or a what-if against the real team).

A snapshot keeps the week's answers and the figures calculate() gave for them: the team's pooled
capacity used, weighted load, capacity and cases, and each worker's. The browser keeps snapshots
(nothing is sent anywhere); this module only does their arithmetic:

- trend: the snapshots in date order; for each, the team's figures and
  change = this week's team capacity used − the previous snapshot's, in percentage points;
  and each worker's capacity used in every week they were in the team (matched by label, in any case);
- comparison of a before and an after:
  difference = after − before, for capacity used (percentage points, from the figures as shown, one
  decimal place), weighted load, capacity and cases, for the team and for every worker in either;
  a worker in only one of them is named as added or gone, never compared with nothing.

Every figure compared is the one the result shows (percentages to one decimal place), so a
difference always matches the two numbers beside it. The buttons that use these (Save this week,
the trend, a comparison, history files) are in history_actions.py.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

from ..kit.errors import FieldError
from ..kit.text import fmt_number, percent_text, same_text, shown
from .rule import Earlier, Result

# A week as the date box gives it and files keep it: ISO 8601, yyyy-mm-dd.
WEEK = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class Figures:
    """The team's or one worker's figures in a snapshot, as the result showed them."""

    label: str
    capacity_percent: float  # one decimal place, as shown
    load: float
    capacity: float
    cases: int


@dataclass(frozen=True)
class Snapshot:
    """One week: the team's figures and each available worker's, and who was away (the answers beside
    them are the browser's)."""

    week: str  # yyyy-mm-dd
    team_name: str
    unit: str
    team: Figures
    workers: tuple[Figures, ...]  # the available workers, pooled
    over_capacity: int = 0  # available workers at or over 100%
    away: tuple[str, ...] = ()  # the workers on leave or absent, whose cases need cover
    cover_cases: int = 0


@dataclass(frozen=True)
class TrendRow:
    """The team in one snapshot, and how far its capacity used moved since the one before."""

    week: str
    team: Figures
    change: float | None  # percentage points since the previous snapshot; None for the first


@dataclass(frozen=True)
class WorkerTrend:
    """One worker's capacity used in each snapshot (None for a week they were not in the team)."""

    label: str
    percents: tuple[float | None, ...]
    notes: tuple[str, ...]  # for a week without a figure: "away" or "not in the team"; else ""


@dataclass(frozen=True)
class Trend:
    """The team and every worker across the snapshots, oldest first."""

    weeks: tuple[str, ...]
    team: tuple[TrendRow, ...]
    workers: tuple[WorkerTrend, ...]
    unit: str


@dataclass(frozen=True)
class Difference:
    """The team or one worker before and after, and what changed (None where one side is missing)."""

    label: str
    before: Figures | None
    after: Figures | None
    percent_change: float | None  # percentage points
    load_change: float | None
    capacity_change: float | None
    cases_change: int | None
    text: str  # the change in words, so it never rests on colour alone


@dataclass(frozen=True)
class Comparison:
    """Two snapshots side by side: the team's difference and each worker's."""

    before: str  # what each side is ("Week of 2026-11-27", "What-if")
    after: str
    unit: str
    team: Difference
    workers: tuple[Difference, ...]


def figures_of(result: Result, week: str, team_name: str) -> Snapshot:
    """A week's snapshot from the team's result."""
    team = Figures("Team", result.capacity_percent, result.load, result.capacity, result.cases)
    workers = tuple(Figures(w.label, w.capacity_percent, w.load, w.capacity, w.cases) for w in result.workers)
    away = tuple(c.label for c in result.cover)
    return Snapshot(week, team_name, result.unit, team, workers, result.over_capacity, away, result.cover_cases)


def trend(snapshots: list[Snapshot]) -> Trend:
    """The snapshots oldest first, the team's change since each previous one, and every worker's
    capacity used week by week (workers in the order they first appear)."""
    ordered = sorted(snapshots, key=lambda s: s.week)
    rows = []
    for n, snap in enumerate(ordered):
        previous = ordered[n - 1].team.capacity_percent if n else None
        change = None if previous is None else points(snap.team.capacity_percent - previous)
        rows.append(TrendRow(snap.week, snap.team, change))
    labels: dict[str, str] = {}  # same_text(label) -> the label as first written
    for snap in ordered:
        for label in (*(w.label for w in snap.workers), *snap.away):
            labels.setdefault(same_text(label), label)
    workers = tuple(
        WorkerTrend(
            label,
            tuple(_percent_of(snap, key) for snap in ordered),
            tuple(_note_of(snap, key) for snap in ordered),
        )
        for key, label in labels.items()
    )
    unit = ordered[-1].unit if ordered else ""
    return Trend(tuple(s.week for s in ordered), tuple(rows), workers, unit)


def _percent_of(snap: Snapshot, key: str) -> float | None:
    return next((w.capacity_percent for w in snap.workers if same_text(w.label) == key), None)


def _note_of(snap: Snapshot, key: str) -> str:
    if any(same_text(w.label) == key for w in snap.workers):
        return ""
    return "away" if any(same_text(label) == key for label in snap.away) else "not in the team"


def compare(before: Snapshot, after: Snapshot, before_name: str, after_name: str) -> Comparison:
    """The team's and every worker's difference, after − before; workers in before's order, then
    those only in after."""
    after_by = {same_text(w.label): w for w in after.workers}
    before_keys = {same_text(w.label) for w in before.workers}
    pairs: list[tuple[Figures | None, Figures | None]] = [(w, after_by.get(same_text(w.label))) for w in before.workers]
    pairs += [(None, w) for w in after.workers if same_text(w.label) not in before_keys]
    workers = tuple(_away_text(difference(b, a, after.unit), before, after) for b, a in pairs)
    return Comparison(before_name, after_name, after.unit, difference(before.team, after.team, after.unit), workers)


def _away_text(d: Difference, before: Snapshot, after: Snapshot) -> Difference:
    """A worker missing from one side because they were away there is named as away, not as gone or new."""
    if d.after is None and same_text(d.label) in {same_text(x) for x in after.away}:
        assert d.before is not None
        text = f"{d.label}: away (was at {percent_text(d.before.capacity_percent)}); their cases need cover"
        return dataclasses.replace(d, text=text)
    if d.before is None and same_text(d.label) in {same_text(x) for x in before.away}:
        assert d.after is not None
        return dataclasses.replace(
            d, text=f"{d.label}: back from being away, at {percent_text(d.after.capacity_percent)}"
        )
    return d


def earlier_weeks(snapshots: list[Snapshot], week: str, most: int = 4) -> tuple[Earlier, ...]:
    """The report's "trend since the last snapshots": the `most` latest weeks saved before `week`
    (all saved weeks when the result has no week), oldest first."""
    before = sorted((x for x in snapshots if not week or x.week < week), key=lambda x: x.week)[-most:]
    return tuple(
        Earlier(x.week, x.team.capacity_percent, x.over_capacity, len(x.workers), x.cover_cases) for x in before
    )


def difference(before: Figures | None, after: Figures | None, unit: str) -> Difference:
    """One row of a comparison: the changes, and the same in words."""
    if after is None or before is None:
        if after is not None:
            text = f"{after.label}: new, at {percent_text(after.capacity_percent)}"
        elif before is not None:
            text = f"{before.label}: no longer in the team (was at {percent_text(before.capacity_percent)})"
        else:
            raise ValueError("a difference needs a before or an after")
        return Difference(
            (after or before or Figures("", 0, 0, 0, 0)).label, before, after, None, None, None, None, text
        )
    label = after.label
    change = points(after.capacity_percent - before.capacity_percent)
    load = after.load - before.load
    cases = after.cases - before.cases
    return Difference(
        label,
        before,
        after,
        change,
        load,
        after.capacity - before.capacity,
        cases,
        _change_text(label, change, load, cases, unit),
    )


def _change_text(label: str, change: float, load: float, cases: int, unit: str) -> str:
    if change == 0 and shown(load) == 0 and cases == 0:
        return f"{label}: no change"
    way = "up" if change > 0 else "down" if change < 0 else "no change in capacity used"
    percent = f"{way} {fmt_number(abs(change))} percentage points" if change else way
    return f"{label}: {percent}; load {signed(load)} {unit}; {signed(cases)} cases"


def points(value: float) -> float:
    """A difference of two shown percentages, itself to one decimal place (no float noise)."""
    return shown(value, 1)


def signed(value: float) -> str:
    """A change with its sign: "+2", "−1.5", "0"."""
    text = fmt_number(abs(value))
    return "0" if text == "0" else ("+" if value > 0 else "−") + text


def read_snapshot(value: Any, where: str = "snapshot") -> Snapshot:
    """A snapshot from its record (one the browser kept, or a file brought from another computer),
    with a message naming what is wrong when it is not one."""
    if not isinstance(value, dict):
        raise FieldError("history", f"The {where} is not a saved week")
    week = value.get("week")
    if not isinstance(week, str) or not WEEK.fullmatch(week):
        raise FieldError("history", f"The {where} has no week (a date like 2026-12-04)")
    workers = value.get("workers")
    if not isinstance(workers, list):
        raise FieldError("history", f"The {where} for {week} has no list of workers")
    return Snapshot(
        week=week,
        team_name=str(value.get("team_name") or ""),
        unit=str(value.get("unit") or ""),
        team=_figures(value.get("team"), f"the team in the {where} for {week}"),
        workers=tuple(_figures(w, f"a worker in the {where} for {week}") for w in workers),
        over_capacity=_count(value.get("over_capacity")),
        away=tuple(str(x) for x in value.get("away") or () if isinstance(x, str)),
        cover_cases=_count(value.get("cover_cases")),
    )


def _count(value: Any) -> int:
    """A count kept in a snapshot; 0 for one saved before it was kept."""
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0 else 0


def _figures(value: Any, where: str) -> Figures:
    if not isinstance(value, dict):
        raise FieldError("history", f"The figures for {where} are missing")
    numbers = {}
    for key in ("capacity_percent", "load", "capacity", "cases"):
        number = value.get(key)
        if isinstance(number, bool) or not isinstance(number, (int, float)) or number != number:
            raise FieldError("history", f"The figures for {where} have no number for {key!r}")
        numbers[key] = number
    return Figures(
        str(value.get("label") or ""),
        float(numbers["capacity_percent"]),
        float(numbers["load"]),
        float(numbers["capacity"]),
        int(numbers["cases"]),
    )


def plain(value: Any) -> Any:
    """A snapshot, trend or comparison as JSON-ready values (floats rounded as the engine rounds them)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return round(value, 6) if isinstance(value, float) else value
