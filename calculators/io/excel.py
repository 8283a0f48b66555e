"""Excel workbooks (.xlsx, .xlsm) in and out.

Reading is standard library only (zipfile and the expat XML parser), so the browser needs nothing
more to import a workbook, and every limit is checked while the workbook is read, never after:

- each part's XML is unpacked in pieces and counted: a sheet may unpack to MAX_SHEET bytes (Excel's
  1,048,576 empty formatted rows are about 85 MB), of which MAX_PART are parsed once empty rows and
  cells are dropped; other parts MAX_PART; MAX_UNPACKED in all. So a small file that unpacks to
  gigabytes is refused after reading MAX_PART of it;
- at most MAX_SHARED shared strings of MAX_SHARED_CHARS characters in all, MAX_COLUMNS columns
  holding values, MAX_CELLS cells with content, and the table's row limit. Together they keep a
  read under about 100 MB of memory (measured peaks: 40 MB natively for the worst cases in
  tests/io/test_io_xlsx.py) and a few seconds (measured worst, 100,000 cells of text: 1.5 s natively,
  3.4 s in Pyodide, so MAX_CELLS is 60,000);
- a document type declaration (the way to an "entity expansion" bomb) is refused.

A workbook is read as the person sees it in Excel: a formula's value is the one Excel last
calculated (a notice says so), and refused when Excel has not calculated it or will recalculate
on opening; rows and columns hidden (by hand or by a filter) that hold data are refused, naming
them; a cell shown as a percentage, date, time, true/false or an error (#N/A) is marked, so a
number column can name it (calculators.io.files.from_records). The rows then take the CSV path.

Writing uses openpyxl (pure Python, installed by the browser from the site when first needed).
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat

from ..kit.errors import FieldError, InputErrors
from ..kit.text import plain_number
from .limits import MAX_CELL, ChooseSheet, FileProblem, NeedsPackages

PACKAGES = ["openpyxl", "et_xmlfile"]  # what the browser must install to write (openpyxl needs et_xmlfile)
MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

MAX_PART = 64 * 1024 * 1024  # bytes of XML parsed from one part (a 2,000-row team is under 1 MB)
MAX_SHEET = 128 * 1024 * 1024  # bytes of a sheet unpacked, empty rows included (Excel's 1,048,576: about 85 MB)
MAX_UNPACKED = 160 * 1024 * 1024  # bytes of XML unpacked from one workbook in all
MAX_SHARED = 200_000  # shared strings (a 2,000-row team has at most 22,000 different ones)
MAX_SHARED_CHARS = 10_000_000
MAX_COLUMNS = 200  # columns that may hold a value; the widest table has 11
MAX_CELLS = 60_000  # cells parsed (empty self-closing ones are dropped first); the largest table needs 40,000
MAX_LISTED = 10  # cells or rows named in one message before "and N more"

_DAMAGED = "The workbook could not be opened: it is damaged ({}). Open it in Excel, save it again, and import it"
# An empty row (with its number) or cell, written as one self-closing tag: it holds no data.
_EMPTY = re.compile(rb'<(?:\w+:)?row\s[^<>]*?\br="[0-9]+"[^<>]*/>|<(?:\w+:)?c\s[^<>]*?\br="[A-Z]+[0-9]+"[^<>]*/>')
_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")
_PERCENT_IDS = {9, 10}
_DATE_IDS = {14, 15, 16, 17, 22, *range(27, 32), *range(34, 37), *range(50, 59)}
_TIME_IDS = {18, 19, 20, 21, 45, 46, 47, 32, 33}


@dataclass(frozen=True)
class Mark:
    """A cell that Excel shows as something other than a plain number or text."""

    ref: str  # "C4"
    kind: str  # percentage | date | time | boolean | error
    shown: str  # what Excel shows: "10%", "2026-03-14", "TRUE", "#N/A"


@dataclass
class Sheet:
    """A worksheet's rows as text cells, its marked cells by (record, column) and notices."""

    records: list[list[str]]
    marks: dict[tuple[int, int], Mark] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:
        raise NeedsPackages(PACKAGES) from None
    return openpyxl


