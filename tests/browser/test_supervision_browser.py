"""The supervision observation and collation tools in Chromium: Python in the browser gives what native
Python gives, a half-finished observation survives a reload, and an observation's own download imports
into the collation tool on the same page."""

from __future__ import annotations

import pytest
from browser_helpers import (
    errors_of,
    fill,
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
from calculators import supervision as sv
from calculators import supervision_collate as sc

pytestmark = [pytest.mark.browser, pytest.mark.shared_page]

PAGE = "supervision/star-observation/"
OBS = "calc-supervision"
COLLATE = "calc-supervision_collate"
SETTINGS = calculators.prepare("supervision")[1]
EXAMPLE = sv.example(SETTINGS)


def download_text(page, calc_id: str, label_start: str) -> str:
    with page.expect_download() as info:
        page.locator(f"#{calc_id} [data-role=downloads] button", has_text=label_start).click()
    with open(info.value.path(), encoding="utf-8-sig", newline="") as handle:
        return handle.read()


def test_both_examples_match_native(page, site_url):
    open_calculator(page, site_url, PAGE, OBS)
    assert result_of(page, OBS) == run("supervision", EXAMPLE)["result"]
    wait_until_settled(page, COLLATE)
    use_example(page, COLLATE)
    collate_example = sc.example(SETTINGS)
    assert result_of(page, COLLATE) == run("supervision_collate", collate_example)["result"]


def test_an_observation_matches_native_and_its_downloads_too(page, site_url):
    open_calculator(page, site_url, PAGE, OBS)
    answers = {
        "session": "Team B, observation 3",
        "date": "14/03/2026",
        "rating_safe_space": "2",
        "rating_child_focus": "not_observed",
        "rating_curiosity": "1",
        "rating_reflection_to_action": "3",
        "notes_curiosity": "<b>One</b> explanation only",
        "development": "=Try two hypotheses",
    }
    fill(page, OBS, answers)
    values = {**EXAMPLE, **answers}
    native = run("supervision", values)
    assert result_of(page, OBS) == native["result"]
    shown = page.locator(f"#{OBS} [data-role=result]")
    assert shown.locator("b").count() == 0 and "<b>One</b> explanation only" in shown.inner_text()
    texts = {d["filename"].rsplit(".", 1)[1]: d["text"] for d in native["downloads"]}
    assert download_text(page, OBS, "Download ratings") == texts["csv"]
    assert download_text(page, OBS, "Download full record") == texts["json"]
    assert download_text(page, OBS, "Download record") == texts["md"]
    assert page.locator(f"#{OBS} [data-action=print]").is_visible()


def test_a_bad_date_shows_the_message_at_the_field(page, site_url):
    open_calculator(page, site_url, PAGE, OBS)
    fill(page, OBS, {"date": "31/02/2026"})
    native = run("supervision", {**EXAMPLE, "date": "31/02/2026"})
    assert errors_of(page, OBS) == {f"{OBS}-date": native["errors"][0]["message"]}
    assert summary_of(page, OBS) == ["Date of the session must be a real date, like 2026-03-14"]


def test_a_half_finished_observation_survives_a_reload_and_clear_removes_it(page, site_url):
    open_calculator(page, site_url, PAGE, OBS)
    fill(page, OBS, {"rating_safe_space": "1", "rating_curiosity": "not_observed", "notes_safe_space": "Kept"})
    expected = result_of(page, OBS)
    page.reload()
    page.wait_for_selector(f"#{OBS}[data-state=calculated]", state="attached")
    assert page.is_checked(f"#{OBS}-rating_safe_space-1")
    assert page.is_checked(f"#{OBS}-rating_curiosity-not_observed")
    assert page.input_value(f"#{OBS}-notes_safe_space") == "Kept"
    assert result_of(page, OBS) == expected
    # a browser restart keeps localStorage too; "Clear my answers" is the visible way to remove it
    before = responses(page, OBS)
    page.click(f"#{OBS} [data-action=clear]")
    wait_for_response(page, OBS, before)
    assert page.input_value(f"#{OBS}-notes_safe_space") == ""
    assert not page.is_checked(f"#{OBS}-rating_safe_space-1")
    page.reload()
    wait_until_settled(page, OBS)
    # blank again: no rating is ticked, and the result shown is the example's, labelled as one
    assert page.locator(f"#{OBS} input[type=radio]:checked").count() == 0
    assert page.is_visible(f"#{OBS} [data-role=example-tag]")
    assert page.get_attribute(f"#{OBS}", "data-errors") is None


def test_downloaded_observations_import_into_the_collation(page, site_url):
    open_calculator(page, site_url, PAGE, OBS)
    page.wait_for_selector(f"#{COLLATE}[data-state=calculated]", state="attached")
    files = []
    for ratings in (
        {"rating_safe_space": "1", "rating_curiosity": "3"},
        {"rating_safe_space": "3", "rating_curiosity": "not_observed"},
    ):
        fill(page, OBS, ratings)
        files.append(download_text(page, OBS, "Download ratings"))
    before = responses(page, COLLATE)
    page.set_input_files(  # both downloads at once
        f"#{COLLATE}-import",
        files=[{"name": f"obs{i}.csv", "mimeType": "text/csv", "buffer": f.encode()} for i, f in enumerate(files)],
    )
    wait_for_response(page, COLLATE, before)
    imported = calculators.act("supervision_collate", "import_csv", {}, payload="".join(files))["values"]
    got = result_of(page, COLLATE)
    assert got == run("supervision_collate", imported)["result"]
    by_id = {d["id"]: d for d in got["domains"]}
    assert got["observations"] == 2
    assert by_id["safe_space"]["mean"] == 2 and by_id["curiosity"]["not_observed"] == 1
    # the summary downloads match native too
    native = run("supervision_collate", imported)["downloads"]
    assert download_text(page, COLLATE, "Download summary") == native[0]["text"]


def test_collation_cell_errors_show_at_the_cell(page, site_url):
    open_calculator(page, site_url, PAGE, COLLATE)
    page.fill(f"#{COLLATE}-observations-0-date", "yesterday")
    submit(page, COLLATE)
    values = sc.example(SETTINGS)
    values["observations"][0]["date"] = "yesterday"
    native = run("supervision_collate", values)
    expected = {f"{COLLATE}-observations-{e['row']}-{e['field']}": e["message"] for e in native["errors"]}
    assert errors_of(page, COLLATE) == expected


def test_imported_labels_are_kept_not_silently_dropped(page, site_url):
    open_calculator(page, site_url, PAGE, COLLATE)
    text = "observation,date,safe_space,curiosity\nA,,Emerging,Not observed\nB,,Well established,\n"
    before = responses(page, COLLATE)
    page.set_input_files(
        f"#{COLLATE}-import", files=[{"name": "o.csv", "mimeType": "text/csv", "buffer": text.encode()}]
    )
    wait_for_response(page, COLLATE, before)
    assert page.input_value(f"#{COLLATE}-observations-0-safe_space") == "Emerging"
    imported = calculators.act("supervision_collate", "import_csv", {}, payload=text)["values"]
    assert result_of(page, COLLATE) == run("supervision_collate", imported)["result"]
    assert result_of(page, COLLATE)["domains"][0]["mean"] == 2.5
