"""Rows from a file's records (a CSV's lines or a worksheet's rows), shared by CSV and Excel.

The heading row is found (a title or notes row above it is skipped) and each column matched to a
field by calculators.io.mapping: the column names or the form's own headings in any case, a council's
headings, the standard abbreviations; columns it cannot match are left out and named. Trailing empty
rows (Excel's ",,,,") and repeated header lines (from joined files) are skipped; a row with more or
fewer cells than the header is reported by number; at most the table's row limit and MAX_CELL
characters a cell. Every problem found is raised at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..kit.contract import Calculator
from ..kit.errors import FieldError, InputErrors, row_error
from ..kit.fields import Field, Table
from .csv_files import choice_value, undo_safe_cell
from .limits import MAX_ANSWER_SETS, MAX_CELL, FileProblem
from .mapping import (
    ChooseColumns,
    Reading,
    all_exact,
    check_plan,
    find_header,
    meant_for,
    proposal,
    propose,
    scaled,
    wrong_calculator,
)


@dataclass
class Loaded:
    """What a file held: one or more sets of raw values, and notices the user should see.
    `table_only` is set when a CSV filled just the calculator's table (its other fields are not in it);
    `sources` says where each of the table's rows is in the file ("row 10 of the file")."""

    batch: list[dict[str, Any]]
    notices: list[str] = field(default_factory=list)
    table_only: str = ""
    sources: list[str] = field(default_factory=list)


def row_limit(table: Table | None) -> tuple[int, str]:
    """How many rows a file may have, and what they are called in the message."""
    return (table.max_rows, f"{table.row_label.lower()}s") if table else (MAX_ANSWER_SETS, "rows")


def from_records(
    calc: Calculator,
    items: tuple[Field | Table, ...],
    table: Table | None,
    records: list[list[str]],
    marks: dict[tuple[int, int], Any] | None = None,
    reading: Reading | None = None,
    first_row: int = 1,
) -> Loaded:
    """Rows from a file's records (lists of text cells: a CSV's lines, or a worksheet's rows, the first
    being the sheet's row `first_row`), each column read as the field calculators.io.mapping finds.
    `marks` are a worksheet's cells shown as a percentage, date, time, true/false or error, by
    (record, column): in a number column (an error anywhere) each is refused, naming its cell."""
    reading = reading or Reading()
    fields = [i for i in items if isinstance(i, Field)]
    tables = [i for i in items if isinstance(i, Table)]
    # Which columns: the fields above the form, or (for a table calculator, or a file that only has a
    # table's columns, like a saved plan) the table's.
    known = list(table.columns) if table else fields + (list(tables[0].columns) if len(tables) == 1 else [])
    header_at, found = find_header(records, known, reading)
    if header_at is None:
        raise FileProblem("file", "The file has no header row and no rows")
    header = [c.strip() for c in records[header_at]]
    while header and not header[-1]:
        header.pop()  # Excel's trailing empty columns
    if not header:
        raise FileProblem("file", "The first line of the file is empty: it should be the header row")
    mode = table
    if mode is None and len(tables) == 1 and _matches(header, tables[0].columns) > _matches(header, fields):
        mode = tables[0]
    columns = list(mode.columns) if mode else fields
    notices = _skipped(records, header_at, first_row) if found else []
    mapped, scales, said = _map_header(header, columns, mode, reading, records[header_at + 1 :], notices)
    body, at, repeated = _body(records[header_at + 1 :], header)
    notices += repeated + said
    marked = _marked(marks or {}, header_at, mapped, columns, mode)
    try:
        rows = _rows(body, mapped, columns, mode, scales)
    except InputErrors as problems:
        raise InputErrors(marked + problems.errors) from None
    if marked:
        raise InputErrors(marked)
    notices += _fill_defaults(rows, [c for c in columns if c.name not in mapped])
    if mode:
        check_row_count(len(rows), mode, "The file has")
        sources = [f"row {first_row + header_at + 1 + n} of the file" for n in at]
        return Loaded([{mode.name: rows}], notices, mode.name, sources)
    if not rows:
        raise FileProblem("file", "The file has a header row but no answers under it")
    return Loaded(rows, notices)


