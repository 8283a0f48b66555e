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
number column can name it (calculators.io.records.from_records). The rows then take the CSV path.

The reading is in four parts: excel_parts (the zip file and its unpacking budget), excel_workbook
(the sheets, shared strings and number formats), excel_sheet (a worksheet's rows) and excel_cells
(one cell's value, and cells named in messages).

Writing uses openpyxl (pure Python, installed by the browser from the site when first needed).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from typing import Any
from xml.parsers import expat

from ..kit.errors import InputErrors
from .excel_parts import DAMAGED, Book
from .excel_sheet import Sheet, SheetReader
from .excel_workbook import book_part, cell_formats, read_workbook, shared_strings
from .limits import ChooseSheet, FileProblem, NeedsPackages

PACKAGES = ["openpyxl", "et_xmlfile"]  # what the browser must install to write (openpyxl needs et_xmlfile)
MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
        raise FileProblem("file", DAMAGED.format("it is not a complete Excel file")) from None
    try:
        with book:
            return _read_book(Book(book), sheet, limit, noun)
    except (FileProblem, ChooseSheet, InputErrors):
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, expat.ExpatError, KeyError, ValueError) as e:
        raise FileProblem("file", DAMAGED.format(_why(e))) from None
    except (NotImplementedError, RuntimeError, struct.error):  # packing or zip encryption Excel does not use
        raise FileProblem("file", DAMAGED.format("it is packed in a way Excel does not use")) from None


def _why(e: Exception) -> str:
    if isinstance(e, expat.ExpatError):
        return f"its XML is broken: {expat.ErrorString(e.code)}"
    if isinstance(e, KeyError):
        return "a part of it is missing"
    return "its contents cannot be unpacked"


def _read_book(book: Book, sheet: str, limit: int, noun: str) -> Sheet:
    wb = read_workbook(book)
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
        wb.shared = shared_strings(book, rels["type:sharedStrings"])
    if "type:styles" in rels and rels["type:styles"] in book.names:
        wb.formats = cell_formats(book, rels["type:styles"])
    reader = SheetReader(wb, limit, noun)
    book.parse(part, reader.start, reader.end, reader.text, skip_empty=True)
    return reader.finish(chosen)


def write_xlsx(rows: list[dict[str, Any]], columns: list[str], title: str) -> bytes:
    """A one-sheet workbook (see write_sheets)."""
    return write_sheets([(title, columns, rows)])


def write_sheets(sheets: list[tuple[str, list[str], list[dict[str, Any]]]]) -> bytes:
    """A workbook with a sheet for each (title, columns, rows), in order, each with a header row.
    Every value is written as the text or number it is: text that starts with "=" is stored as text,
    never as a formula, so nothing in it can run when the workbook is opened."""
    openpyxl = _openpyxl()
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, columns, rows in sheets:
        sheet = book.create_sheet(title[:31])  # Excel's longest sheet name
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


def sheet_names(data: bytes) -> list[str]:
    """The names of a workbook's visible sheets, in order (to read each one with read_records)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            return [name for name, _, shown in read_workbook(Book(book)).sheets if shown]
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, expat.ExpatError, KeyError, ValueError) as e:
        raise FileProblem("file", DAMAGED.format(_why(e))) from None
