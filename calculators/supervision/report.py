"""What the supervision observation shows for a result, and the files it offers: the CSV row the
collation imports, the full record as JSON (to load again) and a Markdown record."""

from __future__ import annotations

import json

from ..io.csv_files import write_csv
from ..kit import ratings as rt
from ..kit.report import Download, Figure, Report, TableView
from .rule import Inputs, Result
from .settings import Settings

# The "format" of the full record (JSON): the collation recognises it, and loading it again reads
# its "values" as the form's answers (form.RECORD_FORMAT).
EXPORT_FORMAT = "social-work-workload-toolkit/supervision-observation"


def report(r: Result, s: Settings) -> Report:
    """The headline, the chart and table of ratings, and the actions."""
    m = r.summary
    if m.rated == 0:
        headline = f"No domains rated yet: choose a rating for each of the {m.total} domains you observed."
    else:
        headline = f"{m.rated} of {m.total} domains rated. Average {rt.mean_text(m.mean, s.scale)}." + (
            f" {_count(len(r.actions), 'domain')} on the supervisor's action list."
            if r.actions
            else " Every rated domain is at the top of the scale."
        )
    notes = [f"Session: {r.session or 'no label'}" + (f", {r.date}." if r.date else ".")]
    notes.append(f"Framework: {r.framework}.")
    if s.about:
        notes.append(s.about)
    notes.append(f"Scale: {'; '.join(f'{lv.key} {lv.label}' for lv in s.scale.levels)}.")
    unrated = [x.name for x in r.profile if x.status == "not_rated"]
    if unrated and m.rated:
        notes.append(f"Not rated yet: {'; '.join(unrated)}.")
    return Report(
        headline=headline,
        figures=(
            Figure(
                "Domains rated",
                f"{m.rated} of {m.total}",
                f"{m.not_observed} not observed" if m.not_observed else "",
            ),
            Figure("Average rating", rt.mean_text(m.mean, s.scale)),
            Figure("Strongest", rt.names_text(m.strongest)),
            Figure(
                "Lowest rated",
                rt.names_text(m.weakest, "None lower than the rest" if m.rated else "None yet"),
            ),
        ),
        charts=(rt.profile_chart(f"Profile of this session ({s.scale.describe()})", r.profile, s.scale),),
        tables=_tables(r),
        notes=tuple(notes),
    )


def _tables(r: Result) -> tuple[TableView, ...]:
    """The profile, the supervisor's action list (if any) and the observer's notes (if any)."""
    tables = [rt.profile_table("Profile by domain", ("Domain", "Rating", "Evidence notes"), r.profile)]
    if r.actions:
        tables.append(
            TableView(
                caption="Action list for the supervisor (lowest-rated domains first)",
                headers=("Priority", "Domain", "Rating", "What to try"),
                rows=tuple((str(n), a.domain, a.rating, " ".join(a.prompts)) for n, a in enumerate(r.actions, start=1)),
                numeric=(True, False, False, False),
            )
        )
    if r.strengths or r.development:
        tables.append(
            TableView(
                caption="Strengths and development points",
                headers=("", "Observer's notes"),
                rows=(("Strengths", r.strengths or "–"), ("Development points", r.development or "–")),
            )
        )
    return tuple(tables)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


# ---- exports (the CSV row is what supervision_collate imports) ----


def export_row(i: Inputs, s: Settings) -> dict[str, str]:
    """One observation as the collation table's row: session, date, and each domain's level value."""
    row = {"observation": i.session, "date": i.date}
    for d in s.domains:
        answer = i.answers[d.id]
        row[d.id] = answer.key if isinstance(answer, rt.Level) else (rt.NOT_OBSERVED if answer else "")
    return row


def downloads(i: Inputs, r: Result, s: Settings) -> list[Download]:
    """The observation as one CSV row (for the collation tool), its answers as JSON (to load again) and as Markdown."""
    row = export_row(i, s)
    stem = f"supervision-observation-{rt.slug(i.date or i.session, 'undated')}"
    record = {
        "format": EXPORT_FORMAT,
        "version": 1,
        "framework": s.name,
        "scale": [{"value": lv.value, "label": lv.label} for lv in s.scale.levels],
        "observation": row,
        "values": values_of(i, s),
    }
    return [
        Download("Download ratings (CSV, for collation)", f"{stem}.csv", "text/csv", write_csv([row], list(row))),
        Download(
            "Download full record (JSON)",
            f"{stem}.json",
            "application/json",
            json.dumps(record, indent=2, ensure_ascii=False) + "\n",
            kind="inputs",  # importing it (here or on the command line) loads the observation again
        ),
        Download("Download record as text for a document (Markdown)", f"{stem}.md", "text/markdown", markdown(r, s)),
    ]


def values_of(i: Inputs, s: Settings) -> dict[str, str]:
    """The raw form values of an observation (so a JSON record can be loaded back)."""
    values = {"session": i.session, "date": i.date, "strengths": i.strengths, "development": i.development}
    row = export_row(i, s)
    for d in s.domains:
        values[f"rating_{d.id}"] = row[d.id]
        values[f"notes_{d.id}"] = i.notes[d.id]
    return values


def markdown(r: Result, s: Settings) -> str:
    """The observation as a Markdown document."""
    title = "Supervision observation" + (f": {rt.md_cell(r.session)}" if r.session else "")
    lines = [f"# {title}", ""]
    if r.date:
        lines += [f"Date of the session: {r.date}", ""]
    lines += [f"Framework: {rt.md_cell(r.framework)}", "", "## Profile", ""]
    lines.append(
        rt.md_table(
            ("Domain", "Rating", "Evidence notes"),
            [(x.name, x.text, x.notes or "–") for x in r.profile],
        )
    )
    lines += ["", "## Action list for the supervisor", ""]
    if r.actions:
        for n, a in enumerate(r.actions, start=1):
            lines.append(f"{n}. **{rt.md_cell(a.domain)}** (rated {rt.md_cell(a.rating)})")
            lines += [f"    - {rt.md_cell(p)}" for p in a.prompts]
    else:
        lines.append("No domain is rated below the top of the scale.")
    for heading, body in (("Strengths", r.strengths), ("Development points", r.development)):
        if body:
            lines += ["", f"## {heading}", "", rt.md_text(body)]
    return "\n".join(lines) + "\n"
