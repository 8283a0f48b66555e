"""At 390 px every box that can scroll sideways (each table's) can be reached from the keyboard, for
browsers that do not focus scrollers themselves (Safari): each is a named stop, and axe-core's WCAG 2.2
AA rules, including scrollable-region-focusable, pass on every calculator page with its example's
result and on the national figures' Markdown tables."""

from __future__ import annotations

import pytest
from browser_helpers import axe_violations, use_example, wait_until_settled
from conftest import guarded_context, new_page
from registry_helpers import calculator_pages

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
PAGES = sorted({*calculator_pages().values(), "workforce-planning/national-figures/"})


@pytest.mark.parametrize("path", PAGES)
def test_every_sideways_scroller_is_a_named_keyboard_stop_on_a_phone(browser, requests_seen, site_url, path):
    context = guarded_context(browser, requests_seen, PHONE)
    errors: list[str] = []
    try:
        page = new_page(context, errors)
        page.goto(site_url + path)
        for calc in page.locator("[data-calculator]").all():
            calc_id = calc.get_attribute("id")
            wait_until_settled(page, calc_id)
            use_example(page, calc_id)
        scrollers = page.evaluate("""() => [...document.querySelectorAll('.calc-table-wrap, .md-typeset__scrollwrap')]
            .map(box => ({tabindex: box.getAttribute('tabindex'), role: box.getAttribute('role'),
                          label: box.getAttribute('aria-label') || ''}))""")
        assert scrollers  # every one of these pages has a table; a box that fits now may not with more rows
        assert all(s["tabindex"] == "0" and s["role"] == "region" and s["label"] for s in scrollers), scrollers
        assert axe_violations(page) == []
        assert not errors
    finally:
        context.close()
    assert not requests_seen.foreign