def read_records(data: bytes, sheet: str, limit: int, noun: str) -> Sheet:
    """The chosen worksheet's rows. With several visible sheets and none chosen, ChooseSheet lists
    them; more than `limit` filled rows are refused as they are read."""
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError, struct.error):
        raise FileProblem("file", _DAMAGED.format("it is not a complete Excel file")) from None
    try:
        with book:
            return _read_book(_Book(book), sheet, limit, noun)
    except (FileProblem, ChooseSheet, InputErrors):
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, expat.ExpatError, KeyError, ValueError) as e:
        raise FileProblem("file", _DAMAGED.format(_why(e))) from None
    except (NotImplementedError, RuntimeError, struct.error):  # packing or zip encryption Excel does not use
        raise FileProblem("file", _DAMAGED.format("it is packed in a way Excel does not use")) from None


def _why(e: Exception) -> str:
    if isinstance(e, expat.ExpatError):
        return f"its XML is broken: {expat.ErrorString(e.code)}"
    if isinstance(e, KeyError):
        return "a part of it is missing"
    return "its contents cannot be unpacked"


class _Book:
    """The workbook's zip file, each part read through the unpacked-size budget."""

    def __init__(self, z: zipfile.ZipFile):
        self.zip = z
        self.names = {i.filename.lstrip("/"): i for i in z.infolist()}
        self.unpacked = 0

    def parse(
        self,
        name: str,
        start: Callable[..., Any],
        end: Callable[..., Any] | None = None,
        text: Callable[..., Any] | None = None,
        skip_empty: bool = False,
    ) -> None:
        """Stream one part through expat: `start(tag, attrs)`, `end(tag)`, `text(data)` with tags
        without their prefix (x:row is row); the part's size is counted as it is unpacked.
        `skip_empty` (for a sheet) drops empty rows and cells (<row r="9" ht="15"/>, <c r="A9" s="1"/>)
        before they are parsed: a sheet formatted down to Excel's last row has a million, and parsing
        each would take seconds. A sheet's handlers take tags as written (see _SheetReader.start)."""
        info = self.names[name.lstrip("/")]
        parser = expat.ParserCreate()  # names as written: a part's meaning is in its elements' names
        parser.buffer_text = True
        parser.buffer_size = 64 * 1024
        parser.StartDoctypeDeclHandler = _refuse_doctype
        parser.EntityDeclHandler = _refuse_doctype
        raw = skip_empty  # a sheet's handlers are called once for each of up to 60,000 cells: no wrapper
        parser.StartElementHandler = start if raw else lambda tag, attrs: start(tag.rpartition(":")[2], attrs)
        if end:
            parser.EndElementHandler = end if raw else lambda tag: end(tag.rpartition(":")[2])
        if text:
            parser.CharacterDataHandler = text
        size, parsed, carry = 0, 0, b""
        with self.zip.open(info) as stream:
            while chunk := stream.read(256 * 1024):
                size += len(chunk)
                self.unpacked += len(chunk)
                if skip_empty:  # up to the last whole tag; the rest waits for the next piece
                    cut = chunk.rfind(b">") + 1
                    chunk, carry = _drop_empty(carry + chunk[:cut]), chunk[cut:]
                parsed += len(chunk)
                _check_size(name, size, parsed, self.unpacked, MAX_SHEET if skip_empty else MAX_PART)
                parser.Parse(chunk, False)
        parser.Parse(carry, True)

    def rels(self, part: str) -> dict[str, str]:
        """A part's relationships: id -> the target's path inside the zip."""
        folder, base = posixpath.split(part)
        name = posixpath.join(folder, "_rels", base + ".rels")
        found: dict[str, str] = {}
        if name not in self.names:
            return found

        def start(tag: str, a: dict[str, str]) -> None:
            if tag == "Relationship" and a.get("TargetMode") != "External":
                target = a.get("Target", "")
                path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
                found[a.get("Id", "")] = posixpath.normpath(path)
                found["type:" + a.get("Type", "").rsplit("/", 1)[-1]] = found[a.get("Id", "")]

        self.parse(name, start)
        return found


