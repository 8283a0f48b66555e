"""CSV in and out, safe to open in a spreadsheet.

A text cell that starts with =, +, -, @, a tab or a carriage return could run as a
formula in Excel or LibreOffice ("CSV injection"), so it is written with a leading
apostrophe. Numbers are written as numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from ._core import FieldError, Table

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(rows: Iterable[dict[str, Any]], columns: list[str] | None = None) -> str:
    rows = list(rows)
    if columns is None:
        columns = list(dict.fromkeys(key for row in rows for key in row))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: safe_cell(row.get(k, "")) for k in columns})
    return out.getvalue()


def read_csv(text: str) -> list[dict[str, str]]:
    """Rows of a CSV with a header line, as dicts of stripped strings (a spreadsheet's BOM is dropped)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    return [{(k or "").strip(): (v or "").strip() for k, v in row.items()} for row in reader]


def table_rows(text: str, table: Table) -> list[dict[str, str]]:
    """Rows for a table field from CSV text. Headers may be the column names or their labels
    (any case); an unknown header is an error naming it, so a mistyped column is never ignored."""
    rows = read_csv(text)
    if not rows:
        raise FieldError(table.name, f"The CSV file has no rows. Add one row per {table.row_label.lower()} "
                                     "under a header row", table=table.name)
    lookup = {}
    for column in table.columns:
        lookup[column.name.lower()] = column.name
        lookup[column.label.lower()] = column.name
    headers = list(rows[0])
    unknown = [h for h in headers if h.lower() not in lookup]
    if unknown:
        expected = ", ".join(c.name for c in table.columns)
        raise FieldError(table.name, f"The CSV file has a column this calculator does not know: {unknown[0]!r}. "
                                     f"Use these column names: {expected}", table=table.name)
    return [{lookup[k.lower()]: v for k, v in row.items() if k} for row in rows]


def table_template(table: Table, example_rows: list[dict[str, Any]] | None = None) -> str:
    """A CSV with the table's column names as headers, and example rows if given."""
    return write_csv(example_rows or [], [c.name for c in table.columns])
