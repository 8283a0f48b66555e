"""CSV in and out, safe to open in a spreadsheet.

A text cell that starts with =, +, -, @, a tab or a carriage return could run as a
formula in Excel or LibreOffice ("CSV injection"), so it is written with a leading
apostrophe, which reading the file back takes off again. Numbers are written as numbers,
whole ones without ".0". Reading a CSV file's records (with its separator found and its rows
counted as they are read) is here too; turning them into answers is calculators.io.records.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import Any

from ..kit.fields import Field, Table
from ..kit.text import plain_number
from .limits import MAX_CELL, FileProblem

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
    """Rows as CSV text (Excel's line ends), formula-like text made safe and numbers written plainly;
    the columns are the given ones, or every key in the order first seen."""
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


def csv_records(text: str, delimiter: str, limit: int, noun: str) -> list[list[str]]:
    """Every record of the CSV text as lists of cells, counted as they are read so that a file with more
    than `limit` rows (not counting the header and empty lines) is refused before any row is built.
    Quoted values may hold separators and new lines."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[list[str]] = []
    filled = 0
    try:
        for record in reader:
            records.append(record)
            filled += any(c.strip() for c in record)
            if filled > limit + 1:
                filled += sum(1 for r in reader if any(c.strip() for c in r))
                raise FileProblem(
                    "file",
                    f"The file has {filled - 1:,} rows; the limit is {limit:,} {noun}. Split it into smaller files",
                )
    except csv.Error as e:
        if "field larger than field limit" in str(e):
            raise FileProblem(
                "file",
                f"Line {reader.line_num} of the file has a cell longer than the limit of {MAX_CELL:,} characters",
            ) from None
        raise FileProblem("file", f"Line {reader.line_num} of the file could not be read as CSV ({e})") from None
    return records


def detect_delimiter(text: str) -> str:
    """Comma, semicolon or tab: whichever appears most in the header line outside quotes (comma on a tie)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    unquoted = re.sub(r'"[^"]*"', "", first)
    counts = {d: unquoted.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","
