"""Excel both ways: a team's or a collation's inputs saved as .xlsx read back to the same answers
(browser import and command line); a workbook with several sheets asks which; without openpyxl the
browser is told which packages to install."""

from __future__ import annotations

import base64
import io
import json
import sys

import pytest

openpyxl = pytest.importorskip("openpyxl")

from calculators import act, prepare, run  # noqa: E402
from calculators.engine import csv_table  # noqa: E402
from calculators.hosts.browser import handle  # noqa: E402
from calculators.hosts.cli import main as cli_main  # noqa: E402


def import_xlsx(name: str, data: bytes, sheet: str = "", values: dict | None = None) -> dict:
    request = {
        "calculator": name,
        "values": values or {},
        "action": "import_file",
        "sheet": sheet,
        "payload": base64.b64encode(data).decode(),
        "filename": "team.xlsx",
    }
    return json.loads(handle(json.dumps(request)))


@pytest.mark.parametrize("name", ["team", "supervision_collate"])
def test_saved_workbook_imports_to_the_same_answers(name, tmp_path, capsys):
    calc, settings = prepare(name)
    values = calc.example(settings)
    table = calc.CSV_TABLE
    values[table][0][next(iter(values[table][0]))] = '=HYPERLINK("http://x","y")'
    saved = act(name, "export_xlsx", values)
    assert saved["ok"] and saved["download"]["filename"].endswith(".xlsx")
    data = base64.b64decode(saved["download"]["base64"])
    book = openpyxl.load_workbook(io.BytesIO(data))
    cell = book.active.cell(row=2, column=1)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")  # text, never a live formula
    back = import_xlsx(name, data, values=values)
    assert back["ok"], back
    assert back["values"][table] == [{k: str(v) for k, v in r.items()} for r in values[table]]
    path = tmp_path / "inputs.xlsx"
    path.write_bytes(data)
    assert cli_main(name, [str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["result"] == run(name, back["values"])["result"]


def workbook(*sheets: str) -> bytes:
    book = openpyxl.Workbook()
    book.active.title = sheets[0]
    for title in sheets[1:]:
        book.create_sheet(title)
    cols = [c.name for c in csv_table(*prepare("team")).columns]
    for sheet in book.worksheets:
        sheet.append(cols)
        sheet.append([f"{sheet.title} A", 37, 3, "no", 2, 6, 5, 4, 1, 1, 0, "available"])
        sheet.append([None] * len(cols))  # Excel's empty rows at the end
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_several_sheets_ask_which_then_read_the_chosen_one(tmp_path, capsys):
    data = workbook("Notes", "Team B")
    asked = import_xlsx("team", data)
    assert not asked["ok"] and asked["choose_sheet"] == ["Notes", "Team B"]
    chosen = import_xlsx("team", data, sheet="Team B")
    assert chosen["ok"] and chosen["values"]["workers"][0]["label"] == "Team B A"
    assert chosen["values"]["workers"][0]["contracted_hours"] == "37"  # a number cell reads as 37, not 37.0
    path = tmp_path / "two.xlsx"
    path.write_bytes(data)
    assert cli_main("team", [str(path)]) == 1
    assert "choose one (Notes, Team B)" in capsys.readouterr().err
    assert cli_main("team", [str(path), "--sheet", "Team B"]) == 0


def test_a_damaged_workbook_gets_a_message():
    out = import_xlsx("team", b"PK\x03\x04" + b"\x00" * 100)
    assert not out["ok"] and "could not be opened" in out["errors"][0]["message"]


def test_without_openpyxl_a_workbook_still_imports_and_saving_one_says_what_to_install(monkeypatch):
    """Reading is standard library only; writing a workbook asks the browser for openpyxl."""
    data = workbook("Team")  # made with openpyxl, which may load parts of itself lazily
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # as in the browser before it is installed
    out = import_xlsx("team", data)
    assert out["ok"] and out["values"]["workers"][0]["label"] == "Team A"
    assert act("team", "export_xlsx", prepare("team")[0].example(prepare("team")[1]))["needs"] == [
        "openpyxl",
        "et_xmlfile",
    ]
