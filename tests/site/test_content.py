"""The content check over every page, plus tests that each rule of the checker really fires."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest
import yaml
from content_check import check_page, check_site, nav_pages, split_front_matter

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 23)


def test_every_page_meets_the_content_standards():
    problems = check_site(ROOT)
    assert not problems, "Content problems:\n" + "\n".join(map(str, problems))


def test_nav_is_read_from_mkdocs_yml_despite_the_env_tag():
    pages = nav_pages(ROOT / "mkdocs.yml")
    assert "index.md" in pages
    assert "workload/index.md" in pages


# --- Unit tests of the checker: feed it bad pages and make sure each rule fires. -------------------------

GOOD_FRONT = """\
---
title: Good page
description: Says what the page answers.
audiences: [Practitioners, Team managers]
tags: [Practitioners, Team managers]
last_reviewed: 2026-11-23
review_due: 2027-05-23
sources:
  - title: A source
    url: https://example.org/source
---
"""
GOOD_BODY = """\
# Good page

A summary with a [descriptive link to the source](https://example.org/source).

## Section

![A bar chart of caseloads](chart.png)
"""
NAV = {"good.md"}


def problems_of(text: str, nav: set[str] | None = NAV, rel: str = "good.md"):
    return check_page(rel, textwrap.dedent(text), nav, TODAY)


def rules_of(text: str, **kwargs) -> set[str]:
    return {p.rule for p in problems_of(text, **kwargs)}


def test_a_good_page_has_no_problems():
    assert problems_of(GOOD_FRONT + GOOD_BODY) == []


def test_problems_read_file_line_rule_message():
    problems = problems_of(GOOD_FRONT + GOOD_BODY + "\nSee [here](other.md).\n")
    assert [str(p) for p in problems] == [
        "good.md:20: link-text: link text 'here' does not say where it goes; name the page or source"
    ]


def test_missing_front_matter():
    problems = problems_of(GOOD_BODY)
    assert any(p.rule == "front-matter" and p.line == 1 for p in problems)


def test_invalid_yaml_front_matter():
    assert "front-matter" in rules_of("---\ntitle: [unclosed\n---\n" + GOOD_BODY)


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        ("title: Good page\n", "", 1),
        ("description: Says what the page answers.", "description: ", 3),
        ("description: Says what the page answers.", "description: No full stop", 3),
        ("description: Says what the page answers.", "description: Two sentences. Not one.", 3),
        ("audiences: [Practitioners, Team managers]", "audiences: []", 4),
        ("audiences: [Practitioners, Team managers]", "audiences: [Practitioners, Social workers]", 4),
        ("tags: [Practitioners, Team managers]", "tags: [Practitioners]", 5),
        ("last_reviewed: 2026-11-23", "last_reviewed: 23/11/2026", 6),
        ("last_reviewed: 2026-11-23", "last_reviewed: 2027-01-01", 6),
        ("review_due: 2027-05-23\n", "", 1),
        ("review_due: 2027-05-23", "review_due: soon", 7),
        ("review_due: 2027-05-23", "review_due: 2026-11-23", 7),
        ("review_due: 2027-05-23", "review_due: 2029-01-01", 7),
        ("  - title: A source\n    url: https://example.org/source\n", "  []\n", 8),
        ("url: https://example.org/source", "url: example.org/source", 8),
        ("  - title: A source\n", "  - title: ''\n", 8),
    ],
)
def test_front_matter_rules(old, new, line):
    page = GOOD_FRONT.replace(old, new) + GOOD_BODY
    problems = [p for p in problems_of(page) if p.rule == "front-matter"]
    assert problems, f"no front-matter problem for {new!r}"
    assert problems[0].line == line


def test_extra_front_matter_keys_are_allowed():
    assert problems_of(GOOD_FRONT.replace("sources:", "page_type: guide\nsources:") + GOOD_BODY) == []


def test_no_h1():
    assert "headings" in rules_of(GOOD_FRONT + GOOD_BODY.replace("# Good page", "Good page"))


def test_two_h1s():
    problems = problems_of(GOOD_FRONT + GOOD_BODY + "\n# Another title\n")
    assert [(p.rule, p.line) for p in problems] == [("headings", 20)]


def test_h1_must_equal_the_title():
    assert "headings" in rules_of(GOOD_FRONT + GOOD_BODY.replace("# Good page", "# Other page"))


def test_heading_levels_must_not_skip():
    problems = problems_of(GOOD_FRONT + GOOD_BODY + "\n#### Too deep\n")
    assert [(p.rule, p.line) for p in problems] == [("headings", 20)]


def test_first_heading_must_be_h1():
    assert "headings" in rules_of(GOOD_FRONT + "## Starts at H2\n\n# Good page\n")


def test_image_without_alt_text():
    problems = problems_of(GOOD_FRONT + GOOD_BODY.replace("![A bar chart of caseloads]", "![]"))
    assert [(p.rule, p.line) for p in problems] == [("image-alt", 18)]


def test_html_image_without_alt_text():
    assert "image-alt" in rules_of(GOOD_FRONT + GOOD_BODY + '\n<img src="chart.png">\n')
    assert "image-alt" not in rules_of(GOOD_FRONT + GOOD_BODY + '\n<img src="chart.png" alt="A chart">\n')


@pytest.mark.parametrize(
    "text",
    [
        "click here",
        "Here",
        "read more",
        "Read more.",
        "link",
        "this page",
        "https://example.org/x",
        "www.example.org",
        "",
    ],
)
def test_vague_link_text(text):
    assert "link-text" in rules_of(GOOD_FRONT + GOOD_BODY + f"\nSee [{text}](https://example.org/x).\n")


def test_autolink_and_bare_url_in_text():
    assert "link-text" in rules_of(GOOD_FRONT + GOOD_BODY + "\nSee <https://example.org/x>.\n")
    assert "link-text" in rules_of(GOOD_FRONT + GOOD_BODY + "\nSee https://example.org/x for more.\n")


def test_link_line_numbers_follow_soft_breaks():
    problems = problems_of(GOOD_FRONT + GOOD_BODY + "\nFirst line\nsecond line [here](x.md).\n")
    assert [(p.rule, p.line) for p in problems] == [("link-text", 21)]


def test_descriptive_link_in_a_table_is_fine():
    table = "\n| Source | Year |\n|---|---|\n| [DfE workforce statistics](https://x.org) | 2025 |\n"
    body = GOOD_BODY + table
    assert problems_of(GOOD_FRONT + body) == []


def test_page_not_in_nav():
    problems = problems_of(GOOD_FRONT + GOOD_BODY, nav={"other.md"})
    assert [(p.rule, p.line) for p in problems] == [("nav", 1)]


CASE_STUDY = (
    GOOD_FRONT.replace("sources:", "page_type: case-study\nsources:")
    + """\
# Good page

## Summary

## What the council did

## What changed

## What we do not know

## Sources
"""
)


def test_complete_case_study_passes():
    assert problems_of(CASE_STUDY) == []


def test_case_study_missing_a_section():
    problems = problems_of(CASE_STUDY.replace("## What we do not know\n", ""))
    assert [p.rule for p in problems] == ["case-study"]
    assert "What we do not know" in problems[0].message


def test_case_study_sections_out_of_order():
    page = CASE_STUDY.replace("## Summary\n", "").replace("## Sources\n", "## Sources\n\n## Summary\n")
    assert [p.rule for p in problems_of(page)] == ["case-study"]


def test_ordinary_page_needs_no_case_study_sections():
    assert "case-study" not in rules_of(GOOD_FRONT + GOOD_BODY)


@pytest.mark.parametrize("word", ["TODO", "todo: write this", "TBC", "FIXME", "XXX", "Lorem ipsum dolor"])
def test_placeholder_text(word):
    problems = problems_of(GOOD_FRONT + GOOD_BODY + f"\n{word}\n")
    assert [(p.rule, p.line) for p in problems] == [("placeholder", 20)]


def test_placeholder_needs_a_whole_word():
    assert problems_of(GOOD_FRONT + GOOD_BODY + "\nTodoist and XXXL are not placeholders.\n") == []


def test_front_matter_split_counts_lines():
    meta, body, offset = split_front_matter(GOOD_FRONT + GOOD_BODY)
    assert meta is not None and body.startswith("# Good page") and offset == 11


def test_check_site_collects_problems_from_every_file(tmp_path):
    (tmp_path / "content" / "sub").mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text(
        'site_url: !ENV [SITE_URL, "http://127.0.0.1:8000/"]\nnav:\n  - Home: good.md\n  - Sub:\n      - sub/bad.md\n'
    )
    (tmp_path / "content" / "good.md").write_text(GOOD_FRONT + GOOD_BODY)
    (tmp_path / "content" / "sub" / "bad.md").write_text(GOOD_BODY + "\nTODO\n")
    (tmp_path / "content" / "orphan.md").write_text(GOOD_FRONT + GOOD_BODY)
    problems = [str(p) for p in check_site(tmp_path, TODAY)]
    assert any(p.startswith("content/sub/bad.md:1: front-matter:") for p in problems)
    assert any(p.startswith("content/sub/bad.md:9: placeholder:") for p in problems)
    assert any(p.startswith("content/orphan.md:1: nav:") for p in problems)
    assert not any(p.startswith("content/good.md") for p in problems)


def test_all_sources_page_is_generated_from_every_page_front_matter():
    """reference/sources.md lists every source any page cites, with the pages citing it."""
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "sources_page.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    listed = (ROOT / "content" / "reference" / "sources.md").read_text(encoding="utf-8")
    for path in sorted((ROOT / "content").rglob("*.md")):
        meta, _, _ = split_front_matter(path.read_text(encoding="utf-8"))
        loaded = (yaml.safe_load(meta) if meta else None) or {}
        for source in loaded.get("sources") or []:
            assert f"]({source['url'].strip()})" in listed, f"{path.name}: {source['url']}"


def test_a_past_review_date_is_not_a_content_error():
    """Being overdue is listed by scripts/review_due.py, not failed by the content check."""
    late = dt.date(2028, 1, 1)
    assert check_page("good.md", GOOD_FRONT + GOOD_BODY, NAV, late) == []


def test_review_due_lists_only_pages_past_their_date(tmp_path):
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    from review_due import pages_past_review, review_report

    (tmp_path / "sub").mkdir()
    (tmp_path / "old.md").write_text(GOOD_FRONT.replace("2027-05-23", "2026-12-01") + GOOD_BODY)
    (tmp_path / "sub" / "new.md").write_text(GOOD_FRONT + GOOD_BODY)
    (tmp_path / "no-front.md").write_text(GOOD_BODY)
    due = pages_past_review(tmp_path, dt.date(2027, 1, 1))
    assert [(d.page, d.title, d.review_due.isoformat()) for d in due] == [("old.md", "Good page", "2026-12-01")]
    assert pages_past_review(tmp_path, dt.date(2026, 12, 1)) == []  # due today is not yet past
    report = review_report(tmp_path, dt.date(2027, 6, 1))
    assert "2 page(s)" in report and "sub/new.md (Good page): due 2027-05-23" in report
    assert review_report(tmp_path, dt.date(2026, 1, 1)) == ""


@pytest.mark.parametrize(
    "url",
    [
        "https://docplayer.net/amp/1-x.html",
        "http://limitlesscommunitycare.org/index-1.html",
        "https://soomnet.site/social/x",
        "https://www.narrativecare.org/x.html",
    ],
)
def test_mirror_sites_are_refused_in_links_and_sources(url):
    in_text = problems_of(GOOD_FRONT + GOOD_BODY + f"\nSee [a report]({url}).\n")
    assert [(p.rule, p.line) for p in in_text] == [("mirror-source", 20)]
    in_sources = GOOD_FRONT.replace("https://example.org/source", url) + GOOD_BODY
    assert "mirror-source" in {p.rule for p in problems_of(in_sources)}


# --- national figures, publication dates, corrected wording and repeated paragraphs ------------------

DFE_SOURCE = "https://explore-education-statistics.service.gov.uk/find-statistics/children-s-social-work-workforce"
FIGURE_SENTENCE = "\nAt 30 September 2023 the average caseload in England was 16.0 cases.\n"


def test_a_national_figure_needs_a_department_statistics_source():
    problems = problems_of(GOOD_FRONT + GOOD_BODY + FIGURE_SENTENCE)
    assert [(p.rule, p.line) for p in problems] == [("national-figures", 20)]
    assert "16.0" in problems[0].message


@pytest.mark.parametrize(
    "cite",
    [
        GOOD_FRONT.replace("https://example.org/source", DFE_SOURCE) + GOOD_BODY + FIGURE_SENTENCE,
        GOOD_FRONT + GOOD_BODY + FIGURE_SENTENCE + f"\nFrom the [DfE release]({DFE_SOURCE}).\n",
        GOOD_FRONT + GOOD_BODY + FIGURE_SENTENCE.replace("cases.", "cases ([DfE](https://www.gov.uk/x)).") + "\n",
    ],
)
def test_a_department_source_in_front_matter_or_text_satisfies_the_rule(cite):
    assert problems_of(cite) == []


def test_a_trade_press_source_alone_does_not():
    page = GOOD_FRONT.replace("https://example.org/source", "https://www.cypnow.co.uk/x") + GOOD_BODY
    assert "national-figures" in rules_of(page + "\nThe agency rate in England was 16.2% in 2024.\n")


def test_a_national_figure_sourced_only_to_the_trade_press_is_refused():
    page = GOOD_FRONT.replace("https://example.org/source", DFE_SOURCE) + GOOD_BODY
    press = "\nThe agency rate in England was 16.2% in 2024 ([CYPN](https://www.cypnow.co.uk/x)).\n"
    problems = problems_of(page + press)
    assert [p.rule for p in problems] == ["national-figures"] and "16.2%" in problems[0].message
    both = press.replace("([CYPN]", f"([DfE]({DFE_SOURCE}); [CYPN]")
    assert problems_of(page + both) == []


def test_a_table_row_sourced_only_to_the_trade_press_is_refused():
    page = GOOD_FRONT.replace("https://example.org/source", DFE_SOURCE) + GOOD_BODY
    table = (
        "\n## England\n\n| Year | Average caseload | Source |\n|---|---|---|\n"
        "| 2024 | 15.4 | [CYPN](https://www.cypnow.co.uk/x) |\n"
    )
    assert [p.rule for p in problems_of(page + table)] == ["national-figures"]


def test_the_generated_sources_page_is_not_read_for_figures():
    page = (
        GOOD_FRONT + GOOD_BODY + "\n- [Councils' agency rate in England down 8% in 2023](https://www.cypnow.co.uk/x)\n"
    )
    assert "national-figures" in rules_of(page)
    assert "national-figures" not in rules_of(page, nav=None, rel="reference/sources.md")


def test_a_national_figure_needs_its_year():
    page = GOOD_FRONT.replace("https://example.org/source", DFE_SOURCE) + GOOD_BODY
    problems = problems_of(page + "\nThe national vacancy rate is 14.2%.\n")
    assert [p.rule for p in problems] == ["national-figures"] and "no year" in problems[0].message


def test_a_national_figure_in_a_table_row_is_found():
    table = "\n## England's figures\n\n| Measure | 2023 |\n|---|---|\n| Vacancy rate | 18.9% |\n"
    assert "national-figures" in rules_of(GOOD_FRONT + GOOD_BODY + table)
    local = "\n## Our council\n\n| Measure | 2023 |\n|---|---|\n| Vacancy rate | 18.9% |\n"
    assert "national-figures" not in rules_of(GOOD_FRONT + GOOD_BODY + local)


def test_local_figures_and_whole_numbers_are_not_national_statistics():
    text = "\nBedford's average caseload was 23.6 in 2025. England has no cap; Scotland recommends 15 cases.\n"
    assert problems_of(GOOD_FRONT + GOOD_BODY + text) == []


PAPER = "*Keeping children safe, helping families thrive*"


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        (f"The policy paper {PAPER} (October 2024) set out reform.", True),
        (f"The policy paper {PAPER}, published on 18 November 2024, set out reform.", False),
        (f"The policy paper {PAPER} (17 November 2024) set out reform.", True),
        (f"The policy paper [{PAPER}](https://www.gov.uk/x) (18 Nov 2024) set out reform.", False),
        (f"{PAPER} set out reform; the tools followed in October 2024.", False),  # the date is not the paper's
        ("Social Work Scotland's Setting the Bar (June 2022) recommended 15 cases.", False),
        ("Social Work Scotland's Setting the Bar (May 2022) recommended 15 cases.", True),
        ("The Spending Review concluded on 11 June 2025.", False),
        ("The Spending Review, which concluded on 11 July 2025, decided nothing.", True),
    ],
)
def test_a_date_beside_a_named_publication_must_match_the_kept_date(text, wrong):
    problems = [p for p in problems_of(GOOD_FRONT + GOOD_BODY + f"\n{text}\n") if p.rule == "publication-date"]
    assert bool(problems) == wrong, problems
    if wrong:
        assert problems[0].line == 20 and "tests/publications.yaml" in problems[0].message


def test_every_kept_publication_has_a_date_and_a_source():
    from content_check import PUBLICATIONS_FILE, load_publications

    entries = yaml.safe_load(PUBLICATIONS_FILE.read_text(encoding="utf-8"))
    assert len(load_publications()) == len(entries) > 0
    assert all(str(e["source"]).startswith("https://") for e in entries)


def test_a_publication_without_a_date_is_refused(tmp_path):
    from content_check import load_publications

    bad = tmp_path / "publications.yaml"
    bad.write_text("- title: A paper\n  names: [A paper]\n  date: November 2024\n")
    with pytest.raises(ValueError, match="entry 1 needs"):
        load_publications(bad)


@pytest.mark.parametrize(
    "text",
    [
        "The average caseload was 15.2 children per case-holding social worker in 2025.",
        "Teams were led by a manager who holds no cases.",
        "Decisions on standards wait on the Spending Review.",
    ],
)
def test_corrected_wording_is_refused(text):
    assert [p.rule for p in problems_of(GOOD_FRONT + GOOD_BODY + f"\n{text}\n")] == ["wording"]
    # the changelog records the old wording on purpose
    in_changelog = problems_of(GOOD_FRONT + GOOD_BODY + f"\n{text}\n", nav=None, rel="reference/changelog.md")
    assert "wording" not in {p.rule for p in in_changelog}


BARE = GOOD_FRONT + "# Good page\n\n"  # a page whose only paragraph is the one under test


def test_a_paragraph_on_more_than_three_pages_is_refused():
    from content_check import repeated_paragraphs

    shared = "For what the department has committed to on this topic, see the commitments page."
    pages = {f"p{i}.md": f"{BARE}{shared}\n" for i in range(4)}
    problems = repeated_paragraphs(pages)
    assert [(p.file, p.line, p.rule) for p in problems] == [(f"p{i}.md", 14, "repeated-paragraph") for i in range(4)]
    assert "4 pages" in problems[0].message
    del pages["p3.md"]
    assert repeated_paragraphs(pages) == []  # three pages are allowed


def test_short_paragraphs_and_link_only_lines_may_repeat():
    from content_check import repeated_paragraphs

    body = "\nSee the glossary.\n\n[Ways to measure workload: counting, weighting and time, in full](approaches.md)\n"
    assert repeated_paragraphs({f"p{i}.md": BARE + body for i in range(6)}) == []


def test_check_site_reports_repeated_paragraphs(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "mkdocs.yml").write_text("nav:\n" + "".join(f"  - p{i}.md\n" for i in range(4)))
    for i in range(4):
        (tmp_path / "content" / f"p{i}.md").write_text(
            BARE + "The same long paragraph appears here on every single page of the site.\n"
        )
    problems = check_site(tmp_path, TODAY)
    assert sorted(p.file for p in problems if p.rule == "repeated-paragraph") == [f"content/p{i}.md" for i in range(4)]