def _fill_defaults(rows: list[dict[str, Any]], left: list[Field]) -> list[str]:
    """Columns the file does not have take the form's default in every row, said in a notice."""
    for row in rows:
        row.update({c.name: c.default for c in left})
    notices = []
    optional = [c for c in left if not c.required]
    if optional:
        lead = "The file has no column for these optional answers, so they are left as the default"
        notices.append(defaults_notice(optional, lead))
    if len(optional) < len(left):  # the user confirmed columns that leave these out
        lead = (
            "The file has no column for these answers, so every row takes the form's default (change them in the table)"
        )
        notices.append(defaults_notice([c for c in left if c.required], lead))
    return notices


def _skipped(records: list[list[str]], header_at: int, first_row: int) -> list[str]:
    """A notice naming the rows above the headings that were skipped (a title, notes)."""
    above = [(n, r) for n, r in enumerate(records[:header_at]) if any(c.strip() for c in r)]
    if not above:
        return []
    shown = "; ".join(f"row {first_row + n}: {' '.join(c.strip() for c in r if c.strip())[:60]!r}" for n, r in above)
    rows = "rows" if len(above) > 1 else "row"
    return [f"The headings are in row {first_row + header_at}; skipped the {rows} above them ({shown})"]


def _map_header(
    header: list[str],
    columns: list[Field],
    mode: Table | None,
    reading: Reading,
    body: list[list[str]],
    notes: list[str],
) -> tuple[list[str], dict[int, float], list[str]]:
    """Each header cell's field name ("" for a column left out), the columns read as full-time
    equivalents (their multiplier), and the notices; raises every problem at once, or ChooseColumns
    when the page can ask and the headings are not exactly the form's."""
    where = mode.name if mode else "file"
    tname = mode.name if mode else None
    if len(header) == 1 and any(s in header[0] for s in ";\t|"):
        message = "The header row is one long column: separate columns with commas, semicolons or tabs"
        raise InputErrors([FieldError(where, message, table=tname)])
    proposed = propose(header, columns, reading)
    if not all_exact(proposed):
        other = meant_for(header, columns, reading.others()) if _matches(header, columns) * 2 <= len(header) else None
        if other is not None:
            raise wrong_calculator(other, header)
        if reading.ask:
            raise ChooseColumns(proposal(proposed, body, columns, notes))
    said = check_plan(proposed, columns, where, tname, bool(reading.chosen))
    scales = {n: c.scale for n, c in enumerate(proposed) if c.scale != 1}
    return [c.field for c in proposed], scales, said


_SHOWN = {
    "percentage": "shows a percentage ({}), which Excel holds as a fraction (10% as 0.1)",
    "date": "shows a date ({})",
    "time": "shows a time ({})",
    "boolean": "holds {} (true or false)",
}


def _marked(
    marks: dict[tuple[int, int], Any], header_at: int, mapped: list[str], columns: list[Field], mode: Table | None
) -> list[FieldError]:
    """A message for each marked cell of a worksheet that is not what its column takes: an error
    value (#N/A) anywhere, and a percentage, date, time or TRUE/FALSE in a number column."""
    by_name = {c.name: c for c in columns}
    tname = mode.name if mode else None
    errors = []
    for (record, col), mark in sorted(marks.items()):
        name = mapped[col] if record > header_at and col < len(mapped) else ""
        column = by_name.get(name)
        if column is None:
            continue
        where = f"{column.label}: cell {mark.ref}"
        if mark.kind == "error":
            message = (
                f"{where} shows the error {mark.shown} from Excel, not a value. Correct it in Excel (often a "
                "formula, or a look-up that found nothing), save, and import again"
            )
        elif column.kind in ("number", "whole") and mark.kind in _SHOWN:
            message = (
                f"{where} {_SHOWN[mark.kind].format(mark.shown)}, not a plain number. In Excel, format the "
                "cell as Number, type the number again, save, and import again"
            )
        else:
            continue
        errors.append(row_error(name, message, record - header_at - 1 if mode else None, tname))
    return errors


