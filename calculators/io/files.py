"""One way to read a file of answers, for the command line and the browser alike.

A file arrives as bytes and a name (the browser sends the bytes of the file the user picked; the
command line reads them from disk), so both give the same answers and the same messages. This module
chooses the reader by the file's kind; each reader checks its limits before the rows are built, and
every problem is a message naming the file, the row or the column, never a traceback:

- size: at most MAX_BYTES (5 MB), checked first (calculators.io.limits);
- text: UTF-8, UTF-16 with its mark, else Windows-1252 with a notice (calculators.io.decoding);
- CSV: comma, semicolon or tab separated (Excel writes ";" in many countries, and a paste from
  Excel is tab separated), counted against the table's row limit as it is read
  (calculators.io.csv_files), then mapped to the form's fields (calculators.io.records);
- JSON: read strictly (calculators.io.json_files), including files this toolkit saved
  (calculators.io.answers);
- Excel (.xlsx, .xlsm): the chosen sheet's rows take the CSV path from the header on, with the cells
  Excel shows as percentages, dates, times, TRUE/FALSE or errors named (calculators.io.excel); a
  password-protected workbook and an old .xls are told apart and named.
"""

from __future__ import annotations

import re
from typing import Any

from ..kit.contract import Calculator
from ..kit.errors import InputErrors, unknown_name_message
from ..kit.fields import Field, Table, check_names
from . import excel
from .csv_files import csv_records, detect_delimiter
from .decoding import OLE_MAGIC, decode_text, ole_message
from .json_files import from_json
from .limits import MAX_BYTES, ChooseSheet, FileProblem, too_big
from .mapping import ChooseColumns, Reading, WrongCalculator
from .records import Loaded, check_row_count, defaults_notice, file_table, from_records, row_limit

# The notice for optional answers a file leaves out (the same words on the command line and the page).
NOT_GIVEN = "The file does not give these optional answers, so they are left as the default"


def load(
    calc: Calculator, settings: Any, files: list[tuple[str, bytes]], sheet: str = "", reading: Reading | None = None
) -> Loaded:
    """Read one or more files for a calculator. Several files are joined (the collation takes one
    file per observation); raises FieldError or InputErrors with every problem found. `sheet` names
    the worksheet to read from an Excel workbook that has several (calculators.io.excel); `reading`
    the user's mapping of columns to fields and what else matching headings needs (io.mapping)."""
    items = tuple(calc.form(settings))
    table = file_table(calc, items)
    where = table.name if table else "file"
    if not files:
        raise FileProblem(where, "Choose a file to import", table=table.name if table else None)
    reading = reading or Reading()
    loaded = [_load_one(calc, items, table, (name, data), len(files) > 1, sheet, reading) for name, data in files]
    if len(loaded) == 1:
        return loaded[0]
    if not table:
        return Loaded([v for x in loaded for v in x.batch], [n for x in loaded for n in x.notices])
    for (name, _), x in zip(files, loaded, strict=True):
        for values in x.batch:
            extra = [k for k in values if k != table.name]
            if extra:
                raise FileProblem(
                    table.name, f"{name}: {unknown_name_message(extra[0], [table.name])}", table=table.name
                )
    rows = [row for x in loaded for values in x.batch for row in values.get(table.name, [])]
    check_row_count(len(rows), table, "These files have")
    notices = list(dict.fromkeys(n for x in loaded for n in x.notices))
    sources = [
        s.replace("of the file", f"of {name}") for (name, _), x in zip(files, loaded, strict=True) for s in x.sources
    ]
    return Loaded([{table.name: rows}], notices, table.name, sources if len(sources) == len(rows) else [])


def _load_one(
    calc: Calculator,
    items: tuple[Field | Table, ...],
    table: Table | None,
    file: tuple[str, bytes],
    many: bool,
    sheet: str,
    reading: Reading,
) -> Loaded:
    name, data = file
    where = table.name if table else "file"
    tname = table.name if table else None
    label = f"{name}: " if many else ""  # with several files, each message names its file

    def problem(message: str, row: int | None = None) -> FileProblem:
        return FileProblem(where, label + message, row, tname)

    if not isinstance(data, (bytes, bytearray)):
        raise problem("the file could not be read")
    if len(data) > MAX_BYTES:
        raise problem(too_big(len(data)).message)
    try:
        loaded = _parse(calc, items, table, (name, bytes(data)), sheet, reading)
    except (ChooseSheet, ChooseColumns, WrongCalculator):
        raise
    except FileProblem as p:
        raise problem(p.message, p.row) from None
    except InputErrors as problems:
        for e in problems.errors:
            e.message = label + e.message
        raise
    loaded.notices = [label + n for n in loaded.notices]
    return loaded


