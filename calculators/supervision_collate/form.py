"""The collation's form: one table, a row per observation and a column per domain; the worked
example; the rows read into Inputs; and the files that fill the table.

The table's rows are in the CSV format the supervision observation downloads (columns:
observation, date, then one column per domain id holding the level's value, ``not_observed`` or
blank). Several downloaded CSV files can be joined into one: repeated header rows are skipped.
The JSON records that tool downloads fill the table too (JSON_ROWS), on the page and on the
command line:

    python -m calculators.supervision_collate obs1.json obs2.json more.csv [--format csv]
"""

from __future__ import annotations

from typing import Any

from .. import supervision
from ..io.csv_files import table_template
from ..kit import contract
from ..kit import ratings as rt
from ..kit.contract import JsonRows
from ..kit.fields import Field, Reader, Table
from .rule import NAME, Inputs, Observation
from .settings import Settings

# The contract's defaults, for the parts this calculator does not have (see kit.contract).
OPTIONS = contract.OPTIONS
ACTIONS = contract.ACTIONS
RECORD_FORMAT = contract.RECORD_FORMAT
act = contract.act
CSV_TABLE = "observations"


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
        CSV_TABLE,
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
