"""One way to read a file of answers, for the command line and the browser alike.

A file arrives as bytes and a name (the browser sends the bytes of the file the user picked; the
command line reads them from disk), so both give the same answers and the same messages. Every
limit is checked before the rows are built, and every problem is a message naming the file, the
row or the column, never a traceback:

- size: at most MAX_BYTES (5 MB), checked first;
- text: UTF-8 (with or without a byte-order mark) or UTF-16 with its mark (Excel's "Unicode text");
  anything else is read as Windows-1252, which covers Latin-1's printable letters, and a notice says
  so, so "José" stays "José" and never becomes "Jos\ufffd";
- CSV: comma, semicolon or tab separated (Excel writes ";" in many countries, and a paste from
  Excel is tab separated); the header may use the column names or the form's own headings, in any
  case; trailing empty rows (Excel's ",,,,") and repeated header lines (from joined files) are
  skipped; a row with more or fewer cells than the header is reported by number; at most the
  table's row limit (counted before any row is built) and MAX_CELL characters a cell;
- JSON: one set of answers (an object), a list of them, or a file this toolkit saved; read strictly
  (strict_json): a key given twice in one object, a number too big for the arithmetic (more than
  308 digits, or past 1.8e308), NaN and Infinity, nesting deeper than MAX_DEPTH and a single value
  are refused with a message saying what and where;
- Excel (.xlsx, .xlsm): the chosen sheet's rows take the CSV path from the header on, with the cells
  Excel shows as percentages, dates, times, TRUE/FALSE or errors named (calculators.io.excel); a
  password-protected workbook and an old .xls are told apart and named.

However many problems a file has, at most MAX_MESSAGES are shown, then a count of the rest (capped).
"""

from __future__ import annotations

import base64
import binascii
import codecs
import csv
import io
import json
import re
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from ..kit.contract import Calculator
from ..kit.errors import FieldError, InputErrors, row_error, unknown_name_message
from ..kit.fields import Field, Table, check_names
from ..kit.report import Download
from .csv_files import choice_value, undo_safe_cell, write_csv

MAX_BYTES = 5 * 1024 * 1024
MAX_CELL = 10_000  # characters; the longest text field takes 5,000
MAX_DEPTH = 50  # JSON nesting; a saved answers file is 4 deep
MAX_ANSWER_SETS = 10_000  # rows of a command-line batch (one set of answers a row)

MAX_MESSAGES = 50  # problems shown at once; the rest are counted ("and 16,323 more problems")

# The notice for optional answers a file leaves out (the same words on the command line and the page).
NOT_GIVEN = "The file does not give these optional answers, so they are left as the default"

# What this toolkit writes when a user saves their answers (see inputs_file), and reads back.
INPUTS_FORMAT = "social-work-workload-toolkit/inputs"


@dataclass
class Loaded:
    """What a file held: one or more sets of raw values, and notices the user should see.
    `table_only` is set when a CSV filled just the calculator's table (its other fields are not in it)."""

    batch: list[dict[str, Any]]
    notices: list[str] = field(default_factory=list)
    table_only: str = ""


class FileProblem(FieldError):
    """A problem with a whole file (its size, encoding or shape) rather than one value in it."""


class ChooseSheet(FileProblem):
    """An Excel workbook has several worksheets and none was chosen: the page asks which."""

    def __init__(self, sheets: list[str]):
        super().__init__("file", "The workbook has several sheets: choose one (" + ", ".join(sheets) + ")")
        self.sheets = sheets


class NeedsPackages(Exception):
    """Reading or writing Excel needs openpyxl, which the browser installs only when it is first needed."""

    def __init__(self, packages: list[str]):
        super().__init__(", ".join(packages))
        self.packages = packages


def load(calc: Calculator, settings: Any, files: list[tuple[str, bytes]], sheet: str = "") -> Loaded:
    """Read one or more files for a calculator. Several files are joined (the collation takes one
    file per observation); raises FieldError or InputErrors with every problem found. `sheet` names
    the worksheet to read from an Excel workbook that has several (calculators.io.excel)."""
    items = tuple(calc.form(settings))
    table = _file_table(calc, items)
    where = table.name if table else "file"
    if not files:
        raise FileProblem(where, "Choose a file to import", table=table.name if table else None)
    loaded = [_load_one(calc, items, table, name, data, len(files) > 1, sheet) for name, data in files]
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
    _check_row_count(len(rows), table, "These files")
    notices = list(dict.fromkeys(n for x in loaded for n in x.notices))
    return Loaded([{table.name: rows}], notices, table.name)


