"""Imports in Chromium: what the user did last wins, visibly. A file dropped while a cell is still being
edited replaces that cell too; the page says what the import replaced and "Undo import" brings it back;
a file with a heading row and no rows clears the old result and says why; and a label with a line break
gives the page the same result as the command line."""

from __future__ import annotations

import base64
import copy
import json

import pytest
from browser_helpers import axe_violations, import_files, open_calculator, result_of

import calculators
from calculators import team as tm

pytestmark = [pytest.mark.browser, pytest.mark.shared_page]

PAGE, CALC = "workload/team-calculator/", "calc-team"
OPTIONS = {"model": "points"}
SETTINGS = calculators.prepare("team", OPTIONS)[1]
HEADINGS = ",".join(c.label for c in tm.workers_table(SETTINGS).columns)  # the form's own headings
# a cell for every heading, Status (the last) included
TEAM = f"{HEADINGS}\nP1,37,3,no,1,6,6,2,2,0,1,available\nP2,30,2,yes,0,4,2,0,0,0,0,available\n"


def form_values(page, calc_id: str) -> dict:
    return page.evaluate("id => window.toolkitCalculators.calculators.get(id).values()", calc_id)


def native(name: str, values: dict, options: dict | None = None) -> dict:
    return calculators.run(name, values, options)["result"]


def imported(values: dict, text: str, filename: str = "team.csv") -> dict:
    """What native Python makes of the file, given the form's answers (the same call the page makes)."""
    payload = base64.b64encode(text.encode()).decode()
    return calculators.act("team", "import_file", values, OPTIONS, payload=payload, filename=filename)["values"]


def notice(page, calc_id: str) -> str:
    return page.inner_text(f"#{calc_id} [data-role=import-notice] p")


def test_a_file_dropped_while_a_cell_is_edited_replaces_that_cell_and_undo_brings_it_back(page, site_url):
    open_calculator(page, site_url, PAGE, CALC)
    page.fill(f"#{CALC}-workers-0-cases_cp", "40")  # typed, and the cursor is still in the cell
    assert page.evaluate("document.activeElement.id") == f"{CALC}-workers-0-cases_cp"
    typed = form_values(page, CALC)
    assert typed["workers"][0]["cases_cp"] == "40"
    import_files(page, CALC, [("team.csv", TEAM)])
    # the file's 6, not the typed 40 (before: 40 kept, "116 %", no notice)
    assert page.input_value(f"#{CALC}-workers-0-cases_cp") == "6"
    assert form_values(page, CALC)["workers"] == imported(typed, TEAM)["workers"]
    assert result_of(page, CALC) == native("team", imported(typed, TEAM), OPTIONS)
    assert notice(page, CALC) == f"Imported 2 workers from team.csv, replacing your {len(typed['workers'])}."
    # focus was in a row the import replaced: it goes to Undo, which the keyboard then presses
    assert page.evaluate("document.activeElement.dataset.action") == "undo-import"
    assert axe_violations(page) == []
    page.keyboard.press("Enter")
    page.wait_for_function(
        "id => document.querySelector(`#${id} [data-role=import-notice]`).innerText.includes('undone')", arg=CALC
    )
    assert form_values(page, CALC) == typed
    assert result_of(page, CALC) == native("team", typed, OPTIONS)
    assert page.input_value(f"#{CALC}-workers-0-cases_cp") == "40"
    assert not page.locator(f"#{CALC} [data-action=undo-import]").count()


def test_the_file_control_also_wins_over_a_cell_being_edited(page, site_url):
    open_calculator(page, site_url, PAGE, CALC)
    page.fill(f"#{CALC}-workers-2-contracted_hours", "12")
    import_files(page, CALC, [("team.csv", TEAM)], drop=False)
    assert page.locator(f"#{CALC} [data-table=workers] tbody tr[data-row]").count() == 2
    assert form_values(page, CALC)["workers"][1]["contracted_hours"] == "30"


def test_typing_after_an_import_takes_undo_away(page, site_url):
    # Undo after new typing would throw that typing away without a word: the button goes.
    open_calculator(page, site_url, PAGE, CALC)
    import_files(page, CALC, [("team.csv", TEAM)])
    assert page.locator(f"#{CALC} [data-action=undo-import]").count() == 1
    page.fill(f"#{CALC}-workers-0-label", "Pat")
    assert page.locator(f"#{CALC} [data-action=undo-import]").count() == 0
    assert notice(page, CALC).startswith("Imported 2 workers from team.csv")


