"""Saved work in Chromium is never dropped without a word. Answers saved by every earlier version (bare
values, no version number) are read and saved again as version 2, columns the form no longer has
included; saved answers the page cannot read are copied aside, never overwritten by the next keystroke,
and offered as a download; storage that is full or turned off is named next to the calculator, with
"Save my answers" to a file that loads back."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from browser_helpers import (
    axe_violations,
    calculator_pages,
    import_files,
    open_calculator,
    result_of,
    submit,
    wait_until_settled,
)

import calculators

pytestmark = pytest.mark.browser

TEAM_PAGE, TEAM = "workload/team-calculator/", "calc-team"
TEAM_KEY = "swwt:v1:/workload/team-calculator/#calc-team"

# The boxes the team's form gained since a881a3f (issue 18), as an older state loads them, with nothing
# saved for them: its name, week and comments blank, and every worker available.
TEAM_ADDED = ({"team_name": "", "week_of": "", "comments": ""}, {"status": "available"})


def as_loaded(state: dict, added: tuple[dict, dict] = ({}, {})) -> dict:
    """`state` as the form holds it: each of its answers as saved, and the boxes `added` since (the
    fields, and the columns of each table's rows) as they are with nothing saved."""
    fields, columns = added
    loaded = copy.deepcopy(state) | fields
    for name, rows in loaded.items():
        if isinstance(rows, list):
            loaded[name] = [row | columns for row in rows]
    return loaded


# What earlier versions saved (content/assets/js/calculators.js before version 2 wrote readValues(form)
# as it was, under "swwt:v1:" + path + "#" + id). The fields are those of the calculators at the commit
# named; no field or column was renamed since, so each loads as it is, beside the boxes added since
# (the last item: fields, then table columns), which show what they show with nothing saved.
V1_STATES = [
    pytest.param(  # 073bd93, the first build: the individual calculator only
        "workload/individual-calculator/",
        "calc-workload",
        "workload",
        {"model": "both"},
        {
            "contracted_hours": "37",
            "asye": "no",
            "supervision_hours": "2",
            "training_hours": "1",
            "responsibility_hours": "0",
            "other_hours": "1.5",
            "cases_assessment": "2",
            "cases_cin": "5",
            "cases_cp": "4",
            "cases_cla": "3",
            "cases_proceedings": "1",
        },
        ({}, {}),
        id="workload-073bd93",
    ),
    pytest.param(  # a881a3f, the team calculator's first version
        TEAM_PAGE,
        TEAM,
        "team",
        {"model": "points"},
        {
            "next_case": "cin",
            "next_extra": "court",
            "workers": [
                {
                    "label": "Sam",
                    "contracted_hours": "37",
                    "protected_hours": "3",
                    "asye": "no",
                    "cases_assessment": "1",
                    "cases_cin": "6",
                    "cases_cp": "5",
                    "cases_cla": "2",
                    "extra_court": "2",
                    "extra_siblings": "0",
                    "extra_travel": "1",
                },
                {
                    "label": "Ali",
                    "contracted_hours": "22.5",
                    "protected_hours": "1.5",
                    "asye": "yes",
                    "cases_assessment": "0",
                    "cases_cin": "3",
                    "cases_cp": "1",
                    "cases_cla": "1",
                    "extra_court": "0",
                    "extra_siblings": "1",
                    "extra_travel": "0",
                },
            ],
        },
        TEAM_ADDED,
        id="team-a881a3f",
    ),
    pytest.param(  # da22ab1: ratings were lists (a blank list saved ""); 03ace97 made them text
        "supervision/star-observation/",
        "calc-supervision_collate",
        "supervision_collate",
        {},
        {
            "observations": [
                {
                    "observation": f"Session {n}",
                    "date": f"2026-0{n}-10",
                    "safe_space": str(n),
                    "curiosity": "2",
                    "child_focus": "not_observed",
                    "reflection_to_action": "3",
                    "identity_rights": "1",
                    "wellbeing_development": "2",
                }
                for n in (1, 2, 3)
            ]
        },
        ({}, {}),
        id="collation-da22ab1",
    ),
]

# Saved answers this page cannot read, each with the reason the notice gives.
UNREADABLE = [
    pytest.param(
        '{"version": 2, "calculator": "team", "values": {"workers": [{"label": "Sam"', "cut off", id="truncated"
    ),
    pytest.param('["Sam", 37, "no"]', "not in a shape this page knows", id="a-list"),
    pytest.param('{"workers": {"label": "Sam"}}', "not in a shape this page knows", id="rows-not-a-list"),
    pytest.param('{"version": 2, "values": "Sam"}', "not in a shape this page knows", id="v2-without-values"),
    pytest.param('{"version": 7, "values": {"workers": []}}', "a newer version of this site (version 7", id="newer"),
]


def saved(page, key: str = TEAM_KEY):
    return page.evaluate("key => localStorage.getItem(key)", key)


def kept(page, key: str = TEAM_KEY) -> dict[str, dict]:
    """Every copy kept aside for `key`: {storage key: {kept, reason, text}}."""
    return page.evaluate(
        """key => { const prefix = 'swwt:kept:' + key.replace(/^swwt:v1:/, '') + ':';
        return Object.fromEntries(Object.keys(localStorage).filter((k) => k.startsWith(prefix))
            .map((k) => [k, JSON.parse(localStorage.getItem(k))])); }""",
        key,
    )


def form_values(page, calc_id: str) -> dict:
    return page.evaluate("id => window.toolkitCalculators.calculators.get(id).values()", calc_id)


def put(page, key: str, text: str) -> None:
    page.evaluate("([key, text]) => localStorage.setItem(key, text)", [key, text])


@pytest.mark.shared_page
@pytest.mark.parametrize(("path", "calc_id", "name", "options", "state", "added"), V1_STATES)
def test_answers_saved_by_an_earlier_version_are_read_and_saved_as_version_2(
    page, site_url, path, calc_id, name, options, state, added
):
    key = f"swwt:v1:/{path}#{calc_id}"
    put(page, key, json.dumps(state))
    open_calculator(page, site_url, path, calc_id, example=False)
    assert page.get_attribute(f"#{calc_id}", "data-saved-version") == "1"
    loaded = as_loaded(state, added)
    assert form_values(page, calc_id) == loaded
    assert result_of(page, calc_id) == calculators.run(name, state, options)["result"]
    assert calculators.run(name, loaded, options)["result"] == calculators.run(name, state, options)["result"]
    assert not page.locator(f"#{calc_id} .calc-notices .calc-notice").count()  # nothing to warn about
    submit(page, calc_id)  # Calculate saves the answers, now with a version number
    now = json.loads(saved(page, key))
    assert (now["version"], now["calculator"], now["values"]) == (2, name, loaded)


@pytest.mark.shared_page
def test_every_calculator_reads_its_answers_as_version_1_saved_them(page, site_url, built_site):
    # Every calculator's fields are named as in its first version (only the collation's ratings went from
    # lists to text, above), so its worked example saved bare, as version 1 did, is a version 1 state.
    problems = []
    for path, found in calculator_pages(built_site).items():
        for calc_id, name, options in found:
            calc, settings = calculators.prepare(name, options)
            state = calc.example(settings)
            key = f"swwt:v1:/{path}#{calc_id}"
            put(page, key, json.dumps(state))
            open_calculator(page, site_url, path, calc_id, example=False)
            got = form_values(page, calc_id)
            if {k: got.get(k) for k in state} != state:
                problems.append(f"{path}#{calc_id}: loaded {json.dumps(got)[:200]}")
                continue
            if result_of(page, calc_id) != calculators.run(name, state, options)["result"]:
                problems.append(f"{path}#{calc_id}: the result differs from native Python's")
            submit(page, calc_id)
            now = json.loads(saved(page, key))
            if now["version"] != 2 or {k: now["values"].get(k) for k in state} != state:
                problems.append(f"{path}#{calc_id}: saved again as {json.dumps(now)[:200]}")
    assert problems == []


@pytest.mark.shared_page
def test_columns_and_fields_an_older_form_saved_are_kept(page, site_url):
    # A council's earlier data had one more case type, and an older form one more field: the form has no
    # box for them, Python is not sent them, and they are saved again as they were rather than dropped.
    state = copy.deepcopy(V1_STATES[1].values[4])
    for n, row in enumerate(state["workers"]):
        row["cases_pre_proceedings"] = str(n + 2)
    state["service_area"] = "North"  # (team_name, the field this test used first, is now one of the form's)
    put(page, TEAM_KEY, json.dumps(state))
    open_calculator(page, site_url, TEAM_PAGE, TEAM, example=False)
    known = copy.deepcopy(state)
    del known["service_area"]
    for row in known["workers"]:
        del row["cases_pre_proceedings"]
    assert form_values(page, TEAM) == as_loaded(known, TEAM_ADDED)
    assert result_of(page, TEAM) == calculators.run("team", known, {"model": "points"})["result"]
    page.fill(f"#{TEAM}-workers-0-cases_cp", "7")
    submit(page, TEAM)
    state = as_loaded(state, TEAM_ADDED)
    state["workers"][0]["cases_cp"] = "7"
    assert json.loads(saved(page))["values"] == state
    # a row removed takes its own kept column with it
    page.locator(f"#{TEAM} [data-table=workers] tbody tr[data-row]").nth(0).locator("[data-action=remove-row]").click()
    submit(page, TEAM)
    assert json.loads(saved(page))["values"]["workers"] == state["workers"][1:]


@pytest.mark.shared_page
@pytest.mark.parametrize(("text", "reason"), UNREADABLE)
def test_saved_answers_the_page_cannot_read_are_kept_told_and_offered(page, site_url, text, reason):
    put(page, TEAM_KEY, text)
    open_calculator(page, site_url, TEAM_PAGE, TEAM, example=False)
    notice = page.locator(f"#{TEAM} [data-role=kept-notice]")
    assert "Answers saved in this browser earlier could not be read" in notice.inner_text()
    assert reason in notice.inner_text()
    copies = kept(page)
    assert [c["text"] for c in copies.values()] == [text]  # kept aside exactly as they were
    # typing saves the new answers under the usual key; the kept copy is untouched (before: overwritten)
    page.fill(f"#{TEAM}-workers-0-label", "Pat")
    submit(page, TEAM)
    assert json.loads(saved(page))["values"]["workers"][0]["label"] == "Pat"
    assert kept(page) == copies
    with page.expect_download() as info:
        notice.locator("[data-action=download-kept]").click()
    assert Path(info.value.path()).read_text(encoding="utf-8") == text
    assert info.value.suggested_filename.startswith("team-saved-answers-kept-")
    notice.locator("[data-action=discard-kept]").click()
    assert kept(page) == {}
    assert not page.locator(f"#{TEAM} [data-role=kept-notice]").count()


@pytest.mark.shared_page
def test_kept_copies_are_still_offered_on_the_next_visit(page, site_url):
    put(page, TEAM_KEY, "{not json")
    open_calculator(page, site_url, TEAM_PAGE, TEAM, example=False)
    page.reload()
    wait_until_settled(page, TEAM)
    assert "cut off" in page.inner_text(f"#{TEAM} [data-role=kept-notice]")
    assert len(kept(page)) == 1


QUOTA_FULL = """() => {
    Storage.prototype.setItem = function () {
        throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    };
}"""


def test_storage_full_is_said_and_the_answers_can_be_saved_to_a_file(page, site_url):
    page.add_init_script(script=f"({QUOTA_FULL})()")
    open_calculator(page, site_url, TEAM_PAGE, TEAM)  # "Fill in the example" tries to save them
    notice = page.locator(f"#{TEAM} [data-role=storage-notice]")
    text = notice.inner_text()
    assert "Your answers are not being saved in this browser: this browser's storage for the site is full" in text
    assert "A reload or closing the page would lose them" in text
    page.fill(f"#{TEAM}-workers-1-cases_cin", "9")
    answers = form_values(page, TEAM)
    assert page.locator(f"#{TEAM} [data-role=storage-notice]").count() == 1  # said once, not at every key
    assert axe_violations(page) == []
    with page.expect_download() as info:
        notice.locator("[data-action=save-answers]").click()
    file = Path(info.value.path()).read_text(encoding="utf-8-sig")
    assert info.value.suggested_filename == "team-answers.json"  # every answer, not only the table
    page.click(f"#{TEAM} [data-action=clear]")
    import_files(page, TEAM, [("team-answers.json", file)])
    assert form_values(page, TEAM)["workers"] == answers["workers"]


def test_storage_turned_off_is_said_and_the_calculator_still_works(page, site_url):
    # As a browser with site data blocked: every use of storage throws SecurityError. Only the
    # calculators' keys here, since the theme's own inline script reads storage unguarded (Material's
    # __md_get), which would fail the test for a page error that is not the calculators'.
    page.add_init_script(
        script="""for (const name of ["getItem", "setItem", "removeItem"]) {
        const original = Storage.prototype[name];
        Storage.prototype[name] = function (key, ...rest) {
            if (String(key).startsWith("swwt:")) throw new DOMException("The operation is insecure.", "SecurityError");
            return original.call(this, key, ...rest);
        };
    }"""
    )
    path, calc_id = "workload/individual-calculator/", "calc-workload"
    open_calculator(page, site_url, path, calc_id)
    text = page.inner_text(f"#{calc_id} [data-role=storage-notice]")
    assert "this browser does not let the page store anything" in text
    assert "load them with “Load saved answers”" in text
    assert (
        result_of(page, calc_id) == calculators.run("workload", form_values(page, calc_id), {"model": "both"})["result"]
    )
    with page.expect_download() as info:
        page.click(f"#{calc_id} [data-role=storage-notice] [data-action=save-answers]")
    assert json.loads(Path(info.value.path()).read_text(encoding="utf-8"))["values"] == form_values(page, calc_id)


def test_unreadable_answers_with_storage_full_are_left_where_they_were(page, site_url):
    # The copy aside fails too: the page then saves nothing over the original, and says so.
    raw = '{"version": 2, "values": {"workers": [{"label": "Sa'
    store = f"localStorage.setItem({json.dumps(TEAM_KEY)}, {json.dumps(raw)})"
    page.add_init_script(script=f"(() => {{ try {{ {store}; }} catch {{}} ({QUOTA_FULL})(); }})()")
    open_calculator(page, site_url, TEAM_PAGE, TEAM)
    text = page.inner_text(f"#{TEAM} [data-role=kept-notice]")
    assert "left where they were" in text and "not saving your answers over them" in text
    assert axe_violations(page) == []
    page.fill(f"#{TEAM}-workers-0-label", "Pat")
    submit(page, TEAM)
    assert saved(page) == raw
    page.click(f"#{TEAM} [data-action=clear]")  # clearing the form does not delete them either
    assert saved(page) == raw
    with page.expect_download() as info:
        page.click(f"#{TEAM} [data-action=download-kept]")
    assert Path(info.value.path()).read_text(encoding="utf-8") == raw
