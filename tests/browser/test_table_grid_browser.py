"""The team table as a spreadsheet, in Chromium: a block pasted from Excel fills the cells (and adds
rows), arrow keys and Enter move between cells without submitting, the result sorts by any column,
blank counts fill with 0 on request; at 1,366 px every column shows, and on a phone (390 px) the
calculator starts within one screen, the result fits as cards and a summary stays in view."""

from __future__ import annotations

import copy

import pytest
import registry_helpers
from browser_helpers import navigate, open_calculator, paste_text, responses, result_of, use_example, wait_for_response

import calculators
from calculators import run
from calculators import team as tm

pytestmark = [pytest.mark.browser, pytest.mark.shared_page]

PAGE = "workload/team-calculator/"
CALC = "calc-team"
SETTINGS = calculators.prepare("team", {"model": "points"})[1]
EXAMPLE = tm.example(SETTINGS)
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}  # the shared page's own size (conftest.guarded_context)


def columns(page) -> list[str]:
    """The table's columns, left to right, as the page shows them."""
    return page.eval_on_selector_all(
        f"#{CALC} [data-table=workers] tbody tr[data-row='0'] [name]", "els => els.map(el => el.name)"
    )


def paste(page, cell: str, rows: list[list[str]]) -> None:
    """Paste rows as Excel puts them on the clipboard (tabs between cells, CRLF after each row); wait for the result."""
    before = responses(page, CALC)
    text = "".join("\t".join(row) + "\r\n" for row in rows)
    paste_text(page, f"#{CALC}-workers-{cell}", text)
    wait_for_response(page, CALC, before)


def grid_status(page) -> str:
    return page.inner_text(f"#{CALC} [data-table=workers] [data-role=grid-status]")


def test_a_block_pasted_from_a_spreadsheet_fills_the_table_and_adds_rows(page, site_url):
    open_calculator(page, site_url, PAGE, CALC)
    names = columns(page)
    team = copy.deepcopy(EXAMPLE["workers"])
    team += [{**team[0], "label": "New G"}, {**team[1], "label": "New H", "asye": "yes"}]
    # choices pasted by their label ("Yes"), as a spreadsheet shows them
    block = [[{"yes": "Yes", "no": "No"}.get(row.get(n, ""), row.get(n, "")) for n in names] for row in team]
    paste(page, "0-label", block)
    assert grid_status(page) == f"Pasted 8 rows by {len(names)} columns. 2 workers added."
    assert page.locator(f"#{CALC} [data-table=workers] tbody tr[data-row]").count() == 8
    assert result_of(page, CALC) == run("team", {**EXAMPLE, "workers": team})["result"]

    # a 2 x 2 block from a count cell changes those four cells and nothing else
    paste(page, "1-cases_cin", [["7", "1"], ["0", "2"]])
    first = names.index("cases_cin")
    for i, row in enumerate(team):
        for j, name in enumerate(names):
            inside = i in (1, 2) and j in (first, first + 1)
            want = [["7", "1"], ["0", "2"]][i - 1][j - first] if inside else row.get(name, "")
            assert page.input_value(f"#{CALC}-workers-{i}-{name}") == str(want), (i, name)
    assert grid_status(page) == "Pasted 2 rows by 2 columns."


