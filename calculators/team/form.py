"""The team calculator's form: a table with a row per worker (columns from the data file's case types
and complexity items), the next case to allocate, the worked example and its CSV template, and the
rows read into Inputs with the row and column of every problem."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from ..io.csv_files import read_csv, table_template
from ..kit import contract
from ..kit.fields import Choice, Field, Reader, Table
from ..kit.text import fmt_number, same_text
from . import history_actions
from .rule import AVAILABLE, STATUS_LABELS, Inputs, Worker
from .settings import Settings

CSV_TABLE = "workers"
# The contract's defaults, for the parts this calculator does not have (see kit.contract).
RECORD_FORMAT = contract.RECORD_FORMAT
JSON_ROWS = contract.JSON_ROWS
# The team's own buttons: "Save this week" and the history's tasks (history_actions.py).
ACTIONS = history_actions.ACTIONS


def form(s: Settings) -> tuple[Field | Table, ...]:
    """The team's name and week, the team table (a row per worker), the next case's type (optional:
    answered, the result lists who has room for it) and comments for the report."""
    next_case = Field(
        "next_case",
        "Type of case to allocate",
        "choice",
        default=s.next_case_default,  # for a file or the command line that leaves it out; the form's blank is ""
        group=NEXT_GROUP,
        hint="Optional. We list the workers who could take one more case of this type and stay under 100%.",
        choices=tuple(Choice(c.id, c.label) for c in s.case_types),
        required=False,  # blank: the result shows the team alone, with no allocation section
    )
    next_extra = Field(
        "next_extra",
        "Does the new case carry extra weight?",
        "choice",
        default="none",
        group=NEXT_GROUP,
        choices=(Choice("none", "No"), *(Choice(c.id, c.label) for c in s.complexity)),
        required=False,  # blank reads as "No"
    )
    allocation = (next_case, next_extra) if s.complexity else (next_case,)
    return (*ABOUT_FIELDS, workers_table(s), *allocation, COMMENTS)


ABOUT_GROUP = "About this team"
ABOUT_FIELDS = (
    Field(
        "team_name",
        "Team name",
        "text",
        hint="Optional. Shown on the report and in the names of the files you download.",
        group=ABOUT_GROUP,
        required=False,
    ),
    Field(
        "week_of",
        "Week of",
        "date",
        hint="Optional. The date these figures are for, for example 2026-12-04. Left blank, the report has no date.",
        group=ABOUT_GROUP,
        required=False,
    ),
)
COMMENTS = Field(
    "comments",
    "Comments for the report",
    "textarea",
    hint="Optional. Printed on the report as you type them: what is behind the figures, what you are doing about it.",
    group="For the report",
    required=False,
)
NEXT_GROUP = "Who has room for the next case?"

# The columns every team table has, before one column per case type and complexity item.
WORKER_COLUMNS = (
    Field(
        "label",
        "Worker",
        "text",
        hint="Initials or a label, not a full name.",
        minimum=None,
        maximum=None,
        required=False,  # read() gives its own message for a missing label
    ),
    Field("contracted_hours", "Contracted hours", unit="a week", maximum=60, default="37", default_on_import=False),
    Field(
        "protected_hours",
        "Protected hours",
        unit="a week",
        maximum=60,
        default="3",
        hint="Supervision, training, extra responsibilities and other agreed reductions.",
    ),
    Field("asye", "ASYE", "choice", default="no", choices=(Choice("no", "No"), Choice("yes", "Yes"))),
)

# Last, after the counts, so a file written in the template's older column order still reads the same.
STATUS_COLUMN = Field(
    "status",
    "Status",
    "choice",
    default=AVAILABLE,
    choices=tuple(Choice(value, label) for value, label in STATUS_LABELS.items()),
    hint="On leave or long-term absent: the worker keeps their cases, shown as needing cover, "
    "outside the team's capacity.",
    required=False,  # files saved before the column existed: everyone available
)


def workers_table(s: Settings) -> Table:
    """The team table: a row per worker, with a column per case type and per complexity item."""
    weight = "points" if s.model != "time" else "hours a month"
    cases = tuple(
        Field(
            f"cases_{c.id}",
            c.label,
            "whole",
            unit="cases",
            maximum=200,
            default="0",
            hint=f"Weighted at {fmt_number(c.weight(s.model))} {weight} each.",
        )
        for c in s.case_types
    )
    extras = tuple(
        Field(
            f"extra_{c.id}",
            c.label,
            "whole",
            unit="of those",
            maximum=200,
            default="0",
            hint=c.hint or f"Adds {fmt_number(c.weight(s.model))} {weight} per case.",
        )
        for c in s.complexity
    )
    added = ", ".join(f"{c.label.lower()} {fmt_number(c.weight(s.model))}" for c in s.complexity)
    return Table(
        CSV_TABLE,
        "Your team",
        (*WORKER_COLUMNS, *cases, *extras, STATUS_COLUMN),
        row_label="Worker",
        max_rows=2000,
        hint=(
            "One row per worker. Use initials or a label, not full names. Hours are a week; protected hours "
            "cover supervision, training and other agreed reductions. Enter how many cases of each type the "
            "worker holds"
            + (
                f", then how many of those cases carry extra weight ({weight} added per case: {added})."
                if added
                else "."
            )
            + " Set Status for a worker who is on leave or long-term absent: they keep their cases, which show "
            "as needing cover, outside the team's capacity."
        ),
    )


# The worked example: six workers, by case type (assessment, cin, cp, cla) and complexity item.
EXAMPLE_TEAM = """\
label,contracted_hours,protected_hours,asye,assessment,cin,cp,cla,court,siblings,travel
Worker A,37,3,no,2,6,5,4,1,1,0
Worker B,37,3,no,1,4,3,2,0,0,2
Worker C,30,2.5,no,1,5,4,4,1,1,1
Worker D,22.5,2,no,1,3,2,2,0,0,0
Worker E,37,5,yes,2,4,2,2,0,1,1
Worker F,37,6,no,3,6,6,2,2,1,1
"""


def example(s: Settings) -> dict[str, Any]:
    """The worked example's team (made-up workers, not real people)."""
    rows = []
    for raw in read_csv(EXAMPLE_TEAM):
        row = {k: raw[k] for k in ("label", "contracted_hours", "protected_hours", "asye")} | {"status": AVAILABLE}
        row.update({f"cases_{c.id}": raw.get(c.id, "0") for c in s.case_types})
        row.update({f"extra_{c.id}": raw.get(c.id, "0") for c in s.complexity})
        rows.append(row)
    values: dict[str, Any] = {
        "team_name": "",
        "week_of": "",
        "workers": rows,
        "next_case": s.next_case_default,
    }
    if s.complexity:
        values["next_extra"] = "none"
    values["comments"] = ""
    return values


