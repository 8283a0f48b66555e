"""The hybrid working self-assessment's form: a level and evidence for each condition, then the
development plan's table; the worked example; the answers read into Inputs; and the button that adds
suggested actions for the weakest conditions to the plan (act)."""

from __future__ import annotations

from typing import Any

from ..kit import contract
from ..kit import ratings as rt
from ..kit.errors import ConfigError, FieldError
from ..kit.fields import Choice, Field, Reader, Table
from ..kit.text import same_text
from .report import SUGGEST_PLAN_LABEL
from .rule import NAME, Inputs, PlanRow
from .settings import Settings

# The contract's defaults, for the parts this calculator does not have (see kit.contract).
OPTIONS = contract.OPTIONS
CSV_TABLE = contract.CSV_TABLE
RECORD_FORMAT = contract.RECORD_FORMAT
JSON_ROWS = contract.JSON_ROWS
csv_template = contract.csv_template
ACTIONS = {"suggest_plan": SUGGEST_PLAN_LABEL}


def _plan_table(s: Settings) -> Table:
    conditions = (Choice("", "Choose a condition"), *(Choice(c.id, c.name) for c in s.conditions))
    columns = (
        Field("condition", "Condition", "choice", choices=conditions, required=False),
        Field("action", "Action", "text", required=False),
        Field("owner", "Owner", "text", required=False, hint="One person or role who will make it happen."),
        Field("by_when", "By when", "date", required=False, hint="A date, like 2026-03-31."),
        Field("how_we_will_know", "How we will know", "text", required=False),
    )
    return Table(
        "plan",
        "Development plan",
        columns,
        row_label="Action",
        min_rows=0,
        max_rows=200,
        hint="One row per action. Edit the suggested actions or write your own.",
    )


def form(s: Settings) -> tuple[Field | Table, ...]:
    """A rating and an evidence note for each condition, then the plan table."""
    items: list[Field | Table] = [
        Field(
            "scope",
            "Team or service",
            "text",
            required=False,
            group="About this assessment",
            hint="Which team, service or area this assessment covers, for example 'Children in need teams'.",
        ),
    ]
    for c in s.conditions:
        items.append(rt.rating_field(c, s.scale, f"Level for {c.name}", rt.questions_hint(c, "Ask:"), c.name))
        items.append(
            rt.notes_field(
                c,
                f"Evidence for {c.name}",
                "What tells you this: staff and family views, data, examples.",
                c.name,
            )
        )
    items.append(_plan_table(s))
    return tuple(items)


def example(s: Settings) -> dict[str, Any]:
    """A made-up assessment: levels cycle through the scale so every level shows."""
    levels = s.scale.levels
    values: dict[str, Any] = {"scope": "Example team"}
    for i, c in enumerate(s.conditions):
        values[f"rating_{c.id}"] = levels[(i * 3 + 2) % len(levels)].key
        values[f"notes_{c.id}"] = ""
    values["plan"] = act("suggest_plan", values, s)["plan"][:1] if len(s.conditions) > 1 else []
    for row in values["plan"]:
        row.update(owner="Team manager", by_when="2026-06-30")
    return values


def read(values: dict[str, Any], s: Settings) -> Inputs:
    """The ratings, notes and plan rows; unanswered ratings stay unrated, never a value."""
    r = Reader(values)
    fields = {f.name: f for f in form(s) if isinstance(f, Field)}
    scope = r.text(fields["scope"], max_length=100)
    answers = {}
    for c in s.conditions:
        answer = rt.read_rating(r, fields[f"rating_{c.id}"], s.scale)
        answers[c.id] = answer if isinstance(answer, rt.Level) else None
    notes = {c.id: rt.read_notes(r, fields[f"notes_{c.id}"]) for c in s.conditions}
    plan = _read_plan(r, s)
    r.done()
    return Inputs(scope, answers, notes, plan)


def _condition(s: Settings, raw: str) -> rt.Item | None:
    text = same_text(raw.strip())
    return next((c for c in s.conditions if text in (c.id.lower(), same_text(c.name))), None)


def _read_plan(r: Reader, s: Settings) -> tuple[PlanRow, ...]:
    table = _plan_table(s)
    columns = {c.name: c for c in table.columns}
    plan = []
    for i, row in r.indexed_rows(table):
        raw = str(row.get("condition", "") or "").strip()
        condition = _condition(s, raw) if raw else None
        if not raw:
            r.error("condition", "Select the condition this action is for", i, table.name)
        elif condition is None:
            r.error(
                "condition",
                f"Condition must be one of the conditions above (you entered {raw[:40]!r})",
                i,
                table.name,
            )
        action = r.text(columns["action"], source=row, row=i, table=table.name, max_length=1000)
        if not action:
            r.error("action", "Enter the action", i, table.name)
        owner = r.text(columns["owner"], source=row, row=i, table=table.name, max_length=200)
        by_when = r.date(columns["by_when"], source=row, row=i, table=table.name)
        how = r.text(columns["how_we_will_know"], source=row, row=i, table=table.name, max_length=1000)
        plan.append(
            PlanRow(
                condition=condition.name if condition else raw,
                action=action,
                owner=owner,
                by_when=by_when,
                how_we_will_know=how,
            )
        )
    return tuple(plan)


# ---- the "suggest a plan" action ----


def act(action: str, values: dict[str, Any], s: Settings) -> dict[str, Any]:
    """New raw values: the plan with suggested actions added for the weakest conditions."""
    if action != "suggest_plan":
        raise ConfigError("action", f"{NAME} has no action {action!r}")
    profile = tuple(rt.rating_of(c, s.scale.find(values.get(f"rating_{c.id}", "") or "")) for c in s.conditions)
    weakest = rt.lowest_first(profile, s.scale, s.suggest_for)
    first = f"rating_{s.conditions[0].id}"
    if not weakest:
        rated = any(x.value is not None for x in profile)
        raise FieldError(
            first,
            "Every rated condition is at the top level, so there is nothing to suggest"
            if rated
            else "Rate at least one condition before asking for suggested actions",
        )
    raw_plan = values.get("plan")
    rows = [dict(row) for row in raw_plan if isinstance(row, dict)] if isinstance(raw_plan, list) else []
    rows = [row for row in rows if any(str(v or "").strip() for v in row.values())]
    have = set()
    for row in rows:
        condition = _condition(s, str(row.get("condition", "") or ""))
        have.add((condition.id if condition else "", str(row.get("action", "")).strip()))
    for x in weakest:
        for suggestion in s.suggestions[x.id]:
            if (x.id, suggestion.action) not in have:
                rows.append(
                    {
                        "condition": x.id,
                        "action": suggestion.action,
                        "owner": "",
                        "by_when": "",
                        "how_we_will_know": suggestion.how_we_will_know,
                    }
                )
                have.add((x.id, suggestion.action))
    return {**values, "plan": rows}
