"""The comparison with the DfE's published figures in Chromium: a file in the department's shape (made-up
test figures, tests/workforce_indicators_helpers.py) is loaded, the council list is the file's la_name
values, and choosing a council shows the years side by side for it, its region and England, with the
numbers native Python gives."""

from __future__ import annotations

import pytest
from browser_helpers import errors_of, open_calculator, responses, result_of, wait_for_response
from workforce_indicators_helpers import indicators_csv

from calculators import run

pytestmark = [pytest.mark.browser, pytest.mark.shared_page]

PAGE = "workforce-planning/workforce-calculator/"
CALC = "calc-workforce_comparison"


def load_file(page, text: str, name: str = "csww_indicators_2017_to_2023.csv") -> None:
    before = responses(page, CALC)
    page.set_input_files(f"#{CALC}-indicators", files=[{"name": name, "mimeType": "text/csv", "buffer": text.encode()}])
    wait_for_response(page, CALC, before)


def test_load_the_file_pick_a_council_and_see_the_years_side_by_side(page, site_url):
    open_calculator(page, site_url, PAGE, CALC, example=False)
    text = indicators_csv()
    load_file(page, text)
    assert "csww_indicators_2017_to_2023.csv is loaded (10 rows)" in page.inner_text(f"#{CALC}-indicators-status")
    select = page.locator(f"#{CALC}-council")
    assert select.evaluate("e => e.tagName") == "SELECT"
    assert select.locator("option").all_inner_texts() == ["Choose your council", "Ashdown", "Brookfield"]
    before = responses(page, CALC)
    select.select_option("Ashdown")
    wait_for_response(page, CALC, before)
    native = run("workforce_comparison", {"indicators": text, "council": "Ashdown"})
    assert result_of(page, CALC) == native["result"]
    shown = page.inner_text(f"#{CALC} [data-role=result]")
    assert "Ashdown beside North East and England, 2022 to 2023." in shown
    table = page.locator(f"#{CALC} [data-role=result] table").first
    assert table.locator("thead th").all_inner_texts() == ["Area", "2022", "2023"]
    rows = [r.split("\t") for r in table.locator("tbody tr").all_inner_texts()]
    assert rows[0] == ["Ashdown", "22.5%", "21.0%"] and rows[2] == ["England", "20.0%", "19.0%"]
    assert rows[3] == ["Ashdown compared with England (points)", "+2.5", "+2.0"]


def test_another_file_is_named_next_to_the_file_control(page, site_url):
    open_calculator(page, site_url, PAGE, CALC, example=False)
    load_file(page, "Worker,FTE,CIN\nMN,1,12\n", "team.csv")
    assert errors_of(page, CALC)[f"{CALC}-indicators"].startswith("This is not the DfE's indicators file")