def csv_template(s: Settings) -> str:
    """The CSV a manager fills in: the table's column names as headers, and the worked example's rows."""
    return table_template(workers_table(s), example(s)["workers"])


@dataclass(frozen=True)
class FormParts:
    """What read() looks fields up in, worked out once for the settings rather than on every keystroke
    (shared by every read with these settings, so only `rows` is ever added to)."""

    table: Table
    fields: dict[str, Field]  # the answers around the table, by name
    columns: dict[str, Field]  # the table's columns, by name
    lookup: dict[str, str]  # a column's name or label, in lower case -> its name
    cases: tuple[tuple[str, Field], ...]  # (case type id, its column), in the settings' order
    extras: tuple[tuple[str, Field], ...]  # (complexity item id, its column)
    # Rows read before with these settings, by their cells (see _read_worker): the one part that changes.
    rows: dict[tuple[tuple[str, str], ...], Worker] = field(default_factory=dict, compare=False)


@lru_cache(maxsize=16)
def form_parts(s: Settings) -> FormParts:
    """The form's table and fields, by name, for read()."""
    items = form(s)
    table = next(t for t in items if isinstance(t, Table))
    columns = {c.name: c for c in table.columns}
    return FormParts(
        table=table,
        fields={f.name: f for f in items if isinstance(f, Field)},
        columns=columns,
        # Accept a column's label as well as its name (a JSON file written by hand, say).
        lookup={k.lower(): c.name for c in table.columns for k in (c.name, c.label)},
        cases=tuple((c.id, columns[f"cases_{c.id}"]) for c in s.case_types),
        extras=tuple((c.id, columns[f"extra_{c.id}"]) for c in s.complexity),
    )


def read(values: dict[str, Any], s: Settings) -> Inputs:
    """The team's rows, naming the row and column of every cell that is missing or wrong."""
    r = Reader(values)
    parts = form_parts(s)
    fields, columns, lookup = parts.fields, parts.columns, parts.lookup
    workers: list[Worker] = []
    seen: dict[str, int] = {}  # a worker's label (any case) -> the row it is first used in
    for i, raw in r.indexed_rows(parts.table):  # empty rows skipped; row numbers still match the form
        # Usually every key is already a column's name; only a hand-written row needs mapping.
        row = (
            raw if raw.keys() <= columns.keys() else {lookup.get(str(k).strip().lower(), k): v for k, v in raw.items()}
        )
        worker = _read_worker(r, parts, row, i, seen)
        if worker is not None and not r.errors:
            workers.append(worker)
    if workers and all(w.status != AVAILABLE for w in workers):
        r.error(
            CSV_TABLE,
            "Every worker is on leave or long-term absent: set at least one worker's Status to available "
            "to work out the team's capacity",
        )
    next_case = r.choice(fields["next_case"]) or ""
    next_extra = (r.choice(fields["next_extra"]) if "next_extra" in fields else None) or "none"
    team_name = r.text(fields["team_name"], max_length=80)
    week_of = _read_date(r, fields["week_of"])
    comments = r.text(fields["comments"], max_length=5000)
    r.done()
    return Inputs(
        workers=tuple(workers),
        next_case=next_case,
        next_extra="" if next_extra == "none" or not next_case else next_extra,
        team_name=team_name,
        week_of=week_of,
        comments=comments,
    )


