"""Supervision observation: an observer rates one supervision session, domain by domain.

The framework is data (``calculators/data/supervision.json``): domains, each with an id, a
name and guiding questions (and prompts for the action list), and a rating scale of numbered,
labelled levels. The default is the project's own; a council loads the official STAR
template's domains, questions and scale through site configuration, without code.

The result is a profile (a chart and a table), the strongest and weakest domains, and an
action list for the supervisor: the lowest-rated domains below the top of the scale, lowest
first, each with the framework's prompts. Downloads: the observation as one CSV row (the
format the collation calculator, ``supervision_collate``, imports), the full record as JSON,
and a Markdown record.

Run `python -m calculators.supervision --help` for the command line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..io.csv_files import write_csv
from ..kit import ratings as rt
from ..kit.contract import ACTIONS, CSV_TABLE, JSON_ROWS, OPTIONS, act, csv_template  # noqa: F401 - the contract's defaults (see kit.contract)
from ..kit.fields import Field, Reader
from ..kit.report import Download, Figure, Report, TableView
from ..kit.schema import ListOf, Number, Record, Text, TextList, check

NAME = "supervision"
TITLE = "Supervision observation"
DATA_FILE = "supervision.json"
EXPORT_FORMAT = "social-work-workload-toolkit/supervision-observation"
RECORD_FORMAT: str | None = EXPORT_FORMAT  # the saved record holds the form's answers under "values"


@dataclass(frozen=True)
class Settings:
    """The checked framework: its domains, rating scale and prompts."""

    name: str
    about: str
    scale: rt.Scale
    domains: tuple[rt.Item, ...]
    prompts: dict[str, tuple[str, ...]]
    not_observed_label: str
    max_actions: int


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


# The data file (calculators/data/supervision.json, or a council's copy; the collation reads it too),
# as a schema: checked first by settings(), and written out as councils/schemas/supervision.schema.json.
DATA_SCHEMA = Record(
    {
        "name": Text(blank=False),
        "not_observed_label": Text(description='the "not observed" choice; "" leaves it out'),
        "max_actions": Number(minimum=1, maximum=20, whole=True, description="how many domains get prompts"),
        "scale": rt.SCALE,
        "domains": ListOf(
            Record(
                {**rt.ITEM_KEYS, "prompts": TextList(blank=False)},
                optional=(*rt.ITEM_OPTIONAL, "prompts"),
                defaults={**rt.ITEM_DEFAULTS, "prompts": []},
            ),
            min_items=1,
            max_items=20,
            unique="id",
        ),
    },
    optional=("not_observed_label", "max_actions"),
    defaults={"not_observed_label": "Not observed", "max_actions": 3},
)


def settings(options: dict[str, str], data: dict[str, Any]) -> Settings:
    """Check the framework data (calculators/data/supervision.json or a council's copy)."""
    raw = check(DATA_SCHEMA, data)
    domains = rt.parse_items(raw, "domains")  # names must differ
    return Settings(
        name=raw["name"].strip(),
        about=str(data.get("about", "")).strip(),
        scale=rt.parse_scale(raw),  # levels must rise
        domains=domains,
        prompts={
            item.id: tuple(p.strip() for p in d["prompts"]) for item, d in zip(domains, raw["domains"], strict=True)
        },
        not_observed_label=raw["not_observed_label"].strip(),
        max_actions=raw["max_actions"],
    )


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
    """An optional date as YYYY-MM-DD; accepts 2026-03-14 or 14/03/2026."""
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
    item = next(d for d in s.domains if d.id == domain_id)
    return item.questions or (f"What would move {item.name} up the scale?",)


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
        Download("Download record (Markdown)", f"{stem}.md", "text/markdown", markdown(r, s)),
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