def _drop_empty(xml: bytes) -> bytes:
    """XML without its empty rows and cells. A piece that is nothing but empty rows (as below the
    data of a sheet formatted to its last row) is dropped whole, found by counting, which is many
    times quicker than the regular expression (seconds in the browser for a million rows)."""
    tags = xml.count(b"<")
    if tags and tags == xml.count(b"<row ") == xml.count(b"/>") == xml.count(b' r="'):
        return b""
    return _EMPTY.sub(b"", xml)


def _check_size(name: str, size: int, parsed: int, unpacked: int, most: int) -> None:
    """Refuse a part as soon as it unpacks past its limit, or the workbook past MAX_UNPACKED."""
    limit = next((limit for n, limit in ((size, most), (parsed, MAX_PART), (unpacked, MAX_UNPACKED)) if n > limit), 0)
    if limit:
        raise FileProblem(
            "file",
            f"The workbook unpacks to more than {limit // 1024 // 1024:,} MB of data (its part {name}); a team's "
            "workbook is far smaller. Delete the empty rows and columns beyond your data, or save the sheet as "
            "CSV UTF-8, and import again",
        )


def _refuse_doctype(*_: Any) -> None:
    raise FileProblem("file", _DAMAGED.format("it declares its own XML entities, which Excel never writes"))


@dataclass
class _Workbook:
    sheets: list[tuple[str, str, bool]]  # name, part, visible
    stale: str = ""  # why cached formula values cannot be trusted, if they cannot
    date1904: bool = False
    shared: list[str] = field(default_factory=list)
    formats: list[str] = field(default_factory=list)  # each cell style's kind: "", percentage, date or time


def _read_book(book: _Book, sheet: str, limit: int, noun: str) -> Sheet:
    wb = _workbook(book)
    visible = [name for name, _, shown in wb.sheets if shown]
    names = [name for name, _, _ in wb.sheets]
    if sheet and sheet not in names:
        raise FileProblem("file", f"The workbook has no sheet called {sheet!r}; its sheets are " + ", ".join(names))
    if not sheet and len(visible) > 1:
        raise ChooseSheet(visible)
    chosen = sheet or (visible or names)[0]
    part = next(p for name, p, _ in wb.sheets if name == chosen)
    rels = book.rels(book_part(book))
    if "type:sharedStrings" in rels and rels["type:sharedStrings"] in book.names:
        wb.shared = _shared_strings(book, rels["type:sharedStrings"])
    if "type:styles" in rels and rels["type:styles"] in book.names:
        wb.formats = _formats(book, rels["type:styles"])
    reader = _SheetReader(wb, limit, noun)
    book.parse(part, reader.start, reader.end, reader.text, skip_empty=True)
    return reader.finish(chosen)


def book_part(book: _Book) -> str:
    """Where the workbook part is (xl/workbook.xml, as the package's relationships say)."""
    return book.rels("").get("type:officeDocument", "xl/workbook.xml")


def _workbook(book: _Book) -> _Workbook:
    part = book_part(book)
    if part not in book.names:
        raise FileProblem("file", _DAMAGED.format("it has no workbook part"))
    rels = book.rels(part)
    wb = _Workbook([])

    def start(tag: str, a: dict[str, str]) -> None:
        if tag == "sheet":
            rid = next((v for k, v in a.items() if k.endswith(":id")), "")
            if rid in rels:
                wb.sheets.append((a.get("name", ""), rels[rid], a.get("state", "visible") == "visible"))
        elif tag == "calcPr":
            if a.get("fullCalcOnLoad") in ("1", "true"):
                wb.stale = "the workbook is set to recalculate every formula when it is next opened"
            elif a.get("calcMode") == "manual":
                wb.stale = "the workbook is set to calculate manually, so its formulas may be out of date"
        elif tag == "workbookPr":
            wb.date1904 = a.get("date1904") in ("1", "true")

    book.parse(part, start)
    wb.sheets = [s for s in wb.sheets if s[1] in book.names]
    if not wb.sheets:
        raise FileProblem("file", _DAMAGED.format("it has no worksheets"))
    return wb


