"""Hybrid working self-assessment and development plan.

A team or service rates each condition for successful hybrid working on a maturity scale,
with evidence notes, and writes a development plan (condition, action, owner, by when, how we
will know). The conditions and the scale are data (``calculators/data/hybrid.json``). The
default set is the project's own: the official nine conditions were not in the sources we
could read. Then, as the page's "How the result is worked out" says:

    average level            = the mean of the levels given (blank conditions are left out)
    strongest                = every condition at the highest level given
    weakest                  = every condition at the lowest level given (none when every
                               rated condition is at the same level)
    weakest without actions  = of the conditions rated below the top level, lowest first, ties
                               in the framework's order, at most suggest_for (3 by default):
                               those no row of the plan names

The button "Add suggested actions for the weakest conditions" (form.py) adds plan rows from the
data's suggested actions for those same conditions. Downloads (report.py): the plan as CSV and
the whole assessment as Markdown; the page's print button saves it as a PDF.

Run `python -m calculators.hybrid --help` for the command line.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..kit import ratings as rt
from .settings import Settings

NAME = "hybrid"
TITLE = "Hybrid working self-assessment and development plan"


@dataclass(frozen=True)
class PlanRow:
    """One row of the development plan, as the user wrote it."""

    condition: str  # the condition's name
    action: str
    owner: str
    by_when: str
    how_we_will_know: str


@dataclass(frozen=True)
class Inputs:
    """Who was assessed, each condition's rating and evidence, and the plan."""

    scope: str
    answers: dict[str, rt.Level | None]
    notes: dict[str, str]
    plan: tuple[PlanRow, ...]


@dataclass(frozen=True)
class Result:
    """The profile, the strongest and weakest conditions, and the plan."""

    framework: str
    scope: str
    profile: tuple[rt.Rating, ...]
    summary: rt.Summary
    plan: tuple[PlanRow, ...]
    weakest_without_actions: tuple[str, ...]


def calculate(i: Inputs, s: Settings) -> Result:
    """The profile of rated conditions and which conditions the plan does not yet cover."""
    profile = tuple(rt.rating_of(c, i.answers[c.id], i.notes[c.id]) for c in s.conditions)
    planned = {row.condition for row in i.plan}
    weakest = rt.lowest_first(profile, s.scale, s.suggest_for)
    missing = tuple(x.name for x in weakest if x.name not in planned)
    return Result(
        framework=s.name,
        scope=i.scope,
        profile=profile,
        summary=rt.summarise(profile),
        plan=i.plan,
        weakest_without_actions=missing,
    )
