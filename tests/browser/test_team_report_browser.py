"""The team calculator's report for a service manager, in Chromium: a team of 12 with a worker off
sick who still holds cases (their cases show as needing cover, outside the team's capacity, with no
distorted bar), the result from the team alone (no next-case answer), the printed report (1-2 A4
pages, the team, its week and the comments), and the browser's own Print (Ctrl+P), which prints the
user's result and never the worked example of the calculator below it."""

from __future__ import annotations

import pytest
from browser_helpers import (
    axe_violations,
    errors_of,
    fill,
    fill_table,
    import_files,
    open_calculator,
    pdf_pages,
    result_of,
)

import calculators
from calculators import run
from calculators import team as tm
from calculators.io.answers import inputs_file

pytestmark = [pytest.mark.browser, pytest.mark.shared_page]

PAGE = "workload/team-calculator/"
CALC = "calc-team"  # model=points
PROBATION = "calc-team-2"  # model=probation, lower on the same page, showing its worked example
SETTINGS = calculators.prepare("team", {"model": "points"})[1]
COMMENTS = "MN is off sick until January: her 17 cases are covered by the duty team.\nAsk for agency cover."


def worker(label: str, hours: str, protected: str, asye: str, cin: int, cp: int, cla: int, **more: str) -> dict:
    row = {c.name: "0" for c in tm.workers_table(SETTINGS).columns}
    row.update(label=label, contracted_hours=hours, protected_hours=protected, asye=asye, status="available")
    row.update(cases_cin=str(cin), cases_cp=str(cp), cases_cla=str(cla), **more)
    return row


# The team: 12 workers, 2 in their ASYE, 3 part-time, one off sick who still holds cases.
TEAM = [
    worker("AB", "37", "3", "no", 6, 5, 4),
    worker("CD", "37", "3", "no", 4, 3, 2),
    worker("EF", "30", "2.5", "no", 8, 4, 4),  # 76 of 100 × 27.5 ÷ 37 = 74.32 points: 102.3%
    worker("GH", "22.5", "2", "no", 3, 2, 2),
    worker("IJ", "37", "5", "yes", 4, 2, 2),
    worker("KL", "37", "6", "no", 6, 8, 2, extra_court="2"),  # 90 of 100 × 31 ÷ 37 = 83.78 points: 107.4%
    worker("MN", "37", "37", "no", 7, 6, 4, status="long_term_absent", extra_court="1"),
    worker("OP", "37", "3", "yes", 3, 2, 1),
    worker("QR", "18.5", "1", "no", 2, 2, 1),
    worker("ST", "37", "3", "no", 5, 6, 3, extra_travel="2"),
    worker("UV", "37", "4", "no", 5, 4, 3),
    worker("WX", "30", "3", "no", 4, 3, 3),
]
ANSWERS = {"team_name": "North Team", "week_of": "2026-12-04"}


def fill_the_team(page, site_url) -> None:
    open_calculator(page, site_url, PAGE, CALC, example=False)
    fill(page, CALC, ANSWERS, press_calculate=False)
    page.fill(f"#{CALC}-comments", COMMENTS)
    fill_table(page, CALC, "workers", TEAM)


def test_an_absent_worker_s_cases_show_as_needing_cover_and_the_team_result_needs_no_next_case(page, site_url):
    fill_the_team(page, site_url)
    native = run("team", {**ANSWERS, "workers": TEAM, "next_case": "", "next_extra": "", "comments": COMMENTS})
    assert result_of(page, CALC) == native["result"]
    assert "still blank" not in page.inner_text(f"#{CALC} [data-role=result-status]")
    result = page.locator(f"#{CALC} [data-role=result]")
    cover = result.locator("table", has_text="Cases needing cover")
    assert cover.locator("tbody tr").all_inner_texts() == [
        "MN\tLong-term absent\t17\tChild protection plan: 6 cases, 36; Child in need: 7 cases, 28; Child looked after: "
        "4 cases, 20; In court proceedings: 1 case, 4\t88"
    ]
    chart = result.locator(".calc-chart__bars").inner_text()
    assert "MN" not in chart and "2,294" not in chart  # no bar for a worker who is away
    assert "1 worker away: 17 cases need cover" in result.locator(".calc-headline").inner_text()
    assert not result.locator("table", has_text="Who has room").count()  # no next case asked about
    assert axe_violations(page) == []  # the date box, the Status column, the cover table and the comments
    page.check(f"#{CALC}-next_case-cp")
    page.wait_for_selector(f"#{CALC} [data-role=result] caption:has-text('Who has room for one more')")
    offered = result.locator("table", has_text="Who has room").locator("tbody th").all_inner_texts()
    assert offered and "MN" not in offered


