"""Team workload: every worker's weighted load, capacity and band, the team's totals, and
who has room for the next allocation of a given case type (the manager's view).

Three models, chosen per page with the option model=points|time|probation:

- points and time: exactly the arithmetic of the individual workload calculator
  (`calculators.workload`), which this module calls for each worker;
- probation: the capacity rule of the open probation workload tooling, implemented here from
  its published description:
      available points = nominal target × (contracted ÷ default hours)
                         × ((contracted − reduction) ÷ contracted)
      capacity % = total points ÷ available points × 100

In every model a worker's load is the sum over case types of cases × weight, plus, for each
complexity item (court proceedings, sibling groups, travel), the number of their cases it
applies to × its extra weight. An ASYE worker's capacity is reduced by a percentage.
Weights, complexity items, thresholds and capacity figures all come from the data file.

Run `python -m calculators.team --help` for the command line; a CSV input is the workers table.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from .. import workload
from ..io.csv_files import read_csv, table_template, write_csv
from ..kit.contract import ACTIONS, JSON_ROWS, RECORD_FORMAT, act  # noqa: F401 - the contract's defaults (see kit.contract)
from ..kit.errors import ConfigError
from ..kit.fields import Choice, Field, Reader, Table
from ..kit.report import Band, Bar, BarChart, Download, Figure, KeyEntry, Report, TableView
from ..kit.text import fmt_number, lower_first, percent_text, same_text

NAME = "team"
TITLE = "Team workload calculator"
DATA_FILE = "workload.json"  # shared with the individual calculator
MODELS = ("points", "time", "probation")
OPTIONS = {"model": MODELS}
CSV_TABLE = "workers"
UNITS = {"points": "points", "time": "hours a month", "probation": "points"}
# A chart with more bars than this is unreadable; bigger teams get the table only.
CHART_LIMIT = 60


@dataclass(frozen=True)
class Weighted:
    """A case type, or a complexity item that adds weight to cases it applies to."""

    id: str
    label: str
    points: float
    hours_per_month: float
    probation_points: float | None
    hint: str = ""

    def weight(self, model: str) -> float:
        """This case type's weight in the given model's unit."""
        if model == "points":
            return self.points
        if model == "time":
            return self.hours_per_month
        if self.probation_points is None:  # settings() requires them for the probation model
            raise ConfigError(f"{self.id}.probation_points", "is missing")
        return self.probation_points


@dataclass(frozen=True)
class Probation:
    """The probation model's capacity rule: its nominal target and default hours."""

    nominal_target: float
    default_hours: float


@dataclass(frozen=True)
class Settings:
    """The checked data file for one model: case types, bands and the individual calculator's settings."""

    model: str
    case_types: tuple[Weighted, ...]
    complexity: tuple[Weighted, ...]
    bands: tuple[workload.Threshold, ...]  # highest threshold first
    asye_reduction_percent: float
    probation: Probation | None  # the probation model's capacity figures (set for that model only)
    next_case_default: str
    # the individual calculator's settings, with complexity items as extra case types
    individual: workload.Settings

    @property
    def unit(self) -> str:
        """What the model counts load in (points or hours a month)."""
        return UNITS[self.model]

    @cached_property
    def weights(self) -> tuple[tuple[tuple[str, float], ...], tuple[tuple[str, float], ...]]:
        """(id, weight in the model's unit) for each case type and each complexity item, worked out
        once for the settings rather than for every worker on every keystroke."""
        return (
            tuple((c.id, c.weight(self.model)) for c in self.case_types),
            tuple((c.id, c.weight(self.model)) for c in self.complexity),
        )


@dataclass(frozen=True)
class Worker:
    """One worker's row: hours, protected time, ASYE, cases of each type and complexity items."""

    label: str
    contracted_hours: float
    protected_hours: float
    asye: bool
    cases: dict[str, int]  # case type id -> cases
    complexity: dict[str, int]  # complexity id -> cases it applies to


