"""A worksheet read element by element into rows of text cells, with what the text alone does not say.

Formulas (the values Excel last calculated are used, and refused when Excel has not calculated them
or will recalculate on opening), rows and columns hidden by hand or by a filter that hold data, and
cells shown as a percentage, date, time, TRUE/FALSE or an error. At most MAX_COLUMNS columns holding
values, MAX_CELLS cells with content and the table's row limit, each refused as it is reached.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..kit.errors import FieldError, InputErrors
from .excel_cells import CELL_REF, Mark, cell_text, cells_named, column_index, column_letter, listed, numbers_named
from .excel_parts import DAMAGED
from .excel_workbook import Workbook, to_int
from .limits import MAX_CELL, FileProblem

MAX_COLUMNS = 200  # columns that may hold a value; the widest table has 11
MAX_CELLS = 60_000  # cells parsed (empty self-closing ones are dropped first); the largest table needs 40,000


@dataclass
class Sheet:
    """A worksheet's rows as text cells, its marked cells by (record, column) and notices."""

    records: list[list[str]]
    marks: dict[tuple[int, int], Mark] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    first_row: int = 1  # the sheet's row number of the first record (messages name rows as Excel does)


class SheetReader:
    """A worksheet's XML, read element by element: rows of text cells, and what Excel shows that
    the text alone does not say (formulas, hidden rows and columns, formatted cells)."""

    def __init__(self, wb: Workbook, limit: int, noun: str):
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
        """An element opens: a cell, its value or text, a formula, a row, a hidden column or a filter."""
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
            first, last = to_int(a.get("min")), to_int(a.get("max"))
            if 0 < first <= last:
                self.hidden_cols.append((first - 1, min(last, 16384) - 1))
        elif tag == "autoFilter":
            self.filtered = True

    def end(self, tag: str) -> None:
        """An element closes: a cell's or a row's end records what it held."""
        if ":" in tag:
            tag = tag.rpartition(":")[2]
        if tag == "c":
            self._end_cell()
        elif tag in ("v", "t"):
            self.capture = None
        elif tag == "row":
            self._end_row()

    def text(self, data: str) -> None:
        """Text inside an element, kept while a cell's value or inline text is being read."""
        if self.capture is not None:
            self.capture.append(data)

    def _start_row(self, a: dict[str, str]) -> None:
        number = to_int(a.get("r")) if "r" in a else self.row + 1
        if not self.row < number <= 1_048_576:
            raise FileProblem("file", DAMAGED.format(f"its row numbers are out of order after row {self.row:,}"))
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
        match = CELL_REF.fullmatch(ref)
        self.col = column_index(match.group(1)) if match else self.col + 1
        self.ref = ref if match else f"{column_letter(self.col + 1)}{self.row}"
        self.type, self.style, self.formula = a.get("t", "n"), to_int(a.get("s")), False
        self.value, self.inline = None, []

    def _end_cell(self) -> None:
        self.capture = None
        if self.formula:
            self.formulas.append(self.ref)
            if self.value is None or (not "".join(self.value) and self.type != "str"):
                self.uncalculated.append(self.ref)
                return
        value = "".join(self.value) if self.value is not None else None
        text, mark = cell_text(self.wb, self.type, self.ref, self.style, self.inline, value)
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
        """The sheet's records from its first row with data, or every problem found at once."""
        problems = self._problems(name)
        if problems:
            raise InputErrors([FieldError("file", p) for p in problems])
        first = min(self.rows, default=1)
        # Excel stores no empty cells, so a row whose last cells are blank (a Status left blank) would be
        # shorter than the header: every row is as wide as the widest, as the sheet shows it.
        width = max(map(len, self.rows.values()), default=0)
        rows = (self.rows.get(r, []) for r in range(first, max(self.rows, default=0) + 1))
        records = [cells + [""] * (width - len(cells)) for cells in rows]
        marks = {(r - first, c): m for (r, c), m in self.marks.items()}
        notices = []
        if self.formulas:
            notices.append(
                f"{cells_named(self.formulas)} {'hold formulas' if len(self.formulas) > 1 else 'holds a formula'}: "
                "the values Excel last calculated and saved were used"
            )
        return Sheet(records, marks, notices, first)

    def _problems(self, name: str) -> list[str]:
        problems = []
        stale = self.formulas if self.wb.stale else self.uncalculated
        if stale:
            why = f" ({self.wb.stale})" if self.wb.stale else ""
            fix = "press F9 to calculate, save" if "manually" in why else "open the file in Excel, save it"
            plural = len(stale) > 1
            problems.append(
                f"{cells_named(stale)} {'hold formulas' if plural else 'holds a formula'} Excel has not calculated"
                f"{why}; {fix}, and import again"
            )
        if self.hidden_rows:
            how = "by a filter or by hand" if self.filtered else "by hand"
            fix = ("clear the filter or " if self.filtered else "") + f"unhide {_them(self.hidden_rows)}"
            problems.append(
                f"{numbers_named('Row', self.hidden_rows)} of sheet {name!r} {_are(self.hidden_rows)} hidden in Excel "
                f"({how}) but {_hold(self.hidden_rows)} data, which would be counted although you cannot see it: "
                f"{fix} to count {_them(self.hidden_rows)}, or delete {_them(self.hidden_rows)}, then save and "
                "import again"
            )
        hidden = sorted({c for row in self.rows.values() for c, v in enumerate(row) if v and self._col_hidden(c)})
        if hidden:
            letters = [column_letter(c + 1) for c in hidden]
            problems.append(
                f"{'Columns' if len(hidden) > 1 else 'Column'} {listed(letters)} of sheet {name!r} "
                f"{_are(hidden)} hidden in Excel but {_hold(hidden)} data: unhide {_them(hidden)} to count "
                f"{_them(hidden)}, or delete {_them(hidden)}, then save and import again"
            )
        return problems

    def _col_hidden(self, col: int) -> bool:
        return any(first <= col <= last for first, last in self.hidden_cols)


def _are(items: list[Any]) -> str:
    return "are" if len(items) > 1 else "is"


def _hold(items: list[Any]) -> str:
    return "hold" if len(items) > 1 else "holds"


def _them(items: list[Any]) -> str:
    return "them" if len(items) > 1 else "it"
