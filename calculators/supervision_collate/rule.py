"""Collating supervision observations into an organisation-wide summary by domain.

Input: many observations, one row each, in the CSV format the supervision observation
calculator downloads (columns: observation, date, then one column per domain id holding the
level's value, ``not_observed`` or blank). Several downloaded CSV files can be joined into one:
repeated header rows are skipped. The command line also takes the JSON records that
calculator downloads:

    python -m calculators.supervision_collate obs1.json obs2.json more.csv [--format csv]

Output, for each domain: how many observations rated it, the average, the spread across the
scale's levels, and how many did not observe it; and priorities for an action plan against
Employer Standard 5 (supervision): the domains with the lowest averages, with the framework's
prompts. It uses the same framework data as ``supervision`` (``calculators/data/supervision.json``).
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import fmean
from typing import Any

from .. import supervision
from ..io.csv_files import table_template, write_csv
from ..kit import ratings as rt
from ..kit.contract import ACTIONS, OPTIONS, RECORD_FORMAT, JsonRows, act  # noqa: F401 - the contract's defaults (see kit.contract)
from ..kit.fields import Field, Reader, Table
from ..kit.report import Bar, BarChart, Download, Figure, KeyEntry, Report, TableView
from ..kit.text import fmt_number, shown

NAME = "supervision_collate"
TITLE = "Supervision observations: organisation-wide summary"
DATA_FILE = supervision.DATA_FILE
DATA_SCHEMA = supervision.DATA_SCHEMA  # the same file
CSV_TABLE = "observations"
Settings = supervision.Settings


@dataclass(frozen=True)
class Observation:
    """One observation's label, date and rating per domain."""

    label: str
    date: str
    answers: dict[str, rt.Level | str | None]


@dataclass(frozen=True)
class Inputs:
    """All the observations being collated."""

    observations: tuple[Observation, ...]


@dataclass(frozen=True)
class DomainSummary:
    """One domain across all observations: how often rated and the mean level."""

    id: str
    name: str
    rated: int
    not_observed: int
    mean: float | None
    distribution: tuple[int, ...]  # observations at each level of the scale, lowest first


@dataclass(frozen=True)
class Priority:
    """A domain to work on first, with its mean level."""

    domain: str
    mean: float
    prompts: tuple[str, ...]


@dataclass(frozen=True)
class Result:
    """The summary by domain, the priorities and the period the observations cover."""

    framework: str
    observations: int
    first_date: str
    last_date: str
    domains: tuple[DomainSummary, ...]
    mean: float | None
    priorities: tuple[Priority, ...]


def settings(options: dict[str, str], data: dict[str, Any]) -> Settings:
    """The supervision framework's checked data (the same file as the observation tool)."""
    return supervision.settings(options, data)


def _table(s: Settings) -> Table:
    """Ratings are text cells, not drop-downs, so an imported cell is never silently changed: a level's
    value or label, "not_observed", or blank are accepted, and anything else gets a message at the cell."""
    levels = ", ".join(f"{lv.key} ({lv.label})" for lv in s.scale.levels)
    extra = f", {rt.NOT_OBSERVED}" if s.not_observed_label else ""
    columns = (
        Field("observation", "Observation", "text", required=False),
        Field("date", "Date", "text", required=False),
        *(Field(d.id, d.name, "text", required=False) for d in s.domains),
    )
    return Table(
        "observations",
        "Observations",
        columns,
        row_label="Observation",
        max_rows=5000,
        hint="One row per observed session. Import the CSV files the supervision observation tool "
        "downloads (join several into one file if you like), or type the ratings in. "
        f"Each rating is one of {levels}{extra}, or blank if not rated.",
    )


def form(s: Settings) -> tuple[Table, ...]:
    """One table: a row per observation, a column per domain."""
    return (_table(s),)


def example(s: Settings) -> dict[str, Any]:
    """Four made-up observations, so the page shows how a summary looks."""
    levels = [lv.key for lv in s.scale.levels]
    rows = []
    for n in range(4):
        row = {"observation": f"Example {chr(65 + n)}", "date": f"2026-0{n + 1}-15"}
        for i, d in enumerate(s.domains):
            row[d.id] = (
                levels[(n + 2 * i) % len(levels)]
                if (n + i) % 5
                else (rt.NOT_OBSERVED if s.not_observed_label else levels[0])
            )
        rows.append(row)
    return {"observations": rows}


def read(values: dict[str, Any], s: Settings) -> Inputs:
    """The observations' rows, naming each cell that is not a level of the scale."""
    r = Reader(values)
    table = _table(s)
    columns = {c.name: c for c in table.columns}
    observations = []
    for i, row in r.indexed_rows(table):
        if _is_header(row, table):
            continue
        label = r.text(columns["observation"], source=row, row=i, table=table.name, max_length=200)
        when = supervision.read_date(r, columns["date"], row=i, table=table.name, source=row)
        answers = {}
        for d in s.domains:
            answers[d.id] = _rating(r, columns[d.id], row, i, s)
        observations.append(Observation(label, when, answers))
    if not r.errors and not any(isinstance(a, rt.Level) for o in observations for a in o.answers.values()):
        r.error(table.name, "Add at least one observation with a rating")
    r.done()
    return Inputs(tuple(observations))