@dataclass(frozen=True)
class Inputs:
    """The team's workers and the next case to allocate (its type and any complexity item)."""

    workers: tuple[Worker, ...]
    next_case: str
    next_extra: str  # a complexity id, or "" for none


@dataclass(frozen=True)
class WorkerResult:
    """One worker's load, capacity, room and band."""

    label: str
    asye: bool
    cases: int
    load: float
    capacity: float
    room: float
    capacity_percent: float  # as shown: one decimal place, the figure its band is read from
    band: str
    level: str


@dataclass(frozen=True)
class Candidate:
    """A worker who could take the next case, with their load before and after it."""

    label: str
    capacity_percent: float
    after_percent: float
    room_after: float


@dataclass(frozen=True)
class Result:
    """Every worker's result, the team's totals and who has room for the next case."""

    model: str
    unit: str
    workers: tuple[WorkerResult, ...]
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
    next_case: str
    next_weight: float
    room_for_next: tuple[Candidate, ...]  # best first


# ---------------------------------------------------------------------------------------------
# Settings


# The data file is the individual calculator's (calculators/data/workload.json, or a council's
# copy): one place for case types, hours, ASYE, points and bands. The team's own settings (which
# case types its table counts, complexity items, the probation figures) sit in its "team" block.
DATA_SCHEMA = workload.DATA_SCHEMA


def settings(options: dict[str, str], data: dict[str, Any]) -> Settings:
    """Check the data file (calculators/data/workload.json or a council's copy) for the page's model."""
    model = options["model"]  # checked by prepare() against OPTIONS
    raw = workload.checked_data(data)
    team = raw["team"]
    base = workload.settings({"model": "time" if model == "time" else "points"}, data)
    at = {c["id"]: i for i, c in enumerate(raw["case_types"])}
    case_types = tuple(
        _weighted(raw["case_types"][at[name]], f"case_types[{at[name]}]", model)
        for name in _chosen(team.get("case_types"), list(at))
    )
    complexity = tuple(_weighted(c, f"team.complexity[{i}]", model) for i, c in enumerate(team["complexity"]))
    if {c.id for c in case_types} & {c.id for c in complexity}:
        raise ConfigError("team.complexity", "each id must be different from the others and from every case type's id")
    next_default = team.get("next_case_default", case_types[0].id)
    if next_default not in {c.id for c in case_types}:
        raise ConfigError(
            "team.next_case_default", f"must be the id of one of the team's case types, not {next_default!r}"
        )
    extra_types = tuple(
        workload.CaseType(id=f"extra_{c.id}", label=c.label, points=c.points, hours_per_month=c.hours_per_month)
        for c in complexity
    )
    return Settings(
        model=model,
        case_types=case_types,
        complexity=complexity,
        bands=base.bands,
        asye_reduction_percent=base.asye_reduction_percent,
        probation=_probation(team) if model == "probation" else None,
        next_case_default=next_default,
        individual=replace(base, case_types=base.case_types + extra_types),
    )


def _chosen(chosen: list[str] | None, ids: list[str]) -> list[str]:
    """The case type ids the team table counts, in team.case_types' order (all, when it is left out)."""
    if chosen is None:
        return ids
    unknown = next((i for i, name in enumerate(chosen) if name not in ids), None)
    if unknown is not None:
        raise ConfigError(
            f"team.case_types[{unknown}]",
            f"must be the id of one of case_types ({', '.join(ids)}), not {chosen[unknown]!r}",
        )
    if not chosen or len(set(chosen)) != len(chosen):
        raise ConfigError("team.case_types", "must list at least one case type id, each once")
    return chosen


def _weighted(raw: dict[str, Any], where: str, model: str) -> Weighted:
    if model == "probation" and "probation_points" not in raw:
        raise ConfigError(f"{where}.probation_points", "is missing (the probation model needs it)")
    return Weighted(
        id=raw["id"],
        label=raw["label"],
        points=raw["points"],
        hours_per_month=raw["hours_per_month"],
        probation_points=raw.get("probation_points"),
        hint=raw.get("hint", ""),
    )


