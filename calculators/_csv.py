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

from ._core import Field, FieldError, InputErrors, Table, plain_number

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_number(value: Any) -> Any:
    """Numbers as people write them: 24, not 24.0; 0.00001, not 1e-05 (which the reader refuses)."""
    if isinstance(value, float) and value == value and abs(value) != float("inf"):
        return plain_number(value)
    return value


def write_csv(rows: Iterable[dict[str, Any]], columns: list[str] | None = None) -> str:
    rows = list(rows)
    if columns is None:
        columns = list(dict.fromkeys(key for row in rows for key in row))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: csv_number(safe_cell(row.get(k, ""))) for k in columns})
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
    columns = {c.name: c for c in table.columns}
    out, problems = [], []
    for i, row in enumerate(rows):
        cells = {}
        for header, value in row.items():
            if not header:
                continue
            column = columns[lookup[header.lower()]]
            value = _undo_safe_cell(value)
            if column.kind == "choice" and value:
                value, problem = _choice_value(column, value, i)
                if problem:
                    problems.append(FieldError(column.name, problem, row=i, table=table.name))
            cells[column.name] = value
        out.append(cells)
    if problems:
        raise InputErrors(problems)
    return out


def _undo_safe_cell(value: str) -> str:
    """Our own exports put an apostrophe before formula-like text; take it off when reading back."""
    return value[1:] if value.startswith("'") and value[1:2] in FORMULA_STARTS else value


def _choice_value(column: Field, value: str, row: int) -> tuple[str, str]:
    """A choice cell may hold the option's value or its label (any case), as people type either."""
    for choice in column.choices:
        if value.lower() in (choice.value.lower(), choice.label.lower()):
            return choice.value, ""
    labels = ", ".join(c.label for c in column.choices)
    return value, f"Row {row + 1}: {column.label} must be one of: {labels} (the CSV file has {value!r})"


def table_template(table: Table, example_rows: list[dict[str, Any]] | None = None) -> str:
    """A CSV with the table's column names as headers, and example rows if given."""
    return write_csv(example_rows or [], [c.name for c in table.columns])
