"""Helpers for browser tests: open a calculator, fill it like a user, read what it shows."""

from __future__ import annotations

import json
import re
import weakref
from html import unescape
from pathlib import Path
from typing import Any

from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
# The offline-ready line the service worker's page script writes, and the page the offline tests start on
OFFLINE_STATUS = "#toolkit-offline-status"
OFFLINE_PAGE = "workload/individual-calculator/"

# Pages kept from test to test (conftest.SharedPage): open_calculator follows a link there, keeping the worker.
SHARED_PAGES: weakref.WeakSet[Page] = weakref.WeakSet()


def open_calculator(page: Page, site_url: str, path: str, calc_id: str, example: bool = True) -> None:
    """Go to a page and wait until Python has started and the calculator has settled; then (unless
    example=False) press "Fill in the example", as a user trying the calculator out would.
    A shared page (SHARED_PAGES) gets there by instant navigation, with the Python already started."""
    url = site_url + path.lstrip("/")
    if page in SHARED_PAGES:
        if page.url == url:  # a fresh copy of this page: by way of another
            navigate(page, site_url if url != site_url else site_url + "workload/")
        navigate(page, url)
    else:
        page.goto(url)
    wait_until_settled(page, calc_id)
    if example:
        use_example(page, calc_id)


def load(page: Page, site_url: str, path: str = "") -> None:
    """A full load of a page of the site; returns once Material has read the sitemap, which its instant
    navigation needs (a link followed sooner is a full load)."""
    with page.expect_response(lambda response: response.url == site_url + "sitemap.xml"):
        page.goto(site_url + path)


def navigate(page: Page, url: str) -> None:
    """Follow a link to `url` as a visitor clicking it would: Material's instant navigation swaps the page
    in without reloading the scripts (the calculators' worker stays); returns once the new page shows."""
    page.evaluate(
        """url => {
        document.querySelector('.md-container').dataset.leaving = 'true';
        const link = Object.assign(document.createElement('a'), {href: url});
        document.body.append(link);
        link.click();
        link.remove();
    }""",
        url,
    )
    page.wait_for_function(
        "url => location.href === url && !document.querySelector('[data-leaving]')",
        arg=url,
    )


def wait_until_settled(page: Page, calc_id: str) -> None:
    """Python is ready and the calculator has dealt with what it started with (blank or saved answers).
    If it never is, the failure says where the page was and what the calculator last showed."""
    try:
        page.wait_for_selector(f"#{calc_id}[data-state=calculated]", state="attached")
    except PlaywrightTimeoutError:
        seen = page.evaluate(
            """id => { const root = document.getElementById(id);
            return root ? {state: root.dataset.state, wired: root.dataset.wired,
                           status: root.querySelector('[data-role=status]')?.innerText} : 'no such element'; }""",
            calc_id,
        )
        raise AssertionError(f"#{calc_id} never settled at {page.url}: {seen}") from None


def use_example(page: Page, calc_id: str) -> None:
    """Press "Fill in the example" and wait for its result."""
    before = responses(page, calc_id)
    page.click(f"#{calc_id} [data-action=example]")
    wait_for_response(page, calc_id, before)


def wait_for_response(page: Page, calc_id: str, before: int) -> None:
    page.wait_for_function(
        "([id, n]) => Number(document.getElementById(id).dataset.responses || 0) > n", arg=[calc_id, before]
    )


def responses(page: Page, calc_id: str) -> int:
    return int(page.get_attribute(f"#{calc_id}", "data-responses") or 0)


def submit(page: Page, calc_id: str) -> None:
    """Press Calculate and wait for Python's answer to it (not to the change made as the last field lost
    focus on the way to the button, which on a busy machine can arrive first)."""
    before = int(page.get_attribute(f"#{calc_id}", "data-submits") or 0)
    page.click(f"#{calc_id} button[type=submit]")
    page.wait_for_function(
        "([id, n]) => Number(document.getElementById(id).dataset.submits || 0) > n", arg=[calc_id, before]
    )


def fill(page: Page, calc_id: str, values: dict[str, Any], press_calculate: bool = True) -> None:
    """Type scalar values (and choose radio options) as a user would, then press Calculate."""
    for name, value in values.items():
        radio = page.locator(f'[id="{calc_id}-{name}-{value}"]')
        if radio.count() and radio.get_attribute("type") == "radio":
            radio.check()
        else:
            page.fill(f"#{calc_id}-{name}", str(value))
    if press_calculate:
        submit(page, calc_id)


def fill_table(page: Page, calc_id: str, table: str, rows: list[dict[str, Any]], press_calculate: bool = True) -> None:
    """Make the table have exactly len(rows) rows (with its own buttons), then type each cell."""
    body = f"#{calc_id} [data-table={table}] tbody"
    while page.locator(f"{body} tr[data-row]").count() > len(rows):
        page.locator(f"{body} tr[data-row]").last.locator("[data-action=remove-row]").click()
    while page.locator(f"{body} tr[data-row]").count() < len(rows):
        page.click(f"#{calc_id} [data-table={table}] [data-action=add-row]")
    for i, row in enumerate(rows):
        for column, value in row.items():
            cell = page.locator(f"#{calc_id}-{table}-{i}-{column}")
            if cell.evaluate("el => el.tagName") == "SELECT":
                cell.select_option(str(value))
            else:
                cell.fill(str(value))
    if press_calculate:
        submit(page, calc_id)


