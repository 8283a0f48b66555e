"""CSV in and out, safe to open in a spreadsheet.

A text cell that starts with =, +, -, @, a tab or a carriage return could run as a
formula in Excel or LibreOffice ("CSV injection"), so it is written with a leading
apostrophe, which reading the file back takes off again. Numbers are written as numbers,
whole ones without ".0". Reading files is calculators.io.files.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from ..kit.fields import Field, Table
from ..kit.text import plain_number

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Formula-like text gets a leading apostrophe. So does text a user typed with apostrophes before
    it ("'=literal"), so that taking one apostrophe off on import gives back exactly what they typed."""
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_STARTS):
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


def undo_safe_cell(value: str) -> str:
    """Our own exports put an apostrophe before formula-like text; take it off when reading back."""
    return value[1:] if value.startswith("'") and value[1:].lstrip("'").startswith(FORMULA_STARTS) else value


def choice_value(column: Field, value: str) -> str:
    """A choice cell may hold the option's value or its label (any case), as people type either;
    anything else is kept as it is, for reading the answers to report at its cell."""
    for choice in column.choices:
        if value.lower() in (choice.value.lower(), choice.label.lower()):
            return choice.value
    return value


def table_template(table: Table, example_rows: list[dict[str, Any]] | None = None) -> str:
    """A CSV with the table's column names as headers, and example rows if given."""
    return write_csv(example_rows or [], [c.name for c in table.columns])
