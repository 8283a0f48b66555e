"""Which field each column of a file fills, for every calculator that imports a table.

People import what their case system exports, not our template, so a file's headings are matched
to the form's fields, in this order:

1. the user's choice: the page's mapping step, or the command line's ``--mapping FILE``;
2. the field's name or label, in any case (the template's and the form's own headings): such a file
   imports exactly as before, with no mapping step;
3. the council's own list in its data file, ``import_headings``: [{"heading": ..., "field": ...}],
   for its case system's export (kit.schema.IMPORT_HEADINGS checks it);
4. the headings children's services commonly use (STANDARD, the project's own list): each stands for
   words looked for in this calculator's labels and names, so "CIN" finds the column the data file
   labels "Child in need" or whose case type id is ``cin``; no weight or label is written here;
5. the heading's own words: "Assessments" is the one column whose label has the word "assessment".

A heading that matches no field, or several, is left out, and the import says which ones (never
silently). "FTE" fills contracted hours as FTE x the data file's ``full_time_hours``, said in a notice.
The heading row is the first row where most cells are headings this calculator knows, so a title or
notes row above it is skipped (and named).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..kit.data import load_data
from ..kit.errors import ConfigError, FieldError, InputErrors, unknown_name_message
from ..kit.fields import Field, parse_number
from ..kit.schema import IMPORT_HEADINGS, check
from ..kit.text import plain_number
from .limits import FileProblem

# Headings children's services' exports use, and the words they stand for in a form's labels or
# names (the project's own list; a council adds its own in its data file's import_headings).
STANDARD = {
    "cin": "child in need",
    "cp": "child protection",
    "cpp": "child protection",
    "cla": "looked after",
    "lac": "looked after",
    "looked after children": "looked after",
    "name": "worker",
    "initials": "worker",
    "worker name": "worker",
    "social worker": "worker",
}
# Headings that give a worker's hours as a full-time equivalent, and the words of the field they fill.
FTE_HEADINGS = ("fte", "wte", "full time equivalent", "whole time equivalent")
FTE_FIELD = "contracted hours"
NOT_USED = ""  # a column the import leaves out
HEADER_SEARCH = 10  # rows looked at for the heading row
_STOP = {"a", "an", "and", "for", "in", "no", "number", "of", "on", "per", "the", "to"}


class ChooseColumns(FileProblem):
    """The file's headings are not exactly the form's: the page shows the mapping step, preselected
    from `proposal` (each column's heading, first values and the field proposed)."""

    def __init__(self, proposal: dict[str, Any]):
        super().__init__("file", "Choose which field each of the file's columns fills")
        self.proposal = proposal


class WrongCalculator(FileProblem):
    """A file made for another calculator: the message names it, and `calculator` lets the page link it."""

    def __init__(self, message: str, calculator: str):
        super().__init__("file", message)
        self.calculator = calculator

    def as_dict(self) -> dict[str, Any]:
        """The problem, with the calculator the file is for."""
        return {**super().as_dict(), "calculator": self.calculator}


@dataclass(frozen=True)
class Other:
    """Another calculator that takes files: its name, title and the columns its files have."""

    name: str
    title: str
    columns: tuple[Field, ...]


@dataclass(frozen=True)
class Reading:
    """What matching a file's headings needs besides the form. `chosen`: heading -> field name (or ""
    for not used) the user picked; `ask`: the page can show the mapping step (the command line cannot);
    `council`: (heading, field) pairs from the data file; `others`: the calculators a file may be for."""

    chosen: dict[str, str] = field(default_factory=dict)
    ask: bool = False
    council: tuple[tuple[str, str], ...] = ()
    full_time_hours: float | None = None
    others: Callable[[], list[Other]] = list


def reading_for(
    data_file: str | None,
    data: dict[str, Any] | None,
    chosen: Any = None,
    ask: bool = False,
    others: Callable[[], list[Other]] = list,
) -> Reading:
    """The Reading for a calculator with this data file (or a council's data) and the user's mapping
    (None, or {heading: field} from the page or a --mapping file); `ask`: the page shows the step."""
    raw = data if data is not None else (load_data(data_file) if data_file else {})
    council = check(IMPORT_HEADINGS, raw.get("import_headings", []), "import_headings")
    hours = raw.get("full_time_hours")
    return Reading(
        chosen=chosen_columns(chosen) if chosen is not None else {},
        ask=ask,
        council=tuple((e["heading"], e["field"]) for e in council),
        full_time_hours=float(hours) if isinstance(hours, (int, float)) and hours > 0 else None,
        others=others,
    )


def chosen_columns(mapping: Any) -> dict[str, str]:
    """A mapping as {heading: field}: from the page's {heading: field or ""}, or a mapping file's list
    of {"heading", "field"} (the data file's format); anything else is a problem naming the fix."""
    if isinstance(mapping, list):
        entries = check(IMPORT_HEADINGS, mapping, "mapping")
        return {e["heading"]: e["field"] for e in entries}
    if isinstance(mapping, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()):
        return dict(mapping)
    raise ConfigError(
        "mapping", 'must be a list like [{"heading": "CIN", "field": "cases_cin"}], or {"CIN": "cases_cin"}'
    )


@dataclass
class Column:
    """One column of the file: its heading, the field it fills ("" for none), and how that was found."""

    heading: str
    field: str
    how: str  # chosen | exact | council | standard | words | fte | unknown | unused | twice
    scale: float = 1.0  # a full-time equivalent times the full-time hours


def key(text: str) -> str:
    """A heading as it is compared: lower case, one space between words."""
    return " ".join(text.lower().split())


def _words(text: str) -> frozenset[str]:
    """The words of a heading, label or name, singular ("Assessments" and "assessment" are one)."""
    words = re.split(r"[^a-z0-9]+", text.lower())
    return frozenset(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words) - {
        "",
        *_STOP,
    }


def _by_words(wanted: frozenset[str], columns: list[Field]) -> str:
    """The one column whose label or name holds all these words (or whose label's words the heading
    holds); "" when none or several do."""
    if not wanted:
        return NOT_USED
    found = [c.name for c in columns if wanted <= (_words(c.label) | _words(c.name.replace("_", " ")))]
    if not found:
        found = [c.name for c in columns if _words(c.label) and _words(c.label) <= wanted]
    return found[0] if len(found) == 1 else NOT_USED


def propose(header: list[str], columns: list[Field], reading: Reading) -> list[Column]:
    """The field each heading fills, by the order in the module's docstring; a weaker match for a
    field another column already fills is left out ("twice")."""
    names = {key(k): c.name for c in columns for k in (c.name, c.label)}
    council = {key(h): names.get(key(f), "") for h, f in reading.council}
    chosen = {key(h): names.get(key(f), f) if f else NOT_USED for h, f in reading.chosen.items()}
    proposed = [_one(cell, columns, names, council, chosen, reading) for cell in header]
    strong = {c.field for c in proposed if c.how in ("chosen", "exact")}
    taken: set[str] = set()
    for column in proposed:
        if column.field and column.how not in ("chosen", "exact") and (column.field in strong or column.field in taken):
            column.field, column.how = NOT_USED, "twice"
        taken.add(column.field)
    return proposed


def _one(
    cell: str, columns: list[Field], names: dict[str, str], council: dict[str, str], chosen: dict[str, str], r: Reading
) -> Column:
    heading = key(cell)
    if heading in chosen:
        return Column(cell, chosen[heading], "chosen" if chosen[heading] else "unused", _fte(cell, chosen[heading], r))
    if heading in names:
        return Column(cell, names[heading], "exact")
    if council.get(heading):
        return Column(cell, council[heading], "council")
    if heading in FTE_HEADINGS and r.full_time_hours:
        target = _by_words(_words(FTE_FIELD), columns)
        if target:
            return Column(cell, target, "fte", r.full_time_hours)
    if heading in STANDARD:
        target = _by_words(_words(STANDARD[heading]), columns)
        if target:
            return Column(cell, target, "standard")
    target = _by_words(_words(cell), columns) if heading else NOT_USED
    return Column(cell, target, "words" if target else "unknown")


def _fte(cell: str, name: str, r: Reading) -> float:
    """A column the user chose for contracted hours whose heading says FTE is read as FTE."""
    return r.full_time_hours if name and key(cell) in FTE_HEADINGS and r.full_time_hours else 1.0


def find_header(records: list[list[str]], columns: list[Field], reading: Reading) -> tuple[int | None, bool]:
    """The heading row: the first of the first rows with cells where most cells are headings this
    calculator knows; else the first row with cells. Returns (row, found by its headings)."""
    filled = [n for n, r in enumerate(records[: HEADER_SEARCH * 5]) if any(c.strip() for c in r)][:HEADER_SEARCH]
    for n in filled:
        cells = [c for c in records[n] if c.strip()]
        known = sum(1 for c in propose(cells, columns, reading) if c.field)
        if known * 2 > len(cells):
            return n, True
    return (filled[0] if filled else None), False


def check_plan(
    proposed: list[Column], columns: list[Field], where: str, table: str | None, confirmed: bool = False
) -> list[str]:
    """Every problem with the columns: two filling one field, a required field with none (unless the
    user confirmed the columns and it has a default, which every row then takes, said in a notice), and
    then the unknown headings (with a close guess only), which are likely why. Returns the notices."""
    problems = []
    filled: dict[str, int] = {}
    labels = {c.name: c.label for c in columns}
    for n, column in enumerate(proposed):
        if not column.field:
            continue
        if column.field not in labels:
            problems.append(unknown_name_message(column.field, list(labels), "field", tuple(labels.values())))
        elif column.field in filled:
            first = proposed[filled[column.field]]
            same = key(first.heading) == key(column.heading)
            problems.append(
                f"The column {column.heading!r} appears twice (columns {filled[column.field] + 1} and {n + 1})"
                if same
                else f"The columns {first.heading!r} and {column.heading!r} both fill {labels[column.field]}: "
                "choose one, and set the other to not used"
            )
        else:
            filled[column.field] = n
    missing = [c for c in columns if c.required and c.name not in filled and not (confirmed and defaults(c))]
    problems += [f"The file has no column for {c.label} ({c.name!r})" for c in missing]
    if any(defaults(c) for c in missing):
        problems.append(
            "To give every row the form's default for a column the file does not have, confirm the columns: "
            "the page's mapping step, or --mapping FILE on the command line"
        )
    if problems and missing:
        problems += [
            unknown_name_message(c.heading, [f.name for f in columns], "column", tuple(labels.values()))
            for c in proposed
            if c.how == "unknown" and c.heading.strip()
        ]
    if problems:
        raise InputErrors([FieldError(where, p, table=table) for p in problems])
    return notices(proposed, labels)


def defaults(column: Field) -> bool:
    """Whether a confirmed import may give every row this field's default when the file lacks it."""
    return bool(column.default) and column.default_on_import


def notices(proposed: list[Column], labels: dict[str, str]) -> list[str]:
    """What the import did with headings that are not the form's own: read as a field, or left out."""
    said = []
    own = {name: {key(name), key(label)} for name, label in labels.items()}
    read = [
        f"{c.heading!r} as {labels[c.field]}"
        for c in proposed
        if c.field in labels and c.scale == 1 and key(c.heading) not in own[c.field]
    ]
    if read:
        said.append("Read the column" + ("s " if len(read) > 1 else " ") + ", ".join(read))
    for c in proposed:
        if c.field and c.scale != 1:
            hours, example = plain_number(c.scale), plain_number(round(0.8 * c.scale, 6))
            said.append(
                f"Read {c.heading!r} as {labels[c.field]}: the full-time equivalent times {hours} hours, the "
                f"full-time week in this calculator's data (0.8 {c.heading} is {example} hours)"
            )
    said += _left_out(proposed, labels)
    return said


def _left_out(proposed: list[Column], labels: dict[str, str]) -> list[str]:
    unknown = [c for c in proposed if c.how in ("unknown", "twice")]
    unused = [c for c in proposed if c.how == "unused"]
    said = []
    if unknown:
        parts = [_named(c, labels) for c in unknown]
        said.append(
            f"Left out {len(parts)} column{'s' if len(parts) > 1 else ''} this calculator does not use: "
            + ", ".join(parts)
        )
    if unused:
        said.append(
            f"Left out {len(unused)} column{'s' if len(unused) > 1 else ''} set to “not used”: "
            + ", ".join(repr(c.heading) for c in unused)
        )
    return said


def _named(column: Column, labels: dict[str, str]) -> str:
    """A left-out column, with a guess only when its heading is close to a label."""
    if not column.heading.strip():
        return "one with no heading"
    if column.how == "twice":
        return f"{column.heading!r} (another column already fills that field)"
    near = difflib.get_close_matches(key(column.heading), [key(v) for v in labels.values()], n=1, cutoff=0.8)
    guess = next((v for v in labels.values() if near and key(v) == near[0]), "")
    return f"{column.heading!r} (did you mean {guess!r}?)" if guess else repr(column.heading)


def all_exact(proposed: list[Column]) -> bool:
    """Every heading is a field's name or label: the file imports as it always has, with no step."""
    return all(c.how in ("exact", "chosen", "unused") for c in proposed if c.heading.strip())


def proposal(proposed: list[Column], body: list[list[str]], columns: list[Field], notes: list[str]) -> dict[str, Any]:
    """What the page's mapping step shows: each column with its first values and the field proposed,
    the fields it can fill, and the notices so far (a title row skipped)."""
    return {
        "columns": [
            {
                "heading": c.heading,
                "field": c.field,
                "how": c.how,
                "samples": [r[n].strip() for r in body if n < len(r) and r[n].strip()][:3],
            }
            for n, c in enumerate(proposed)
        ],
        "fields": [
            {"name": c.name, "label": c.label, "required": c.required and not defaults(c), "default": c.default}
            for c in columns
        ],
        "notices": notes,
    }


def scaled(value: str, scale: float) -> str:
    """A full-time equivalent as hours (0.8 -> 29.6 at 37 hours); text that is not a number is kept,
    for reading the answers to report at its cell."""
    number, _ = parse_number(value)
    return plain_number(round(number * scale, 6)) if number is not None else value


def meant_for(header: list[str], ours: list[Field], others: list[Other]) -> Other | None:
    """Another calculator whose columns are most of this file's headings, when ours are fewer."""
    cells = [key(c) for c in header if c.strip()]

    def exact(columns: tuple[Field, ...] | list[Field]) -> int:
        names = {key(k) for c in columns for k in (c.name, c.label)}
        return sum(1 for c in cells if c in names)

    mine = exact(ours)
    best = max(others, key=lambda o: exact(o.columns), default=None)
    if best is None or exact(best.columns) <= mine or exact(best.columns) * 2 < len(cells):
        return None
    return best


def wrong_calculator(other: Other, header: list[str]) -> WrongCalculator:
    """The problem for a file that is another calculator's."""
    shown = ", ".join(c for c in header[:4] if c.strip()) + (", …" if len(header) > 4 else "")
    return WrongCalculator(
        f"This file is for the {other.title} (its columns {shown} are that calculator's), not this one: "
        f"import it into the {other.title} instead",
        other.name,
    )