def test_arrow_keys_and_enter_move_between_cells_and_enter_does_not_submit(page, site_url):
    open_calculator(page, site_url, PAGE, CALC)
    submits = page.get_attribute(f"#{CALC}", "data-submits")
    focused = "() => document.activeElement.id"
    page.focus(f"#{CALC}-workers-0-contracted_hours")
    page.keyboard.press("Enter")
    assert page.evaluate(focused) == f"{CALC}-workers-1-contracted_hours"
    page.keyboard.press("Shift+Enter")
    assert page.evaluate(focused) == f"{CALC}-workers-0-contracted_hours"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.evaluate(focused) == f"{CALC}-workers-2-contracted_hours"
    page.keyboard.press("End")
    page.keyboard.press("ArrowRight")  # the caret at the end of the text: on to the next cell
    assert page.evaluate(focused) == f"{CALC}-workers-2-protected_hours"
    page.keyboard.press("End")
    page.keyboard.press("ArrowLeft")  # inside the text: the caret moves, the focus stays
    assert page.evaluate(focused) == f"{CALC}-workers-2-protected_hours"
    page.keyboard.press("Home")
    page.keyboard.press("ArrowLeft")
    assert page.evaluate(focused) == f"{CALC}-workers-2-contracted_hours"
    page.focus(f"#{CALC}-workers-2-asye")  # a choice has no caret: its arrows move
    page.keyboard.press("ArrowRight")
    assert page.evaluate(focused) == f"{CALC}-workers-2-cases_assessment"
    last = len(EXAMPLE["workers"]) - 1
    page.focus(f"#{CALC}-workers-{last}-cases_cp")
    page.keyboard.press("Enter")  # the last row: Enter stays put, and never submits the form
    assert page.evaluate(focused) == f"{CALC}-workers-{last}-cases_cp"
    page.wait_for_timeout(300)
    assert page.get_attribute(f"#{CALC}", "data-submits") == submits
    assert page.input_value(f"#{CALC}-workers-0-contracted_hours") == EXAMPLE["workers"][0]["contracted_hours"]


def column_text(page, caption: str, index: int) -> list[str]:
    table = page.locator(f"#{CALC} [data-role=result] table", has=page.locator(f"caption:text-is('{caption}')"))
    return table.locator("tbody tr").evaluate_all(f"trs => trs.map(tr => tr.children[{index}].textContent.trim())")


def test_the_result_sorts_by_any_column(page, site_url):
    open_calculator(page, site_url, PAGE, CALC)
    caption = "Capacity used by worker (points model)"
    table = page.locator(f"#{CALC} [data-role=result] table", has=page.locator(f"caption:text-is('{caption}')"))
    headings = table.locator("thead th").all_inner_texts()
    used = next(i for i, h in enumerate(headings) if h.startswith("Capacity used"))
    numbers = lambda: [float(t.rstrip("%")) for t in column_text(page, caption, used)]  # noqa: E731
    heading = table.locator("thead th").nth(used)
    heading.locator("button").click()
    assert heading.get_attribute("aria-sort") == "ascending"
    assert numbers() == sorted(numbers()) and len(numbers()) == len(EXAMPLE["workers"])
    heading.locator("button").click()
    assert heading.get_attribute("aria-sort") == "descending"
    assert numbers() == sorted(numbers(), reverse=True)
    names = table.locator("thead th").nth(0)
    names.locator("button").click()
    assert names.get_attribute("aria-sort") == "ascending" and heading.get_attribute("aria-sort") is None
    assert column_text(page, caption, 0) == sorted(column_text(page, caption, 0))
    # 10 sorts after 9 as a number; as text it would not
    by_cases = [h.startswith("Cases") for h in headings].index(True)
    table.locator("thead th").nth(by_cases).locator("button").click()
    cases = [int(t) for t in column_text(page, caption, by_cases)]
    assert cases == sorted(cases)


def test_fill_empty_counts_with_0_fills_only_blank_counts(page, site_url):
    open_calculator(page, site_url, PAGE, CALC)
    page.fill(f"#{CALC}-workers-1-cases_cin", "")
    page.fill(f"#{CALC}-workers-3-extra_court", "")
    page.fill(f"#{CALC}-workers-3-contracted_hours", "")  # hours are not counts: left blank
    before = responses(page, CALC)
    page.click(f"#{CALC} [data-table=workers] [data-action=fill-zeros]")
    wait_for_response(page, CALC, before)
    assert grid_status(page) == "Filled 2 empty counts with 0."
    assert page.input_value(f"#{CALC}-workers-1-cases_cin") == "0"
    assert page.input_value(f"#{CALC}-workers-3-extra_court") == "0"
    assert page.input_value(f"#{CALC}-workers-3-contracted_hours") == ""
    assert page.input_value(f"#{CALC}-workers-0-cases_cin") == EXAMPLE["workers"][0]["cases_cin"]
    page.fill(f"#{CALC}-workers-1-cases_cin", "4")  # a 0 is typed over like any value
    assert page.input_value(f"#{CALC}-workers-1-cases_cin") == "4"


