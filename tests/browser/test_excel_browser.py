"""Excel in the browser, in Chromium: a workbook with two sheets asks which sheet to read, then
loads the team; the team saves as a workbook that Excel (here openpyxl) reads back unchanged.
openpyxl is fetched from the site only when a workbook is first used."""

from __future__ import annotations

import io

import openpyxl
import pytest
from browser_helpers import open_calculator, responses, wait_for_response

import calculators
from calculators import team as tm

pytestmark = pytest.mark.browser

PAGE = "workload/team-calculator/"
CALC = "calc-team"
COLUMNS = [c.name for c in tm.workers_table(calculators.prepare("team", {"model": "points"})[1]).columns]


def workbook() -> bytes:
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active.append(["Not the team"])
    sheet = book.create_sheet("Team")
    sheet.append(COLUMNS)
    sheet.append(["X1", 37, 3, "no", 1, 6, 5, 2, 1, 0, 0])
    sheet.append(["X2", 22.5, 2, "yes", 0, 3, 1, 1, 0, 0, 1])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_workbook_asks_for_its_sheet_then_loads_and_saves_back(page, site_url, requests_seen):
    open_calculator(page, site_url, PAGE, CALC, example=False)
    page.set_input_files(
        f"#{CALC}-import",
        files=[
            {
                "name": "team.xlsx",
                "buffer": workbook(),
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        ],
    )
    page.wait_for_selector(f"#{CALC}-sheet", timeout=120_000)
    assert page.eval_on_selector_all(f"#{CALC}-sheet option", "os => os.map(o => o.value)") == ["Notes", "Team"]
    before = responses(page, CALC)
    page.select_option(f"#{CALC}-sheet", "Team")
    page.click(f"#{CALC} [data-role=sheet-picker] button")
    wait_for_response(page, CALC, before)
    assert page.input_value(f"#{CALC}-workers-1-label") == "X2"
    assert page.input_value(f"#{CALC}-workers-1-contracted_hours") == "22.5"
    assert not any("openpyxl" in u for u in requests_seen.urls)  # reading a workbook needs only the standard library
    with page.expect_download() as info:
        page.click(f"#{CALC} [data-action=export-xlsx]")
    assert any("openpyxl" in u for u in requests_seen.urls)  # fetched from this site, when first needed to write
    assert info.value.suggested_filename.endswith(".xlsx")
    with open(info.value.path(), "rb") as handle:
        saved = openpyxl.load_workbook(io.BytesIO(handle.read()))
    rows = [list(row) for row in saved.active.iter_rows(values_only=True)]
    assert rows[0] == COLUMNS
    assert [r[0] for r in rows[1:]] == ["X1", "X2"]
