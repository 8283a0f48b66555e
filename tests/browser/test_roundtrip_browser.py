"""Inputs out and back in, in Chromium, for every calculator: "Save my answers" writes a file, and
loading that file into a cleared form gives back exactly the same answers and the same result. The
collation tool reads several observation files at once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from browser_helpers import (
    calculator_pages,
    import_files,
    open_calculator,
    responses,
    result_of,
    submit,
    wait_for_response,
)

import calculators
from calculators import team

pytestmark = pytest.mark.browser


def form_values(page, calc_id: str) -> dict:
    return page.evaluate("id => window.toolkitCalculators.calculators.get(id).values()", calc_id)


def save_answers(page, calc_id: str) -> tuple[str, bytes]:
    with page.expect_download() as info:
        page.click(f"#{calc_id} [data-role=downloads] button[data-kind=inputs]")
    download = info.value
    with open(download.path(), "rb") as handle:
        return download.suggested_filename, handle.read()


def load_file(page, calc_id: str, files: list[tuple[str, bytes]]) -> None:
    before = responses(page, calc_id)
    page.set_input_files(
        f"#{calc_id}-import", files=[{"name": n, "mimeType": "text/plain", "buffer": b} for n, b in files]
    )
    wait_for_response(page, calc_id, before)


@pytest.mark.shared_page
def test_every_calculator_saves_and_loads_its_answers_exactly(page, site_url, built_site):
    problems = []
    for path, found in calculator_pages(built_site).items():
        for calc_id, name, _ in found:
            open_calculator(page, site_url, path, calc_id)
            calc = calculators.get(name)
            table = getattr(calc, "CSV_TABLE", None)
            # change one answer from the example, so the file holds the user's own answers
            before = form_values(page, calc_id)
            result = result_of(page, calc_id)
            filename, saved = save_answers(page, calc_id)
            page.click(f"#{calc_id} [data-action=clear]")
            load_file(page, calc_id, [(filename, saved)])
            after = form_values(page, calc_id)
            # a table's file holds the table: the rest of the form is compared where the file has it
            wanted = {table: before[table]} if table else before
            got = {k: after.get(k) for k in wanted}
            if got != wanted:
                problems.append(
                    f"{path}#{calc_id}: loaded answers differ: {json.dumps(got)[:300]} != {json.dumps(wanted)[:300]}"
                )
            elif not table and result_of(page, calc_id) != result:
                problems.append(f"{path}#{calc_id}: the result differs after loading")
    assert problems == []


@pytest.mark.shared_page
def test_the_collation_takes_several_files_at_once(page, site_url):
    page_path, obs, collate = "supervision/star-observation/", "calc-supervision", "calc-supervision_collate"
    open_calculator(page, site_url, page_path, obs)
    files = []
    for n, rating in enumerate(("1", "2", "3"), start=1):
        page.check(f"#{obs}-rating_safe_space-{rating}")
        page.fill(f"#{obs}-session", f"Observation {n}")
        page.click(f"#{obs} button[type=submit]")
        page.wait_for_function(
            "([id, t]) => document.querySelector(`#${id} [data-role=result]`).dataset.result.includes(t)",
            arg=[obs, f"Observation {n}"],
        )
        with page.expect_download() as info:
            page.locator(f"#{obs} [data-role=downloads] button", has_text="Download ratings").click()
        files.append((f"obs{n}.csv", Path(info.value.path()).read_bytes()))
    load_file(page, collate, files)
    got = result_of(page, collate)
    assert got["observations"] == 3
    assert {d["id"]: d for d in got["domains"]}["safe_space"]["mean"] == 2
    assert page.locator(f"#{collate} [data-table=observations] tbody tr[data-row]").count() == 3


@pytest.mark.shared_page
def test_half_finished_answers_can_be_saved_and_loaded_back(page, site_url):
    # A worker whose hours are not filled in yet: the form shows problems, and the answers can
    # still be saved to a file and loaded again, so unfinished work is never stuck in one browser.
    path, calc_id = "workload/team-calculator/", "calc-team"
    open_calculator(page, site_url, path, calc_id, example=False)
    page.fill(f"#{calc_id}-workers-0-label", "Sam")
    page.fill(f"#{calc_id}-workers-0-cases_cin", "4")
    submit(page, calc_id)
    assert page.is_visible(f"#{calc_id} [data-role=summary]")
    answers = form_values(page, calc_id)["workers"]
    filename, saved = save_answers(page, calc_id)
    page.click(f"#{calc_id} [data-action=clear]")
    load_file(page, calc_id, [(filename, saved)])
    assert form_values(page, calc_id)["workers"] == answers


SPY = """() => {
    // every request the page sends to Python, in order
    const worker = window.toolkitCalculators.runtime.worker;
    window.__sent = [];
    const post = worker.postMessage.bind(worker);
    worker.postMessage = (message) => {
        if (message.type === "run") window.__sent.push(message.request);
        post(message);
    };
}"""


def test_a_download_is_made_only_when_it_is_saved(page, site_url):
    # Recalculating asks for the downloads without their contents (a big team's CSV is not rebuilt on
    # every keystroke); pressing a download's button asks Python for that one file, from the answers now.
    path, calc_id = "workload/team-calculator/", "calc-team"
    open_calculator(page, site_url, path, calc_id, example=False)
    page.evaluate(SPY)
    page.click(f"#{calc_id} [data-action=example]")
    page.wait_for_selector(f"#{calc_id} [data-role=downloads] button[data-kind=inputs]")
    sent = page.evaluate("window.__sent")
    assert sent and all(r.get("download_contents") is False for r in sent if not r.get("action")), sent
    values = form_values(page, calc_id)
    with page.expect_download() as info:
        page.locator(f"#{calc_id} [data-role=downloads] button", has_text="CSV").first.click()
    asked = [r for r in page.evaluate("window.__sent") if r.get("action") == "download"]
    assert len(asked) == 1 and asked[0]["payload"] == info.value.suggested_filename
    expected = next(
        d
        for d in calculators.run("team", values, {"model": "points"})["downloads"]
        if d["filename"] == info.value.suggested_filename
    )
    with open(info.value.path(), "rb") as handle:
        assert handle.read() == ("\ufeff" if expected["bom"] else "").encode() + expected["text"].encode()
    assert "Saved" in page.inner_text(f"#{calc_id} [data-role=result-status]")


@pytest.mark.shared_page
def test_a_download_that_cannot_be_made_says_so(page, site_url):
    path, calc_id = "workload/team-calculator/", "calc-team"
    open_calculator(page, site_url, path, calc_id)
    # a file Python does not offer for these answers (as if the page's list were out of date)
    page.evaluate(
        """id => window.toolkitCalculators.calculators.get(id).downloads.download(
        {label: "Old file", filename: "old.csv", mime: "text/csv", kind: "results", bom: true})""",
        calc_id,
    )
    status = page.inner_text(f"#{calc_id} [data-role=result-status]")
    assert status.startswith("old.csv could not be made") and "Your answers are kept" in status, status
    assert any("old.csv" in item for item in page.locator(f"#{calc_id} [data-role=summary] li").all_inner_texts())


@pytest.mark.shared_page
def test_a_label_with_a_line_break_survives_saving_and_loading(page, site_url):
    # The page's text box shows the break as a space but keeps it: the saved file, and the answers
    # loaded back from it, hold the label exactly as the imported file had it.
    path, calc_id = "workload/team-calculator/", "calc-team"
    open_calculator(page, site_url, path, calc_id, example=False)
    settings = calculators.prepare("team", {"model": "points"})[1]
    headings = ",".join(c.name for c in team.workers_table(settings).columns)
    import_files(page, calc_id, [("team.csv", f'{headings}\n"Sam\nJones",37,3,no,1,6,5,2,2,0,1,available\n')])
    answers = form_values(page, calc_id)
    assert answers["workers"][0]["label"] == "Sam\nJones"
    filename, saved = save_answers(page, calc_id)
    page.click(f"#{calc_id} [data-action=clear]")
    load_file(page, calc_id, [(filename, saved)])
    assert form_values(page, calc_id)["workers"] == answers["workers"]