def _probation(team: dict[str, Any]) -> Probation:
    if "probation" not in team:
        raise ConfigError("team.probation", "is missing (the probation model needs nominal_target and default_hours)")
    return Probation(
        nominal_target=team["probation"]["nominal_target"], default_hours=team["probation"]["default_hours"]
    )


# ---------------------------------------------------------------------------------------------
# Form and input


def form(s: Settings) -> tuple[Field | Table, ...]:
    """The team table (a row per worker) and the next case's type."""
    next_case = Field(
        "next_case",
        "Type of case to allocate",
        "choice",
        default=s.next_case_default,
        group=NEXT_GROUP,
        hint="We list the workers who could take one more case of this type and stay under 100%.",
        choices=tuple(Choice(c.id, c.label) for c in s.case_types),
    )
    if not s.complexity:
        return (_workers_table(s), next_case)
    next_extra = Field(
        "next_extra",
        "Does the new case carry extra weight?",
        "choice",
        default="none",
        group=NEXT_GROUP,
        choices=(Choice("none", "No"), *(Choice(c.id, c.label) for c in s.complexity)),
    )
    return (_workers_table(s), next_case, next_extra)


NEXT_GROUP = "Who has room for the next case?"

# The columns every team table has, before one column per case type and complexity item.
WORKER_COLUMNS = (
    Field(
        "label",
        "Worker",
        "text",
        hint="Initials or a label, not a full name.",
        minimum=None,
        maximum=None,
        required=False,  # read() gives its own message for a missing label
    ),
    Field("contracted_hours", "Contracted hours", unit="a week", maximum=60, default="37"),
    Field(
        "protected_hours",
        "Protected hours",
        unit="a week",
        maximum=60,
        default="3",
        hint="Supervision, training, extra responsibilities and other agreed reductions.",
    ),
    Field("asye", "ASYE", "choice", default="no", choices=(Choice("no", "No"), Choice("yes", "Yes"))),
)


def _workers_table(s: Settings) -> Table:
    weight = "points" if s.model != "time" else "hours a month"
    cases = tuple(
        Field(
            f"cases_{c.id}",
            c.label,
            "whole",
            unit="cases",
            maximum=200,
            default="0",
            hint=f"Weighted at {fmt_number(c.weight(s.model))} {weight} each.",
        )
        for c in s.case_types
    )
    extras = tuple(
        Field(
            f"extra_{c.id}",
            c.label,
            "whole",
            unit="of those",
            maximum=200,
            default="0",
            hint=c.hint or f"Adds {fmt_number(c.weight(s.model))} {weight} per case.",
        )
        for c in s.complexity
    )
    added = ", ".join(f"{c.label.lower()} {fmt_number(c.weight(s.model))}" for c in s.complexity)
    return Table(
        CSV_TABLE,
        "Your team",
        WORKER_COLUMNS + cases + extras,
        row_label="Worker",
        max_rows=2000,
        hint=(
            "One row per worker. Use initials or a label, not full names. Hours are a week; protected hours "
            "cover supervision, training and other agreed reductions. Enter how many cases of each type the "
            "worker holds"
            + (
                f", then how many of those cases carry extra weight ({weight} added per case: {added})."
                if added
                else "."
            )
        ),
    )


# The worked example: six workers, by case type (assessment, cin, cp, cla) and complexity item.
EXAMPLE_TEAM = """\
label,contracted_hours,protected_hours,asye,assessment,cin,cp,cla,court,siblings,travel
Worker A,37,3,no,2,6,5,4,1,1,0
Worker B,37,3,no,1,4,3,2,0,0,2
Worker C,30,2.5,no,1,5,4,4,1,1,1
Worker D,22.5,2,no,1,3,2,2,0,0,0
Worker E,37,5,yes,2,4,2,2,0,1,1
Worker F,37,6,no,3,6,6,2,2,1,1
"""


