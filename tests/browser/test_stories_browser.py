"""The issue's "done when" stories, end to end in Chromium, as a new user would go through them.

A team manager starts a blank team, imports it from an Excel workbook, edits it, saves the team's
inputs, loads them again a week later (a fresh browser), finds who has room for the next case and
prints a one- or two-page report. A supervisor records three observations, saves each, drops all
three files on the collation at once and prints the summary."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from browser_helpers import pdf_pages, responses, result_of, submit, wait_for_response, wait_until_settled

import calculators
from calculators import run
from calculators import team as team_calc

pytestmark = pytest.mark.browser

TEAM_PAGE, TEAM = "workload/team-calculator/", "calc-team"
OBS_PAGE, OBS, COLLATE = "supervision/star-observation/", "calc-supervision", "calc-supervision_collate"


def team_workbook() -> bytes:
    """A manager's own workbook: the team on a sheet called Team, headed with the template's columns."""
    _, settings = calculators.prepare("team", {"model": "points"})
    columns = [c.name for c in team_calc.workers_table(settings).columns]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Team"
    sheet.append(columns)
    for row in (
        ["Amira", 37, 3, "no", 1, 6, 4, 2, 1, 0, 0],
        ["Ben", 22.5, 2, "yes", 0, 3, 1, 1, 0, 0, 1],
        ["Chloe", 37, 3, "no", 2, 9, 6, 3, 2, 1, 1],
    ):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def values_of(page, calc_id: str) -> dict:
    return page.evaluate("id => window.toolkitCalculators.calculators.get(id).values()", calc_id)


def save(page, calc_id: str, kind_or_text: str) -> tuple[str, bytes]:
    """Press a download button (its data-kind, or words on it) and return the file saved."""
    buttons = page.locator(f"#{calc_id} [data-role=downloads] button")
    button = (
        buttons.and_(page.locator(f"[data-kind={kind_or_text}]"))
        if kind_or_text == "inputs"
        else buttons.filter(has_text=kind_or_text)
    )
    with page.expect_download() as info:
        button.first.click()
    with open(info.value.path(), "rb") as handle:
        return info.value.suggested_filename, handle.read()


def print_report(page, calc_id: str) -> tuple[str, int]:
    """Press "Print or save as PDF" (the browser's dialog is stood in for) and return the printed
    text and the number of A4 pages."""
    page.evaluate("() => { window.print = () => { window.__printed = true; }; }")
    page.click(f"#{calc_id} [data-action=print]")
    assert page.evaluate("window.__printed === true")
    page.emulate_media(media="print")
    try:
        return page.inner_text("body"), pdf_pages(page.pdf(format="A4"))
    finally:
        page.emulate_media(media="screen")
        page.evaluate("id => window.toolkitCalculators.calculators.get(id).print.finish()", calc_id)


def test_a_team_manager_from_a_blank_team_to_a_printed_report(browser, site_url):
    contexts = []

    def fresh_page():
        context = browser.new_context(accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(120_000)
        page.goto(site_url + TEAM_PAGE)
        wait_until_settled(page, TEAM)
        return page

    try:
        page = fresh_page()
        # a blank team: one empty row, no answer given, the example's result labelled as an example
        assert [r["label"] for r in values_of(page, TEAM)["workers"]] == [""]
        assert page.is_visible(f"#{TEAM} [data-role=example-tag]")
        # the team comes from the manager's workbook
        before = responses(page, TEAM)
        page.set_input_files(
            f"#{TEAM}-import",
            files=[
                {
                    "name": "my team.xlsx",
                    "buffer": team_workbook(),
                    "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                }
            ],
        )
        wait_for_response(page, TEAM, before)
        assert [r["label"] for r in values_of(page, TEAM)["workers"]] == ["Amira", "Ben", "Chloe"]
        # edits: Ben takes two more child-in-need cases, and a new worker joins
        page.fill(f"#{TEAM}-workers-1-cases_cin", "5")
        page.click(f"#{TEAM} [data-table=workers] [data-action=add-row]")
        new = {
            "label": "Dev",
            "contracted_hours": "30",
            "protected_hours": "3",
            "cases_assessment": "0",
            "cases_cin": "2",
            "cases_cp": "1",
            "cases_cla": "0",
            "extra_court": "0",
            "extra_siblings": "0",
            "extra_travel": "0",
        }
        for column, value in new.items():
            page.fill(f"#{TEAM}-workers-3-{column}", value)
        page.check(f"#{TEAM}-next_case-cp")
        page.check(f"#{TEAM}-next_extra-none")
        submit(page, TEAM)
        team = values_of(page, TEAM)
        assert result_of(page, TEAM) == run("team", team, {"model": "points"})["result"]
        # the team's inputs are saved to a file, not only in this browser
        filename, saved = save(page, TEAM, "inputs")

        # a week later, on a browser that has never seen the page
        page = fresh_page()
        assert [r["label"] for r in values_of(page, TEAM)["workers"]] == [""]
        before = responses(page, TEAM)
        page.set_input_files(f"#{TEAM}-import", files=[{"name": filename, "mimeType": "text/csv", "buffer": saved}])
        wait_for_response(page, TEAM, before)
        assert values_of(page, TEAM)["workers"] == team["workers"]
        # who has room for the next child protection case: the page's list is native Python's
        page.check(f"#{TEAM}-next_case-cp")
        page.check(f"#{TEAM}-next_extra-none")
        submit(page, TEAM)
        expected = run("team", values_of(page, TEAM), {"model": "points"})["result"]
        got = result_of(page, TEAM)
        assert got == expected
        room = [c["label"] for c in got["room_for_next"]]
        assert room, "the story needs someone with room"
        shown = page.locator(f"#{TEAM} [data-role=result] table", has_text="Who has room")
        assert shown.locator("tbody th").all_inner_texts() == room
        # and a short printed report of this team
        text, pages = print_report(page, TEAM)
        assert 1 <= pages <= 2, pages
        for want in ("Printed ", "Amira", "Dev", room[0], page.inner_text(f"#{TEAM} .calc-headline")):
            assert want in text, want
        assert "probation" not in text.lower()  # the other calculator on the page is not printed
    finally:
        for context in contexts:
            context.close()


def test_a_supervisor_from_three_observations_to_a_printed_summary(page, site_url):
    page.set_default_timeout(120_000)
    page.goto(site_url + OBS_PAGE)
    wait_until_settled(page, OBS)
    wait_until_settled(page, COLLATE)
    domains = [name.removeprefix("rating_") for name in values_of(page, OBS) if name.startswith("rating_")]
    saved = []
    for n, ratings in enumerate((("1", "2"), ("2", "3"), ("3", "not_observed")), start=1):
        if n > 1:
            page.click(f"#{OBS} [data-action=clear]")  # the next observation starts from a blank form
        page.fill(f"#{OBS}-session", f"Observation {n}")
        page.fill(f"#{OBS}-date", f"2026-11-0{n}")
        for i, domain in enumerate(domains):
            page.check(f"#{OBS}-rating_{domain}-{ratings[i % 2]}")
        page.fill(f"#{OBS}-strengths", f"Strengths seen in observation {n}")
        submit(page, OBS)
        assert result_of(page, OBS) == run("supervision", values_of(page, OBS))["result"]
        saved.append(save(page, OBS, "inputs"))
    # all three files dropped on the collation at once, as from a folder
    files = [[f"{i}-{name}", body.decode("utf-8-sig")] for i, (name, body) in enumerate(saved)]
    dropped = page.evaluate_handle(
        """files => {
        const data = new DataTransfer();
        for (const [name, text] of files) data.items.add(new File([text], name));
        return data;
    }""",
        files,
    )
    zone = f"#{COLLATE} [data-role=drop]"
    before = responses(page, COLLATE)
    page.dispatch_event(zone, "dragover", {"dataTransfer": dropped})
    page.dispatch_event(zone, "drop", {"dataTransfer": dropped})
    wait_for_response(page, COLLATE, before)
    rows = values_of(page, COLLATE)["observations"]
    assert len(rows) == 3, json.dumps(rows)[:500]
    got = result_of(page, COLLATE)
    assert got == run("supervision_collate", values_of(page, COLLATE))["result"]
    assert got["observations"] == 3
    by_id = {d["id"]: d for d in got["domains"]}
    assert by_id[domains[0]]["mean"] == 2  # rated 1, 2 and 3
    # the summary prints as a short report
    text, pages = print_report(page, COLLATE)
    assert 1 <= pages <= 2, pages
    for want in ("Printed ", "Observation 1", "Observation 3", page.inner_text(f"#{COLLATE} .calc-headline")):
        assert want in text, want