def capped(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """At most MAX_MESSAGES problems (as dicts), then one saying how many more there are: a page
    listing thousands of messages is unusable, and writing them blocks it."""
    if len(errors) <= MAX_MESSAGES:
        return errors
    more = len(errors) - MAX_MESSAGES
    last = errors[MAX_MESSAGES - 1]
    message = f"… and {more:,} more problem{'s' if more > 1 else ''} like these: fix the ones above, then try again"
    return [*errors[:MAX_MESSAGES], {"field": last["field"], "message": message, "row": None, "table": last["table"]}]


def too_big(size: int) -> FileProblem:
    return FileProblem(
        "file",
        f"The file is larger than the limit of {_mb(MAX_BYTES)} for a file. "
        "Split it into smaller files, or remove columns this calculator does not use",
    )


def decode_payload(payload: Any, filename: Any) -> list[tuple[str, bytes]]:
    """The browser's files: base64 text (or a list of them) and a filename (or a list)."""
    payloads = payload if isinstance(payload, list) else [payload]
    names = filename if isinstance(filename, list) else [filename] * len(payloads)
    files = []
    for n, item in enumerate(payloads):
        name = str(names[n] if n < len(names) else "file") or "file"
        if not isinstance(item, str):
            raise FileProblem("file", f"{name}: the file did not arrive as base64 text")
        if len(item) > (MAX_BYTES + 2) * 4 // 3 + 4:
            raise too_big(len(item) * 3 // 4)
        try:
            files.append((name, base64.b64decode(item, validate=True)))
        except (binascii.Error, ValueError):
            raise FileProblem("file", f"{name}: the file did not arrive as base64 text") from None
    return files


def inputs_file(name: str, values: dict[str, Any]) -> str:
    """A saved-answers file: the raw values exactly as the form holds them, which `load` reads back."""
    record = {"format": INPUTS_FORMAT, "version": 1, "calculator": name, "values": values}
    return json.dumps(record, indent=2, ensure_ascii=False) + "\n"


def inputs_workbook(calc: Calculator, items: tuple[Field | Table, ...], values: dict[str, Any]) -> dict[str, Any]:
    """The table's inputs as an Excel workbook (bytes as base64), which import reads back."""
    from . import excel as _xlsx

    table = _file_table(calc, items)
    if table is None:
        raise FileProblem("file", f"{calc.NAME} has no table to save as a workbook; save your answers instead")
    saved = inputs_download(calc, items, values)
    rows = list(csv.DictReader(io.StringIO(saved.text)))  # the same rows and columns as the CSV
    numeric = {c.name for c in table.columns if c.kind in ("number", "whole")}
    rows = [{k: _cell_value(undo_safe_cell(v), k in numeric) for k, v in r.items()} for r in rows]
    data = _xlsx.write_xlsx(rows, [c.name for c in table.columns], table.label)
    return {
        "label": f"Save {table.label.lower()} as an Excel workbook",
        "kind": "inputs",
        "mime": _xlsx.MIME,
        "filename": saved.filename.removesuffix(".csv") + ".xlsx",
        "text": "",
        "base64": base64.b64encode(data).decode(),
    }


def _cell_value(text: str, numeric: bool) -> Any:
    """A number column's plain numbers go into a workbook as numbers (so Excel can add them up);
    anything else, labels included, stays exactly the text it was."""
    if numeric and re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", text):
        return int(text) if "." not in text else float(text)
    return text


def inputs_download(calc: Calculator, items: tuple[Field | Table, ...], values: dict[str, Any]) -> Download:
    """ "Save my answers": for a calculator whose data is a table (a team, observations), a CSV of that
    table with every column, which a spreadsheet opens and import reads back; for the others, their
    answers as JSON. Either way, importing it gives back the same raw values."""
    table = _file_table(calc, items)
    if table is None:
        known = {i.name for i in items}
        answers = {k: v for k, v in values.items() if k in known}
        return Download(
            "Save my answers (JSON)",
            f"{calc.NAME.replace('_', '-')}-answers.json",
            "application/json",
            inputs_file(calc.NAME, answers),
            kind="inputs",
        )
    return Download(
        f"Save {table.label.lower()} as a file to import later (CSV)",
        f"{calc.NAME.replace('_', '-')}-{table.name}.csv",
        "text/csv",
        lambda: _table_csv(table, values),
        kind="inputs",
    )  # made only when asked for


def _table_csv(table: Table, values: dict[str, Any]) -> str:
    names = _lookup(list(table.columns))
    rows = []
    for raw in values.get(table.name) or []:
        if isinstance(raw, dict) and any(str(v).strip() for v in raw.values() if v is not None):
            rows.append({names.get(str(k).strip().lower(), str(k)): v for k, v in raw.items()})
    return write_csv(rows, [c.name for c in table.columns])


# ---- one file ----


def _load_one(
    calc: Calculator,
    items: tuple[Field | Table, ...],
    table: Table | None,
    name: str,
    data: bytes,
    many: bool,
    sheet: str = "",
) -> Loaded:
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
        loaded = _parse(calc, items, table, name, bytes(data), sheet)
    except ChooseSheet:
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
    calc: Calculator, items: tuple[Field | Table, ...], table: Table | None, name: str, data: bytes, sheet: str
) -> Loaded:
    """A file's rows or answers, read by its kind: an Excel workbook, JSON or CSV."""
    zipped = data[:4] == b"PK\x03\x04"
    if data[:8] == OLE_MAGIC:
        raise FileProblem("file", _ole_message(data))
    if zipped and name.lower().endswith((".xlsx", ".xlsm")):
        from . import excel as _xlsx

        read = _xlsx.read_records(data, sheet, *row_limit(table))
        loaded = from_records(calc, items, table, read.records, read.marks)
        loaded.notices = read.notices + loaded.notices
        return loaded
    if zipped or name.lower().endswith((".xlsx", ".xlsm", ".xls", ".ods")):
        raise FileProblem(
            "file",
            "This is a spreadsheet workbook this calculator cannot read. In your spreadsheet, "
            "use Save As and choose Excel Workbook (.xlsx) or CSV UTF-8, then import that file",
        )
    text, notices = _decode(data, name)
    if "\x00" in text:
        raise FileProblem("file", "This is not a text file (CSV or JSON). Save it from your spreadsheet as CSV UTF-8")
    if not text.strip():
        rows = table.row_label.lower() if table else "set of answers"
        raise FileProblem("file", f"The file is empty. Add a header row and one row per {rows}")
    if name.lower().endswith(".json") or text.lstrip()[:1] in ("{", "["):
        loaded = _from_json(calc, items, table, text)
    else:
        loaded = _from_csv(calc, items, table, text)
    loaded.notices = notices + loaded.notices
    return loaded


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: an old .xls, or an encrypted workbook


def _ole_message(data: bytes) -> str:
    """Excel saves a workbook with a password to open as a compound file holding an "EncryptionInfo"
    stream (its directory names are UTF-16); any other compound file is an old .xls workbook."""
    if "EncryptionInfo".encode("utf-16-le") in data:
        return (
            "This workbook is protected by a password (it is encrypted), so it cannot be read. Open it in Excel "
            "with its password, remove the password (File, Info, Protect Workbook, Encrypt with Password, "
            "delete it), save, and import it again; or save the sheet as CSV UTF-8"
        )
    return (
        "This is an older Excel workbook (.xls), which this calculator cannot read. In Excel, use Save As and "
        "choose Excel Workbook (.xlsx) or CSV UTF-8, then import that file"
    )


def _decode(data: bytes, name: str) -> tuple[str, list[str]]:
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError:
            raise FileProblem("file", "The file says it is UTF-16 text but is not. Save it as CSV UTF-8") from None
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise FileProblem(
            "file",
            "The file is not readable text (it is neither UTF-8 nor Windows-1252). "
            "Save it from your spreadsheet as CSV UTF-8",
        ) from None
    return text, [
        f"{name} is not UTF-8, so it was read as Windows-1252 (Western European) text. "
        "Check that letters such as é and £ look right; saving as CSV UTF-8 avoids this"
    ]


# ---- JSON ----


def _from_json(calc: Calculator, items: tuple[Field | Table, ...], table: Table | None, text: str) -> Loaded:
    depth = json_depth(text)
    if depth > MAX_DEPTH:
        raise FileProblem("file", f"The JSON file is nested {depth:,} levels deep; the limit is {MAX_DEPTH}")
    loaded = strict_json(text)
    if table and calc.JSON_ROWS:
        rows = calc.JSON_ROWS.read(loaded)
        if rows is None:
            raise FileProblem("file", f"The JSON file is not {calc.JSON_ROWS.description}")
        _check_row_count(len(rows), table, "The file")
        return Loaded([{table.name: rows}], [], table.name)
    records = loaded if isinstance(loaded, list) else [loaded]
    if not isinstance(loaded, (list, dict)):
        kind = {str: "a piece of text", bool: "true or false", type(None): "null"}.get(type(loaded), "a number")
        raise FileProblem(
            "file",
            f"The JSON file holds a single value ({kind}), not a set of answers. "
            'Expected an object of answers, like {"field": "value"}',
        )
    if not records:
        raise FileProblem("file", "The JSON file holds an empty list: there are no answers in it")
    if len(records) > MAX_ANSWER_SETS:
        raise FileProblem(
            "file", f"The JSON file holds {len(records):,} sets of answers; the limit is {MAX_ANSWER_SETS:,}"
        )
    batch = []
    for n, record in enumerate(records, start=1):
        where = f"Item {n} of the JSON list" if isinstance(loaded, list) else "The JSON file"
        if not isinstance(record, dict):
            raise FileProblem("file", f'{where} is not a set of answers: expected an object like {{"field": "value"}}')
        batch.append(_unwrap(calc, record, where))
    return Loaded(batch)


def _unwrap(calc: Calculator, record: dict[str, Any], where: str) -> dict[str, Any]:
    """A file the toolkit saved holds the answers under "values"; a hand-written one is the answers."""
    kind = record.get("format")
    if not isinstance(kind, str) or "values" not in record:
        return record
    if kind != INPUTS_FORMAT and kind != calc.RECORD_FORMAT:
        if kind.startswith("social-work-workload-toolkit/"):
            raise FileProblem("file", f"{where} is a {kind.rsplit('/', 1)[-1]} record, not answers for this calculator")
        return record
    owner = record.get("calculator", calc.NAME if kind != INPUTS_FORMAT else None)
    if owner != calc.NAME:
        raise FileProblem(
            "file", f"{where} holds answers for another calculator ({str(owner)[:40]!r}), not {calc.NAME!r}"
        )
    if not isinstance(record["values"], dict):
        raise FileProblem("file", f'{where}: "values" must be an object of answers')
    return record["values"]


def strict_json(text: str) -> Any:
    """JSON read strictly: a key twice in one object, NaN and Infinity, and a number too big for
    the arithmetic (1 followed by 400 zeros, 1e400) are FileProblems naming what and where."""
    try:
        loaded = json.loads(
            text,
            parse_constant=_refuse_constant,
            parse_float=_float,
            parse_int=_integer,
            object_pairs_hook=_object,
        )
    except _Refused as e:
        raise FileProblem("file", f"The JSON file {e}{_line_of(text, e.literal)}") from None
    except json.JSONDecodeError as e:
        raise FileProblem("file", f"The file is not valid JSON: {e.msg} (line {e.lineno}, column {e.colno})") from None
    except RecursionError:  # belt and braces: json_depth has already refused deep nesting
        raise FileProblem("file", f"The JSON file is nested more than {MAX_DEPTH} levels deep") from None
    where = _first_duplicate(loaded, "")
    if where:
        key, path = where
        raise FileProblem(
            "file",
            f"The JSON file gives the key {key!r} twice in {path or 'its top level'}: "
            "which value is meant is unclear, so keep one and import again",
        )
    return loaded


class _Refused(ValueError):
    def __init__(self, message: str, literal: str):
        super().__init__(message)
        self.literal = literal


class _Duplicated(dict[str, Any]):
    """An object that gave a key more than once (the last value kept, as json does), for
    _first_duplicate to name with where it is."""

    key = ""


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) == len(pairs):
        return found
    seen: set[str] = set()
    twice = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
    marked = _Duplicated(found)
    marked.key = twice
    return marked


