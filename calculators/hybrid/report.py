"""What the hybrid working self-assessment shows for a result, and the files it offers: the plan as
CSV and the whole assessment and plan as Markdown."""

from __future__ import annotations

from ..io.csv_files import write_csv
from ..kit import ratings as rt
from ..kit.report import Download, Figure, Report, TableView
from .rule import Inputs, Result
from .settings import Settings

# The plan's columns (name, label), in order: the table shown, the CSV download and the Markdown.
PLAN_COLUMNS = (
    ("condition", "Condition"),
    ("action", "Action"),
    ("owner", "Owner"),
    ("by_when", "By when"),
    ("how_we_will_know", "How we will know"),
)
# The label of the button that suggests actions (form.ACTIONS), which a note names.
SUGGEST_PLAN_LABEL = "Add suggested actions for the weakest conditions"


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
            f"Use “{SUGGEST_PLAN_LABEL}” or add your own."
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
        Download(
            "Download assessment and plan as text for a document (Markdown)",
            f"{stem}.md",
            "text/markdown",
            markdown(r, s),
        ),
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
