"""The individual workload calculator's form: the worker's hours and protected time, a count for
each case type, the worked example, and the answers read into Inputs."""

from __future__ import annotations

from typing import Any

from ..kit import contract
from ..kit.fields import Choice, Field, Reader, known
from ..kit.text import fmt_number
from .rule import Inputs
from .settings import CaseType, Settings

# The contract's defaults, for the parts this calculator does not have (see kit.contract).
CSV_TABLE = contract.CSV_TABLE
ACTIONS = contract.ACTIONS
RECORD_FORMAT = contract.RECORD_FORMAT
JSON_ROWS = contract.JSON_ROWS
act = contract.act
csv_template = contract.csv_template

# Protected and non-case time, in hours a week. Named here once, shared by form() and read().
PROTECTED = (
    (
        "supervision_hours",
        "Supervision and reflective time",
        "Supervision of 1.5 hours a month is about 0.35 hours a week; 2 hours a month is about 0.5.",
        "0.5",
    ),
    ("training_hours", "Training and development", "Learning, CPD and team development.", "1"),
    ("responsibility_hours", "Extra responsibilities", "For example practice educator, duty or union roles.", "0"),
    ("other_hours", "Other agreed reductions", "For example a phased return to work.", "0"),
)
EXAMPLE_CASES = {"assessment": 2, "cin": 6, "cp": 4, "cla": 3, "proceedings": 1}


def weight_hint(c: CaseType, model: str) -> str:
    """The hint under a case type's field: its weight in the page's model(s)."""
    if model == "both":
        return f"Weighted at {fmt_number(c.points)} points or {fmt_number(c.hours_per_month)} hours a month each."
    if model == "points":
        return f"Weighted at {fmt_number(c.points)} points each."
    return f"Weighted at {fmt_number(c.hours_per_month)} hours a month each."


def form(s: Settings) -> tuple[Field, ...]:
    """The worker's hours and protected time, then a count for each case type."""
    cases = tuple(
        Field(
            f"cases_{c.id}",
            c.label,
            "whole",
            unit="cases",
            maximum=200,
            default="0",
            group="Cases you hold",
            hint=weight_hint(c, s.model),
        )
        for c in s.case_types
    )
    time = (
        Field(
            "contracted_hours",
            "Contracted hours",
            unit="hours a week",
            maximum=60,
            default="37",
            hint=f"Full time is {fmt_number(s.full_time_hours)} hours a week.",
            group="Your hours",
        ),
        *(
            Field(
                name,
                label,
                unit="hours a week",
                maximum=60,
                default=default,
                hint=hint,
                group="Protected and non-case time",
            )
            for name, label, hint, default in PROTECTED
        ),
        Field(
            "asye",
            "In their ASYE year",
            "choice",
            default="no",
            group="Protected and non-case time",
            hint="The Assessed and Supported Year in Employment reduces capacity by "
            f"{fmt_number(s.asye_reduction_percent)}%.",
            choices=(Choice("no", "No"), Choice("yes", "Yes")),
        ),
    )
    return cases + time


def example(s: Settings) -> dict[str, Any]:
    """The worked example's answers (a made-up worker)."""
    values = {f.name: f.default for f in form(s)}
    values.update({f"cases_{k}": str(v) for k, v in EXAMPLE_CASES.items() if f"cases_{k}" in values})
    return values


def read(values: dict[str, Any], s: Settings) -> Inputs:
    """The answers as numbers, naming each field missing or out of range."""
    r = Reader(values)
    fields = {f.name: f for f in form(s)}
    cases = {c.id: r.number(fields[f"cases_{c.id}"]) for c in s.case_types}
    hours = r.number(fields["contracted_hours"])
    protected = [r.number(fields[name]) for name, *_ in PROTECTED]
    asye = r.choice(fields["asye"])
    given = [p for p in protected if p is not None]
    if hours == 0:
        r.error("contracted_hours", "Contracted hours must be more than 0")
    elif hours is not None and len(given) == len(protected) and sum(given) >= hours:
        r.error(
            "contracted_hours",
            f"Contracted hours ({fmt_number(hours, 6)}) must be more than the protected and "
            f"non-case time ({fmt_number(sum(given), 6)} hours a week)",
        )
    r.done()
    return Inputs(
        cases={k: int(known(v)) for k, v in cases.items()},
        contracted_hours=known(hours),
        protected_hours=sum(given),
        asye=asye == "yes",
    )