def test_an_import_into_a_blank_form_has_nothing_to_undo(page, site_url):
    open_calculator(page, site_url, PAGE, CALC, example=False)
    import_files(page, CALC, [("a.csv", TEAM), ("b.csv", TEAM)])
    assert notice(page, CALC) == "Imported 4 workers from 2 files (a.csv, b.csv)."
    assert page.locator(f"#{CALC} [data-action=undo-import]").count() == 0


def test_a_file_with_no_rows_clears_the_old_result_and_says_why(page, site_url):
    open_calculator(page, site_url, PAGE, CALC)
    old = page.inner_text(f"#{CALC} [data-role=result]")
    assert "Team capacity used" in old
    import_files(page, CALC, [("empty.csv", HEADINGS + "\n")])
    assert page.locator(f"#{CALC} [data-table=workers] tbody tr[data-row]").count() == 0
    shown = page.inner_text(f"#{CALC} [data-role=result]")
    assert "Team capacity used" not in shown  # before: the previous team's result stayed under "Your result"
    assert shown.startswith("No result: empty.csv has no workers in it (a heading row but no rows under it)")
    assert page.inner_text(f"#{CALC} [data-role=result-title]") == "No result"
    assert "your 6 workers were replaced" in notice(page, CALC)
    assert page.locator(f"#{CALC} [data-role=downloads] button").count() == 0
    page.click(f"#{CALC} [data-action=undo-import]")
    page.wait_for_function(
        "id => document.querySelector(`#${id} [data-role=result]`).innerText.includes('Team capacity used')", arg=CALC
    )
    assert page.locator(f"#{CALC} [data-table=workers] tbody tr[data-row]").count() == 6


def test_a_label_with_a_line_break_gives_the_command_lines_result(page, site_url):
    # A text box cannot hold a line break: it used to drop it ("Sam\nJones" became "SamJones").
    text = f'{HEADINGS}\n"Sam\nJones",37,3,no,1,6,5,2,2,0,1,available\n"Ali\r\nKhan",30,2,yes,0,4,2,0,0,0,0,available\n'
    open_calculator(page, site_url, PAGE, CALC)
    before = form_values(page, CALC)
    import_files(page, CALC, [("team.csv", text)])
    expected = imported(before, text)
    assert [w["label"] for w in expected["workers"]] == ["Sam\nJones", "Ali\r\nKhan"]
    assert page.input_value(f"#{CALC}-workers-0-label") == "Sam Jones"  # shown on one line
    assert form_values(page, CALC) == expected
    assert result_of(page, CALC) == native("team", expected, OPTIONS)
    # the user editing the box makes the label theirs
    page.fill(f"#{CALC}-workers-0-label", "Sam J")
    assert form_values(page, CALC)["workers"][0]["label"] == "Sam J"


def test_loading_saved_answers_says_what_it_replaced(page, site_url):
    path, calc_id = "workload/individual-calculator/", "calc-workload"
    open_calculator(page, site_url, path, calc_id)
    mine = form_values(page, calc_id)
    theirs = copy.deepcopy(mine)
    theirs["cases_cp"] = str(int(mine["cases_cp"] or 0) + 3)
    saved = {"format": "social-work-workload-toolkit/inputs", "version": 1, "calculator": "workload", "values": theirs}
    import_files(page, calc_id, [("workload-answers.json", json.dumps(saved))], drop=False)
    assert notice(page, calc_id) == (
        "Loaded the answers in workload-answers.json, replacing the answers that were in the form."
    )
    assert form_values(page, calc_id) == theirs
    assert result_of(page, calc_id) == native("workload", theirs, {"model": "both"})
    page.click(f"#{calc_id} [data-action=undo-import]")
    page.wait_for_function(
        "id => document.querySelector(`#${id} [data-role=import-notice]`).innerText.includes('undone')", arg=calc_id
    )
    assert form_values(page, calc_id) == mine
    assert page.evaluate("document.activeElement.id") == f"{calc_id}-import"