def _first_duplicate(value: Any, path: str) -> tuple[str, str] | None:
    """The first key given twice, and where: 'workers, item 2' (nesting is at most MAX_DEPTH)."""
    if isinstance(value, _Duplicated):
        return value.key, path
    items = value.items() if isinstance(value, dict) else enumerate(value, 1) if isinstance(value, list) else ()
    for key, inner in items:
        if isinstance(inner, (dict, list)):
            step = f"item {key}" if isinstance(key, int) else repr(key)
            found = _first_duplicate(inner, f"{path}, {step}" if path else step)
            if found:
                return found
    return None


def _float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _Refused(f"holds the number {text[:40]}, too big to calculate with (the largest is about 1.8e308)", text)
    return value


def _integer(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > 308:  # beyond what a float holds (about 1.8e308); int() would also refuse past 4,300 digits
        raise _Refused(f"holds a whole number {digits:,} digits long, too big to calculate with", text)
    return int(text)


def _refuse_constant(name: str) -> Any:
    raise _Refused(f"holds {name}, which is not a number this toolkit accepts; write a number, like 37.5", name)


def _line_of(text: str, literal: str) -> str:
    """(line 3, column 14): where a refused number first appears outside a string, if found."""
    match = re.search(r'(?<![\w."])' + re.escape(literal[:400]) + r"(?![\w.])", text)
    if not match:
        return ""
    line = text.count("\n", 0, match.start()) + 1
    return f" (line {line}, column {match.start() - text.rfind(chr(10), 0, match.start())})"


_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')  # "unrolled" so long strings are quick
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def json_depth(text: str) -> int:
    """How deeply a JSON text nests, counted without parsing it (so without recursion): strings are
    removed first, then brackets are counted. Malformed text is left to the parser to report.
    Every request the page sends is checked, so this stays in C-speed steps: without a backslash,
    every other piece between quotes is a string; otherwise a regular expression finds them."""
    outside = "".join(text.split('"')[0::2]) if "\\" not in text else _JSON_STRING.sub("", text)
    return max(accumulate(map(_STEP.__getitem__, _NOT_BRACKET.sub("", outside)), initial=0))


# ---- CSV ----


def _from_csv(calc: Calculator, items: tuple[Field | Table, ...], table: Table | None, text: str) -> Loaded:
    return from_records(calc, items, table, _records(text, detect_delimiter(text), *row_limit(table)))


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
        _check_row_count(len(rows), mode, "The file")
        return Loaded([{mode.name: rows}], notices, mode.name)
    if not rows:
        raise FileProblem("file", "The file has a header row but no answers under it")
    return Loaded(rows, notices)


def _map_header(header: list[str], columns: list[Field], mode: Table | None) -> list[str]:
    """Each header cell's field name (a name or a label, any case); raises every problem at once."""
    names = _lookup(columns)
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


def _records(text: str, delimiter: str, limit: int, noun: str) -> list[list[str]]:
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


def _lookup(columns: list[Field]) -> dict[str, str]:
    return {key.lower(): c.name for c in columns for key in (c.name, c.label)}


def _matches(header: list[str], columns: list[Field] | tuple[Field, ...]) -> int:
    names = _lookup(list(columns))
    return sum(1 for h in header if h.lower() in names)


def _file_table(calc: Calculator, items: tuple[Field | Table, ...]) -> Table | None:
    return next((i for i in items if isinstance(i, Table) and i.name == calc.CSV_TABLE), None)


def _check_row_count(count: int, table: Table, what: str) -> None:
    if count > table.max_rows:
        raise FileProblem(
            table.name,
            f"{what} have {count:,} rows; the limit is {table.max_rows:,} {table.row_label.lower()}s",
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


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB".replace(".0 MB", " MB")


# ---- values for a calculator from what a file held ----


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
    calc: Calculator, settings: Any, files: list[tuple[str, bytes]], current: dict[str, Any], sheet: str = ""
) -> dict[str, Any]:
    """The browser's import: the form's new raw values and notices, or the problems (raised)."""
    batch, notices = complete(calc, settings, load(calc, settings, files, sheet), current)
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
    return {"ok": True, "values": values, "notices": notices}
