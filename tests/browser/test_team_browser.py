"""The team workload calculator in Chromium: the table filled like a user would, rows added and
removed, a team imported from CSV, and Python in the browser giving exactly what native Python gives."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from browser_helpers import (
    errors_of,
    fill_table,
    open_calculator,
    responses,
    result_of,
    submit,
    summary_of,
    use_example,
    wait_for_response,
    wait_until_settled,
)

import calculators
from calculators import run
from calculators import team as tm

pytestmark = [pytest.mark.browser, pytest.mark.shared_page]

PAGE = "workload/team-calculator/"
CALC = "calc-team"  # model=points
PROBATION = "calc-team-2"  # model=probation, lower on the same page
SETTINGS = calculators.prepare("team", {"model": "points"})[1]
EXAMPLE = tm.example(SETTINGS)


def rows() -> list[dict]:
    return copy.deepcopy(EXAMPLE["workers"])


def values(workers: list[dict], **changes) -> dict:
    return {**EXAMPLE, "workers": workers, **changes}


def test_example_and_edited_table_match_native(page, site_url):
    open_calculator(page, site_url, PAGE, CALC)
    assert result_of(page, CALC) == run("team", EXAMPLE)["result"]
    assert not page.is_visible(f"#{CALC} [data-role=pager]")  # six rows need no Previous/Next 100
    team = rows()
    team[0]["cases_cp"] = "9"
    team[2]["asye"] = "yes"
    team[3]["contracted_hours"] = "18.5"
    team[5]["extra_travel"] = "4"
    fill_table(page, CALC, "workers", team)
    assert result_of(page, CALC) == run("team", values(team))["result"]


def test_add_and_remove_rows_and_choose_the_next_case(page, site_url):
    open_calculator(page, site_url, PAGE, CALC)
    # add a row with the form's own button and fill it in
    page.click(f"#{CALC} [data-table=workers] [data-action=add-row]")
    # a new row starts blank: every cell is typed by the user, nothing is filled in for them
    assert all(
        page.input_value(f"#{CALC}-workers-6-{c.name}") == ""
        for c in tm.workers_table(SETTINGS).columns
        if c.kind != "choice"
    )
    new = {
        **{c.name: "0" for c in tm.workers_table(SETTINGS).columns},
        "label": "New starter",
        "contracted_hours": "37",
        "protected_hours": "6",
        "asye": "yes",
        "status": "available",
        "cases_cin": "2",
        "cases_cp": "1",
    }
    for column, value in new.items():
        cell = page.locator(f"#{CALC}-workers-6-{column}")
        if column in ("asye", "status"):
            cell.select_option(value)
        else:
            cell.fill(value)
    # remove the second worker (the rows after it are renumbered)
    page.locator(f"#{CALC} [data-table=workers] tbody tr[data-row]").nth(1).locator("[data-action=remove-row]").click()
    page.check(f"#{CALC}-next_case-cla")
    page.check(f"#{CALC}-next_extra-siblings")
    submit(page, CALC)
    team = rows()
    team = [team[0], *team[2:], new]
    expected = run("team", values(team, next_case="cla", next_extra="siblings"))["result"]
    got = result_of(page, CALC)
    assert got == expected
    assert [w["label"] for w in got["workers"]][-1] == "New starter"
    assert got["next_case"] == "Child looked after (sibling groups of 3+)"


def test_import_csv_replaces_the_rows(page, site_url):
    open_calculator(page, site_url, PAGE, CALC)
    headings = ",".join(c.label for c in tm.workers_table(SETTINGS).columns)  # the form's own headings
    rows_typed = (
        "P1,37,3,no,1,6,5,2,2,0,1,Available",
        "P2,30,2,yes,0,4,2,0,0,0,0,On leave",
        "P3,22.5,1.5,no,1,2,3,1,1,1,0,",
    )
    text = f"{headings}\n" + "\n".join(rows_typed) + "\n"
    before = responses(page, CALC)
    page.set_input_files(
        f"#{CALC}-import", files=[{"name": "team.csv", "mimeType": "text/csv", "buffer": text.encode()}]
    )
    wait_for_response(page, CALC, before)
    assert page.locator(f"#{CALC} [data-table=workers] tbody tr[data-row]").count() == 3
    assert page.input_value(f"#{CALC}-workers-1-label") == "P2"
    imported = calculators.act("team", "import_csv", EXAMPLE, payload=text)["values"]
    assert result_of(page, CALC) == run("team", imported)["result"]


def test_import_with_an_unknown_column_shows_a_message_and_keeps_the_rows(page, site_url):
    # An unknown heading is shown in the mapping step (issue 18, item 1), "Not used" unless the user picks a
    # field: nothing is imported until they confirm, and a file that then lacks a field it must give is refused.
    open_calculator(page, site_url, PAGE, CALC)
    before = int(page.get_attribute(f"#{CALC}", "data-imports") or 0)
    page.set_input_files(
        f"#{CALC}-import",
        files=[{"name": "team.csv", "mimeType": "text/csv", "buffer": b"label,hourz\nA,37\n"}],
    )
    step = f"#{CALC} [data-role=column-mapping]"
    page.wait_for_selector(step)
    assert page.input_value(f"{step} select[data-heading='hourz']") == ""  # Not used, and shown
    assert "hourz" in page.inner_text(step)
    assert "Choose a column for Contracted hours" in page.inner_text(f"{step} [data-role=missing-fields]")
    assert page.locator(f"#{CALC} [data-table=workers] tbody tr[data-row]").count() == len(EXAMPLE["workers"])
    page.click(f"{step} [data-role=use-columns]")
    page.wait_for_selector(f"#{CALC} [data-role=summary]:not([hidden])")
    assert any("Contracted hours" in message for message in summary_of(page, CALC))
    assert int(page.get_attribute(f"#{CALC}", "data-imports") or 0) == before
    assert page.locator(f"#{CALC} [data-table=workers] tbody tr[data-row]").count() == len(EXAMPLE["workers"])


def test_row_errors_show_at_the_cell(page, site_url):
    open_calculator(page, site_url, PAGE, CALC)
    team = rows()
    team[1]["contracted_hours"] = "abc"
    team[3]["extra_court"] = "50"
    team[4]["label"] = "Worker A"
    fill_table(page, CALC, "workers", team)
    native = run("team", values(team))
    expected = {f"{CALC}-workers-{e['row']}-{e['field']}": e["message"] for e in native["errors"]}
    assert errors_of(page, CALC) == expected
    assert summary_of(page, CALC) == [e["message"] for e in native["errors"]]
    assert page.get_attribute(f"#{CALC}-workers-1-contracted_hours", "aria-invalid") == "true"


def test_hostile_labels_are_shown_as_text(page, site_url):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_calculator(page, site_url, PAGE, CALC)
    team = rows()[:2]
    team[0]["label"] = "<img src=x onerror=alert(1)>"
    team[1]["label"] = '=HYPERLINK("http://example.invalid","x")'
    fill_table(page, CALC, "workers", team)
    assert result_of(page, CALC) == run("team", values(team))["result"]
    result = page.locator(f"#{CALC} [data-role=result]")
    assert result.locator("img").count() == 0
    assert "<img src=x onerror=alert(1)>" in result.inner_text()
    assert dialogs == []
    with page.expect_download() as info:
        page.click(f"#{CALC} [data-role=downloads] button:not([data-kind=inputs])")
    raw = Path(info.value.path()).read_bytes().decode("utf-8")
    assert raw.startswith("\ufeff")  # a byte-order mark, so Excel shows "£" and accents right
    text = raw.removeprefix("\ufeff")
    assert text == next(d["text"] for d in run("team", values(team))["downloads"] if d["kind"] != "inputs")
    assert "'=HYPERLINK" in text


def test_template_download_and_probation_calculator(page, site_url):
    open_calculator(page, site_url, PAGE, CALC)
    with page.expect_download() as info:
        page.click(f"#{CALC} [data-action=csv-template]")
    assert Path(info.value.path()).read_bytes().decode("utf-8-sig") == tm.csv_template(SETTINGS)
    wait_until_settled(page, PROBATION)
    use_example(page, PROBATION)
    probation = tm.example(calculators.prepare("team", {"model": "probation"})[1])
    assert result_of(page, PROBATION) == run("team", probation, {"model": "probation"})["result"]


def test_team_survives_reload(page, site_url):
    open_calculator(page, site_url, PAGE, CALC)
    team = rows()[:3]
    team[2]["label"] = "Kept"
    fill_table(page, CALC, "workers", team)
    expected = result_of(page, CALC)
    page.reload()
    page.wait_for_selector(f"#{CALC}[data-state=calculated]", state="attached")
    assert page.input_value(f"#{CALC}-workers-2-label") == "Kept"
    assert page.locator(f"#{CALC} [data-table=workers] tbody tr[data-row]").count() == 3
    assert result_of(page, CALC) == expected


def big_team_csv(rows: int) -> bytes:
    columns = [c.name for c in tm.workers_table(SETTINGS).columns]
    lines = [",".join(columns)]
    lines += [f"W{i},37,3,no,1,2,2,1,0,0,0,available" for i in range(1, rows + 1)]
    return ("\n".join(lines) + "\n").encode()


TICKER = """() => {
    // a timer that should keep firing while the page imports: counts ticks and the longest gap
    window.__ticks = 0; window.__gap = 0; let last = performance.now();
    window.__ticker = setInterval(() => {
        const now = performance.now(); window.__gap = Math.max(window.__gap, now - last); last = now;
        window.__ticks++;
    }, 20);
}"""


def test_a_2000_row_team_imports_while_the_page_stays_responsive(page, site_url):
    open_calculator(page, site_url, PAGE, CALC, example=False)
    # the file holds the team, not the question about the next case: answers already given are kept
    page.check(f"#{CALC}-next_case-cin")
    page.check(f"#{CALC}-next_extra-none")
    page.evaluate(TICKER)
    page.set_input_files(
        f"#{CALC}-import", files=[{"name": "big.csv", "mimeType": "text/csv", "buffer": big_team_csv(2000)}]
    )
    page.wait_for_selector(f"#{CALC} [data-role=pager]:not([hidden])")
    page.wait_for_function(
        "id => /^Calculated/.test(document.querySelector(`#${id} [data-role=result-status]`).textContent)", arg=CALC
    )
    ticks, gap = page.evaluate("() => { clearInterval(window.__ticker); return [window.__ticks, window.__gap]; }")
    # a big table is held as data and shown 100 rows at a time (thousands of inputs take seconds to lay out)
    assert page.locator(f"#{CALC} [data-table=workers] tbody tr[data-row]").count() == 100
    got = page.evaluate("id => window.toolkitCalculators.calculators.get(id).values().workers", CALC)
    assert len(got) == 2000 and got[-1]["label"] == "W2000"
    assert "1 to 100 of 2,000" in page.inner_text(f"#{CALC} [data-role=pager-text]")
    page.click(f"#{CALC} [data-action=page-next]")
    assert page.input_value(f"#{CALC}-workers-100-label") == "W101"
    page.fill(f"#{CALC}-workers-100-cases_cp", "9")  # an edit on the second page is kept in the data
    assert (
        page.evaluate("id => window.toolkitCalculators.calculators.get(id).values().workers[100].cases_cp", CALC) == "9"
    )
    assert page.is_checked(f"#{CALC}-next_case-cin") and page.is_checked(f"#{CALC}-next_extra-none")
    submit(page, CALC)
    result = result_of(page, CALC)
    assert result["workers"][-1]["label"] == "W2000" and result["workers"][100]["cases"] == 13
    # the result's long tables are laid out a page at a time too, with their own Previous and Next
    tables = page.locator(f"#{CALC} [data-role=result] table")
    assert [tables.nth(i).locator("tbody tr").count() for i in range(tables.count())] == [100] * tables.count()
    first = tables.nth(0)
    assert "Showing rows 1 to 100 of 2,000" in page.inner_text(f"#{CALC} [data-role=result] .calc-pager >> nth=0")
    page.click(f"#{CALC} [data-role=result] [data-action=result-next] >> nth=0")
    assert first.locator("tbody tr").first.locator("th").inner_text() == "W101"
    # a printed report has every row, and the page goes back to one page of them afterwards
    counts = page.evaluate(
        """id => { const c = window.toolkitCalculators.calculators.get(id);
        c.print.prepare(); const all = c.result.body.querySelectorAll('tbody tr').length;
        const inputs = c.root.querySelectorAll('[data-role=print-report] tbody tr').length;
        c.print.finish(); return [all, inputs, c.result.body.querySelectorAll('tbody tr').length]; }""",
        CALC,
    )
    assert counts[0] >= 2000 and counts[1] == 2000 and counts[2] <= 200, counts
    # generous sanity only (the benchmark measures): the timer kept firing while rows were written
    assert ticks >= 5 and gap < 10_000, (ticks, gap)


def test_a_100000_row_file_is_refused_naming_the_limit(page, site_url):
    open_calculator(page, site_url, PAGE, CALC, example=False)
    page.evaluate(TICKER)
    page.set_input_files(
        f"#{CALC}-import", files=[{"name": "huge.csv", "mimeType": "text/csv", "buffer": big_team_csv(100_000)}]
    )
    page.wait_for_selector(f"#{CALC}-import-error:not([hidden])")
    message = page.inner_text(f"#{CALC}-import-error")
    assert "2,000" in message, message
    ticks = page.evaluate("() => { clearInterval(window.__ticker); return window.__ticks; }")
    assert ticks >= 5
    assert page.locator(f"#{CALC} [data-table=workers] tbody tr[data-row]").count() == 1  # the blank row, kept


def test_the_headline_and_status_are_announced(page, site_url):
    open_calculator(page, site_url, PAGE, CALC)
    live = page.locator(f"#{CALC} [data-role=announce]")
    assert live.get_attribute("aria-live") == "polite"
    status = page.locator(f"#{CALC} [data-role=result-status]")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    team = rows()
    team[0]["cases_cp"] = "12"
    fill_table(page, CALC, "workers", team)
    assert live.inner_text() == page.inner_text(f"#{CALC} .calc-headline")
    assert status.inner_text() == "Calculated from your answers."
    # Calculate moves focus to the result, so a keyboard user lands on what changed
    assert page.evaluate("document.activeElement.classList.contains('calc-result__title')")
