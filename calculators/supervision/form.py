"""The supervision observation's form: the session's details, a rating and notes for each domain and
the observer's overall notes; the worked example; and the answers read into Inputs."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..kit import contract
from ..kit import ratings as rt
from ..kit.fields import Field, Reader
from .report import EXPORT_FORMAT
from .rule import Inputs
from .settings import Settings

# The contract's defaults, for the parts this calculator does not have (see kit.contract).
OPTIONS = contract.OPTIONS
CSV_TABLE = contract.CSV_TABLE
ACTIONS = contract.ACTIONS
JSON_ROWS = contract.JSON_ROWS
act = contract.act
csv_template = contract.csv_template
RECORD_FORMAT: str | None = EXPORT_FORMAT  # the saved full record holds the form's answers under "values"


def form(s: Settings) -> tuple[Field, ...]:
    """The session's details, then a rating and notes for each domain."""
    about = (
        Field(
            "session",
            "Session label",
            "text",
            required=False,
            group="About the session",
            hint="Something that identifies no one, like 'Team B, observation 3'. Do not enter names.",
        ),
        Field(
            "date",
            "Date of the session",
            "text",
            required=False,
            group="About the session",
            hint="For example 2026-03-14 or 14/03/2026.",
        ),
    )
    domains = []
    for d in s.domains:
        domains.append(
            rt.rating_field(
                d,
                s.scale,
                f"Rating for {d.name}",
                rt.questions_hint(d, "Look for:"),
                d.name,
                s.not_observed_label,
            )
        )
        domains.append(
            rt.notes_field(d, f"Evidence for {d.name}", "What you saw and heard that supports the rating.", d.name)
        )
    overall = (
        Field(
            "strengths",
            "Strengths",
            "textarea",
            required=False,
            group="Overall",
            hint="What went well in the session, to share with the supervisor.",
        ),
        Field(
            "development",
            "Development points",
            "textarea",
            required=False,
            group="Overall",
            hint="What the supervisor could try next.",
        ),
    )
    return about + tuple(domains) + overall


def example(s: Settings) -> dict[str, Any]:
    """A made-up observation: the levels cycle through the scale, so every level shows."""
    values: dict[str, Any] = {
        "session": "Example observation",
        "date": "2026-03-14",
        "strengths": "A calm, well-structured session with a clear agenda.",
        "development": "Leave more time to agree next steps.",
    }
    levels = s.scale.levels
    for i, d in enumerate(s.domains):
        values[f"rating_{d.id}"] = levels[(len(levels) - 1 - i) % len(levels)].key
        values[f"notes_{d.id}"] = ""
    return values


def read(values: dict[str, Any], s: Settings) -> Inputs:
    """The session's details, ratings and notes; unanswered ratings stay unrated, never a value."""
    r = Reader(values)
    fields = {f.name: f for f in form(s)}
    session = r.text(fields["session"], max_length=100)
    when = read_date(r, fields["date"])
    answers = {d.id: rt.read_rating(r, fields[f"rating_{d.id}"], s.scale) for d in s.domains}
    notes = {d.id: rt.read_notes(r, fields[f"notes_{d.id}"]) for d in s.domains}
    strengths = r.text(fields["strengths"])
    development = r.text(fields["development"])
    r.done()
    return Inputs(
        session=session, date=when, answers=answers, notes=notes, strengths=strengths, development=development
    )


def read_date(
    r: Reader,
    field: Field,
    row: int | None = None,
    table: str | None = None,
    source: dict[str, Any] | None = None,
) -> str:
    """An optional date as YYYY-MM-DD; accepts 2026-03-14 or 14/03/2026 (the collation reads its dates so too)."""
    raw = r.text(field, source=source, row=row, table=table, max_length=40)
    if not raw:
        return ""
    try:
        if "/" in raw:
            day, month, year = (int(p) for p in raw.split("/"))
            return date(year, month, day).isoformat()
        return date.fromisoformat(raw).isoformat()
    except ValueError:
        r.error(field, f"{field.label} must be a real date, like 2026-03-14", row, table)
        return ""
