"""The admin support, workforce planning and AI readiness calculators in Chromium: Python in the
browser gives exactly what native Python gives, for the worked example, a changed input and bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_helpers import errors_of, fill, open_calculator, result_of, submit, summary_of
from registry_helpers import calculator_pages

import calculators
from calculators import run

pytestmark = [pytest.mark.browser, pytest.mark.shared_page]


def example(name: str) -> dict:
    calc, settings = calculators.prepare(name)
    return calc.example(settings)


# calculator -> (a changed input that gives a different result, bad input); the page is where content/ places it
CASES = {
    "admin_support": (
        {"social_workers": "45", "support_ratio": "4", "social_worker_salary": "45500"},
        {"social_workers": "0", "support_ratio": "abc"},
    ),
    "workforce": (
        {"filled_fte": "95", "turnover_percent": "15.5", "years": "5"},
        {"filled_fte": "130", "agency_cost": ""},
    ),
    "ai_check": (
        {"review": "some", "bias": "checked", "accountability": "nobody"},
        None,  # radios cannot be typed into; see test_ai_check_unanswered_question_shows_at_the_field
    ),
}

PAGES = calculator_pages()


def test_every_calculator_is_driven_by_a_browser_test():
    """A calculator without a browser file of its own gets its cases here; one with neither fails."""
    others = [
        p.read_text(encoding="utf-8")
        for p in Path(__file__).parent.glob("test_*_browser.py")
        if p.name != Path(__file__).name
    ]
    untested = [
        n for n in calculators.CALCULATORS if n not in CASES and not any(f"calc-{n}" in text for text in others)
    ]
    assert not untested, f"no browser test drives {untested}: add its cases to CASES above"


@pytest.mark.parametrize("name", list(CASES))
def test_example_and_changed_input_match_native(page, site_url, name):
    path, (changes, _) = PAGES[name], CASES[name]
    calc_id = f"calc-{name}"
    open_calculator(page, site_url, path, calc_id)
    assert result_of(page, calc_id) == run(name, example(name))["result"]
    fill(page, calc_id, changes)
    expected = run(name, {**example(name), **changes})
    assert expected["ok"]
    assert expected["result"] != run(name, example(name))["result"]
    assert result_of(page, calc_id) == expected["result"]


@pytest.mark.parametrize("name", [n for n, case in CASES.items() if case[1]])
def test_bad_input_shows_the_message_at_the_field(page, site_url, name):
    path, (_, bad) = PAGES[name], CASES[name]
    calc_id = f"calc-{name}"
    open_calculator(page, site_url, path, calc_id)
    fill(page, calc_id, bad)
    native = run(name, {**example(name), **bad})
    assert not native["ok"]
    assert errors_of(page, calc_id) == {f"{calc_id}-{e['field']}": e["message"] for e in native["errors"]}
    assert summary_of(page, calc_id) == [e["message"] for e in native["errors"]]
    first = native["errors"][0]["field"]
    assert page.get_attribute(f"#{calc_id}-{first}", "aria-invalid") == "true"
    for field, value in bad.items():  # what the user typed is kept
        assert page.input_value(f"#{calc_id}-{field}") == value


def test_ai_check_unanswered_question_shows_at_the_field(page, site_url):
    calc_id = "calc-ai_check"
    open_calculator(page, site_url, PAGES["ai_check"], calc_id)
    page.evaluate(
        """id => document.querySelectorAll(`#${id} input[type=radio][name=review]`)
                   .forEach(radio => { radio.checked = false; })""",
        calc_id,
    )
    submit(page, calc_id)
    native = run("ai_check", {**example("ai_check"), "review": ""})
    assert errors_of(page, calc_id) == {f"{calc_id}-review": "Select whether a practitioner approves every output"}
    assert summary_of(page, calc_id) == [e["message"] for e in native["errors"]]


def test_download_matches_native(page, site_url):
    calc_id = "calc-admin_support"
    open_calculator(page, site_url, PAGES["admin_support"], calc_id)
    changes = CASES["admin_support"][0]
    fill(page, calc_id, changes)
    downloads = run("admin_support", {**example("admin_support"), **changes})["downloads"]
    [expected] = [d for d in downloads if d["kind"] != "inputs"]
    button = page.locator(f"#{calc_id} [data-role=downloads] button", has_text=expected["label"])
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename == expected["filename"]
    with open(download.path(), encoding="utf-8-sig", newline="") as saved:
        assert saved.read() == expected["text"]
