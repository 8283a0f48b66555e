"""What the team calculator reads from the shared data file (calculators/data/workload.json, or a
council's copy): the case types its table counts, the complexity items, the bands and the capacity
figures of the page's model.

The file is the individual calculator's, checked with its schema and readers (one place for case
types, hours, ASYE, points and bands); the team's own settings sit in its "team" block."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from .. import workload
from ..kit.errors import ConfigError
from ..workload import Threshold, bands_of, checked_data

DATA_FILE = workload.DATA_FILE  # shared with the individual calculator
DATA_SCHEMA = workload.DATA_SCHEMA  # one file, one schema (the team's settings are its "team" block)
MODELS = ("points", "time", "probation")
OPTIONS = {"model": MODELS}
UNITS = {"points": "points", "time": "hours a month", "probation": "points"}


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
    """The checked data file for one model: case types, complexity items, bands and capacity figures."""

    model: str
    case_types: tuple[Weighted, ...]
    complexity: tuple[Weighted, ...]
    bands: tuple[Threshold, ...]  # highest threshold first
    full_time_hours: float  # the points model's
    weeks_per_month: float  # the time model's
    points_maximum: float  # the points model's, for a full-time worker
    asye_reduction_percent: float
    probation: Probation | None  # the probation model's capacity figures (set for that model only)
    next_case_default: str

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

    @cached_property
    def labels(self) -> dict[str, str]:
        """The label of each case type and complexity item, by id (for what makes up a worker's load)."""
        return {c.id: c.label for c in (*self.case_types, *self.complexity)}


def settings(options: dict[str, str], data: dict[str, Any]) -> Settings:
    """Check the data file (calculators/data/workload.json or a council's copy) for the page's model."""
    model = options["model"]  # checked by prepare() against OPTIONS
    raw = checked_data(data)
    bands = bands_of(raw)
    team = raw["team"]
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
    return Settings(
        model=model,
        case_types=case_types,
        complexity=complexity,
        bands=bands,
        full_time_hours=raw["full_time_hours"],
        weeks_per_month=raw["weeks_per_month"],
        points_maximum=raw["points"]["full_time_maximum"],
        asye_reduction_percent=raw["asye_reduction_percent"],
        probation=_probation(team) if model == "probation" else None,
        next_case_default=next_default,
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
