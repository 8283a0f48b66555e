"""Collating supervision observations into an organisation-wide summary by domain.

The input is many observations, each with a label, a date and, for each domain of the framework
(the same data as ``supervision``, ``calculators/data/supervision.json``), a level of the scale,
"not observed", or blank (not rated). Then, for each domain:

    rated         = the number of observations that gave it a level
    average       = the mean of those levels ("not observed" and blanks are left out)
    at each level = the number of observations at each level of the scale, lowest first
    not observed  = the number of observations that marked it "not observed"

and across them all:

    average across all ratings = the mean of every level given, in any domain
    period                     = the earliest and the latest date given
    priorities                 = the domains whose average (to 2 decimal places, as shown) is below
                                 the top of the scale, lowest average first, ties in the
                                 framework's order, at most max_actions (3 by default); each with
                                 the framework's prompts, or else "Reflect together: <question>"
                                 for each of its guiding questions

The priorities are for an action plan against Employer Standard 5 (supervision). Reading the
observation tool's CSV rows and JSON records is in form.py.

Run `python -m calculators.supervision_collate --help` for the command line.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import fmean

from ..kit import ratings as rt
from ..kit.text import shown
from .settings import Settings

NAME = "supervision_collate"
TITLE = "Supervision observations: organisation-wide summary"


@dataclass(frozen=True)
class Observation:
    """One observation's label, date and rating per domain."""

    label: str
    date: str
    answers: dict[str, rt.Level | str | None]


@dataclass(frozen=True)
class Inputs:
    """All the observations being collated."""

    observations: tuple[Observation, ...]


@dataclass(frozen=True)
class DomainSummary:
    """One domain across all observations: how often rated and the mean level."""

    id: str
    name: str
    rated: int
    not_observed: int
    mean: float | None
    distribution: tuple[int, ...]  # observations at each level of the scale, lowest first


@dataclass(frozen=True)
class Priority:
    """A domain to work on first, with its mean level."""

    domain: str
    mean: float
    prompts: tuple[str, ...]


@dataclass(frozen=True)
class Result:
    """The summary by domain, the priorities and the period the observations cover."""

    framework: str
    observations: int
    first_date: str
    last_date: str
    domains: tuple[DomainSummary, ...]
    mean: float | None
    priorities: tuple[Priority, ...]


def calculate(i: Inputs, s: Settings) -> Result:
    """Each domain's count and mean across observations, and the lowest as priorities."""
    summaries = []
    for d in s.domains:
        levels = [a for o in i.observations if isinstance(a := o.answers[d.id], rt.Level)]
        summaries.append(
            DomainSummary(
                id=d.id,
                name=d.name,
                rated=len(levels),
                not_observed=sum(o.answers[d.id] == rt.NOT_OBSERVED for o in i.observations),
                mean=fmean(lv.value for lv in levels) if levels else None,
                distribution=tuple(sum(lv == level for lv in levels) for level in s.scale.levels),
            )
        )
    everything = [a.value for o in i.observations for a in o.answers.values() if isinstance(a, rt.Level)]
    order = {d.id: n for n, d in enumerate(s.domains)}
    low = sorted(
        ((x, x.mean) for x in summaries if x.mean is not None and shown(x.mean, 2) < s.scale.highest.value),
        key=lambda pair: (pair[1], order[pair[0].id]),
    )[: s.max_actions]
    priorities = tuple(
        Priority(
            x.name,
            mean,
            s.prompts[x.id]
            or tuple(f"Reflect together: {q}" for q in next(d for d in s.domains if d.id == x.id).questions),
        )
        for x, mean in low
    )
    dates = sorted(o.date for o in i.observations if o.date)
    return Result(
        framework=s.name,
        observations=len(i.observations),
        first_date=dates[0] if dates else "",
        last_date=dates[-1] if dates else "",
        domains=tuple(summaries),
        mean=fmean(everything) if everything else None,
        priorities=priorities,
    )