def test_at_1366_px_every_team_column_is_visible(page, site_url):
    page.set_viewport_size({"width": 1366, "height": 768})
    try:
        open_calculator(page, site_url, PAGE, CALC)
        hidden = page.evaluate(
            """id => { const box = document.querySelector(`#${id} [data-table=workers] .calc-table-wrap`);
            const edge = box.getBoundingClientRect();
            return [...box.querySelectorAll('thead th')].filter(th => { const r = th.getBoundingClientRect();
                return r.left < edge.left - 1 || r.right > edge.right + 1; }).map(th => th.textContent.trim()); }""",
            CALC,
        )
        assert hidden == [], f"columns cut off at 1,366 px: {hidden}"
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 1366
        # the contents menu is not drawn over the calculator
        menu = page.locator(".md-sidebar--secondary").bounding_box()
        form = page.locator(f"#{CALC} form").bounding_box()
        assert menu["y"] + menu["height"] <= form["y"] or menu["x"] >= form["x"] + form["width"]
    finally:
        page.set_viewport_size(LAPTOP)


def test_on_a_phone_the_calculator_starts_within_a_screen_and_its_result_fits(page, site_url):
    page.set_viewport_size(PHONE)
    try:
        open_calculator(page, site_url, PAGE, CALC, example=False)
        top = page.evaluate(f"document.querySelector('#{CALC} form').getBoundingClientRect().top + scrollY")
        assert top < PHONE["height"], f"the form starts {top:.0f}px down, more than one screen"
        assert page.locator("details.calc-howto").first.get_attribute("open") is None
        use_example(page, CALC)
        assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
        cut = page.evaluate(
            """id => [...document.querySelectorAll(`#${id} [data-role=result] table :is(td, th)`)]
            .filter(cell => { const r = cell.getBoundingClientRect();
                return r.right > innerWidth + 1 || r.left < -1 || cell.scrollWidth > cell.clientWidth + 1; })
            .map(cell => cell.textContent.trim())""",
            CALC,
        )
        assert cut == [], f"result cells cut off at 390 px: {cut}"
        # editing a card lower down: the summary of the last result stays in view above it
        cell = f"#{CALC}-workers-4-cases_cin"
        page.locator(cell).scroll_into_view_if_needed()
        page.click(cell)
        page.mouse.wheel(0, 300)
        summary = page.locator(f"#{CALC} [data-table=workers] [data-role=grid-summary]")
        box = summary.bounding_box()
        header = page.locator(".md-header").bounding_box()
        assert box and box["y"] >= header["y"] + header["height"] - 1 and box["y"] + box["height"] <= PHONE["height"]
        worker = result_of(page, CALC)["workers"][4]
        team = result_of(page, CALC)["capacity_percent"]
        assert summary.inner_text().endswith(
            f"Team: {team}% of capacity used. {worker['label']}: {worker['capacity_percent']}% ({worker['band']})."
        )
    finally:
        page.set_viewport_size(LAPTOP)


@pytest.mark.parametrize("path", sorted(set(registry_helpers.calculator_pages().values())))
def test_on_a_phone_every_calculator_page_starts_its_first_calculator_within_a_screen(page, site_url, path):
    page.set_viewport_size(PHONE)
    try:
        navigate(page, site_url + path)
        top = page.evaluate("document.querySelector('.calc form').getBoundingClientRect().top + scrollY")
        print(f"{path}: the form starts {top:.0f}px down ({top / PHONE['height']:.2f} screens)")
        assert top < PHONE["height"], f"{path}: the form starts {top:.0f}px down, more than one screen"
    finally:
        page.set_viewport_size(LAPTOP)
