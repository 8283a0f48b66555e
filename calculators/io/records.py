"""Rows from a file's records (a CSV's lines or a worksheet's rows), shared by CSV and Excel.

The header may use the column names or the form's own headings, in any case; trailing empty rows
(Excel's ",,,,") and repeated header lines (from joined files) are skipped; a row with more or fewer
cells than the header is reported by number; at most the table's row limit and MAX_CELL characters
a cell. Every problem found is raised at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..kit.contract import Calculator
from ..kit.errors import FieldError, InputErrors, row_error, unknown_name_message
from ..kit.fields import Field, Table
from .csv_files import choice_value, undo_safe_cell
from .limits import MAX_ANSWER_SETS, MAX_CELL, FileProblem


@dataclass
class Loaded:
    """What a file held: one or more sets of raw values, and notices the user should see.
    `table_only` is set when a CSV filled just the calculator's table (its other fields are not in it)."""

    batch: list[dict[str, Any]]
    notices: list[str] = field(default_factory=list)
    table_only: str = ""


def row_limit(table: Table | None) -> tuple[int, str]:
    """How many rows a file may have, and what they are called in the message."""
    return (table.max_rows, f"{table.row_label.lower()}s") if table else (MAX_ANSWER_SETS, "rows")


def from_records(
    calc: Calculator,
    items: tuple[Field | Table, ...],
    table: Table | None,
    records: list[list[str]],
    marks: dict[tuple[int, int], Any] | None = None,
) -> Loaded:
    """Rows from a file's records (lists of text cells: a CSV's lines, or a worksheet's rows).
    `marks` are a worksheet's cells shown as a percentage, date, time, true/false or error, by
    (record, column): in a number column (an error anywhere) each is refused, naming its cell."""
    fields = [i for i in items if isinstance(i, Field)]
    header_at = next((n for n, r in enumerate(records) if any(c.strip() for c in r)), None)
    if header_at is None:
        raise FileProblem("file", "The file has no header row and no rows")
    header = [c.strip() for c in records[header_at]]
    while header and not header[-1]:
        header.pop()  # Excel's trailing empty columns
    if not header:
        raise FileProblem("file", "The first line of the file is empty: it should be the header row")
    # Which columns: the fields above the form, or (for a table calculator, or a file that only has a
    # table's columns, like a saved plan) the table's.
    tables = [i for i in items if isinstance(i, Table)]
    mode = table
    if mode is None and len(tables) == 1 and _matches(header, tables[0].columns) > _matches(header, fields):
        mode = tables[0]
    columns = list(mode.columns) if mode else fields
    mapped = _map_header(header, columns, mode)
    body, notices = _body(records[header_at + 1 :], header)
    marked = _marked(marks or {}, header_at, mapped, columns, mode)
    try:
        rows = _rows(body, mapped, columns, mode)
    except InputErrors as problems:
        raise InputErrors(marked + problems.errors) from None
    if marked:
        raise InputErrors(marked)
    optional = [c for c in columns if c.name not in mapped]
    for row in rows:
        row.update({c.name: c.default for c in optional})
    if optional:
        lead = "The file has no column for these optional answers, so they are left as the default"
        notices.append(defaults_notice(optional, lead))
    if mode:
        check_row_count(len(rows), mode, "The file has")
        return Loaded([{mode.name: rows}], notices, mode.name)
    if not rows:
        raise FileProblem("file", "The file has a header row but no answers under it")
    return Loaded(rows, notices)


def _map_header(header: list[str], columns: list[Field], mode: Table | None) -> list[str]:
    """Each header cell's field name (a name or a label, any case); raises every problem at once."""
    names = names_by_heading(columns)
    problems = []
    seen: dict[str, int] = {}
    mapped: list[str] = []
    for n, cell in enumerate(header):
        name = names.get(cell.lower())
        if not cell:
            problems.append(f"Column {n + 1} of the header is empty: give it a column name")
        elif name is None:
            labels = tuple(c.label for c in columns)
            problems.append(unknown_name_message(cell, [c.name for c in columns], "column", labels))
        elif name in seen:
            problems.append(f"The column {cell!r} appears twice (columns {seen[name] + 1} and {n + 1})")
        else:
            seen[name] = n
        mapped.append(name or "")
    if len(header) == 1 and any(s in header[0] for s in ";\t|"):
        problems.insert(0, "The header row is one long column: separate columns with commas, semicolons or tabs")
    missing = [c for c in columns if c.name not in seen and c.required]
    problems += [f"The file has no column for {c.label} ({c.name!r})" for c in missing]
    if problems:
        where = mode.name if mode else "file"
        raise InputErrors([FieldError(where, p, table=mode.name if mode else None) for p in problems])
    return mapped


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


def _body(body: list[list[str]], header: list[str]) -> tuple[list[list[str]], list[str]]:
    """The records under the header, without trailing empty rows and repeated header lines (from
    joined files), and a notice when any header line was skipped."""
    body = list(body)
    while body and not any(c.strip() for c in body[-1]):
        body.pop()  # trailing empty rows
    header_keys = [c.lower() for c in header]
    repeated = {n for n, r in enumerate(body) if [c.strip().lower() for c in r[: len(header)]] == header_keys}
    if not repeated:
        return body, []
    notice = f"Skipped {len(repeated)} repeated header line{'s' if len(repeated) > 1 else ''}"
    return [r for n, r in enumerate(body) if n not in repeated], [notice]


def _rows(body: list[list[str]], mapped: list[str], columns: list[Field], mode: Table | None) -> list[dict[str, Any]]:
    """Each record as raw values by field name; raises every row's problem at once."""
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
        for name, cell in zip(mapped, cells, strict=False):
            value = undo_safe_cell(cell.strip())
            column = by_name[name]
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