def example(s: Settings) -> dict[str, Any]:
    """The worked example's team (made-up workers, not real people)."""
    rows = []
    for raw in read_csv(EXAMPLE_TEAM):
        row = {k: raw[k] for k in ("label", "contracted_hours", "protected_hours", "asye")}
        row.update({f"cases_{c.id}": raw.get(c.id, "0") for c in s.case_types})
        row.update({f"extra_{c.id}": raw.get(c.id, "0") for c in s.complexity})
        rows.append(row)
    values: dict[str, Any] = {"workers": rows, "next_case": s.next_case_default}
    if s.complexity:
        values["next_extra"] = "none"
    return values


def csv_template(s: Settings) -> str:
    """The CSV a manager fills in: the table's column names as headers, and the worked example's rows."""
    table = _table(s)
    return table_template(table, example(s)["workers"])


def read(values: dict[str, Any], s: Settings) -> Inputs:
    """The team's rows, naming the row and column of every cell that is missing or wrong."""
    r = Reader(values)
    items = form(s)
    table = _table(s, items)
    fields = {f.name: f for f in items if isinstance(f, Field)}
    columns = {c.name: c for c in table.columns}
    # Accept a column's label as well as its name (a JSON file written by hand, say).
    lookup = {k.lower(): c.name for c in table.columns for k in (c.name, c.label)}
    workers: list[Worker] = []
    seen: dict[str, int] = {}  # a worker's label (any case) -> the row it is first used in
    for i, raw in r.indexed_rows(table):  # empty rows skipped; row numbers still match the form
        # Usually every key is already a column's name; only a hand-written row needs mapping.
        row = (
            raw if raw.keys() <= columns.keys() else {lookup.get(str(k).strip().lower(), k): v for k, v in raw.items()}
        )
        worker = _read_worker(r, s, columns, row, i, seen)
        if worker is not None and not r.errors:
            workers.append(worker)
    next_case = r.choice(fields["next_case"])
    next_extra = r.choice(fields["next_extra"]) if "next_extra" in fields else "none"
    r.done()
    return Inputs(tuple(workers), str(next_case), "" if next_extra == "none" else str(next_extra))


def _read_worker(
    r: Reader, s: Settings, columns: dict[str, Field], row: dict[str, Any], i: int, seen: dict[str, int]
) -> Worker | None:
    """One row of the team, or None with its problems recorded in `r`."""
    errors_before = len(r.errors)
    label = _read_label(r, columns["label"], row, i, seen)
    hours = r.number(columns["contracted_hours"], row, i, CSV_TABLE)
    protected = r.number(columns["protected_hours"], row, i, CSV_TABLE)
    asye = r.choice(columns["asye"], row, i, CSV_TABLE)
    cases = {c.id: r.number(columns[f"cases_{c.id}"], row, i, CSV_TABLE) for c in s.case_types}
    extras = {c.id: r.number(columns[f"extra_{c.id}"], row, i, CSV_TABLE) for c in s.complexity}
    if hours == 0:
        r.error("contracted_hours", "Contracted hours must be more than 0", i, CSV_TABLE)
    elif hours is not None and protected is not None and protected >= hours:
        r.error(
            "protected_hours",
            f"Protected hours ({fmt_number(protected, 6)}) must be less than contracted hours ({fmt_number(hours, 6)})",
            i,
            CSV_TABLE,
        )
    held = sum(v for v in cases.values() if v is not None)
    if None not in cases.values():
        for c in s.complexity:
            extra = extras[c.id]
            if extra is not None and extra > held:
                r.error(
                    f"extra_{c.id}",
                    f"{c.label} ({fmt_number(extra, 6)}) cannot be more than the cases the "
                    f"worker holds ({fmt_number(held)})",
                    i,
                    CSV_TABLE,
                )
    if len(r.errors) > errors_before or hours is None or protected is None:
        return None
    return Worker(
        label=label,
        contracted_hours=hours,
        protected_hours=protected,
        asye=asye == "yes",
        cases={k: int(v or 0) for k, v in cases.items()},
        complexity={k: int(v or 0) for k, v in extras.items()},
    )


