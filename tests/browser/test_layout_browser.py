"""Layouts that fit, in Chromium: no built page scrolls sideways on a phone (390 px) or a laptop
(1280 px), with calculators showing results and showing errors; wide input tables scroll inside
their own box with the worker's name kept in view; chart text stays readable on a phone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser_helpers import calculator_pages, navigate, open_calculator, submit, use_example, wait_until_settled
from conftest import SharedPage

pytestmark = pytest.mark.browser

WIDTHS = (390, 1280)
GROUPS = 4  # every page at each width, in this many groups (every GROUPS-th page), shared by xdist's workers


@pytest.fixture(scope="module")
def at_width(browser):
    """One started page for each window width, kept from test to test (conftest.SharedPage): a visitor
    going from page to page by the site's links, Python started once. Failed for JavaScript errors and
    requests off this machine, as a test's own page is."""
    pages: dict[int, SharedPage] = {}

    def page_at(width: int) -> SharedPage:
        if width not in pages:
            pages[width] = SharedPage(browser, viewport={"width": width, "height": 800})
        return pages[width]

    yield page_at
    for shared in pages.values():
        shared.close()


@pytest.fixture
def phone(at_width, site_url, request):
    yield from started(at_width(390), site_url, request.node.nodeid)


@pytest.fixture
def laptop(at_width, site_url, request):
    yield from started(at_width(1280), site_url, request.node.nodeid)


def started(shared: SharedPage, site_url: str, test: str):
    yield shared.start_test(site_url)
    problems = shared.problems(test)
    assert not problems, "\n".join(problems)


def built_pages(site: Path) -> list[str]:
    """Every page in the sitemap, as a path relative to the site's root."""
    text = (site / "sitemap.xml").read_text(encoding="utf-8")
    return sorted({re.sub(r"^https?://[^/]+/", "", loc) for loc in re.findall(r"<loc>([^<]+)</loc>", text)})


def overflow(page) -> str | None:
    """None if the page is exactly as wide as the window, else what sticks out and by how much."""
    return page.evaluate("""() => {
        const width = document.documentElement.clientWidth;
        if (document.documentElement.scrollWidth <= width) return null;
        const wide = [...document.querySelectorAll('body *')].filter(el => el.getBoundingClientRect().right > width + 1)
            .filter(el => !el.closest('.md-sidebar, .md-search, .md-header, [hidden]'))
            .slice(0, 3).map(el => el.tagName + '.' + el.className);
        return `page is ${document.documentElement.scrollWidth}px wide in a ${width}px window: ${wide}`;
    }""")


@pytest.mark.parametrize("group", range(GROUPS))
@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways(at_width, site_url, built_site, width, group, request):
    shared = at_width(width)
    page = shared.start_test(site_url)
    calculators_on = calculator_pages(built_site)
    pages = built_pages(built_site)
    assert len(pages) >= GROUPS * 2, pages  # every group has pages to check
    problems = []
    for path in pages[group::GROUPS]:
        if page.url != site_url + path:
            navigate(page, site_url + path)  # by a link: the calculators' Python stays started
        if (why := overflow(page)) is not None:
            problems.append(f"{path} at {width}px: {why}")
        for calc_id, _, _ in calculators_on.get(path, []):
            wait_until_settled(page, calc_id)
            use_example(page, calc_id)  # results show, with their tables and charts
            if (why := overflow(page)) is not None:
                problems.append(f"{path}#{calc_id} with its result at {width}px: {why}")
            page.click(f"#{calc_id} [data-action=clear]")
            submit(page, calc_id)  # a blank form: every required answer has an error message
            if (why := overflow(page)) is not None:
                problems.append(f"{path}#{calc_id} with errors at {width}px: {why}")
    problems += shared.problems(request.node.nodeid)
    assert problems == []


def test_on_a_phone_each_team_row_is_a_card_with_its_headings(phone, site_url):
    page = phone
    calc = "calc-team"
    open_calculator(page, site_url, "workload/team-calculator/", calc)
    box = page.locator(f"#{calc} [data-table=workers] .calc-table-wrap")
    assert box.evaluate("el => el.scrollWidth <= el.clientWidth"), "a row should fit the phone's width"
    row = page.locator(f"#{calc} [data-table=workers] tbody tr[data-row]").nth(1)
    wrap = box.bounding_box()
    for cell in row.locator("td[data-label]").all():
        heading = cell.evaluate("el => getComputedStyle(el, '::before').content")
        assert heading.strip('"') == cell.get_attribute("data-label"), heading
        field = cell.locator("input, select").bounding_box()
        assert wrap["x"] - 1 <= field["x"] and field["x"] + field["width"] <= wrap["x"] + wrap["width"] + 1
    # a cell is edited where it is, and the result follows
    page.fill(f"#{calc}-workers-1-label", "Edited on a phone")
    page.wait_for_function(
        "id => JSON.parse(document.querySelector(`#${id} [data-role=result]`).dataset.result)"
        ".workers[1].label === 'Edited on a phone'",
        arg=calc,
    )
    submit(page, calc)  # errors and results shown: still no sideways scroll
    assert overflow(page) is None


def test_wide_team_table_scrolls_in_its_box_and_keeps_the_name_in_view(laptop, site_url):
    page = laptop
    calc = "calc-team"
    open_calculator(page, site_url, "workload/team-calculator/", calc)
    box = page.locator(f"#{calc} [data-table=workers] .calc-table-wrap")
    assert box.evaluate("el => el.scrollWidth > el.clientWidth"), "the table should scroll inside its box"
    # tab from the name across the row to its last cell: the name stays visible beside the focused cell
    page.focus(f"#{calc}-workers-0-label")
    last = page.locator(f"#{calc} [data-table=workers] tbody tr[data-row]").first.locator("input, select, button").last
    for _ in range(30):
        if last.evaluate("el => el === document.activeElement"):
            break
        page.keyboard.press("Tab")
    assert last.evaluate("el => el === document.activeElement"), "Tab should reach the row's last cell"
    assert box.evaluate("el => el.scrollLeft") > 0
    name = page.locator(f"#{calc}-workers-0-label").bounding_box()
    focused = page.evaluate("document.activeElement.getBoundingClientRect().toJSON()")
    wrap = box.bounding_box()
    assert name["x"] >= wrap["x"] - 1, "the worker's name scrolled out of view"
    assert focused["left"] >= name["x"] + name["width"] - 1, "the focused cell hides under the name"
    assert overflow(page) is None


def test_chart_text_is_at_least_12px_on_a_phone(phone, site_url):
    page = phone
    for path, calc in (
        ("workload/team-calculator/", "calc-team"),
        ("supervision/star-observation/", "calc-supervision"),
    ):
        open_calculator(page, site_url, path, calc)
        sizes = page.eval_on_selector_all(
            f"#{calc} .calc-chart__bars span", "els => els.map(el => parseFloat(getComputedStyle(el).fontSize))"
        )
        assert sizes, f"{path}: no chart text"
        assert min(sizes) >= 12, f"{path}: chart text as small as {min(sizes):.1f}px"
        cut = page.eval_on_selector_all(
            f"#{calc} .calc-chart__bars span", "els => els.filter(e => /…$/.test(e.textContent)).length"
        )
        assert cut == 0, f"{path}: {cut} chart labels are cut off"
