"""The saved-answers file: "Save my answers" writes it, and import reads it back.

A calculator whose data is only a table (observations) saves that table as CSV (or an Excel
workbook); the others save their answers as JSON under INPUTS_FORMAT, and a calculator with a table
and other answers (the team) offers both: the JSON file with every answer, and the table's CSV for a
spreadsheet. Either way, importing the file gives back the same raw values.

The team's answers file can carry more than the form (see inputs_file): the column mapping the
browser remembers ("mapping") and the weeks it saved ("history", a list of snapshots). Its history
alone is a file of its own under HISTORY_FORMAT, to move to another computer.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import re
from typing import Any

from ..kit.contract import Calculator
from ..kit.fields import Field, Table
from ..kit.report import Download
from . import excel
from .csv_files import undo_safe_cell, write_csv
from .limits import FileProblem
from .records import file_table, names_by_heading

# What this toolkit writes when a user saves their answers (see inputs_file), and reads back.
INPUTS_FORMAT = "social-work-workload-toolkit/inputs"
# A team's weekly snapshots on their own (the history's "Export" and "Import").
HISTORY_FORMAT = "social-work-workload-toolkit/team-history"


def inputs_file(name: str, values: dict[str, Any], extras: dict[str, Any] | None = None) -> str:
    """A saved-answers file: the raw values exactly as the form holds them, which `load` reads back.
    `extras` are kept beside the values: "mapping" (the remembered column mapping) and "history"
    (saved weeks), which the browser restores; reading the answers ignores them."""
    record = {"format": INPUTS_FORMAT, "version": 1, "calculator": name, "values": values}
    record.update({k: v for k, v in (extras or {}).items() if k in ("mapping", "history") and v})
    return json.dumps(record, indent=2, ensure_ascii=False) + "\n"


def history_file(name: str, team_name: str, snapshots: list[dict[str, Any]]) -> str:
    """A history file: every saved week (answers and figures), oldest first."""
    record = {
        "format": HISTORY_FORMAT,
        "version": 1,
        "calculator": name,
        "team_name": team_name,
        "snapshots": sorted(snapshots, key=lambda s: str(s.get("week", ""))),
    }
    return json.dumps(record, indent=2, ensure_ascii=False) + "\n"


def read_history(name: str, text: str, where: str) -> dict[str, Any]:
    """The saved weeks and mapping in a history file or an answers file: {"team_name", "snapshots",
    "mapping"} (each snapshot still to be checked by the calculator). FileProblem names a file that is
    neither, or is another calculator's."""
    try:
        record = json.loads(text)
    except ValueError:
        raise FileProblem("history", f"{where} is not a history file: it is not JSON") from None
    kind = record.get("format") if isinstance(record, dict) else None
    if kind not in (HISTORY_FORMAT, INPUTS_FORMAT):
        raise FileProblem("history", f"{where} is not a history file or a saved-answers file from this toolkit")
    if record.get("calculator") != name:
        owner = str(record.get("calculator"))[:40]
        raise FileProblem("history", f"{where} was saved by another calculator ({owner!r}), not {name!r}")
    snapshots = record.get("snapshots" if kind == HISTORY_FORMAT else "history") or []
    if not isinstance(snapshots, list):
        raise FileProblem("history", f"{where}: its saved weeks must be a list")
    values = record.get("values") if isinstance(record.get("values"), dict) else {}
    mapping = record.get("mapping")
    return {
        "team_name": str(record.get("team_name") or values.get("team_name") or ""),
        "snapshots": snapshots,
        "mapping": mapping if isinstance(mapping, (dict, list)) else None,
    }


def unwrap_saved(calc: Calculator, record: dict[str, Any], where: str) -> dict[str, Any]:
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


def inputs_workbook(calc: Calculator, items: tuple[Field | Table, ...], values: dict[str, Any]) -> dict[str, Any]:
    """The table's inputs as an Excel workbook (bytes as base64), which import reads back."""
    table = file_table(calc, items)
    if table is None:
        raise FileProblem("file", f"{calc.NAME} has no table to save as a workbook; save your answers instead")
    saved = _table_download(calc, table, values)
    rows = list(csv.DictReader(io.StringIO(saved.text)))  # the same rows and columns as the CSV
    numeric = {c.name for c in table.columns if c.kind in ("number", "whole")}
    rows = [{k: _cell_value(undo_safe_cell(v), k in numeric) for k, v in r.items()} for r in rows]
    data = excel.write_xlsx(rows, [c.name for c in table.columns], table.label)
    return {
        "label": f"Save {table.label.lower()} as an Excel workbook",
        "kind": "inputs",
        "mime": excel.MIME,
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


def inputs_downloads(calc: Calculator, items: tuple[Field | Table, ...], values: dict[str, Any]) -> list[Download]:
    """ "Save my answers", first, and for a calculator with a table and other answers (the team) the
    table's CSV for a spreadsheet after it (a CSV cannot hold the answers beside the table)."""
    table = file_table(calc, items)
    first = inputs_download(calc, items, values)
    if table is None or all(isinstance(i, Table) for i in items):
        return [first]
    return [first, _table_download(calc, table, values, all_table=False)]


def inputs_download(calc: Calculator, items: tuple[Field | Table, ...], values: dict[str, Any]) -> Download:
    """ "Save my answers": for a calculator whose data is only a table (observations), a CSV of that
    table with every column, which a spreadsheet opens and import reads back; for the others, their
    answers as JSON. Either way, importing it gives back the same raw values."""
    table = file_table(calc, items)
    if table is None or not all(isinstance(i, Table) for i in items):
        known = {i.name for i in items}
        answers = {k: v for k, v in values.items() if k in known}
        return Download(
            "Save my answers (JSON)",
            f"{calc.NAME.replace('_', '-')}-answers.json",
            "application/json",
            lambda: inputs_file(calc.NAME, answers),  # made only when asked for
            kind="inputs",
        )
    return _table_download(calc, table, values)


def _table_download(calc: Calculator, table: Table, values: dict[str, Any], all_table: bool = True) -> Download:
    """The table as CSV with every column, which a spreadsheet opens and import reads back: the saved
    answers when the table is all of them, else kind "table" (the answers file is the JSON one)."""
    return Download(
        f"Save {table.label.lower()} as a file to import later (CSV)"
        if all_table
        else f"Save {table.label.lower()} as CSV for a spreadsheet",
        f"{calc.NAME.replace('_', '-')}-{table.name}.csv",
        "text/csv",
        lambda: _table_csv(table, values),
        kind="inputs" if all_table else "table",
    )  # made only when asked for


def _table_csv(table: Table, values: dict[str, Any]) -> str:
    names = names_by_heading(list(table.columns))
    rows = []
    for raw in values.get(table.name) or []:
        if isinstance(raw, dict) and any(str(v).strip() for v in raw.values() if v is not None):
            rows.append({names.get(str(k).strip().lower(), str(k)): v for k, v in raw.items()})
    return write_csv(rows, [c.name for c in table.columns])
