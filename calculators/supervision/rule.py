"""Supervision observation: an observer rates one supervision session, domain by domain.

The framework is data (``calculators/data/supervision.json``): domains, each with an id, a
name and guiding questions (and prompts for the action list), and a rating scale of numbered,
labelled levels. The default is the project's own; a council loads the official STAR
template's domains, questions and scale through site configuration, without code.

Each domain is rated with a level of the scale, "not observed", or left blank (not rated yet).
Then, as the page's "How the result is worked out" says:

    average rating  = the mean of the levels given ("not observed" and blank domains are left
                      out, not counted as zero)
    strongest       = every domain at the highest level given
    lowest rated    = every domain at the lowest level given (none when all are at one level)
    action list     = the domains rated below the top of the scale, lowest first, ties in the
                      framework's order, at most max_actions (3 by default); each with the
                      framework's prompts for it, or else "Reflect together: <question>" for
                      each of its guiding questions (or "What would move <domain> up the
                      scale?" when it has none)

The result is that profile (a chart and a table), those domains and the action list for the
supervisor. The downloads (report.py) are the observation as one CSV row, the format the
collation calculator, ``supervision_collate``, imports; the full record as JSON; and a
Markdown record.

Run `python -m calculators.supervision --help` for the command line.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..kit import ratings as rt
from .settings import Settings

NAME = "supervision"
TITLE = "Supervision observation"


@dataclass(frozen=True)
class Inputs:
    """One observed session: its details, each domain's rating and notes."""

    session: str
    date: str
    answers: dict[str, rt.Level | str | None]
    notes: dict[str, str]
    strengths: str
    development: str


@dataclass(frozen=True)
class Action:
    """A domain to work on, with its rating and the framework's prompt."""

    domain: str
    rating: str
    prompts: tuple[str, ...]


@dataclass(frozen=True)
class Result:
    """The profile, the strongest and weakest domains, and the actions."""

    framework: str
    session: str
    date: str
    profile: tuple[rt.Rating, ...]
    summary: rt.Summary
    actions: tuple[Action, ...]
    strengths: str
    development: str


def calculate(i: Inputs, s: Settings) -> Result:
    """The profile of rated domains, the strongest and weakest, and the actions for the weakest."""
    profile = tuple(
        rt.rating_of(d, i.answers[d.id], i.notes[d.id], s.not_observed_label or "Not observed") for d in s.domains
    )
    actions = tuple(
        Action(
            x.name,
            x.text,
            s.prompts[x.id] or tuple(f"Reflect together: {q}" for q in _questions(s, x.id)),
        )
        for x in rt.lowest_first(profile, s.scale, s.max_actions)
    )
    return Result(
        framework=s.name,
        session=i.session,
        date=i.date,
        profile=profile,
        summary=rt.summarise(profile),
        actions=actions,
        strengths=i.strengths,
        development=i.development,
    )


def _questions(s: Settings, domain_id: str) -> tuple[str, ...]:
    """A domain's guiding questions, or one question of our own when the framework gives none."""
    item = next(d for d in s.domains if d.id == domain_id)
    return item.questions or (f"What would move {item.name} up the scale?",)
