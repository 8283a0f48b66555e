"""Excel workbooks (.xlsx) in and out, through openpyxl.

The one module in `calculators` that is not standard library only (tests/test_site_build.py exempts
it by name): a team manager's data lives in Excel, and openpyxl is pure Python, so it runs in the
browser too. It is imported only when a user gives or asks for a workbook; the browser then installs
openpyxl from the site itself (never another host). A workbook's rows go through the same reading
path as a CSV file's (calculators._files.from_records), so the messages are the same.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from ._core import plain_number
from ._files import MAX_CELL, ChooseSheet, FileProblem, NeedsPackages

PACKAGES = ["openpyxl", "et_xmlfile"]  # what the browser must install (openpyxl needs et_xmlfile)
MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:
        raise NeedsPackages(PACKAGES) from None
    return openpyxl


def read_records(data: bytes, sheet: str, limit: int, noun: str) -> list[list[str]]:
    """The chosen worksheet's rows as text cells. With several sheets and none chosen, ChooseSheet
    lists them; more than `limit` filled rows are refused before the rest are read."""
    openpyxl = _openpyxl()
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise FileProblem(
            "file",
            "The workbook could not be opened: it may be damaged, or protected by a "
            "password. Open it in Excel and save it again, or save it as CSV UTF-8",
        ) from None
    try:
        names = book.sheetnames
        if sheet and sheet not in names:
            raise FileProblem("file", f"The workbook has no sheet called {sheet!r}; its sheets are " + ", ".join(names))
        if not sheet and len(names) > 1:
            raise ChooseSheet(names)
        records: list[list[str]] = []
        filled = 0
        for row in book[sheet or names[0]].iter_rows(values_only=True):
            cells = [_text(v) for v in row]
            if any(len(c) > MAX_CELL for c in cells):
                raise FileProblem(
                    "file",
                    f"Row {len(records) + 1} of the sheet has a cell longer than the limit of {MAX_CELL:,} characters",
                )
            records.append(cells)
            filled += any(c.strip() for c in cells)
            if filled > limit + 1:
                raise FileProblem(
                    "file",
                    f"The sheet has more than {limit:,} rows; the limit is {limit:,} {noun}. "
                    "Split it into smaller files",
                )
        return records
    finally:
        book.close()


def _text(value: Any) -> str:
    """A cell as the text a CSV would hold: 37 not 37.0, a date as 2026-03-14, blank for empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return plain_number(value) if value == value and abs(value) != float("inf") else str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def write_xlsx(rows: list[dict[str, Any]], columns: list[str], title: str) -> bytes:
    """A one-sheet workbook. Every value is written as the text or number it is: text that starts with
    "=" is stored as text, never as a formula, so nothing in it can run when the workbook is opened."""
    openpyxl = _openpyxl()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(columns)
    for row in rows:
        sheet.append([None] * len(columns))
        for n, key in enumerate(columns, start=1):
            value = row.get(key, "")
            cell = sheet.cell(row=sheet.max_row, column=n)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # openpyxl would otherwise take "=..." as a formula
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