def _shared_strings(book: _Book, part: str) -> list[str]:
    """The shared strings (text of <t> in each <si>, phonetic guides left out), bounded as read."""
    strings = _Strings()
    book.parse(part, strings.start, strings.end, strings.text)
    return strings.found


class _Strings:
    def __init__(self) -> None:
        self.found: list[str] = []
        self.pieces: list[str] = []
        self.chars, self.in_t, self.phonetic = 0, False, 0

    def start(self, tag: str, _: dict[str, str]) -> None:
        if tag == "si":
            self.pieces = []
        self.in_t = self.in_t or (tag == "t" and not self.phonetic)
        self.phonetic += tag == "rPh"

    def end(self, tag: str) -> None:
        self.in_t = self.in_t and tag != "t"
        self.phonetic -= tag == "rPh"
        if tag == "si":
            self.found.append("".join(self.pieces))
            if len(self.found) > MAX_SHARED:
                raise FileProblem("file", f"The workbook holds more than {MAX_SHARED:,} different pieces of text")

    def text(self, data: str) -> None:
        if self.in_t:
            self.chars += len(data)
            if self.chars > MAX_SHARED_CHARS:
                raise FileProblem(
                    "file",
                    f"The workbook holds more than {MAX_SHARED_CHARS:,} characters of text; a team's workbook holds "
                    "far less. Save the sheet as CSV UTF-8, or split it, and import again",
                )
            self.pieces.append(data)


def _formats(book: _Book, part: str) -> list[str]:
    """Each cell style (cellXfs, in order) as percentage, date, time or "" (a plain number)."""
    custom: dict[int, str] = {}
    kinds: list[str] = []
    in_xfs = [False]

    def start(tag: str, a: dict[str, str]) -> None:
        if tag == "numFmt":
            custom[_int(a.get("numFmtId"))] = _format_kind(a.get("formatCode", ""))
        elif tag == "cellXfs":
            in_xfs[0] = True
        elif tag == "xf" and in_xfs[0]:
            n = _int(a.get("numFmtId"))
            builtin = "percentage" if n in _PERCENT_IDS else "date" if n in _DATE_IDS else ""
            kinds.append(custom.get(n, builtin or ("time" if n in _TIME_IDS else "")))

    def end(tag: str) -> None:
        if tag == "cellXfs":
            in_xfs[0] = False

    book.parse(part, start, end)
    return kinds


def _int(text: str | None) -> int:
    return int(text) if text and text.isdigit() else -1


def _format_kind(code: str) -> str:
    """A custom number format's kind: percentage, date, time or "" (text in quotes, escaped
    characters, [colours] and spacing marks are not what the cell shows as a number)."""
    bare = re.sub(r'"[^"]*"|\\.|_.|\*.|\[(?![hms]+\])[^\]]*\]', "", code).lower()
    if "%" in bare:
        return "percentage"
    timed = re.search(r"[hs]", bare)
    if re.search(r"[yd]", bare) or ("m" in bare and not timed):
        return "date"
    return "time" if timed else ""