def csv_template(s: Settings) -> str:
    """The CSV an organisation fills in: the table's column names, no rows."""
    return table_template(_table(s))


def _is_header(row: dict[str, Any], table: Table) -> bool:
    """A repeated header row, from joining several downloaded CSV files into one."""
    names = {c.name: {c.name.lower(), c.label.lower()} for c in table.columns}
    cells = [(k, str(v).strip().lower()) for k, v in row.items() if str(v or "").strip()]
    return bool(cells) and all(k in names and v in names[k] for k, v in cells)


def _rating(r: Reader, column: Field, row: dict[str, Any], i: int, s: Settings) -> rt.Level | str | None:
    raw = str(row.get(column.name, "") or "").strip()
    if raw == "" or raw.lower() == "not rated":
        return None
    if s.not_observed_label and raw.lower() in (
        rt.NOT_OBSERVED,
        "not observed",
        s.not_observed_label.lower(),
    ):
        return rt.NOT_OBSERVED
    level = s.scale.find(raw)
    if level is None:
        allowed = ", ".join(lv.key for lv in s.scale.levels)
        extra = f", {rt.NOT_OBSERVED}" if s.not_observed_label else ""
        r.error(
            column,
            f"{column.label} must be one of {allowed}{extra}, or blank (you entered {raw[:30]!r})",
            i,
            "observations",
        )
    return level


def calculate(i: Inputs, s: Settings) -> Result:
    """Each domain's count and mean across observations, and the lowest as priorities."""
    summaries = []
    for d in s.domains:
        levels = [a for o in i.observations if isinstance(a := o.answers[d.id], rt.Level)]
        summaries.append(
            DomainSummary(
                id=d.id,
                name=d.name,
                rated=len(levels),
                not_observed=sum(o.answers[d.id] == rt.NOT_OBSERVED for o in i.observations),
                mean=fmean(lv.value for lv in levels) if levels else None,
                distribution=tuple(sum(lv == level for lv in levels) for level in s.scale.levels),
            )
        )
    everything = [a.value for o in i.observations for a in o.answers.values() if isinstance(a, rt.Level)]
    order = {d.id: n for n, d in enumerate(s.domains)}
    low = sorted(
        ((x, x.mean) for x in summaries if x.mean is not None and shown(x.mean, 2) < s.scale.highest.value),
        key=lambda pair: (pair[1], order[pair[0].id]),
    )[: s.max_actions]
    priorities = tuple(
        Priority(
            x.name,
            mean,
            s.prompts[x.id]
            or tuple(f"Reflect together: {q}" for q in next(d for d in s.domains if d.id == x.id).questions),
        )
        for x, mean in low
    )
    dates = sorted(o.date for o in i.observations if o.date)
    return Result(
        framework=s.name,
        observations=len(i.observations),
        first_date=dates[0] if dates else "",
        last_date=dates[-1] if dates else "",
        domains=tuple(summaries),
        mean=fmean(everything) if everything else None,
        priorities=priorities,
    )


def _mean(value: float | None) -> str:
    return "–" if value is None else fmt_number(value, 2)


def _spread(x: DomainSummary) -> tuple[str, ...]:
    return tuple(f"{n} ({fmt_number(n / x.rated * 100, 0)}%)" if x.rated else "0" for n in x.distribution)


def report(r: Result, s: Settings) -> Report:
    """The headline, the chart and table by domain, and the priorities."""
    period = (
        f" from {r.first_date} to {r.last_date}"
        if r.first_date and r.first_date != r.last_date
        else f" on {r.first_date}"
        if r.first_date
        else ""
    )
    lowest = r.priorities[0].domain if r.priorities else ""
    headline = f"{r.observations} observations collated{period}. " + (
        f"Lowest average: {lowest} ({fmt_number(r.priorities[0].mean, 2)})."
        if lowest
        else "Every domain rated averages the top of the scale."
    )
    return Report(
        headline=headline,
        figures=(
            Figure("Observations", str(r.observations)),
            Figure("Average across all ratings", rt.mean_text(r.mean, s.scale)),
            Figure("Lowest average", lowest or "None below the top of the scale"),
        ),
        charts=(_chart(r, s),),
        tables=_tables(r, s),
        notes=(
            f"Framework: {r.framework}.",
            "An average hides spread: read the counts at each level too, and treat small numbers with care.",
        ),
    )