def _read_label(r: Reader, column: Field, row: dict[str, Any], i: int, seen: dict[str, int]) -> str:
    """A worker's label: given, and not used by another row (in any case or Unicode spelling)."""
    label = r.text(column, row, i, CSV_TABLE, max_length=60)
    key = same_text(label)  # "José" typed either way, in any case, is one worker
    if not label:
        r.error("label", "Enter the worker's initials or a label", i, CSV_TABLE)
    elif key in seen:
        r.error(
            "label",
            f"Worker {label!r} is already used in row {seen[key] + 1}. Give each worker a different label",
            i,
            CSV_TABLE,
        )
    else:
        seen[key] = i
    return label


def _table(s: Settings, items: tuple[Field | Table, ...] | None = None) -> Table:
    return next(t for t in (items or form(s)) if isinstance(t, Table))


# ---------------------------------------------------------------------------------------------
# Arithmetic


def probation_available_points(
    nominal_target: float, default_hours: float, contracted_hours: float, reduction_hours: float
) -> float:
    """The probation tooling's capacity rule, as published:
    nominal target × (contracted ÷ default hours) × ((contracted − reduction) ÷ contracted)."""
    return (
        nominal_target * (contracted_hours / default_hours) * ((contracted_hours - reduction_hours) / contracted_hours)
    )


def worker_load_and_capacity(w: Worker, s: Settings) -> tuple[float, float]:
    """One worker's weighted load and available capacity, in the model's unit."""
    cases, extras = s.weights
    if s.probation:  # set for the probation model only
        load = sum(w.cases[k] * weight for k, weight in cases) + sum(w.complexity[k] * weight for k, weight in extras)
        capacity = probation_available_points(
            s.probation.nominal_target, s.probation.default_hours, w.contracted_hours, w.protected_hours
        )
        if w.asye:
            capacity *= 1 - s.asye_reduction_percent / 100
        return load, capacity
    # points and time: the individual calculator's own arithmetic, complexity items as extra case types
    # one sum in workload's order (case types, then complexity items), so the totals match it exactly
    total = sum([*(w.cases[k] * weight for k, weight in cases), *(w.complexity[k] * weight for k, weight in extras)])
    b = s.individual
    if s.model == "points":
        available = workload.points_capacity(w.contracted_hours, w.protected_hours, b.points_maximum, b.full_time_hours)
    else:
        available = workload.time_capacity(w.contracted_hours, w.protected_hours, b.weeks_per_month)
    return total, workload.after_asye(available, w.asye, b.asye_reduction_percent)


def calculate(i: Inputs, s: Settings) -> Result:
    """Each worker's load and capacity (as the individual calculator), the totals and who has room.
    Every percentage is rounded as shown before it is banded or counted (workload.shown_percent)."""
    rows = tuple(_worker_result(w, s) for w in i.workers)
    kind = next(c for c in s.case_types if c.id == i.next_case)
    extra = next((c for c in s.complexity if c.id == i.next_extra), None)
    weight = kind.weight(s.model) + (extra.weight(s.model) if extra else 0)
    candidates = [
        Candidate(
            label=row.label,
            capacity_percent=row.capacity_percent,
            after_percent=after,
            room_after=row.capacity - row.load - weight,
        )
        for row in rows
        if (after := workload.shown_percent(row.load + weight, row.capacity)) < 100
    ]
    candidates.sort(key=lambda c: (c.after_percent, c.label.casefold()))
    load = sum(r.load for r in rows)
    capacity = sum(r.capacity for r in rows)
    percent = workload.shown_percent(load, capacity)
    pooled = workload.band_of(percent, s.bands)
    over = sum(1 for r in rows if r.capacity_percent >= 100)
    label, level, description = _team_band(pooled, percent, over, rows, s)
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
        next_case=kind.label + (f" ({extra.label.lower()})" if extra else ""),
        next_weight=weight,
        room_for_next=tuple(candidates),
    )