class _SheetReader:
    """A worksheet's XML, read element by element: rows of text cells, and what Excel shows that
    the text alone does not say (formulas, hidden rows and columns, formatted cells)."""

    def __init__(self, wb: _Workbook, limit: int, noun: str):
        self.wb, self.limit, self.noun = wb, limit, noun
        self.rows: dict[int, list[str]] = {}
        self.marks: dict[tuple[int, int], Mark] = {}  # by (sheet row number, column from 0)
        self.formulas: list[str] = []
        self.uncalculated: list[str] = []
        self.hidden_rows: list[int] = []  # hidden rows that hold data
        self.hidden_cols: list[tuple[int, int]] = []  # column ranges, from 0
        self.filtered = False
        self.cells = 0
        self.first = 0  # the first row that holds data
        self.row, self.row_hidden = 0, False
        self.current: dict[int, str] = {}
        self.col, self.ref, self.type, self.style, self.formula = -1, "", "", 0, False
        self.value: list[str] | None = None  # the <v> text, once a <v> starts
        self.inline: list[str] = []
        self.capture: list[str] | None = None

    def start(self, tag: str, a: dict[str, str]) -> None:
        if ":" in tag:  # x:c, from the few programs that write the namespace with a prefix
            tag = tag.rpartition(":")[2]
        if tag == "c":
            self._start_cell(a)
        elif tag == "v":
            self.value = self.capture = []
        elif tag == "t":
            self.capture = self.inline
        elif tag == "f":
            self.formula = True
        elif tag == "row":
            self._start_row(a)
        elif tag == "col" and a.get("hidden") in ("1", "true"):
            first, last = _int(a.get("min")), _int(a.get("max"))
            if 0 < first <= last:
                self.hidden_cols.append((first - 1, min(last, 16384) - 1))
        elif tag == "autoFilter":
            self.filtered = True

    def end(self, tag: str) -> None:
        if ":" in tag:
            tag = tag.rpartition(":")[2]
        if tag == "c":
            self._end_cell()
        elif tag in ("v", "t"):
            self.capture = None
        elif tag == "row":
            self._end_row()

    def text(self, data: str) -> None:
        if self.capture is not None:
            self.capture.append(data)

    def _start_row(self, a: dict[str, str]) -> None:
        number = _int(a.get("r")) if "r" in a else self.row + 1
        if not self.row < number <= 1_048_576:
            raise FileProblem("file", _DAMAGED.format(f"its row numbers are out of order after row {self.row:,}"))
        self.row, self.row_hidden, self.current, self.col = number, a.get("hidden") in ("1", "true"), {}, -1

    def _start_cell(self, a: dict[str, str]) -> None:
        self.cells += 1
        if self.cells > MAX_CELLS:
            raise FileProblem(
                "file",
                f"The sheet has more than {MAX_CELLS:,} cells with content or formatting, more than any table "
                "here takes. Delete the empty rows and columns beyond your data, save, and import again",
            )
        ref = a.get("r", "")
        match = _REF.fullmatch(ref)
        self.col = _column(match.group(1)) if match else self.col + 1
        self.ref = ref if match else f"{column_letter(self.col + 1)}{self.row}"
        self.type, self.style, self.formula = a.get("t", "n"), _int(a.get("s")), False
        self.value, self.inline = None, []

    def _end_cell(self) -> None:
        self.capture = None
        if self.formula:
            self.formulas.append(self.ref)
            if self.value is None or (not "".join(self.value) and self.type != "str"):
                self.uncalculated.append(self.ref)
                return
        text, mark = _cell(self, "".join(self.value) if self.value is not None else None)
        if not text.strip() and mark is None:
            return
        if self.col >= MAX_COLUMNS:
            raise FileProblem(
                "file",
                f"Cell {self.ref} holds a value, but this calculator reads at most {MAX_COLUMNS} columns "
                f"(A to {column_letter(MAX_COLUMNS)}). Delete the columns beyond your data, save, and import again",
            )
        if len(text) > MAX_CELL:
            raise FileProblem("file", f"Cell {self.ref} is longer than the limit of {MAX_CELL:,} characters")
        self.current[self.col] = text
        if mark:
            self.marks[(self.row, self.col)] = mark

    def _end_row(self) -> None:
        if not self.current:
            return
        first = self.first = self.first or self.row
        if len(self.rows) >= self.limit + 1 or self.row - first > self.limit + 1:
            raise FileProblem(
                "file",
                f"The sheet has more than {self.limit:,} rows (its data runs from row {first:,} to at least row "
                f"{self.row:,}); the limit is {self.limit:,} {self.noun}. Split it into smaller files",
            )
        self.rows[self.row] = [self.current.get(n, "") for n in range(max(self.current) + 1)]
        if self.row_hidden:
            self.hidden_rows.append(self.row)

    def finish(self, name: str) -> Sheet:
        problems = self._problems(name)
        if problems:
            raise InputErrors([FieldError("file", p) for p in problems])
        first = min(self.rows, default=1)
        records = [self.rows.get(r, []) for r in range(first, max(self.rows, default=0) + 1)]
        marks = {(r - first, c): m for (r, c), m in self.marks.items()}
        notices = []
        if self.formulas:
            notices.append(
                f"{_cells(self.formulas)} {'hold formulas' if len(self.formulas) > 1 else 'holds a formula'}: "
                "the values Excel last calculated and saved were used"
            )
        return Sheet(records, marks, notices)

    def _problems(self, name: str) -> list[str]:
        problems = []
        stale = self.formulas if self.wb.stale else self.uncalculated
        if stale:
            why = f" ({self.wb.stale})" if self.wb.stale else ""
            fix = "press F9 to calculate, save" if "manually" in why else "open the file in Excel, save it"
            plural = len(stale) > 1
            problems.append(
                f"{_cells(stale)} {'hold formulas' if plural else 'holds a formula'} Excel has not calculated"
                f"{why}; {fix}, and import again"
            )
        if self.hidden_rows:
            how = "by a filter or by hand" if self.filtered else "by hand"
            fix = ("clear the filter or " if self.filtered else "") + f"unhide {_them(self.hidden_rows)}"
            problems.append(
                f"{_numbers('Row', self.hidden_rows)} of sheet {name!r} {_are(self.hidden_rows)} hidden in Excel "
                f"({how}) but {_hold(self.hidden_rows)} data, which would be counted although you cannot see it: "
                f"{fix} to count {_them(self.hidden_rows)}, or delete {_them(self.hidden_rows)}, then save and "
                "import again"
            )
        hidden = sorted({c for row in self.rows.values() for c, v in enumerate(row) if v and self._col_hidden(c)})
        if hidden:
            letters = [column_letter(c + 1) for c in hidden]
            problems.append(
                f"{'Columns' if len(hidden) > 1 else 'Column'} {_listed(letters)} of sheet {name!r} "
                f"{_are(hidden)} hidden in Excel but {_hold(hidden)} data: unhide {_them(hidden)} to count "
                f"{_them(hidden)}, or delete {_them(hidden)}, then save and import again"
            )
        return problems

    def _col_hidden(self, col: int) -> bool:
        return any(first <= col <= last for first, last in self.hidden_cols)