def _body(body: list[list[str]], header: list[str]) -> tuple[list[list[str]], list[int], list[str]]:
    """The records under the header, without trailing empty rows and repeated header lines (from
    joined files); each one's place under the header; and a notice when any header line was skipped."""
    body = list(body)
    while body and not any(c.strip() for c in body[-1]):
        body.pop()  # trailing empty rows
    header_keys = [c.lower() for c in header]
    repeated = {n for n, r in enumerate(body) if [c.strip().lower() for c in r[: len(header)]] == header_keys}
    kept = [n for n in range(len(body)) if n not in repeated]
    if not repeated:
        return body, kept, []
    notice = f"Skipped {len(repeated)} repeated header line{'s' if len(repeated) > 1 else ''}"
    return [body[n] for n in kept], kept, [notice]


def _rows(
    body: list[list[str]], mapped: list[str], columns: list[Field], mode: Table | None, scales: dict[int, float]
) -> list[dict[str, Any]]:
    """Each record as raw values by field name (columns left out skipped, full-time equivalents as
    hours); raises every row's problem at once."""
    width = len(mapped)
    tname = mode.name if mode else None
    errors: list[FieldError] = []
    rows: list[dict[str, Any]] = []
    by_name = {c.name: c for c in columns}
    for n, record in enumerate(body):
        cells = list(record)
        if len(cells) > width and not any(c.strip() for c in cells[width:]):
            cells = cells[:width]
        if any(c.strip() for c in cells) and len(cells) != width:
            more = "more" if len(cells) > width else "fewer"
            message = (
                f"Row {n + 1} has {len(cells)} cells, {more} than the header's {width} columns (check for a "
                "separator inside a value, which needs quotes)"
            )
            errors.append(FieldError(tname or "file", message, n, tname))
            continue
        row: dict[str, Any] = {}
        for at, (name, cell) in enumerate(zip(mapped, cells, strict=False)):
            if not name:
                continue  # a column left out (the notices say which)
            value = undo_safe_cell(cell.strip())
            column = by_name[name]
            if at in scales and value:
                value = scaled(value, scales[at])
            if len(value) > MAX_CELL:
                message = f"{column.label} has {len(value):,} characters; the limit for a cell is {MAX_CELL:,}"
                errors.append(row_error(name, message, n, tname))
                value = ""
            if column.kind == "choice" and value:
                # A label ("Yes") becomes its value ("yes"); anything else is kept as it is, for the
                # calculation to report at its cell (so the rows still reach the form to be fixed).
                value = choice_value(column, value)
            row[name] = value
        rows.append(row)
    if errors:
        raise InputErrors(errors)
    return rows


def names_by_heading(columns: list[Field]) -> dict[str, str]:
    """Each column's name and label, in lower case, to its name: a header may use either."""
    return {key.lower(): c.name for c in columns for key in (c.name, c.label)}


def _matches(header: list[str], columns: list[Field] | tuple[Field, ...]) -> int:
    names = names_by_heading(list(columns))
    return sum(1 for h in header if h.lower() in names)


def file_table(calc: Calculator, items: tuple[Field | Table, ...]) -> Table | None:
    """The table a file fills for this calculator (its CSV_TABLE), if it has one."""
    return next((i for i in items if isinstance(i, Table) and i.name == calc.CSV_TABLE), None)


def check_row_count(count: int, table: Table, what: str) -> None:
    """Refuse more rows than the table takes; `what` starts the message ("The file has", "These files have")."""
    if count > table.max_rows:
        raise FileProblem(
            table.name,
            f"{what} {count:,} rows; the limit is {table.max_rows:,} {table.row_label.lower()}s",
            table=table.name,
        )


def defaults_notice(items: list[Field] | list[dict[str, Any]], lead: str) -> str:
    """One notice for every optional answer left out: "<lead>: Session label (blank); ASYE (No)".
    Takes Fields, or check_names' "defaults_used" entries."""
    parts = []
    for item in items:
        label, default = (item.label, item.default) if isinstance(item, Field) else (item["label"], item["default"])
        parts.append(f"{label} ({default if default != '' else 'blank'})")
    return f"{lead}: " + "; ".join(parts)