def test_the_report_prints_on_one_or_two_a4_pages_with_the_team_its_week_and_the_comments(page, site_url):
    fill_the_team(page, site_url)
    page.evaluate("id => window.toolkitCalculators.calculators.get(id).print.prepare()", CALC)
    try:
        assert page.title() == "team-workload-north-team-2026-12-04"  # "Save as PDF" offers this name
        page.emulate_media(media="print")
        text = page.inner_text("body")
        assert "North Team, week of 4 December 2026 (4 to 10 December 2026)" in text
        assert COMMENTS in text and text.count("MN is off sick") == 1  # printed as typed, once
        assert "Cases needing cover" in text and "Who is at or over 100%" in text
        assert not page.locator(f"#{CALC} .calc-print-report h2").count()  # the page's title, not repeated
        assert not page.is_visible(f"#{PROBATION}")
        pages = pdf_pages(page.pdf(format="A4"))
        assert 1 <= pages <= 2, pages
    finally:
        page.emulate_media(media="screen")
        page.evaluate("id => window.toolkitCalculators.calculators.get(id).print.finish()", CALC)
    assert page.title() != "team-workload-north-team-2026-12-04"


def test_the_browser_s_own_print_gives_the_user_s_result_and_never_the_example(page, site_url):
    fill_the_team(page, site_url)
    assert page.is_visible(f"#{PROBATION} [data-role=example-tag]")  # the calculator below shows its example
    page.emulate_media(media="print")
    try:
        assert page.is_visible(f"#{CALC} .calc-headline")
        assert not page.is_visible(f"#{PROBATION} .calc-result")
        assert not page.is_visible(f"#{PROBATION} [data-role=example-tag]")
        assert not page.is_visible("article h2#how-the-result-is-worked-out")  # the guidance around it
        pages = pdf_pages(page.pdf(format="A4"))  # what Ctrl+P gives
        assert 1 <= pages <= 2, pages
        # Ctrl+P runs beforeprint: the report gets the answers, as the button's does
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        assert "North Team" in page.inner_text(f"#{CALC} .calc-print-answers")
        page.evaluate("window.dispatchEvent(new Event('afterprint'))")
        assert not page.locator(f"#{CALC} [data-role=print-report]").count()
    finally:
        page.emulate_media(media="screen")


def test_with_no_result_of_the_user_s_own_the_example_prints(page, site_url):
    fill_the_team(page, site_url)
    page.click(f"#{CALC} [data-action=clear]")  # "Clear my answers": the examples are the only results
    page.wait_for_selector(f"#{CALC} [data-role=example-tag]:not([hidden])")
    assert page.get_attribute(f"#{CALC}", "data-own-result") is None
    page.emulate_media(media="print")
    try:
        assert page.is_visible(f"#{CALC} .calc-result") and page.is_visible(f"#{PROBATION} .calc-result")
        assert page.is_visible("article h2#how-the-result-is-worked-out")  # the page prints whole
    finally:
        page.emulate_media(media="screen")


def test_the_next_case_team_name_week_status_and_comments_are_kept_with_the_team(page, site_url):
    fill_the_team(page, site_url)
    page.check(f"#{CALC}-next_case-cla")
    page.wait_for_selector(
        f"#{CALC} [data-role=result] caption:has-text('Who has room for one more Child looked after')"
    )
    open_calculator(page, site_url, PAGE, CALC, example=False)  # leave and come back: saved in this browser
    assert page.is_checked(f"#{CALC}-next_case-cla")
    assert page.input_value(f"#{CALC}-team_name") == "North Team"
    assert page.input_value(f"#{CALC}-week_of") == "2026-12-04"
    assert page.input_value(f"#{CALC}-comments") == COMMENTS
    assert page.input_value(f"#{CALC}-workers-6-status") == "long_term_absent"
    assert page.locator(f"#{CALC} [data-role=result] caption", has_text="Who has room for one more").count()


def test_a_saved_week_the_date_box_cannot_hold_is_kept_and_named_never_emptied(page, site_url):
    open_calculator(page, site_url, PAGE, CALC, example=False)
    saved = {**ANSWERS, "week_of": "04/12/2026", "workers": TEAM[:2], "next_case": "", "next_extra": ""}
    import_files(page, CALC, [("team-answers.json", inputs_file("team", saved))])
    assert page.input_value(f"#{CALC}-week_of") == "04/12/2026"  # the browser's date box would have emptied it
    assert "Week of" in errors_of(page, CALC).get(f"{CALC}-week_of", "")