def _cell(sheet: _SheetReader, v: str | None) -> tuple[str, Mark | None]:
    """A cell's text as a CSV would hold it, and a Mark when Excel shows it as more than that."""
    kind, ref = sheet.type, sheet.ref
    if kind == "inlineStr":
        return "".join(sheet.inline), None
    if v is None:
        return "", None
    if kind == "s":
        index = int(v) if v.strip().isdigit() else -1
        if not 0 <= index < len(sheet.wb.shared):
            raise FileProblem(
                "file", _DAMAGED.format(f"cell {ref} points to a piece of text, number {v[:12]}, that it does not hold")
            )
        return sheet.wb.shared[index], None
    if kind == "str":
        return v, None
    if kind == "b":
        if v.strip() not in ("0", "1"):
            raise FileProblem("file", _DAMAGED.format(f"cell {ref} should hold TRUE or FALSE but holds {v[:12]!r}"))
        truth = v.strip() == "1"
        return ("yes" if truth else "no"), Mark(ref, "boolean", "TRUE" if truth else "FALSE")
    if kind == "e":
        return v, Mark(ref, "error", v[:20])
    if kind == "d":  # an ISO 8601 date, which few programs write
        shown = v[:10] if v[10:].strip("T0:.Z") == "" else v.replace("T", " ")
        return shown, Mark(ref, "date", shown)
    return _number(sheet, v)


def _number(sheet: _SheetReader, v: str) -> tuple[str, Mark | None]:
    ref = sheet.ref
    try:
        value = float(v)
    except ValueError:
        value = float("nan")
    if value != value or value in (float("inf"), float("-inf")):
        raise FileProblem("file", _DAMAGED.format(f"cell {ref} should hold a number but holds {v.strip()[:20]!r}"))
    formats = sheet.wb.formats
    kind = formats[sheet.style] if 0 <= sheet.style < len(formats) else ""
    if kind == "percentage":
        shown = plain_number(round(value * 100, 9)) + "%"
        return shown, Mark(ref, kind, shown)
    if kind in ("date", "time"):
        shown = _date_text(value, sheet.wb.date1904, kind)
        return shown, Mark(ref, kind, shown)
    return plain_number(value), None


