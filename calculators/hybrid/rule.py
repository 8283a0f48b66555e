"""Hybrid working self-assessment and development plan.

A team or service rates each condition for successful hybrid working on a maturity scale,
with evidence notes. The result names the strongest and weakest conditions, charts the
profile, and carries a development plan (condition, action, owner, by when, how we will know)
that the user edits. "Add suggested actions for the weakest conditions" pre-fills plan rows
from the data's suggested actions. Downloads: the plan as CSV and the whole assessment as
Markdown; the page's print button saves it as a PDF.

The conditions and the scale are data (``calculators/data/hybrid.json``). The default set is
the project's own: the official nine conditions were not in the sources we could read.

Run `python -m calculators.hybrid --help` for the command line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..io.csv_files import write_csv
from ..kit import ratings as rt
from ..kit.contract import CSV_TABLE, JSON_ROWS, OPTIONS, RECORD_FORMAT, csv_template  # noqa: F401 - the contract's defaults (see kit.contract)
from ..kit.errors import ConfigError, FieldError
from ..kit.fields import Choice, Field, Reader, Table
from ..kit.report import Download, Figure, Report, TableView
from ..kit.schema import ListOf, Number, Record, Text, check
from ..kit.text import same_text

NAME = "hybrid"
TITLE = "Hybrid working self-assessment and development plan"
DATA_FILE = "hybrid.json"
ACTIONS = {"suggest_plan": "Add suggested actions for the weakest conditions"}
PLAN_COLUMNS = (
    ("condition", "Condition"),
    ("action", "Action"),
    ("owner", "Owner"),
    ("by_when", "By when"),
    ("how_we_will_know", "How we will know"),
)


@dataclass(frozen=True)
class Suggestion:
    """A suggested action for a condition, used to pre-fill the development plan."""

    action: str
    how_we_will_know: str


@dataclass(frozen=True)
class Settings:
    """The checked framework: its conditions, rating scale and suggestions."""

    name: str
    about: str
    scale: rt.Scale
    conditions: tuple[rt.Item, ...]
    suggestions: dict[str, tuple[Suggestion, ...]]
    suggest_for: int


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


# The data file (calculators/data/hybrid.json, or a council's copy), as a schema: checked first by
# settings(), and written out as councils/schemas/hybrid.schema.json for editors.
DATA_SCHEMA = Record(
    {
        "name": Text(blank=False),
        "suggest_for": Number(minimum=1, maximum=30, whole=True, description="how many weakest conditions get actions"),
        "scale": rt.SCALE,
        "conditions": ListOf(
            Record(
                {
                    **rt.ITEM_KEYS,
                    "suggested_actions": ListOf(
                        Record(
                            {"action": Text(blank=False), "how_we_will_know": Text()},
                            optional=("how_we_will_know",),
                            defaults={"how_we_will_know": ""},
                        )
                    ),
                },
                optional=(*rt.ITEM_OPTIONAL, "suggested_actions"),
                defaults={**rt.ITEM_DEFAULTS, "suggested_actions": []},
            ),
            min_items=1,
            max_items=30,
            unique="id",
        ),
    },
    optional=("suggest_for",),
    defaults={"suggest_for": 3},
)


def settings(options: dict[str, str], data: dict[str, Any]) -> Settings:
    """Check the framework data (calculators/data/hybrid.json or a council's copy)."""
    raw = check(DATA_SCHEMA, data)
    conditions = rt.parse_items(raw, "conditions")  # names must differ
    suggestions = {
        item.id: tuple(Suggestion(s["action"].strip(), s["how_we_will_know"].strip()) for s in c["suggested_actions"])
        for item, c in zip(conditions, raw["conditions"], strict=True)
    }
    return Settings(
        name=raw["name"].strip(),
        about=str(data.get("about", "")).strip(),
        scale=rt.parse_scale(raw),  # levels must rise
        conditions=conditions,
        suggestions=suggestions,
        suggest_for=raw["suggest_for"],
    )


def _plan_table(s: Settings) -> Table:
    conditions = (Choice("", "Choose a condition"), *(Choice(c.id, c.name) for c in s.conditions))
    columns = (
        Field("condition", "Condition", "choice", choices=conditions, required=False),
        Field("action", "Action", "text", required=False),
        Field("owner", "Owner", "text", required=False, hint="One person or role who will make it happen."),
        Field("by_when", "By when", "text", required=False),
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
        by_when = r.text(columns["by_when"], source=row, row=i, table=table.name, max_length=60)
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


def report(r: Result, s: Settings) -> Report:
    """The headline, the chart and table of ratings, and the plan."""
    m = r.summary
    if m.rated == 0:
        headline = f"No conditions rated yet: choose a level for each of the {m.total} conditions."
    else:
        headline = f"{m.rated} of {m.total} conditions rated. Strongest: {rt.names_text(m.strongest)}." + (
            f" Weakest: {rt.names_text(m.weakest)}." if m.weakest else " Every rated condition is at the same level."
        )
    notes = [f"Team or service: {r.scope}."] if r.scope else []
    notes.append(f"Framework: {r.framework}.")
    if r.weakest_without_actions:
        notes.append(
            f"No action in the plan yet for: {'; '.join(r.weakest_without_actions)}. "
            f"Use “{ACTIONS['suggest_plan']}” or add your own."
        )
    unrated = [x.name for x in r.profile if x.status == "not_rated"]
    if unrated and m.rated:
        notes.append(f"Not rated yet: {'; '.join(unrated)}.")
    notes.append(f"Scale: {'; '.join(f'{lv.key} {lv.label}' for lv in s.scale.levels)}.")
    tables = [rt.profile_table("Self-assessment by condition", ("Condition", "Level", "Evidence"), r.profile)]
    if r.plan:
        tables.append(
            TableView(
                caption="Development plan",
                headers=tuple(label for _, label in PLAN_COLUMNS),
                rows=tuple(
                    (p.condition, p.action, p.owner or "–", p.by_when or "–", p.how_we_will_know or "–") for p in r.plan
                ),
            )
        )
    return Report(
        headline=headline,
        figures=(
            Figure("Conditions rated", f"{m.rated} of {m.total}"),
            Figure("Average level", rt.mean_text(m.mean, s.scale)),
            Figure("Strongest", rt.names_text(m.strongest)),
            Figure("Weakest", rt.names_text(m.weakest, "None lower than the rest" if m.rated else "None yet")),
            Figure("Actions in the plan", str(len(r.plan))),
        ),
        charts=(rt.profile_chart(f"Hybrid working profile ({s.scale.describe()})", r.profile, s.scale),),
        tables=tuple(tables),
        notes=tuple(notes),
    )


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


# ---- downloads ----


def downloads(i: Inputs, r: Result, s: Settings) -> list[Download]:
    """The plan as CSV and the whole assessment as Markdown."""
    stem = f"hybrid-working-plan-{rt.slug(i.scope, 'team')}"
    rows = [
        dict(
            zip(
                (label for _, label in PLAN_COLUMNS),
                (p.condition, p.action, p.owner, p.by_when, p.how_we_will_know),
                strict=True,
            )
        )
        for p in r.plan
    ]
    return [
        Download(
            "Download development plan (CSV)",
            f"{stem}.csv",
            "text/csv",
            write_csv(rows, [label for _, label in PLAN_COLUMNS]),
        ),
        Download("Download assessment and plan (Markdown)", f"{stem}.md", "text/markdown", markdown(r, s)),
    ]


def markdown(r: Result, s: Settings) -> str:
    """The whole assessment and plan as a Markdown document."""
    m = r.summary
    weakest = rt.names_text(m.weakest, "None lower than the rest" if m.rated else "None yet")
    lines = ["# Hybrid working self-assessment and development plan", ""]
    if r.scope:
        lines += [f"Team or service: {rt.md_cell(r.scope)}", ""]
    lines += [
        f"Framework: {rt.md_cell(r.framework)}",
        "",
        "## Summary",
        "",
        f"- Conditions rated: {m.rated} of {m.total}",
        f"- Average level: {rt.mean_text(m.mean, s.scale)}",
        f"- Strongest: {rt.md_cell(rt.names_text(m.strongest))}",
        f"- Weakest: {rt.md_cell(weakest)}",
        "",
        "## Self-assessment",
        "",
    ]
    lines.append(rt.md_table(("Condition", "Level", "Evidence"), [(x.name, x.text, x.notes or "–") for x in r.profile]))
    lines += ["", "## Development plan", ""]
    if r.plan:
        lines.append(
            rt.md_table(
                tuple(label for _, label in PLAN_COLUMNS),
                [(p.condition, p.action, p.owner or "–", p.by_when or "–", p.how_we_will_know or "–") for p in r.plan],
            )
        )
    else:
        lines.append("No actions yet.")
    return "\n".join(lines) + "\n"