def _worker_result(w: Worker, s: Settings) -> WorkerResult:
    load, capacity = worker_load_and_capacity(w, s)
    percent = workload.shown_percent(load, capacity)
    band = workload.band_of(percent, s.bands)
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
    )


# The team's band when the pooled figure is under 100% but some workers are at or over it.
UNEVEN = "Some workers at or over capacity"


def _team_band(
    pooled: workload.Threshold, percent: float, over: int, rows: tuple[WorkerResult, ...], s: Settings
) -> tuple[str, str, str]:
    """(label, colour, description) of the team's band. Pooling spreads one worker's spare capacity
    over everyone, so a team under 100% pooled can still have workers over it: the team is then
    never called "Has capacity", but UNEVEN, in the colour of its most loaded worker's band."""
    if not over or pooled.from_percent >= 100:
        return pooled.label, pooled.level, pooled.description
    worst = workload.band_of(max(r.capacity_percent for r in rows), s.bands)
    return (
        UNEVEN,
        worst.level,
        f"The team's pooled figure is {percent_text(percent)}, but {over} of {len(rows)} workers "
        f"{'is' if over == 1 else 'are'} at or over 100%: one worker's spare capacity is not room for another. "
        "Rebalance their work before allocating more.",
    )


# ---------------------------------------------------------------------------------------------
# Showing and saving the result


MODEL_NOTES = {
    "points": "Points model: capacity = the full-time points maximum × hours left after protected time "
    "÷ full-time hours.",
    "time": "Time model: capacity = hours left after protected time × weeks in a month, in hours a month.",
    "probation": "Probation rule: available points = nominal target × (contracted ÷ default hours) × "
    "((contracted − protected) ÷ contracted); capacity % = total points ÷ available points × 100.",
}


def report(r: Result, s: Settings) -> Report:
    """The headline (the pooled figure and the spread), the chart and table of workers, and the next-case list."""
    n = len(r.workers)
    room_text = (
        f"{len(r.room_for_next)} of {n} workers could take one more {r.next_case} case and stay under 100%."
        if r.room_for_next
        else f"No worker could take one more {r.next_case} case and stay under 100%."
    )
    notes = [MODEL_NOTES[r.model], f"The new case weighs {fmt_number(r.next_weight)} {r.unit}."]
    if n > CHART_LIMIT:
        notes.append(f"The chart is shown for teams of {CHART_LIMIT} workers or fewer; the table has every worker.")
    return Report(
        # an uneven team's band would repeat the spread; any other band is named, as the data words it
        headline=f"Team capacity used: {percent_text(r.capacity_percent)} pooled; {spread_text(r)}. "
        + ("" if r.band == UNEVEN else f"{r.band}. ")
        + room_text,
        band=Band(r.band, r.level, r.band_description),
        figures=(
            Figure("Team weighted load", f"{fmt_number(r.load)} {r.unit}", f"from {r.cases} cases, {n} workers"),
            Figure("Team capacity", f"{fmt_number(r.capacity)} {r.unit}"),
            Figure("Team room left", workload.room_text(r.room, r.unit), "pooled: one worker's room is not another's"),
            Figure("Workers at or over 100%", f"{r.over_capacity} of {n}"),
        ),
        tables=_tables(r),
        charts=(_chart(r, s),) if n <= CHART_LIMIT else (),
        notes=tuple(notes),
    )


