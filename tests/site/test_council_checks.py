"""What the council build checks before building: every mistake a council can make in its folder
fails with the file, the key, the problem and the fix (no MkDocs build needed for these)."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from conftest import ROOT
from toolkit_site import contrast, council_pages, councils, defaults
from toolkit_site import council as council_module

EXAMPLE = ROOT / "councils" / "example-anytown"


def council(tmp_path: Path, replace: dict[str, str] | None = None, append: str = "") -> Path:
    folder = tmp_path / "othertown"
    shutil.copytree(EXAMPLE, folder)
    config = folder / "council.yml"
    text = config.read_text(encoding="utf-8")
    for old, new in (replace or {}).items():
        assert old in text
        text = text.replace(old, new)
    config.write_text(text + append, encoding="utf-8")
    return folder


def test_the_example_council_passes_every_check():
    loaded = councils.load(EXAMPLE)
    assert loaded.problems == []
    assert loaded.settings["site_name"].startswith("Anytown")


@pytest.mark.parametrize(
    ("wrong", "near"),
    [
        ("calculator-data", "calculator_data"),
        ("local-nav", "local_nav"),
        ("local_nva", "local_nav"),
        ("colors", "colours"),
    ],
)
def test_a_misspelt_setting_names_the_nearest_valid_one(tmp_path, wrong, near):
    folder = council(tmp_path, append=f"{wrong}: x\n")
    problems = councils.load(folder).problems
    assert any(f"council.yml: {wrong}: is not a setting" in p and f"did you mean `{near}`?" in p for p in problems)


def test_teal_fails_contrast_with_the_ratio_and_a_colour_that_passes(tmp_path):
    folder = council(tmp_path, {"primary: indigo": "primary: teal"})
    problems = councils.load(folder).problems
    assert any(
        "colours → primary" in p and "3.77:1" in p and "WCAG AA needs 4.5:1" in p and "Fix:" in p for p in problems
    ), problems
    fixed = problems[0].split('"')[1]
    assert contrast.ratio("#ffffff", fixed) >= 4.5  # the suggested colour really passes


def test_yellow_links_fail_and_a_dark_hex_passes():
    assert any("links on the page background has contrast 2.49:1" in p for p in contrast.brand_problems("yellow"))
    assert contrast.brand_problems("#1d4f91") == []
    assert contrast.brand_problems("indigo") == []


def test_data_paths_are_relative_to_the_config_folder(tmp_path):
    folder = council(tmp_path, {"workload: data/workload.json": "workload: data/missing.json"})
    problems = " ".join(councils.load(folder).problems)
    assert "calculator_data → workload: the file" in problems and "does not exist" in problems
    assert f"relative to the folder of council.yml: {folder.resolve()}" in problems


def test_local_pages_need_front_matter_and_menu_pages_must_exist(tmp_path):
    folder = council(tmp_path, append="")
    (folder / "content/local/allocation.md").write_text("# No front matter\n", encoding="utf-8")
    config = folder / "council.yml"
    config.write_text(config.read_text().replace("local/allocation.md", "local/allocation.md\n  - Gone: local/gone.md"))
    problems = councils.load(folder).problems
    assert any("allocation.md: no front matter. Fix:" in p for p in problems)
    assert any("local_nav: the page 'local/gone.md' does not exist" in p for p in problems)


def test_hiding_a_page_that_is_not_ours_suggests_the_right_path(tmp_path):
    folder = council(tmp_path, {"hide: []": "hide: [workload/croydn.md]"})
    assert any("did you mean 'workload/croydon.md'?" in p for p in councils.load(folder).problems)


def test_a_replaced_page_is_reported_when_ours_changes(tmp_path):
    folder = council(tmp_path)
    ours = ROOT / "content/workload/croydon.md"
    text = ours.read_text(encoding="utf-8")
    mine = folder / "content/workload/croydon.md"
    mine.parent.mkdir(parents=True)
    mine.write_text(
        text.replace("---\n", f"---\nreplaces_upstream: {council_pages.page_hash(ours)}\n", 1), encoding="utf-8"
    )
    assert councils.load(folder).notices == [n for n in councils.load(folder).notices if "croydon" not in n]
    mine.write_text(text.replace("---\n", "---\nreplaces_upstream: 000000000000\n", 1), encoding="utf-8")
    notices = councils.load(folder).notices
    assert any("replaces our content/workload/croydon.md, which has changed since you copied it" in n for n in notices)


def test_changed_defaults_are_listed_with_old_and_new_values(tmp_path):
    data = json.loads((EXAMPLE / "data/workload.json").read_text(encoding="utf-8"))
    assert defaults.changes_since("workload", data, Path("w.json")) == []  # up to date
    data["based_on"]["version"] = "2020-01-01"
    data["based_on"]["values"]["points.full_time_maximum"] = 120
    data["based_on"]["values"]["case_types[0].points"] = 4
    (notice,) = defaults.changes_since("workload", data, Path("w.json"))
    assert "points.full_time_maximum: 120 → 100" in notice
    assert "case_types[assessment].points: 4 → 5" in notice  # by its id, not its position
    assert "case_types[0]" not in notice


def test_published_schemas_are_up_to_date_and_accept_the_defaults():
    for path, text in defaults.schema_files().items():
        assert path.read_text(encoding="utf-8") == text, f"{path} is stale: run python -m toolkit_site.defaults schemas"
    schema = json.loads((defaults.SCHEMAS / "workload.schema.json").read_text())
    assert schema["additionalProperties"] is False and "case_types" in schema["required"]


def test_every_default_data_file_has_a_version():
    for file in defaults.DATA.glob("*.json"):
        assert json.loads(file.read_text(encoding="utf-8")).get("version"), file


def test_the_assembled_copy_overlays_pages_hides_ours_and_leaves_ours_untouched(tmp_path):
    folder = council(tmp_path, {"hide: []": "hide: [workload/croydon.md]"})
    mine = folder / "content/reference/about.md"
    mine.parent.mkdir(parents=True)
    ours = ROOT / "content/reference/about.md"
    mine.write_text(ours.read_text(encoding="utf-8") + "\nOthertown's own paragraph.\n", encoding="utf-8")
    loaded = councils.load(folder)
    assert loaded.problems == []
    config = councils.assemble(loaded, tmp_path / "work")
    docs = tmp_path / "work" / "docs"
    assert "Othertown's own paragraph." in (docs / "reference/about.md").read_text(encoding="utf-8")
    assert "Othertown's own paragraph." not in ours.read_text(encoding="utf-8")
    assert not (docs / "workload/croydon.md").exists() and (ROOT / "content/workload/croydon.md").exists()
    assert (docs / "local/allocation.md").is_file() and not (ROOT / "content/local").exists()
    text = config.read_text(encoding="utf-8")
    assert "croydon.md" not in text and "Anytown procedures" in text
    assert str(folder / "data/workload.json") in text


def test_wording_that_labels_our_defaults_switches_to_the_councils_own():
    import markdown

    text = "/// defaults | workload\nThe weights below are **the project's own illustration**.\n///\n"
    ours = markdown.markdown(text, extensions=["toolkit_site.directive"])
    assert "the project's own illustration" in ours
    council_config = {"data": {"workload": str(EXAMPLE / "data/workload.json")}, "publisher": "Anytown"}
    theirs = markdown.markdown(
        text, extensions=["toolkit_site.directive"], extension_configs={"toolkit_site.directive": council_config}
    )
    assert "project's own illustration" not in theirs
    assert "Anytown's own (version 2026-11-01), not the project's defaults" in theirs


STATEMENT = (ROOT / "content/reference/accessibility-statement.md").read_text(encoding="utf-8")
FILLED = {
    "accessibility": {
        "run_by": "Othertown Council",
        "compliance": "partial",
        "prepared": date(2026, 10, 1),
        "last_tested": date(2026, 11, 2),
        "tested_by": "Othertown digital team",
        "known_issues": ["The team chart has no pattern fill for colour-blind readers"],
    },
    "contact": {"name": "Othertown web team", "email": "web@othertown.example", "phone": "01234 000000"},
}


def test_the_accessibility_statement_takes_the_councils_details_from_its_settings():
    page = council_module.accessibility_statement(STATEMENT, FILLED, "https://toolkit.othertown.example/")
    assert "/// statement" not in page and 'Complete before publishing"\n    **Website address' not in page
    for own in (
        "This statement covers <https://toolkit.othertown.example/>, run by Othertown Council.",
        "- The team chart has no pattern fill for colour-blind readers",
        "email [web@othertown.example](mailto:web@othertown.example) or call 01234 000000",
        "Othertown web team deals with reports.",
        "partially compliant with the Web Content Accessibility Guidelines version 2.2 AA",
        "prepared on 1 October 2026. The website was last tested on 2 November 2026 by Othertown digital",
    ):
        assert own in page, own
    for box in (
        "**Website address and owner.**",
        "**Known problems.**",
        "**Contact details.**",
        "**Reporting route.**",
        "**Compliance status.**",
        "**Dates and method.**",
    ):
        assert box not in page, box
    assert "**Enforcement wording.**" in page  # what settings cannot say stays a box


def test_details_a_council_has_not_set_keep_the_template_box_and_nothing_is_made_up():
    upstream = council_module.accessibility_statement(STATEMENT, None, "https://example.org/")
    box = '!!! warning "Complete before publishing"'
    assert "/// statement" not in upstream and upstream.count(box) == STATEMENT.count(box) == 11
    partly = {"accessibility": {"run_by": "Othertown Council", "known_issues": []}, "contact": {}}
    page = council_module.accessibility_statement(STATEMENT, partly, "https://example.org/")
    assert "run by Othertown Council" in page
    assert "**Known problems.**" in page  # no problems listed, but no testing named to rest that on
    assert "**Contact details.**" in page and "**Compliance status.**" in page and "**Dates and method.**" in page


def test_a_wrong_statement_setting_fails_and_a_missing_one_is_a_notice(tmp_path):
    folder = council(
        tmp_path,
        replace={
            "  run_by: Anytown Borough Council\n": "  run_by: Othertown Council\n"
            "  compliance: mostly\n  known_issues: the charts\n"
        },
    )
    loaded = councils.load(folder)
    assert any("accessibility → compliance: 'mostly' is not one of full, partial, not" in p for p in loaded.problems)
    assert any("accessibility → known_issues: must be a list" in p for p in loaded.problems)
    notices = councils.load(EXAMPLE).notices
    assert any("accessibility: known_issues, compliance not set" in n for n in notices), notices


# Configuration traps: each gets a message naming the file, the key and the fix.


def problems_of(tmp_path: Path, replace: dict[str, str] | None = None, append: str = "") -> list[str]:
    loaded = councils.load(council(tmp_path, replace, append))
    assert all(str(loaded.config_file) in p or p.startswith(str(loaded.folder)) for p in loaded.problems)
    return loaded.problems


def test_an_unquoted_hex_colour_read_as_a_comment_is_named_with_the_quoted_fix(tmp_path):
    (problem,) = problems_of(tmp_path, {"  primary: indigo ": "  primary: #00828a "})
    assert "colours → primary: is empty" in problem and "as a comment" in problem
    assert 'Fix: quote it: `primary: "#00828a"`' in problem


def test_a_site_url_without_its_trailing_slash_is_normalised_and_said(tmp_path):
    loaded = councils.load(council(tmp_path), site_url="https://intranet.othertown.example/toolkit")
    assert loaded.problems == [] and loaded.settings["site_url"] == "https://intranet.othertown.example/toolkit/"
    assert any("site_url" in n and "no trailing slash" in n and "Fix: add the slash" in n for n in loaded.notices)


def test_an_over_long_site_name_is_refused_with_the_limit(tmp_path):
    long_name = "Othertown Metropolitan Borough Council Children's Services Department Workload Toolkit"
    (problem,) = problems_of(tmp_path, {"Anytown Children's Services – Workload Toolkit": long_name})
    assert f"site_name: is {len(long_name)} characters" in problem and "shorten it to 70 or fewer" in problem


@pytest.mark.parametrize("key", ["logo: logo.svg", "  workload: data/workload.json"])
def test_a_windows_path_is_refused_saying_use_slash(tmp_path, key):
    windows = key.replace("/", "\\").replace("logo.svg", "images\\logo.svg")
    problems = problems_of(tmp_path, {key: windows})
    assert any("uses \\. Fix: write paths with /" in p for p in problems), problems


TEXT_SETTINGS = {  # every text setting of the example, as it is written there
    "site_name": "site_name: Anytown Children's Services – Workload Toolkit",
    "site_description": None,
    "local_section": "local_section: Anytown procedures",
    "local_nav": "  - Allocation meetings: local/allocation.md",
    "contact → name": "  name: Anytown Children's Services workforce team",
    "contact → address": None,
    "accessibility → run_by": "  run_by: Anytown Borough Council",
    "accessibility → tested_by": "  tested_by: Anytown digital team",
    "accessibility → known_issues[0]": None,
}
INJECTED = "<script>window.__ran = 1</script>"


def with_text(key: str, value: str) -> tuple[dict[str, str], str]:
    """council.yml replacements or an appended line that put `value` into the setting `key`."""
    line = TEXT_SETTINGS[key]
    if key == "local_nav":
        return {line: f"  - {value}: local/allocation.md"}, ""
    if line:
        return {line: line.split(":", 1)[0] + ": " + json.dumps(value)}, ""
    if key == "site_description":
        return {}, f"site_description: {json.dumps(value)}\n"
    if key == "contact → address":
        return {"  phone: 01234 567890\n": f"  phone: 01234 567890\n  address: {json.dumps(value)}\n"}, ""
    line = "  tested_by: Anytown digital team\n"
    return {line: f"{line}  known_issues: [{json.dumps(value)}]\n"}, ""


@pytest.mark.parametrize("key", list(TEXT_SETTINGS))
def test_html_in_any_text_setting_is_refused_naming_the_setting(tmp_path, key):
    replace, append = with_text(key, f"Othertown {INJECTED}")
    problems = problems_of(tmp_path, replace, append)
    assert len(problems) == 1 and "holds HTML" in problems[0] and "never read as HTML" in problems[0], problems
    assert f": {key}" in problems[0] or (key == "local_nav" and ": local_nav[0] → " in problems[0]), problems


@pytest.mark.parametrize("key", ["site_name", "local_section", "local_nav"])
def test_a_straight_quote_where_it_would_reach_an_attribute_is_refused_with_the_fix(tmp_path, key):
    replace, append = with_text(key, 'Othertown "Families" Service')
    (problem,) = problems_of(tmp_path, replace, append)
    assert "straight double quote" in problem and "typographic quotes" in problem


def test_the_readme_example_of_hide_is_checked_and_its_links_listed(tmp_path):
    """`hide: [workload/croydon.md]`, as the README shows it: our pages that link to it are listed, not refused."""
    loaded = councils.load(council(tmp_path, {"hide: []": "hide: [workload/croydon.md]"}))
    assert loaded.problems == []
    listed = [n for n in loaded.notices if ": hide: " in n]
    assert any("turned into plain text in reference/sources.md" in n for n in listed), loaded.notices
    assert any("in workload/cambridgeshire.md" in n for n in listed)


def test_a_link_to_a_hidden_page_in_html_cannot_be_rewritten_and_fails_the_check(tmp_path):
    folder = council(tmp_path, {"hide: []": "hide: [workload/croydon.md]"})
    page = folder / "content/local/allocation.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n<a href="../../workload/croydon/">Croydon</a>\n')
    (problem,) = councils.load(folder).problems
    assert "hide: local/allocation.md links to the hidden page workload/croydon in HTML" in problem


def test_links_to_a_hidden_page_become_plain_text_in_the_assembled_copy(tmp_path):
    loaded = councils.load(council(tmp_path, {"hide: []": "hide: [workload/croydon.md]"}))
    councils.assemble(loaded, tmp_path / "work")
    docs = tmp_path / "work/docs"
    sources = (docs / "reference/sources.md").read_text(encoding="utf-8")
    assert "croydon.md" not in sources and "Case study: Croydon" in sources  # the words stay, the link goes
    assert "](croydon.md)" not in (docs / "workload/index.md").read_text(encoding="utf-8")
    assert "](croydon.md)" in (ROOT / "content/workload/index.md").read_text(encoding="utf-8")  # ours untouched


def test_check_fails_when_a_replaced_page_changed_upstream_and_shows_the_difference(tmp_path):
    folder = council(tmp_path)
    ours = ROOT / "content/workload/croydon.md"
    mine = folder / "content/workload/croydon.md"
    mine.parent.mkdir(parents=True)
    mine.write_text(ours.read_text(encoding="utf-8").replace("---\n", "---\nreplaces_upstream: 000000000000\n", 1))
    ok, report = councils.check(folder)
    assert not ok and "upstream changed what this copy uses" in report
    assert "upstream changes to content/workload/croydon.md" in report and "\n    +replaces_upstream" not in report
    assert "\n    -replaces_upstream: 000000000000" in report  # no history for that fingerprint: mine against ours
    assert councils.check(folder, warn_only=True)[0]  # the old behaviour, on request


def test_check_fails_when_a_default_the_data_was_based_on_changed(tmp_path):
    folder = council(tmp_path)
    data = json.loads((folder / "data/workload.json").read_text(encoding="utf-8"))
    data["based_on"]["version"] = "2020-01-01"
    data["based_on"]["values"]["case_types[0].points"] = 99
    (folder / "data/workload.json").write_text(json.dumps(data), encoding="utf-8")
    ok, report = councils.check(folder)
    assert not ok and "case_types[assessment].points: 99 → " in report
    assert councils.check(EXAMPLE)[0]  # the example is up to date