def _date_text(serial: float, date1904: bool, kind: str) -> str:
    """An Excel date or time serial as text: 2026-03-14, 2026-03-14 09:30, or 37:30 for a time."""
    seconds = round((serial - int(serial)) * 86400) if serial >= 0 else 0
    hours, rest = divmod(seconds, 3600)
    clock = f"{hours:02d}:{rest // 60:02d}" + (f":{rest % 60:02d}" if rest % 60 else "")
    if kind == "time":
        return f"{int(serial) * 24 + hours}:{rest // 60:02d}" + (f":{rest % 60:02d}" if rest % 60 else "")
    days = int(serial)
    if date1904:
        start = dt.date(1904, 1, 1)
    else:  # Excel counts 29 February 1900, which never was
        if days == 60:
            return "1900-02-29"
        start = dt.date(1899, 12, 31) if days < 60 else dt.date(1899, 12, 30)
    try:
        day = (start + dt.timedelta(days=days)).isoformat() if serial >= 0 else plain_number(serial)
    except OverflowError:
        return plain_number(serial)
    return day + (" " + clock if seconds else "")


def _column(letters: str) -> int:
    """A, B, ... AA as 0, 1, ... 26 (remembered: every cell of a sheet asks)."""
    n = _COLUMNS.get(letters)
    if n is None:
        n = -1
        for ch in letters:
            n = (n + 1) * 26 + ord(ch) - 65
        if len(_COLUMNS) < 20_000:
            _COLUMNS[letters] = n
    return n


_COLUMNS: dict[str, int] = {}


def column_letter(n: int) -> str:
    """1 -> A, 27 -> AA (Excel's column names)."""
    name = ""
    while n:
        n, rest = divmod(n - 1, 26)
        name = chr(65 + rest) + name
    return name


def _cells(refs: list[str]) -> str:
    """ "Cells B3:C7", or "Cells B3:B5, D2 and 4 more": a rectangle as one range, else runs down columns."""
    at = sorted({(_column(m.group(1)), int(m.group(2))) for m in map(_REF.fullmatch, refs) if m})
    if len(at) == 1:
        return f"Cell {refs[0]}"
    cols, rows = [c for c, _ in at], [r for _, r in at]
    if len(at) == (max(cols) - min(cols) + 1) * (max(rows) - min(rows) + 1):
        return f"Cells {column_letter(min(cols) + 1)}{min(rows)}:{column_letter(max(cols) + 1)}{max(rows)}"
    runs: list[tuple[int, int, int]] = []  # column, first row, last row
    for col, row in at:
        if runs and runs[-1][0] == col and runs[-1][2] == row - 1:
            runs[-1] = (col, runs[-1][1], row)
        else:
            runs.append((col, row, row))
    names = [f"{column_letter(c + 1)}{a}" + (f":{column_letter(c + 1)}{b}" if b > a else "") for c, a, b in runs]
    return "Cells " + _listed(names)


def _numbers(noun: str, numbers: list[int]) -> str:
    """ "Row 3", "Rows 3, 5–7 and 9"."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and runs[-1][-1] == n - 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    names = [f"{r[0]:,}" if len(r) == 1 else f"{r[0]:,}–{r[-1]:,}" for r in runs]
    return f"{noun}{'s' if len(numbers) > 1 else ''} {_listed(names)}"


def _listed(names: list[str]) -> str:
    if len(names) > MAX_LISTED:
        return ", ".join(names[:MAX_LISTED]) + f" and {len(names) - MAX_LISTED:,} more"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _are(items: list[Any]) -> str:
    return "are" if len(items) > 1 else "is"


def _hold(items: list[Any]) -> str:
    return "hold" if len(items) > 1 else "holds"


def _them(items: list[Any]) -> str:
    return "them" if len(items) > 1 else "it"


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
