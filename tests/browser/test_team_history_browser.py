"""The team over time in Chromium (issue 18, item 4): two weekly snapshots and a what-if are compared,
with the figures native Python gives; a what-if never overwrites the real team; and the history file
(and the team's answers file, which carries it) round-trips into a fresh browser profile."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from browser_helpers import (
    axe_violations,
    fill,
    fill_table,
    import_files,
    open_calculator,
    result_of,
    wait_until_settled,
)

import calculators

pytestmark = pytest.mark.browser

TEAM_PAGE, TEAM = "workload/team-calculator/", "calc-team"
PANEL = f"#{TEAM} [data-role=history]"


def example() -> dict:
    calc, settings = calculators.prepare("team", {"model": "points"})
    return calc.example(settings)


def saved_week(page, week: str, extra_dialog: bool | None = None) -> None:
    """Type the week and press "Save this week"; returns once the history says it is saved."""
    fill(page, TEAM, {"team_name": "North", "week_of": week})
    if extra_dialog is not None:
        page.once("dialog", lambda dialog: dialog.accept() if extra_dialog else dialog.dismiss())
    page.click(f"#{TEAM} [data-act=save_week]")
    said = "Nothing saved" if extra_dialog is False else f"Saved the week of {week}"
    page.wait_for_selector(f"{PANEL} [data-role=history-status]:has-text('{said}')")


def native_week(values: dict, week: str) -> dict:
    """The snapshot native Python makes of these answers (the browser must give the same figures)."""
    answers = {**values, "team_name": "North", "week_of": week}
    out = calculators.act("team", "save_week", {"answers": answers}, {"model": "points"})
    assert out["ok"], out
    return out["values"]["snapshot"]


def two_weeks(page) -> tuple[dict, dict]:
    """The example saved as the week of 27 November, then Worker A with three more CIN cases as 4 December."""
    saved_week(page, "2026-11-27")
    first = native_week(example(), "2026-11-27")
    later = copy.deepcopy(example())
    later["workers"][0]["cases_cin"] = str(int(later["workers"][0]["cases_cin"]) + 3)
    fill_table(page, TEAM, "workers", [{"cases_cin": later["workers"][0]["cases_cin"]}] + [{}] * 5)
    saved_week(page, "2026-12-04")
    return first, native_week(later, "2026-12-04")


def comparison_text(page) -> str:
    return page.locator(f"{PANEL} [data-role=comparison]").inner_text()


def test_two_weeks_and_a_what_if_are_compared(page, site_url):
    open_calculator(page, site_url, TEAM_PAGE, TEAM)
    first, second = two_weeks(page)
    assert page.get_attribute(PANEL, "data-weeks") == "2"
    trend = page.locator(f"{PANEL} [data-role=trend]").inner_text()
    for snap in (first, second):
        assert f"Week of {snap['week']}" in trend and f"{snap['team']['capacity_percent']:.1f}%" in trend
    change = round(second["team"]["capacity_percent"] - first["team"]["capacity_percent"], 1)
    assert f"+{change:.1f} points" in trend  # the team's change since the week before, from Python's figures
    # the result's report gains its trend since the weeks saved before this one (the week of 27 November)
    page.wait_for_selector(f"#{TEAM} [data-role=result] caption:has-text('Trend since the last snapshots')")
    assert "27 November 2026" in page.inner_text(f"#{TEAM} [data-role=result]")

    # Saving the same week again asks first; saying no keeps the one saved.
    saved_week(page, "2026-12-04", extra_dialog=False)
    assert "Nothing saved" in page.inner_text(f"{PANEL} [data-role=history-status]")

    # Two weeks side by side: the differences native Python gives, in words, not colour alone.
    page.select_option(f"#{TEAM}-history-before", "week:2026-11-27")
    page.select_option(f"#{TEAM}-history-after", "week:2026-12-04")
    page.click(f"{PANEL} [data-act=compare]")
    page.wait_for_selector(f"{PANEL} [data-role=comparison] table")
    expected = calculators.act("team", "history", {"task": "compare", "before": first, "after": second})
    wanted = expected["values"]["comparison"]
    text = comparison_text(page)
    assert wanted["team"]["text"] in text and wanted["workers"][0]["text"] in text
    assert "▲ Changed:" in text and page.locator(f"{PANEL} .calc-history__changed--up").count() >= 2
    assert axe_violations(page) == []  # the trend, its chart and the comparison as shown

    # A what-if: a copy, labelled as such; editing it leaves the real team as it was.
    real = page.evaluate("id => window.toolkitCalculators.calculators.get(id).savedValues()", TEAM)
    page.click(f"{PANEL} [data-act=what_if]")
    page.wait_for_selector(f"#{TEAM} [data-role=what-if-form-banner]")
    assert page.is_visible(f"{PANEL} [data-role=what-if-banner]")
    assert "What-if: this result is for a copy" in page.inner_text(f"#{TEAM} [data-role=what-if-result-banner]")
    fill_table(page, TEAM, "workers", [{}, {"cases_cp": "9"}] + [{}] * 4)
    page.once("dialog", lambda dialog: dialog.accept())
    page.click(f"#{TEAM} [data-act=save_week]")
    page.wait_for_selector(f"{PANEL} [data-role=history-status]:has-text('what-if')")
    assert page.get_attribute(PANEL, "data-weeks") == "2"  # a what-if is never saved as a week
    page.select_option(f"#{TEAM}-history-before", "real")
    page.select_option(f"#{TEAM}-history-after", "now")
    page.click(f"{PANEL} [data-act=compare]")
    page.wait_for_selector(f"{PANEL} [data-role=comparison] caption:has-text('What-if')")
    what_if = page.evaluate("id => window.toolkitCalculators.calculators.get(id).values()", TEAM)
    native = calculators.act(
        "team",
        "history",
        {
            "task": "compare",
            "before": {"answers": real, "name": "Real team"},
            "after": {"answers": what_if, "name": "What-if"},
        },
    )["values"]["comparison"]
    text = comparison_text(page)
    assert native["workers"][1]["text"] in text and "Real team" in text
    assert native["workers"][1]["percent_change"] > 0

    # A reload keeps the what-if labelled as one, and the real team aside.
    page.reload()
    wait_until_settled(page, TEAM)
    page.wait_for_selector(f"#{TEAM} [data-role=what-if-form-banner]")
    assert page.evaluate("id => window.toolkitCalculators.calculators.get(id).values()", TEAM) == what_if

    # Back to the real team: exactly the answers it had, and its result.
    page.click(f"{PANEL} [data-act=real_team]")
    page.wait_for_selector(f"#{TEAM} [data-role=what-if-form-banner]", state="detached")
    assert not page.locator(f"#{TEAM} [data-role=what-if-result-banner]").count()
    back = page.evaluate("id => window.toolkitCalculators.calculators.get(id).savedValues()", TEAM)
    assert back == real
    page.wait_for_function("id => !document.getElementById(id).classList.contains('calc--what-if')", arg=TEAM)
    fill(page, TEAM, {})  # Calculate
    assert result_of(page, TEAM)["capacity_percent"] == second["team"]["capacity_percent"]


def download(page, selector: str, tmp_path: Path) -> Path:
    with page.expect_download() as info:
        page.click(selector)
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return path


def test_the_history_round_trips_into_a_fresh_browser_profile(page, site_url, browser, tmp_path):
    open_calculator(page, site_url, TEAM_PAGE, TEAM)
    first, second = two_weeks(page)
    mapping = {"CIN": "cases_cin", "Notes": ""}  # as the mapping step remembers a case system's headings
    page.evaluate(
        "([id, m]) => window.toolkitCalculators.calculators.get(id).columnMapping.remember(m)", [TEAM, mapping]
    )
    as_json = download(page, f"{PANEL} [data-act=export_json]", tmp_path)
    as_xlsx = download(page, f"{PANEL} [data-act=export_xlsx]", tmp_path)
    answers = download(page, f"#{TEAM} [data-role=downloads] [data-kind=inputs]", tmp_path)
    assert as_json.name == "team-history-north.json" and as_xlsx.suffix == ".xlsx"
    record = json.loads(answers.read_text())
    assert [s["week"] for s in record["history"]] == ["2026-11-27", "2026-12-04"]
    assert record["values"]["team_name"] == "North" and record["values"]["next_case"]
    assert record["mapping"] == mapping

    for source in (as_json, as_xlsx, answers):
        fresh = browser.new_context(service_workers="block")  # a new profile: nothing saved in it
        try:
            other = fresh.new_page()
            other.set_default_timeout(60_000)
            other.goto(site_url + TEAM_PAGE)
            wait_until_settled(other, TEAM)
            if source is answers:  # the form's own import: the team, its answers and its weeks
                import_files(other, TEAM, [(source.name, source.read_text())], drop=False)
                other.wait_for_selector(f"{PANEL}[data-weeks='2']")
                assert other.input_value(f"#{TEAM}-team_name") == "North"
                remembered = "id => window.toolkitCalculators.calculators.get(id).columnMapping.remembered()"
                assert other.evaluate(remembered, TEAM) == mapping
            else:
                other.set_input_files(f"#{TEAM}-history-import", str(source))
                other.wait_for_selector(f"{PANEL} [data-role=history-status]:has-text('Imported 2 weeks')")
                other.fill(f"#{TEAM}-team_name", "North")  # its weeks show for the team named
                other.wait_for_selector(f"{PANEL}[data-weeks='2']")
            trend = other.locator(f"{PANEL} [data-role=trend]").inner_text()
            for snap in (first, second):
                assert f"{snap['team']['capacity_percent']:.1f}%" in trend
        finally:
            fresh.close()


def test_without_indexeddb_weeks_last_the_visit_and_the_page_says_so(browser, site_url):
    """As in a private window that refuses IndexedDB: saving still works for the visit, and a notice says
    the weeks are not kept and how to keep them (export)."""
    context = browser.new_context(service_workers="block")
    context.add_init_script(
        "Object.defineProperty(window, 'indexedDB', {get() { throw new DOMException('no', 'SecurityError'); }})"
    )
    try:
        page = context.new_page()
        page.set_default_timeout(60_000)
        open_calculator(page, site_url, TEAM_PAGE, TEAM)
        notice = page.wait_for_selector(f"{PANEL} [data-role=history-storage]")
        assert (
            "does not let the page keep saved weeks" in notice.inner_text()
            and "Export the history" in notice.inner_text()
        )
        saved_week(page, "2026-11-27")
        assert page.get_attribute(PANEL, "data-weeks") == "1"
    finally:
        context.close()
