"""The saved-answers file: "Save my answers" writes it, and import reads it back.

A calculator whose data is a table (a team, observations) saves that table as CSV (or an Excel
workbook); the others save their answers as JSON under INPUTS_FORMAT. Either way, importing the file
gives back the same raw values.
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


def inputs_file(name: str, values: dict[str, Any]) -> str:
    """A saved-answers file: the raw values exactly as the form holds them, which `load` reads back."""
    record = {"format": INPUTS_FORMAT, "version": 1, "calculator": name, "values": values}
    return json.dumps(record, indent=2, ensure_ascii=False) + "\n"


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
    saved = inputs_download(calc, items, values)
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


def inputs_download(calc: Calculator, items: tuple[Field | Table, ...], values: dict[str, Any]) -> Download:
    """ "Save my answers": for a calculator whose data is a table (a team, observations), a CSV of that
    table with every column, which a spreadsheet opens and import reads back; for the others, their
    answers as JSON. Either way, importing it gives back the same raw values."""
    table = file_table(calc, items)
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
    names = names_by_heading(list(table.columns))
    rows = []
    for raw in values.get(table.name) or []:
        if isinstance(raw, dict) and any(str(v).strip() for v in raw.values() if v is not None):
            rows.append({names.get(str(k).strip().lower(), str(k)): v for k, v in raw.items()})
    return write_csv(rows, [c.name for c in table.columns])
