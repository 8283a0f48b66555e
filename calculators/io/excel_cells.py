"""One cell of a worksheet as text (and as Excel shows it), and cells, rows and columns named in messages."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..kit.text import plain_number
from .excel_parts import DAMAGED
from .excel_workbook import Workbook
from .limits import FileProblem

MAX_LISTED = 10  # cells or rows named in one message before "and N more"
CELL_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")


@dataclass(frozen=True)
class Mark:
    """A cell that Excel shows as something other than a plain number or text."""

    ref: str  # "C4"
    kind: str  # percentage | date | time | boolean | error
    shown: str  # what Excel shows: "10%", "2026-03-14", "TRUE", "#N/A"


def cell_text(
    wb: Workbook, kind: str, ref: str, style: int, inline: list[str], v: str | None
) -> tuple[str, Mark | None]:
    """A cell's text as a CSV would hold it, and a Mark when Excel shows it as more than that. `kind` is
    the cell's type (t="s", "b", ...), `style` its cell style (s=), `inline` an inline string's pieces,
    `v` the text of its <v>."""
    if kind == "inlineStr":
        return "".join(inline), None
    if v is None:
        return "", None
    if kind == "s":
        index = int(v) if v.strip().isdigit() else -1
        if not 0 <= index < len(wb.shared):
            raise FileProblem(
                "file", DAMAGED.format(f"cell {ref} points to a piece of text, number {v[:12]}, that it does not hold")
            )
        return wb.shared[index], None
    if kind == "str":
        return v, None
    if kind == "b":
        if v.strip() not in ("0", "1"):
            raise FileProblem("file", DAMAGED.format(f"cell {ref} should hold TRUE or FALSE but holds {v[:12]!r}"))
        truth = v.strip() == "1"
        return ("yes" if truth else "no"), Mark(ref, "boolean", "TRUE" if truth else "FALSE")
    if kind == "e":
        return v, Mark(ref, "error", v[:20])
    if kind == "d":  # an ISO 8601 date, which few programs write
        shown = v[:10] if v[10:].strip("T0:.Z") == "" else v.replace("T", " ")
        return shown, Mark(ref, "date", shown)
    return _number(wb, ref, style, v)


def _number(wb: Workbook, ref: str, style: int, v: str) -> tuple[str, Mark | None]:
    try:
        value = float(v)
    except ValueError:
        value = float("nan")
    if value != value or value in (float("inf"), float("-inf")):
        raise FileProblem("file", DAMAGED.format(f"cell {ref} should hold a number but holds {v.strip()[:20]!r}"))
    formats = wb.formats
    kind = formats[style] if 0 <= style < len(formats) else ""
    if kind == "percentage":
        shown = plain_number(round(value * 100, 9)) + "%"
        return shown, Mark(ref, kind, shown)
    if kind in ("date", "time"):
        shown = _date_text(value, wb.date1904, kind)
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


def column_index(letters: str) -> int:
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


def cells_named(refs: list[str]) -> str:
    """ "Cells B3:C7", or "Cells B3:B5, D2 and 4 more": a rectangle as one range, else runs down columns."""
    at = sorted({(column_index(m.group(1)), int(m.group(2))) for m in map(CELL_REF.fullmatch, refs) if m})
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
    return "Cells " + listed(names)


def numbers_named(noun: str, numbers: list[int]) -> str:
    """ "Row 3", "Rows 3, 5–7 and 9"."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and runs[-1][-1] == n - 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    names = [f"{r[0]:,}" if len(r) == 1 else f"{r[0]:,}–{r[-1]:,}" for r in runs]
    return f"{noun}{'s' if len(numbers) > 1 else ''} {listed(names)}"


def listed(names: list[str]) -> str:
    """ "A", "A and B", "A, B and C", or the first MAX_LISTED "and N more"."""
    if len(names) > MAX_LISTED:
        return ", ".join(names[:MAX_LISTED]) + f" and {len(names) - MAX_LISTED:,} more"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