def result_of(page: Page, calc_id: str) -> dict[str, Any]:
    """The result the browser's Python calculated, as JSON (asserting it shows no errors)."""
    assert page.get_attribute(f"#{calc_id}", "data-errors") == "0", errors_of(page, calc_id)
    return json.loads(page.get_attribute(f"#{calc_id} [data-role=result]", "data-result"))


def errors_of(page: Page, calc_id: str) -> dict[str, str]:
    """Visible error messages by the id of the element they describe (without the hidden 'Error: ')."""
    shown = page.locator(f"#{calc_id} .calc-error-message:not([hidden])")
    out = {}
    for i in range(shown.count()):
        message = shown.nth(i)
        text = message.text_content().strip().removeprefix("Error: ").strip()
        out[message.get_attribute("id").removesuffix("-error")] = text
    return out


def summary_of(page: Page, calc_id: str) -> list[str]:
    """The links in the error summary, in order."""
    return page.locator(f"#{calc_id} [data-role=summary] li").all_inner_texts()


def import_files(page: Page, calc_id: str, files: list[tuple[str, str]], drop: bool = True) -> None:
    """Drop text files on the calculator's drop zone (drop=False: choose them with its file control), as a
    user would, without moving focus; returns once the import is in the form and its notice shows."""
    before = int(page.get_attribute(f"#{calc_id}", "data-imports") or 0)
    if drop:
        transfer = page.evaluate_handle(
            """files => { const transfer = new DataTransfer();
            for (const [name, text] of files) transfer.items.add(new File([text], name));
            return transfer; }""",
            files,
        )
        page.dispatch_event(f"#{calc_id} [data-role=drop]", "drop", {"dataTransfer": transfer})
    else:
        page.set_input_files(
            f"#{calc_id}-import", files=[{"name": n, "mimeType": "text/plain", "buffer": t.encode()} for n, t in files]
        )
    page.wait_for_function(
        "([id, n]) => Number(document.getElementById(id).dataset.imports || 0) > n", arg=[calc_id, before]
    )


def python_recalculates(page: Page, calc_id: str) -> None:
    """The example, then one answer changed: Python in the browser answers with a new result."""
    use_example(page, calc_id)
    example = result_of(page, calc_id)
    fill(page, calc_id, {"cases_cin": "3"})
    assert result_of(page, calc_id) != example


def axe_violations(page: Page) -> list[dict]:
    if not page.evaluate("typeof window.axe === 'object'"):  # unless an init script put it in every page
        page.add_script_tag(path=str(AXE))
    # Colours are measured as they are drawn: let a fade (Material's header title swapping after a scroll) finish.
    page.evaluate("""async () => {
        await new Promise(requestAnimationFrame);
        await new Promise(requestAnimationFrame);
        await Promise.all(document.getAnimations()
            .filter(a => a.effect?.getComputedTiming().endTime !== Infinity)  // a spinner never ends
            .map(a => a.finished.catch(() => {})));
    }""")
    result = page.evaluate("""async () => await axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})""")
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]
    ]


def calculator_pages(site: Path) -> dict[str, list[tuple[str, str, dict]]]:
    """page path -> [(element id, calculator name, options)] found in the built HTML."""
    pages = {}
    pattern = re.compile(r'<div class="calc" id="([^"]+)" data-calculator="([^"]+)" data-options="([^"]*)"')
    for html in sorted(site.rglob("index.html")):
        found = [(i, n, json.loads(unescape(o))) for i, n, o in pattern.findall(html.read_text(encoding="utf-8"))]
        if found:
            pages[html.parent.relative_to(site).as_posix() + "/"] = found
    return pages


def pdf_pages(pdf: bytes) -> int:
    """How many pages a PDF from page.pdf() has."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def visit_until_offline_ready(page: Page, url: str) -> None:
    page.goto(url + OFFLINE_PAGE)
    page.wait_for_selector("#calc-workload[data-state=calculated]", state="attached")
    page.wait_for_selector(
        f"{OFFLINE_STATUS}[data-message=offline-ready]:has-text('calculators now work offline')", timeout=120_000
    )


# Runs a request in the page's worker directly, as the calculator's own code does, to compare with native Python.
RUN_IN_WORKER = """async (request) => {
  const runtime = window.toolkitCalculators.runtime;
  await runtime.ready;
  return await new Promise((resolve) => {
    const id = runtime.nextId++;
    runtime.pending.set(id, resolve);
    runtime.worker.postMessage({ type: "run", id, request });
  });
}"""


def paste_text(page: Page, selector: str, text: str) -> None:
    """Paste text into the cell as a user does (a block copied from Excel or Sheets: tabs and CRLF)."""
    page.evaluate(
        """([selector, text]) => {
        const cell = document.querySelector(selector);
        cell.focus();
        const clipboardData = new DataTransfer();
        clipboardData.setData("text/plain", text);
        cell.dispatchEvent(new ClipboardEvent("paste", {clipboardData, bubbles: true, cancelable: true}));
    }""",
        [selector, text],
    )


def workbook_bytes(rows: list[list[Any]], sheet: str = "Sheet1") -> bytes:
    """An .xlsx with these rows on one sheet (openpyxl), as a spreadsheet or a case system saves one."""
    import io

    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = sheet
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