def _chart(r: Result, s: Settings) -> BarChart:
    return BarChart(
        caption=f"Average rating by domain ({s.scale.describe()})",
        bars=tuple(
            Bar(x.name, x.mean or 0, f"{_mean(x.mean)} from {x.rated} rated" if x.rated else "Not rated", "neutral")
            for x in r.domains
        ),
        key=(KeyEntry("neutral", f"Bar: the domain's average rating, from {s.scale.describe()}"),),
        marker=s.scale.highest.value,
        marker_label=s.scale.highest.label,
    )


def _tables(r: Result, s: Settings) -> tuple[TableView, ...]:
    """The summary by domain, and the priorities for the action plan (when any domain is below the top)."""
    levels = tuple(f"{lv.key} {lv.label}" for lv in s.scale.levels)
    summary = TableView(
        caption="Summary by domain",
        headers=("Domain", "Rated", "Average", *levels, s.not_observed_label or "Not observed"),
        rows=tuple((x.name, str(x.rated), _mean(x.mean), *_spread(x), str(x.not_observed)) for x in r.domains),
        numeric=(False, True, True, *(True,) * len(levels), True),
    )
    if not r.priorities:
        return (summary,)
    priorities = TableView(
        caption="Priorities for the supervision action plan (Employer Standard 5), lowest average first",
        headers=("Priority", "Domain", "Average", "What to try"),
        rows=tuple(
            (str(n), p.domain, fmt_number(p.mean, 2), " ".join(p.prompts)) for n, p in enumerate(r.priorities, start=1)
        ),
        numeric=(True, False, True, False),
    )
    return (summary, priorities)


def downloads(i: Inputs, r: Result, s: Settings) -> list[Download]:
    """The summary by domain as CSV and the action plan as Markdown."""
    rows = []
    for x in r.domains:
        row: dict[str, Any] = {
            "domain": x.name,
            "rated": x.rated,
            "average": "" if x.mean is None else round(x.mean, 2),
        }
        row.update({f"{lv.key} {lv.label}": n for lv, n in zip(s.scale.levels, x.distribution, strict=True)})
        row["not_observed"] = x.not_observed
        rows.append(row)
    return [
        Download("Download summary (CSV)", "supervision-summary.csv", "text/csv", write_csv(rows)),
        Download(
            "Download action plan outline (Markdown)",
            "supervision-action-plan.md",
            "text/markdown",
            markdown(r, s),
        ),
    ]


def markdown(r: Result, s: Settings) -> str:
    """The organisation-wide action plan as a Markdown document."""
    lines = [
        "# Supervision action plan: findings from observations",
        "",
        f"Framework: {rt.md_cell(r.framework)}",
        "",
        f"Observations collated: {r.observations}" + (f" ({r.first_date} to {r.last_date})" if r.first_date else ""),
        "",
        "## Summary by domain",
        "",
    ]
    levels = tuple(f"{lv.key} {lv.label}" for lv in s.scale.levels)
    lines.append(
        rt.md_table(
            ("Domain", "Rated", "Average", *levels, "Not observed"),
            [(x.name, x.rated, _mean(x.mean), *_spread(x), x.not_observed) for x in r.domains],
        )
    )
    lines += ["", "## Priorities against Employer Standard 5", ""]
    if r.priorities:
        for n, p in enumerate(r.priorities, start=1):
            lines.append(f"{n}. **{rt.md_cell(p.domain)}** (average {fmt_number(p.mean, 2)})")
            lines += [f"    - {rt.md_cell(x)}" for x in p.prompts]
    else:
        lines.append("No domain averages below the top of the scale.")
    lines += ["", "For each priority, agree an action, an owner, a date and how you will know it worked."]
    return "\n".join(lines) + "\n"


# ---- reading files: the observation tool's records, as well as CSV ----


def rows_from_json(loaded: Any) -> list[dict[str, Any]] | None:
    """Collation rows from JSON the observation tool saved: its full record, its saved answers, a list of
    either, or a collation's own saved answers ({"observations": [...]}). None for anything else, which
    is then read as ordinary answers (and gets the ordinary messages)."""
    records = loaded if isinstance(loaded, list) else [loaded]
    rows = []
    for record in records:
        row = _row_of(record)
        if row is None:
            return None
        rows.extend(row)
    return rows if records else None


# JSON files the observation tool saved fill the table (see calculators.io.files).
JSON_ROWS = JsonRows("a record saved by the supervision observation tool, or a list of them", rows_from_json)


def _row_of(record: Any) -> list[dict[str, Any]] | None:
    if not isinstance(record, dict):
        return None
    if record.get("format") == supervision.EXPORT_FORMAT and isinstance(record.get("observation"), dict):
        return [record["observation"]]
    values = record.get("values")
    if record.get("calculator") == "supervision" and isinstance(values, dict):
        row = {"observation": values.get("session", ""), "date": values.get("date", "")}
        row.update({k.removeprefix("rating_"): v for k, v in values.items() if k.startswith("rating_")})
        return [row]
    if record.get("calculator") == NAME and isinstance(values, dict):
        record = values
    if set(record) == {"observations"} and isinstance(record["observations"], list):
        return record["observations"]
    return None
