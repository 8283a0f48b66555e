"""The DfE's children's social work workforce indicators file (csww_indicators_*.csv), read into the
figures the comparison needs: for England, each region and each council, each year's vacancy,
agency, turnover, caseload and absence figures.

The file is the department's own download, unchanged: one row per area and year, a
`geographic_level` column saying whether the row is England ("National"), a region ("Regional") or
a council ("Local authority"), and the figures as the department rounds them (one decimal place).
Where a figure is not given the file holds one of the department's symbols (its data guidance):
c suppressed, x not available, z not applicable, u low reliability, low rounds to 0. Which column
holds what is data (workforce.json, `indicators_file`), so a renamed column is a data edit.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass

from ..io.csv_files import read_csv
from ..kit.errors import FieldError, InputErrors

FILE_FIELD = "indicators"
MEASURES = ("vacancy_rate", "agency_rate", "turnover_rate", "caseload", "absence_rate")

# The department's symbols, in words (data guidance, "Symbology"); ":" is the older files' "not available".
SYMBOLS = {
    "c": "suppressed (c)",
    "x": "not available (x)",
    "z": "not applicable (z)",
    "u": "low reliability (u)",
    "low": "rounds to 0 (low)",
    ":": "not available (:)",
    "": "not in the file",
}
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
MAX_PROBLEMS = 10  # a file with more bad cells than this is not the department's: say so, not each one


@dataclass(frozen=True)
class Value:
    """One figure: the number, or None with the reason in words ("suppressed (c)")."""

    number: float | None
    why: str = ""


@dataclass(frozen=True)
class AreaYear:
    """One row of the file: an area (England, a region or a council) in one year."""

    level: str  # national | regional | council
    area: str  # "England", the region's name or the council's name
    region: str  # a council's region ("" for England)
    year: str
    values: dict[str, Value]  # measure -> its figure


@dataclass(frozen=True)
class Indicators:
    """The file's rows, the councils it names (A to Z) and its years (oldest first)."""

    rows: tuple[AreaYear, ...]
    councils: tuple[str, ...]
    years: tuple[str, ...]

    def find(self, level: str, area: str, year: str) -> AreaYear | None:
        """The row for an area in a year, or None when the file has none."""
        return next((r for r in self.rows if r.level == level and r.area == area and r.year == year), None)


def read_indicators(text: str, columns: dict[str, str], levels: dict[str, str]) -> Indicators:
    """The file's figures, or InputErrors naming what makes it not the department's indicators file."""
    key = (text, tuple(columns.items()), tuple(levels.items()))
    if key in _last:  # the same file on every keystroke: read it once
        return _last[key]
    try:
        rows = read_csv(text)
    except csv.Error as problem:  # a NUL byte or a broken quote: not a CSV file the department wrote
        raise _fail([f"The file cannot be read as CSV ({problem}): choose the DfE's indicators file"]) from None
    _check_columns(rows, columns)
    problems: list[str] = []
    by_level = {word.strip().lower(): level for level, word in levels.items()}
    read: list[AreaYear] = []
    for number, raw in enumerate(rows, start=2):  # row 1 of the file is its headings
        level = by_level.get(raw.get(columns["level"], "").strip().lower())
        if level is None:
            continue  # another geographic level (none today): not compared
        row = _row(raw, level, columns, number, problems)
        if row is not None:
            read.append(row)
    _check_rows(read, problems, levels)
    councils = tuple(sorted({r.area for r in read if r.level == "council"}, key=str.casefold))
    years = tuple(sorted({r.year for r in read}))
    found = Indicators(tuple(read), councils, years)
    _last.clear()
    _last[key] = found
    return found


_last: dict[tuple[str, tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]], Indicators] = {}  # the last file


def _fail(messages: list[str]) -> InputErrors:
    return InputErrors([FieldError(FILE_FIELD, m) for m in messages])


def _check_columns(rows: list[dict[str, str]], columns: dict[str, str]) -> None:
    if not rows:
        raise _fail(["The file has no rows: choose the DfE's indicators file (csww_indicators_…csv)"])
    have = set(rows[0])
    missing = [name for name in columns.values() if name not in have]
    if missing:
        shown = ", ".join(sorted(have)[:8]) + ("…" if len(have) > 8 else "")
        raise _fail(
            [
                f"This is not the DfE's indicators file: it has no column {' or '.join(repr(m) for m in missing[:3])}"
                f"{' (and more)' if len(missing) > 3 else ''}. Its columns are {shown}. Download the file named "
                "'Indicators (in post, starters, leavers, agency workers, vacancies, caseload and absence)'"
            ]
        )


def _row(raw: dict[str, str], level: str, columns: dict[str, str], number: int, problems: list[str]) -> AreaYear | None:
    year = raw[columns["year"]].strip()
    area = "England" if level == "national" else raw[columns["region" if level == "regional" else "council"]].strip()
    where = f"Row {number} ({area or 'no name'}, {year or 'no year'})"
    if not year or not area:
        problems.append(f"{where}: the {'year' if not year else 'name'} is missing")
        return None
    values = {}
    for measure in MEASURES:
        cell = raw[columns[measure]].strip()
        if cell.lower() in SYMBOLS:
            values[measure] = Value(None, SYMBOLS[cell.lower()])
        elif _NUMBER.fullmatch(cell):
            values[measure] = Value(float(cell))
        else:
            problems.append(
                f"{where}: {columns[measure]} is {cell[:20]!r}, which is neither a number "
                "nor one of the DfE's symbols (c, x, z, u, low)"
            )
    region = raw[columns["region"]].strip() if level == "council" else ""
    return AreaYear(level, area, region, year, values)


def _check_rows(rows: list[AreaYear], problems: list[str], levels: dict[str, str]) -> None:
    seen: set[tuple[str, str, str]] = set()
    for r in rows:
        key = (r.level, r.area, r.year)
        if key in seen:
            problems.append(f"The file has two rows for {r.area} in {r.year}: use the DfE's file as downloaded")
        seen.add(key)
    if not any(r.level == "national" for r in rows) and not problems:
        problems.append(
            f"The file has no England rows (geographic_level {levels['national']!r}): "
            "use the whole file as downloaded, not a filtered copy"
        )
    if problems:
        more = len(problems) - MAX_PROBLEMS
        raise _fail(problems[:MAX_PROBLEMS] + ([f"…and {more} more problems like these"] if more > 0 else []))
