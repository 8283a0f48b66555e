"""The AI readiness check's form: one choice field per question, the worked example, and the chosen
answers read into Inputs."""

from __future__ import annotations

from typing import Any

from ..kit import contract
from ..kit.fields import Choice, Field, Reader
from .rule import Inputs
from .settings import Settings

# The contract's defaults, for the parts this calculator does not have (see kit.contract).
OPTIONS = contract.OPTIONS
CSV_TABLE = contract.CSV_TABLE
ACTIONS = contract.ACTIONS
RECORD_FORMAT = contract.RECORD_FORMAT
JSON_ROWS = contract.JSON_ROWS
act = contract.act
csv_template = contract.csv_template


def form(s: Settings) -> tuple[Field, ...]:
    """One choice field per question."""
    return tuple(
        Field(
            q.id,
            q.label,
            "choice",
            hint=q.hint,
            group=q.theme,
            default="",
            choices=tuple(Choice(a.value, a.label) for a in q.answers),
        )
        for q in s.questions
    )


def example(s: Settings) -> dict[str, Any]:
    """The worked example's answers (made up, for showing how the check works)."""
    return dict(s.example)


def read(values: dict[str, Any], s: Settings) -> Inputs:
    """The chosen answers, naming every question left unanswered or answered with an unknown value."""
    r = Reader(values)
    answers = {}
    for q in s.questions:
        raw = r.values.get(q.id)
        if raw is None or str(raw).strip() == "":
            r.error(q.id, q.error)
            continue
        value = str(raw).strip()
        if value not in {a.value for a in q.answers}:
            r.error(q.id, f"{q.error}, using one of the answers given: {'; '.join(a.label for a in q.answers)}")
            continue
        answers[q.id] = value
    r.done()
    return Inputs(answers)