def spread_text(r: Result) -> str:
    """How the load is spread: "6 of 13 workers at or over 100%, 2 overloaded"."""
    over = "".join(f", {n} {lower_first(band)}" for band, n in r.over_bands)
    return f"{r.over_capacity} of {len(r.workers)} workers at or over 100%{over}"


def _tables(r: Result) -> tuple[TableView, ...]:
    """Every worker's figures, and who has room for the next case (when anyone has)."""
    workers = TableView(
        caption=f"Capacity used by worker ({r.model} model)",
        headers=("Worker", "Cases", f"Weighted load ({r.unit})", f"Capacity ({r.unit})", "Capacity used", "Band"),
        rows=tuple(
            (
                w.label + (" (ASYE)" if w.asye else ""),
                str(w.cases),
                fmt_number(w.load),
                fmt_number(w.capacity),
                percent_text(w.capacity_percent),
                w.band,
            )
            for w in r.workers
        ),
        numeric=(False, True, True, True, True, False),
    )
    if not r.room_for_next:
        return (workers,)
    room = TableView(
        caption=f"Who has room for one more {r.next_case} case, best first",
        headers=("Worker", "Capacity used now", "After allocation", f"Room left after ({r.unit})"),
        rows=tuple(
            (c.label, percent_text(c.capacity_percent), percent_text(c.after_percent), fmt_number(c.room_after))
            for c in r.room_for_next
        ),
        numeric=(False, True, True, True),
    )
    return (workers, room)


def _chart(r: Result, s: Settings) -> BarChart:
    return BarChart(
        caption="Capacity used by worker, with a line at 100%",
        bars=tuple(Bar(w.label, w.capacity_percent, percent_text(w.capacity_percent), w.level) for w in r.workers),
        key=band_key(s.bands),
        marker=100,
        marker_label="100%",
    )


def band_key(bands: tuple[workload.Threshold, ...]) -> tuple[KeyEntry, ...]:
    """The chart's key, from the data's bands: "Over capacity: 100% to 110%", lowest first."""
    entries = []
    for n, b in enumerate(bands):  # highest first
        upper = bands[n - 1].from_percent if n else None
        if upper is None:
            span = f"{fmt_number(b.from_percent)}% or more"
        elif b.from_percent == 0:
            span = f"under {fmt_number(upper)}%"
        else:
            span = f"{fmt_number(b.from_percent)}% to {fmt_number(upper)}%"
        entries.append(KeyEntry(b.level, f"{b.label}: {span}"))
    return tuple(reversed(entries))


RESULT_COLUMNS = [
    "worker",
    "asye",
    "cases",
    "weighted_load",
    "capacity",
    "room",
    "capacity_percent",
    "band",
    "model",
    "unit",
]


def result_rows(r: Result) -> list[dict[str, Any]]:
    """One row per worker and a team total row, as plain values (for CSV)."""
    rows = [
        {
            "worker": w.label,
            "asye": "yes" if w.asye else "no",
            "cases": w.cases,
            "weighted_load": round(w.load, 2),
            "capacity": round(w.capacity, 2),
            "room": round(w.room, 2),
            "capacity_percent": round(w.capacity_percent, 1),
            "band": w.band,
            "model": r.model,
            "unit": r.unit,
        }
        for w in r.workers
    ]
    rows.append(
        {
            "worker": "Team total",
            "asye": "",
            "cases": r.cases,
            "weighted_load": round(r.load, 2),
            "capacity": round(r.capacity, 2),
            "room": round(r.room, 2),
            "capacity_percent": round(r.capacity_percent, 1),
            "band": r.band,
            "model": r.model,
            "unit": r.unit,
        }
    )
    return rows


def downloads(i: Inputs, r: Result, s: Settings) -> list[Download]:
    """The results table as CSV (run() adds the team's inputs file, to load again)."""
    return [
        Download(
            "Results (CSV)",
            f"team-workload-{r.model}.csv",
            "text/csv",
            lambda: write_csv(result_rows(r), RESULT_COLUMNS),  # made only when asked for
        )
    ]
