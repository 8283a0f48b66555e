"""The hybrid working self-assessment in Chromium: Python in the browser gives what native Python gives,
the "suggested actions" button fills the plan, the plan is edited and downloaded, and a half-finished
assessment (plan included) survives a reload."""

from __future__ import annotations

import pytest
from browser_helpers import errors_of, fill, fill_table, open_calculator, responses, result_of, wait_for_response

import calculators
from calculators import act, run
from calculators import hybrid as hy

pytestmark = [pytest.mark.browser, pytest.mark.shared_page]

PAGE = "hybrid-working/self-assessment/"
CALC = "calc-hybrid"
SETTINGS = calculators.prepare("hybrid")[1]
EXAMPLE = hy.example(SETTINGS)
COLUMNS = [name for name, _ in hy.PLAN_COLUMNS]


def plan_on_page(page) -> list[dict]:
    rows = page.locator(f"#{CALC} [data-table=plan] tbody tr[data-row]")
    return [{c: page.input_value(f"#{CALC}-plan-{i}-{c}") for c in COLUMNS} for i in range(rows.count())]


def test_example_matches_native(page, site_url):
    open_calculator(page, site_url, PAGE, CALC)
    assert result_of(page, CALC) == run("hybrid", EXAMPLE)["result"]


def test_suggested_actions_fill_the_plan_and_everything_matches_native(page, site_url):
    open_calculator(page, site_url, PAGE, CALC)
    ratings = {"rating_team_agreement": "1", "rating_meetings": "4", "rating_technology": "2"}
    fill(page, CALC, ratings)
    before = responses(page, CALC)
    page.click(f"#{CALC} [data-action=act][data-act=suggest_plan]")
    wait_for_response(page, CALC, before)
    expected_values = act("hybrid", "suggest_plan", {**EXAMPLE, **ratings})["values"]
    assert plan_on_page(page) == expected_values["plan"]
    assert result_of(page, CALC) == run("hybrid", expected_values)["result"]
    # the user edits a suggested row, then downloads the plan
    plan = expected_values["plan"]
    plan[1]["owner"] = "=Head of service"  # formula-like text is made safe in the CSV
    plan[1]["by_when"] = "2026-09-30"  # a date field: the date box takes year-month-day
    fill_table(page, CALC, "plan", plan)
    native = run("hybrid", {**expected_values, "plan": plan})
    assert result_of(page, CALC) == native["result"]
    with page.expect_download() as info:
        page.locator(f"#{CALC} [data-role=downloads] button", has_text="development plan (CSV)").click()
    with open(info.value.path(), encoding="utf-8-sig", newline="") as handle:
        text = handle.read()
    assert text == native["downloads"][0]["text"] and "'=Head of service" in text
    with page.expect_download() as info:
        page.locator(f"#{CALC} [data-role=downloads] button", has_text="Markdown").click()
    with open(info.value.path(), encoding="utf-8-sig", newline="") as handle:
        assert handle.read() == native["downloads"][1]["text"]
    assert page.locator(f"#{CALC} [data-action=print]").is_visible()


def test_plan_row_errors_show_at_the_cell(page, site_url):
    open_calculator(page, site_url, PAGE, CALC)
    plan = [{**EXAMPLE["plan"][0], "action": ""}]
    fill_table(page, CALC, "plan", plan)
    native = run("hybrid", {**EXAMPLE, "plan": plan})
    assert errors_of(page, CALC) == {f"{CALC}-plan-0-action": "Row 1: Enter the action"}
    assert [e["message"] for e in native["errors"]] == ["Row 1: Enter the action"]


def test_nothing_to_suggest_is_explained(page, site_url):
    open_calculator(page, site_url, PAGE, CALC)
    fill(page, CALC, {f"rating_{c.id}": "4" for c in SETTINGS.conditions})
    page.click(f"#{CALC} [data-action=act][data-act=suggest_plan]")
    page.wait_for_selector(f"#{CALC} [data-role=summary]:not([hidden])")
    first = SETTINGS.conditions[0].id
    assert "nothing to suggest" in errors_of(page, CALC)[f"{CALC}-rating_{first}"]


def test_a_half_finished_assessment_and_plan_survive_a_reload(page, site_url):
    open_calculator(page, site_url, PAGE, CALC)
    fill(
        page,
        CALC,
        {"rating_meetings": "2", "notes_meetings": "Back-to-back calls most days", "scope": "Kept team"},
    )
    plan = [
        *EXAMPLE["plan"],
        {
            "condition": "connection",
            "action": "Monthly team day",
            "owner": "",
            "by_when": "",
            "how_we_will_know": "",
        },
    ]
    fill_table(page, CALC, "plan", plan)
    expected = result_of(page, CALC)
    page.reload()
    page.wait_for_selector(f"#{CALC}[data-state=calculated]", state="attached")
    assert page.is_checked(f"#{CALC}-rating_meetings-2")
    assert page.input_value(f"#{CALC}-notes_meetings") == "Back-to-back calls most days"
    assert plan_on_page(page) == plan
    assert result_of(page, CALC) == expected
