"""AI in case recording: an ethics and readiness check (triage).

Each question is a choice; each answer carries a concern score (0 or more) and, optionally,
a minimum risk level of its own ("at_least"), a reason and a next step. Then

    total score = the sum of the answers' scores (to one decimal place, as it is shown)
    risk level  = the higher of: the highest level whose from_score the total reaches, and the
                  highest at_least of any answer
    reasons     = the reason of every answer that scored or set a minimum level
    next steps  = those answers' next steps, then the risk level's own next steps

The questions, answers, scores and levels are all data (calculators/data/ai_check.json) and
the default is the project's own: the DfE's ethics triage questions and scoring are not public
in the sources we reviewed.

Run `python -m calculators.ai_check --help` for the command line.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..kit.text import shown
from .settings import Settings

NAME = "ai_check"
TITLE = "AI in case recording: ethics and readiness check"


@dataclass(frozen=True)
class Inputs:
    """The answer chosen for each question."""

    answers: dict[str, str]  # question id -> answer value


@dataclass(frozen=True)
class Line:
    """One question's answer in the result, with its score and reason."""

    question: str
    theme: str
    answer: str
    score: float
    reason: str


@dataclass(frozen=True)
class Result:
    """The risk level, the total score, the answers that raised it and the next steps."""

    risk: str  # level id
    label: str
    level: str  # colour level for the band
    score: float
    max_score: float
    reasons: tuple[str, ...]
    next_steps: tuple[str, ...]
    lines: tuple[Line, ...]


def calculate(i: Inputs, s: Settings) -> Result:
    """Add the answers' scores and take the higher of the total's level and any answer's minimum level."""
    rank = {lv.id: n for n, lv in enumerate(s.levels)}
    lines, reasons, steps = [], [], []
    floor = 0
    for q in s.questions:
        a = next(a for a in q.answers if a.value == i.answers[q.id])
        lines.append(Line(question=q.label, theme=q.theme, answer=a.label, score=a.score, reason=a.reason))
        if a.score > 0 or a.at_least:
            reasons.append(f"{q.theme}: {a.reason}")
            if a.next_step and a.next_step not in steps:
                steps.append(a.next_step)
        if a.at_least:
            floor = max(floor, rank[a.at_least])
    score = shown(sum(line.score for line in lines))  # as the headline shows it, then compared
    by_score = max(n for n, lv in enumerate(s.levels) if score >= lv.from_score)
    level = s.levels[max(by_score, floor)]
    if not reasons:
        reasons.append("No answer raised a concern.")
    if floor > by_score:
        reasons.insert(0, f"At least one answer sets the risk level to {level.label.lower()}, whatever the total.")
    steps.extend(step for step in level.next_steps if step not in steps)
    max_score = sum(max(a.score for a in q.answers) for q in s.questions)
    return Result(
        risk=level.id,
        label=level.label,
        level=level.level,
        score=score,
        max_score=max_score,
        reasons=tuple(reasons),
        next_steps=tuple(steps),
        lines=tuple(lines),
    )