def _parse(
    calc: Calculator,
    items: tuple[Field | Table, ...],
    table: Table | None,
    file: tuple[str, bytes],
    sheet: str,
    reading: Reading,
) -> Loaded:
    """A file's rows or answers, read by its kind: an Excel workbook, JSON or CSV."""
    name, data = file
    zipped = data[:4] == b"PK\x03\x04"
    if data[:8] == OLE_MAGIC:
        raise FileProblem("file", ole_message(data))
    if zipped and name.lower().endswith((".xlsx", ".xlsm")):
        read = excel.read_records(data, sheet, *row_limit(table))
        loaded = from_records(calc, items, table, read.records, read.marks, reading, read.first_row)
        loaded.notices = read.notices + loaded.notices
        return loaded
    if zipped or name.lower().endswith((".xlsx", ".xlsm", ".xls", ".ods")):
        raise FileProblem(
            "file",
            "This is a spreadsheet workbook this calculator cannot read. In your spreadsheet, "
            "use Save As and choose Excel Workbook (.xlsx) or CSV UTF-8, then import that file",
        )
    text, notices = decode_text(data, name)
    if "\x00" in text:
        raise FileProblem("file", "This is not a text file (CSV or JSON). Save it from your spreadsheet as CSV UTF-8")
    if not text.strip():
        rows = table.row_label.lower() if table else "set of answers"
        raise FileProblem("file", f"The file is empty. Add a header row and one row per {rows}")
    if name.lower().endswith(".json") or text.lstrip()[:1] in ("{", "["):
        loaded = from_json(calc, items, table, text)
    else:
        records = csv_records(text, detect_delimiter(text), *row_limit(table))
        loaded = from_records(calc, items, table, records, None, reading)
    loaded.notices = notices + loaded.notices
    return loaded


def complete(
    calc: Calculator, settings: Any, loaded: Loaded, current: dict[str, Any] | None = None
) -> tuple[list[dict[str, Any]], list[str]]:
    """Whole sets of raw values. Where a file held only the table, the other fields come from the
    form's current values (in the browser) or their defaults (on the command line, said in a notice)."""
    notices = list(loaded.notices)
    if not loaded.table_only:
        return loaded.batch, notices
    batch = []
    left: list[Field] = []
    for values in loaded.batch:
        filled: dict[str, Any] = {}
        for item in calc.form(settings):
            if item.name == loaded.table_only:
                continue
            if current and item.name in current:
                filled[item.name] = current[item.name]
            elif isinstance(item, Table):
                filled[item.name] = []
            else:
                filled[item.name] = item.default
                left.append(item)
        batch.append({**filled, **values})
    if left:
        notices.append(
            defaults_notice(
                list(dict.fromkeys(left)), "The file holds only the table, so the other answers are left as the default"
            )
        )
    return batch, list(dict.fromkeys(notices))


def import_files(
    calc: Calculator,
    settings: Any,
    files: list[tuple[str, bytes]],
    current: dict[str, Any],
    sheet: str = "",
    reading: Reading | None = None,
) -> dict[str, Any]:
    """The browser's import: the form's new raw values and notices, or the problems (raised). The rows'
    problems come too ("problems"), naming each row by its label and its row in the file, for the page
    to show in place of "Row 9" while the rows are as the file gave them."""
    loaded = load(calc, settings, files, sheet, reading)
    batch, notices = complete(calc, settings, loaded, current)
    if len(batch) != 1:
        raise FileProblem(
            "file",
            f"The file holds {len(batch):,} sets of answers; this form takes one at a "
            "time (the command line can calculate them all at once)",
        )
    values = batch[0]
    problems, defaults = check_names(tuple(calc.form(settings)), values)
    if problems:
        raise InputErrors(problems)
    given = [d for d in defaults if d["table"] is None]
    values = {**values, **{d["field"]: d["default"] for d in given}}
    if given:
        notices.append(defaults_notice(given, NOT_GIVEN))
    answer: dict[str, Any] = {"ok": True, "values": values, "notices": notices}
    if loaded.sources:
        try:
            calc.read(values, settings)
        except InputErrors as read_problems:
            found = [e.as_dict() for e in read_problems.errors]
            answer["problems"] = named_rows(found, values, loaded, label_column(calc, settings))
    return answer


def label_column(calc: Calculator, settings: Any) -> str:
    """The column that names a row of the calculator's table: its first text column (a worker's label)."""
    table = file_table(calc, tuple(calc.form(settings)))
    return next((c.name for c in table.columns if c.kind == "text"), "") if table else ""


def named_rows(
    errors: list[dict[str, Any]], values: dict[str, Any], loaded: Loaded, label: str
) -> list[dict[str, Any]]:
    """Problems in a file's rows named by the row's label and where it is in the file: "MN (row 10 of
    the file): ..." in place of "Row 9: ..." (the 9th row under the headings, which names no one)."""
    rows = values.get(loaded.table_only, [])
    named = []
    for error in errors:
        row = error.get("row")
        if error.get("table") == loaded.table_only and isinstance(row, int) and 0 <= row < len(loaded.sources):
            name = str((rows[row] if row < len(rows) else {}).get(label, "") or "").strip()[:40]
            rest = re.sub(rf"^Row {row + 1}( \(.*?\))?: ", "", str(error["message"]), count=1)
            error = {**error, "message": f"{name + ' ' if name else ''}({loaded.sources[row]}): {rest}"}
        named.append(error)
    return named
