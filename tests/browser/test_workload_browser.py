"""The individual workload calculator in Chromium: Python in the browser gives exactly what
native Python gives, for good input and bad."""

from __future__ import annotations

import pytest
from browser_helpers import errors_of, fill, open_calculator, result_of, summary_of

import calculators
from calculators import run

pytestmark = [pytest.mark.browser, pytest.mark.shared_page]

PAGE = "workload/individual-calculator/"
CALC = "calc-workload"  # model=both: one worker's cases, both models side by side
OPTIONS = {"model": "both"}
EXAMPLE = calculators.prepare("workload")[0].example(calculators.prepare("workload", OPTIONS)[1])

GOOD = [
    {},
    {"cases_cin": "10", "cases_cp": "0"},
    {"contracted_hours": "22.5", "asye": "yes"},
    {"cases_proceedings": "4", "supervision_hours": "2", "other_hours": "3.5"},
    {"cases_assessment": "0", "cases_cin": "0", "cases_cp": "0", "cases_cla": "0", "cases_proceedings": "0"},
]
BAD = [
    {"contracted_hours": "0"},
    {"contracted_hours": ""},
    {"cases_cin": "abc", "cases_cp": "-2"},
    {"cases_cla": "99999999"},
    {"contracted_hours": "20", "training_hours": "25"},
]


@pytest.mark.parametrize("changes", GOOD)
def test_browser_result_equals_native(page, site_url, changes):
    open_calculator(page, site_url, PAGE, CALC)
    fill(page, CALC, changes)
    assert result_of(page, CALC) == run("workload", {**EXAMPLE, **changes}, OPTIONS)["result"]


@pytest.mark.parametrize("changes", BAD)
def test_browser_errors_equal_native_and_nothing_is_lost(page, site_url, changes):
    open_calculator(page, site_url, PAGE, CALC)
    fill(page, CALC, changes)
    native = run("workload", {**EXAMPLE, **changes}, OPTIONS)
    assert not native["ok"]
    expected = {f"{CALC}-{e['field']}": e["message"] for e in native["errors"]}
    assert errors_of(page, CALC) == expected
    assert summary_of(page, CALC) == [e["message"] for e in native["errors"]]
    # the summary takes focus (GOV.UK pattern) and what the user typed is still there
    assert page.evaluate("document.activeElement.dataset.role") == "summary"
    for name, value in changes.items():
        assert page.input_value(f"#{CALC}-{name}") == value
    # the field is marked invalid for assistive technology
    first = native["errors"][0]["field"]
    assert page.get_attribute(f"#{CALC}-{first}", "aria-invalid") == "true"


def test_summary_link_moves_focus_to_the_field(page, site_url):
    open_calculator(page, site_url, PAGE, CALC)
    fill(page, CALC, {"contracted_hours": "x"})
    page.click(f"#{CALC} [data-role=summary] a")
    assert page.evaluate("document.activeElement.id") == f"{CALC}-contracted_hours"


def test_typing_updates_the_result_without_pressing_calculate(page, site_url):
    open_calculator(page, site_url, PAGE, CALC)
    page.fill(f"#{CALC}-cases_cin", "20")
    page.wait_for_function(
        "id => JSON.parse(document.querySelector(`#${id} [data-role=result]`).dataset.result).points.cases === 30",
        arg=CALC,
    )
    assert "Overloaded" in page.inner_text(f"#{CALC} .calc-headline")


def test_answers_survive_reload_and_clear_removes_them(page, site_url):
    open_calculator(page, site_url, PAGE, CALC)
    fill(page, CALC, {"cases_cp": "7", "asye": "yes"})
    expected = result_of(page, CALC)
    page.reload()
    page.wait_for_selector(f"#{CALC}[data-state=calculated]", state="attached")
    assert page.input_value(f"#{CALC}-cases_cp") == "7"
    assert page.is_checked(f"#{CALC}-asye-yes")
    assert result_of(page, CALC) == expected
    page.click(f"#{CALC} [data-action=clear]")
    # cleared to blank, not to the example, and the example's result is labelled as such again
    assert all(page.input_value(f"#{CALC}-{name}") == "" for name in EXAMPLE if name != "asye")
    assert not page.is_checked(f"#{CALC}-asye-yes") and not page.is_checked(f"#{CALC}-asye-no")
    assert page.is_visible(f"#{CALC} [data-role=example-tag]")
    assert page.inner_text(f"#{CALC} [data-role=result-title]") == "Example result"
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('swwt:'))") == []
    assert page.locator(f"#{CALC} .calc-error-message:not([hidden])").count() == 0
    # "Undo clear" brings every answer back, and keeps them again
    page.click(f"#{CALC} [data-action=undo-clear]")
    page.wait_for_selector(f"#{CALC} [data-role=example-tag]", state="hidden")
    assert page.input_value(f"#{CALC}-cases_cp") == "7" and page.is_checked(f"#{CALC}-asye-yes")
    assert result_of(page, CALC) == expected
    assert len(page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('swwt:'))")) == 1


def test_the_form_starts_blank_with_the_example_result_labelled(page, site_url):
    open_calculator(page, site_url, PAGE, CALC, example=False)
    assert all(page.input_value(f"#{CALC}-{name}") == "" for name in EXAMPLE if name != "asye")
    assert page.is_visible(f"#{CALC} [data-role=example-tag]")
    assert "Example result" in page.inner_text(f"#{CALC} .calc-result__title")
    # a blank form shows no error summary and no "Enter …" messages, even after typing one answer
    page.fill(f"#{CALC}-cases_cin", "3")
    page.wait_for_function(
        "id => /still blank/.test(document.querySelector(`#${id} [data-role=result-status]`).textContent)", arg=CALC
    )
    assert page.is_hidden(f"#{CALC} [data-role=summary]")
    assert errors_of(page, CALC) == {}
    # the example is filled in only on purpose
    page.click(f"#{CALC} [data-action=example]")
    page.wait_for_selector(f"#{CALC} [data-role=example-tag]", state="hidden")
    assert page.input_value(f"#{CALC}-cases_cin") == EXAMPLE["cases_cin"]
    assert result_of(page, CALC) == run("workload", EXAMPLE, OPTIONS)["result"]
    assert "example" in page.inner_text(f"#{CALC} [data-role=result-status]")
    # pressing Calculate on an unfinished form lists what is missing
    page.click(f"#{CALC} [data-action=clear]")
    page.fill(f"#{CALC}-cases_cin", "3")
    page.click(f"#{CALC} button[type=submit]")
    page.wait_for_selector(f"#{CALC} [data-role=summary]:not([hidden])")
    assert "Enter contracted hours" in summary_of(page, CALC)


def test_both_models_show_side_by_side_with_which_to_use(page, site_url):
    open_calculator(page, site_url, PAGE, CALC)
    fill(page, CALC, {"cases_proceedings": "4"})
    native = run("workload", {**EXAMPLE, "cases_proceedings": "4"}, OPTIONS)
    got = result_of(page, CALC)
    assert got == native["result"]
    assert got["points"]["model"] == "points" and got["time"]["model"] == "time"
    shown = page.inner_text(f"#{CALC} [data-role=result]")
    assert "Points model" in shown and "Time model" in shown
    assert "Use the model your council has adopted" in shown
    assert page.locator("[data-calculator=workload]").count() == 1  # one form, not two
