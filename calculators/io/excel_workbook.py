"""A workbook's own parts: its sheets and how it calculates, its shared strings, its number formats.

At most MAX_SHARED shared strings of MAX_SHARED_CHARS characters in all are kept, counted as they are
read. Each cell style is known as a percentage, date, time or plain number, so a cell can be shown
as Excel shows it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .excel_parts import DAMAGED, Book
from .limits import FileProblem

MAX_SHARED = 200_000  # shared strings (a 2,000-row team has at most 22,000 different ones)
MAX_SHARED_CHARS = 10_000_000
_PERCENT_IDS = {9, 10}
_DATE_IDS = {14, 15, 16, 17, 22, *range(27, 32), *range(34, 37), *range(50, 59)}
_TIME_IDS = {18, 19, 20, 21, 45, 46, 47, 32, 33}


@dataclass
class Workbook:
    """What the workbook part says (its sheets, how it calculates, its date system) and, once read,
    its shared strings and each cell style's kind."""

    sheets: list[tuple[str, str, bool]]  # name, part, visible
    stale: str = ""  # why cached formula values cannot be trusted, if they cannot
    date1904: bool = False
    shared: list[str] = field(default_factory=list)
    formats: list[str] = field(default_factory=list)  # each cell style's kind: "", percentage, date or time


def book_part(book: Book) -> str:
    """Where the workbook part is (xl/workbook.xml, as the package's relationships say)."""
    return book.rels("").get("type:officeDocument", "xl/workbook.xml")


def read_workbook(book: Book) -> Workbook:
    """The workbook part: its sheets that exist (name, part, visible), and whether saved formula values
    can be trusted."""
    part = book_part(book)
    if part not in book.names:
        raise FileProblem("file", DAMAGED.format("it has no workbook part"))
    rels = book.rels(part)
    wb = Workbook([])

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
        raise FileProblem("file", DAMAGED.format("it has no worksheets"))
    return wb


def shared_strings(book: Book, part: str) -> list[str]:
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


def cell_formats(book: Book, part: str) -> list[str]:
    """Each cell style (cellXfs, in order) as percentage, date, time or "" (a plain number)."""
    custom: dict[int, str] = {}
    kinds: list[str] = []
    in_xfs = [False]

    def start(tag: str, a: dict[str, str]) -> None:
        if tag == "numFmt":
            custom[to_int(a.get("numFmtId"))] = _format_kind(a.get("formatCode", ""))
        elif tag == "cellXfs":
            in_xfs[0] = True
        elif tag == "xf" and in_xfs[0]:
            n = to_int(a.get("numFmtId"))
            builtin = "percentage" if n in _PERCENT_IDS else "date" if n in _DATE_IDS else ""
            kinds.append(custom.get(n, builtin or ("time" if n in _TIME_IDS else "")))

    def end(tag: str) -> None:
        if tag == "cellXfs":
            in_xfs[0] = False

    book.parse(part, start, end)
    return kinds


def to_int(text: str | None) -> int:
    """An attribute's whole number, or -1 when it is missing or not a number."""
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
