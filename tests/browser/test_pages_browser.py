"""Every page that carries a calculator, and each section's front page, in Chromium: calculators
start and agree with native Python, pages pass axe's WCAG 2.2 AA rules, and search answers the
questions newcomers ask."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from browser_helpers import AXE, axe_violations, calculator_pages, navigate, use_example, wait_until_settled

from calculators import run

pytestmark = [pytest.mark.browser, pytest.mark.shared_page]
# Every guidance page is checked, in this many groups (every GROUPS-th page), so xdist's workers share them.
GUIDANCE_GROUPS = 8


@pytest.fixture(scope="module", autouse=True)
def axe_in_every_page(shared_page):
    """axe-core loaded with every page of the module's shared page, as it loads (a quarter quicker than
    sending it to each page after the load; axe_violations adds it where it is missing)."""
    shared_page.context.add_init_script(path=str(AXE))


def test_every_calculator_has_a_page(built_site):
    import calculators

    placed = {name for found in calculator_pages(built_site).values() for _, name, _ in found}
    assert placed == set(calculators.CALCULATORS)


def test_each_calculator_page_starts_agrees_with_python_and_is_accessible(page, site_url, built_site):
    problems = []
    for path, found in calculator_pages(built_site).items():
        navigate(page, site_url + path)  # by a link, as a visitor goes from one calculator to the next
        for element_id, name, options in found:
            wait_until_settled(page, element_id)
            use_example(page, element_id)
            calc, settings = __import__("calculators").prepare(name, options)
            shown = json.loads(page.get_attribute(f"#{element_id} [data-role=result]", "data-result"))
            if shown != run(name, calc.example(settings), options)["result"]:
                problems.append(f"{path}#{element_id}: browser result differs from native")
        problems += [f"{path}: {v}" for v in axe_violations(page)]
    assert problems == []


def guidance_pages(site: Path) -> list[str]:
    """Every built page without a calculator (the site's own assets, search and 404 pages aside)."""
    calculators_on = set(calculator_pages(site))
    found = []
    for html in sorted(site.rglob("index.html")):
        path = "" if html.parent == site else html.parent.relative_to(site).as_posix() + "/"
        if not (path in calculators_on or path.startswith(("assets/", "search/")) or path.count("404")):
            found.append(path)
    return found


@pytest.mark.parametrize("group", range(GUIDANCE_GROUPS))
def test_every_guidance_page_is_accessible(page, site_url, built_site, group):
    pages = guidance_pages(built_site)
    assert len(pages) >= GUIDANCE_GROUPS * 2, pages  # every group has pages to check
    problems = []
    for path in pages[group::GUIDANCE_GROUPS]:
        navigate(page, site_url + path)
        problems += [f"{path}: {v}" for v in axe_violations(page)]
    assert problems == []


def test_a_hovered_link_keeps_aa_contrast(page, site_url):
    """Material colours a hovered link with the palette's accent (indigo's: 4.26:1 on white)."""
    navigate(page, site_url + "workforce-planning/")
    page.locator("article p a[href^='http']").first.hover()
    assert axe_violations(page) == []


@pytest.mark.parametrize("path", ["workload/", "hybrid-working/self-assessment/"])
def test_pages_print_to_a4_without_navigation(page, site_url, path):
    page.goto(site_url + path)
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", ".md-search"):
        assert not page.is_visible(chrome), f"{chrome} shows when printing"
    assert page.is_visible("article h1")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("how many cases", "workload/"),
        ("how often supervision", "supervision/"),
        ("AI case notes", "ai-case-recording/"),
        ("ASYE", ""),
        ("Magic Notes", "ai-case-recording/"),
        ("hybrid", "hybrid-working/"),
    ],
)
def test_search_finds_answers_to_newcomers_questions(page, site_url, query, expected):
    page.goto(site_url)
    page.click("label.md-search__icon, .md-search__input")
    # Material says "Initializing search" until its worker has loaded the index
    page.wait_for_function(
        "() => !/Initializing/i.test(document.querySelector('.md-search-result__meta')?.textContent || 'Initializing')"
    )
    page.locator("input.md-search__input").press_sequentially(query)  # Material listens for key presses
    # Results come while typing: wait for the ones for the whole query (each link carries it as ?h=).
    page.wait_for_function(
        """last => [...document.querySelectorAll('.md-search-result__item a')].some(
        a => (new URL(a.href).searchParams.get('h') || '').toLowerCase().endsWith(last))""",
        arg=query.split()[-1].lower(),
    )
    links = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)")
    assert any(expected in link for link in links[:5]), links[:5]
