"""Printing a calculator gives a report of the user's own work, in Chromium: the title, the date,
the answers, the result; no navigation, no other calculator's example, no set-up or command-line
text; one or two A4 pages for the worked examples (a normal team)."""

from __future__ import annotations

import pytest
from browser_helpers import calculator_pages, open_calculator, pdf_pages

pytestmark = [pytest.mark.browser, pytest.mark.shared_page]


def test_each_calculator_prints_as_a_short_report(page, site_url, built_site):
    problems = []
    pages = {}
    for path, found in calculator_pages(built_site).items():
        for calc_id, _, _ in found:
            page.emulate_media(media="screen")
            open_calculator(page, site_url, path, calc_id)
            assert page.is_visible(f"#{calc_id} [data-action=print]")
            # what the "Print or save as PDF" button does before it opens the browser's print dialog
            page.evaluate("id => window.toolkitCalculators.calculators.get(id).print.prepare()", calc_id)
            page.emulate_media(media="print")
            text = page.inner_text("body")
            headline = page.inner_text(f"#{calc_id} .calc-headline")
            expected = ["Printed ", headline, page.inner_text("article h1")]
            problems += [f"{path}#{calc_id}: {want!r} missing" for want in expected if want not in text]
            # the answers are printed as text (the example's, whatever their kind; an optional one may be blank)
            printed = page.locator(f"#{calc_id} .calc-print-report dd, #{calc_id} .calc-print-report td")
            if not any(a.strip() not in ("", "Not answered") for a in printed.all_inner_texts()):
                problems.append(f"{path}#{calc_id}: the answers are not printed")
            for unwanted in ("python -m", "Fill in the example", "Clear my answers", "Table of contents"):
                if unwanted in text:
                    problems.append(f"{path}#{calc_id}: prints {unwanted!r}")
            for other_id, _, _ in found:
                if other_id != calc_id and page.is_visible(f"#{other_id}"):
                    problems.append(f"{path}#{calc_id}: also prints {other_id}")
            for chrome in (".md-header", ".md-sidebar--primary", ".md-footer"):
                if page.is_visible(chrome):
                    problems.append(f"{path}#{calc_id}: prints {chrome}")
            pages[calc_id] = pdf_pages(page.pdf(format="A4"))
            page.evaluate("id => window.toolkitCalculators.calculators.get(id).print.finish()", calc_id)
    too_long = {calc_id: n for calc_id, n in pages.items() if not 1 <= n <= 2}
    assert problems == [] and too_long == {}, (problems, pages)
