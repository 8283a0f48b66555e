"""The import's mapping step in Chromium (issue 18, item 1): a case-system workbook with a title row and
its own headings ("Worker", "FTE", "CIN", "CP", "LAC", "Court", "Role", "Total", "Status") imports
through one confirmation and gives the numbers native Python gives for the same columns; two columns
filling one field are refused in the GOV.UK pattern before anything is imported; the choice can be
remembered; and a file with the form's own headings still imports with no step at all."""

from __future__ import annotations

import base64
import time

import pytest
from browser_helpers import axe_violations, import_files, open_calculator, result_of, workbook_bytes

import calculators

pytestmark = [pytest.mark.browser]

PAGE, CALC = "workload/team-calculator/", "calc-team"
OPTIONS = {"model": "points"}
HEADINGS = ["Worker", "FTE", "CIN", "CP", "LAC", "Court", "Role", "Total", "Status"]
TEAM = [
    ["MN", 1, 4, 3, 2, 1, "Social worker", 9, "Available"],
    ["AB", 0.8, 3, 2, 1, 0, "Social worker", 6, "Available"],
    ["CD", 0.6, 2, 1, 1, 0, "ASYE", 4, "Available"],
]
STEP = f"#{CALC} [data-role=column-mapping]"


def export_workbook() -> bytes:
    """What a case system exports: a title row, then its own headings."""
    return workbook_bytes([["Team caseloads, week 12"], HEADINGS, *TEAM], sheet="Caseloads")


def choose(page, heading: str, field: str) -> None:
    page.select_option(f"{STEP} select[data-heading='{heading}']", field)


def native(data: bytes, mapping: dict, current: dict) -> dict:
    """Native Python, given the same file, the same columns and the form's answers before the import."""
    payload = base64.b64encode(data).decode()
    imported = calculators.act(
        "team", "import_file", current, OPTIONS, payload=payload, filename="export.xlsx", mapping=mapping
    )
    assert imported["ok"], imported
    return imported


def test_a_case_system_export_imports_through_the_mapping_with_one_confirmation(page, site_url):
    open_calculator(page, site_url, PAGE, CALC, example=False)
    data = export_workbook()
    current = page.evaluate("id => window.toolkitCalculators.calculators.get(id).values()", CALC)
    before = int(page.get_attribute(f"#{CALC}", "data-imports") or 0)
    started = time.perf_counter()
    page.set_input_files(
        f"#{CALC}-import",
        files=[{"name": "export.xlsx", "mimeType": "application/octet-stream", "buffer": data}],
    )
    page.wait_for_selector(STEP)
    shown = time.perf_counter() - started
    preselected = page.eval_on_selector_all(
        f"{STEP} select[data-heading]", "els => Object.fromEntries(els.map(e => [e.dataset.heading, e.value]))"
    )
    assert preselected["Worker"] == "label" and preselected["FTE"] == "contracted_hours"
    assert (preselected["CIN"], preselected["CP"], preselected["LAC"]) == ("cases_cin", "cases_cp", "cases_cla")
    assert preselected["Court"] == "extra_court"
    assert preselected["Role"] == preselected["Total"] == ""
    assert "Team caseloads, week 12" in page.inner_text(STEP)  # the title row skipped, and said
    assert axe_violations(page) == []
    # Two columns for one field: refused at the choice, nothing imported
    choose(page, "Total", "cases_cin")
    page.click(f"{STEP} [data-role=use-columns]")
    summary = page.inner_text(f"{STEP} .calc-mapping__summary")
    assert "“Total” and “CIN” both fill Child in need" in summary
    assert page.get_attribute(f"{STEP} select[data-heading='Total']", "aria-invalid") == "true"
    assert int(page.get_attribute(f"#{CALC}", "data-imports") or 0) == before
    choose(page, "Total", "")
    page.check(f"{STEP} [data-role=remember-columns]")
    confirmed = time.perf_counter()
    page.click(f"{STEP} [data-role=use-columns]")
    page.wait_for_function(
        "([id, n]) => Number(document.getElementById(id).dataset.imports || 0) > n", arg=[CALC, before]
    )
    page.wait_for_selector(f"#{CALC}[data-state=calculated]", state="attached")
    imported_in = time.perf_counter() - confirmed
    assert page.locator(STEP).count() == 0
    mapping = page.evaluate("id => window.toolkitCalculators.calculators.get(id).columnMapping.remembered()", CALC)
    assert mapping["FTE"] == "contracted_hours" and mapping["Total"] == ""
    expected = native(data, mapping, current)
    assert result_of(page, CALC) == calculators.run("team", expected["values"], OPTIONS)["result"]
    hours = [w["contracted_hours"] for w in expected["values"]["workers"]]
    assert hours == ["37", "29.6", "22.2"]  # FTE x the data's 37 full-time hours
    status = page.inner_text(f"#{CALC} [data-role=result-status]")
    assert "full-time equivalent times 37 hours" in status and "'Role'" in status
    print(f"mapping step shown {shown:.2f} s after choosing the file; result {imported_in:.2f} s after confirming")


def test_remembered_columns_preselect_the_next_file_and_the_form_headings_need_no_step(page, site_url):
    open_calculator(page, site_url, PAGE, CALC, example=False)
    page.evaluate(
        "id => window.toolkitCalculators.calculators.get(id).columnMapping.remember({Role: 'label', Worker: ''})", CALC
    )
    page.set_input_files(
        f"#{CALC}-import",
        files=[{"name": "export.xlsx", "mimeType": "application/octet-stream", "buffer": export_workbook()}],
    )
    page.wait_for_selector(STEP)
    assert page.input_value(f"{STEP} select[data-heading='Role']") == "label"
    assert page.input_value(f"{STEP} select[data-heading='Worker']") == ""
    page.click(f"{STEP} [data-role=cancel-columns]")
    assert page.locator(STEP).count() == 0
    settings = calculators.prepare("team", OPTIONS)[1]
    columns = calculators.engine.csv_table(calculators.get("team"), settings).columns
    own = ",".join(c.name for c in columns)
    given = {"label": "P1", "contracted_hours": "37", "protected_hours": "3", "asye": "no", "status": "available"}
    row = ",".join(given.get(c.name, "2") for c in columns)
    import_files(page, CALC, [("team.csv", f"{own}\n{row}\n")])
    assert page.locator(STEP).count() == 0
    assert page.input_value(f"#{CALC}-workers-0-label") == "P1"