# A date as the date box gives it (and as files save it): one format, ISO 8601.
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _read_date(r: Reader, field: Field) -> str:
    """An ISO date (yyyy-mm-dd) or "" when left blank; never today's date filled in unasked."""
    text = r.text(field, max_length=40)
    if not text:
        return ""
    try:
        if not _ISO_DATE.fullmatch(text):
            raise ValueError(text)
        return date.fromisoformat(text).isoformat()
    except ValueError:
        message = f"{field.label} must be a real date written as year-month-day, like 2026-12-04 (not {text!r})"
        r.error(field, message)
        return ""


# How many rows read before are remembered (at most; then they are forgotten and read again).
ROWS_REMEMBERED = 5000


def _read_worker(r: Reader, parts: FormParts, row: dict[str, Any], i: int, seen: dict[str, int]) -> Worker | None:
    """One row of the team, or None with its problems recorded in `r`.

    The page sends the whole team on every keystroke, and all rows but the one being edited are as they
    were: a row read without a problem is remembered by its cells, so it is read once. Only its label is
    checked again each time, since a label used twice is a problem that depends on the other rows."""
    key = tuple(row.items()) if all(type(v) is str for v in row.values()) else None  # as the form sends them
    known = parts.rows.get(key) if key is not None else None
    if known is not None:
        errors_before = len(r.errors)
        _read_label(r, parts.columns["label"], row, i, seen)
        return known if len(r.errors) == errors_before else None
    worker = _read_cells(r, parts, row, i, seen)
    if worker is not None and key is not None:
        if len(parts.rows) >= ROWS_REMEMBERED:
            parts.rows.clear()
        parts.rows[key] = worker
    return worker


def _read_cells(r: Reader, parts: FormParts, row: dict[str, Any], i: int, seen: dict[str, int]) -> Worker | None:
    """One row of the team read cell by cell, or None with its problems recorded in `r`."""
    columns = parts.columns
    errors_before = len(r.errors)
    label = _read_label(r, columns["label"], row, i, seen)
    hours = r.number(columns["contracted_hours"], row, i, CSV_TABLE)
    protected = r.number(columns["protected_hours"], row, i, CSV_TABLE)
    asye = r.choice(columns["asye"], row, i, CSV_TABLE)
    status = r.choice(columns["status"], row, i, CSV_TABLE) or AVAILABLE
    cases = {k: r.number(column, row, i, CSV_TABLE) for k, column in parts.cases}
    extras = {k: r.number(column, row, i, CSV_TABLE) for k, column in parts.extras}
    if hours == 0:
        r.error("contracted_hours", "Contracted hours must be more than 0", i, CSV_TABLE)
    elif hours is not None and protected is not None and protected > hours:
        r.error(
            "protected_hours",
            f"Protected hours ({fmt_number(protected, 6)}) cannot be more than contracted hours "
            f"({fmt_number(hours, 6)})",
            i,
            CSV_TABLE,
        )
    elif hours is not None and protected is not None and protected == hours and status == AVAILABLE:
        r.error(
            "protected_hours",
            f"Protected hours ({fmt_number(protected, 6)}) must be less than contracted hours "
            f"({fmt_number(hours, 6)}) for an available worker. For a worker who is away, set Status to "
            "on leave or long-term absent: their cases then show as needing cover",
            i,
            CSV_TABLE,
        )
    held = sum(v for v in cases.values() if v is not None)
    if None not in cases.values():
        for k, column in parts.extras:
            extra = extras[k]
            if extra is not None and extra > held:
                r.error(
                    column.name,
                    f"{column.label} ({fmt_number(extra, 6)}) cannot be more than the cases the "
                    f"worker holds ({fmt_number(held)})",
                    i,
                    CSV_TABLE,
                )
    if len(r.errors) > errors_before or hours is None or protected is None:
        return None
    return Worker(
        label=label,
        contracted_hours=hours,
        protected_hours=protected,
        asye=asye == "yes",
        status=status,
        cases={k: int(v or 0) for k, v in cases.items()},
        complexity={k: int(v or 0) for k, v in extras.items()},
    )


def _read_label(r: Reader, column: Field, row: dict[str, Any], i: int, seen: dict[str, int]) -> str:
    """A worker's label: given, and not used by another row (in any case or Unicode spelling)."""
    label = r.text(column, row, i, CSV_TABLE, max_length=60)
    key = same_text(label)  # "José" typed either way, in any case, is one worker
    if not label:
        r.error("label", "Enter the worker's initials or a label", i, CSV_TABLE)
    elif key in seen:
        r.error(
            "label",
            f"Worker {label!r} is already used in row {seen[key] + 1}. Give each worker a different label",
            i,
            CSV_TABLE,
        )
    else:
        seen[key] = i
    return label


def act(action: str, values: dict[str, Any], s: Settings) -> dict[str, Any]:
    """The team's buttons (history_actions.py), reading the answers as the form does."""
    return history_actions.act(action, values, s, read)
