// The result (data-role=result and its title, example tag and announcer): the worked example's,
// the user's, or none; long tables shown a page at a time, any table sorted by a heading's button.

import { PAGE_ROWS, thousands } from "./form-values.js";

// Python's report escapes every value, so "<tbody>", "</tbody>" and "</tr>" in its HTML only ever
// mark a table's own structure. A table body with more than PAGE_ROWS rows keeps its first page;
// the rest stay as text until asked for, so a 2,000-worker result is laid out in a blink.
function cutLongTables(html) {
  const long = [];
  const cut = html.replace(/<tbody>([\s\S]*?)<\/tbody>/g, (whole, body) => {
    const rows = body.split("</tr>").slice(0, -1).map((row) => `${row}</tr>`);
    if (rows.length <= PAGE_ROWS) return whole;
    long.push(rows);
    return `<tbody data-long="${long.length - 1}">${rows.slice(0, PAGE_ROWS).join("")}</tbody>`;
  });
  return { html: cut, long };
}

// A cell's text as a number to sort by ("£1,234", "97.9%", "−3 points"), or null when it has none.
function numberIn(text) {
  const match = text.replace(/[£,\s]/g, "").replace("\u2212", "-").match(/^-?\d+(\.\d+)?/);
  return match ? Number(match[0]) : null;
}

// Each body cell carries its column's heading (data-label), shown above its value when a phone
// shows each row as a card.
function labelCells(table) {
  const headings = [...table.querySelectorAll("thead th")].map((th) => th.dataset.heading ?? th.textContent.trim());
  for (const tr of table.querySelectorAll("tbody tr")) {
    [...tr.children].forEach((cell, i) => {
      if (headings[i]) cell.dataset.label = headings[i];
    });
  }
}

// Sort a table's rows (<tr> elements or their HTML) by column `index`: numbers as numbers in a
// column Python marked numeric, text in the reader's alphabetical order; blanks and dashes last.
function sortRows(rows, index, numeric, descending) {
  const scratch = document.createElement("tbody");
  const keyed = rows.map((row, order) => {
    let tr = row;
    if (typeof row === "string") {
      scratch.innerHTML = row;
      tr = scratch.firstElementChild;
    }
    const text = (tr.children[index]?.textContent ?? "").trim();
    return { row, order, text, number: numeric ? numberIn(text) : null };
  });
  const blank = (k) => (numeric ? k.number === null : k.text === "" || k.text === "–");
  keyed.sort((a, b) => {
    if (blank(a) !== blank(b)) return blank(a) ? 1 : -1;
    const by = numeric ? (a.number ?? 0) - (b.number ?? 0) : a.text.localeCompare(b.text, undefined, { numeric: true, sensitivity: "base" });
    return (descending ? -by : by) || a.order - b.order;
  });
  return keyed.map((k) => k.row);
}

class ResultPages {
  // One long result table: its rows as HTML text, PAGE_ROWS of them in the page.
  constructor(body, rows) {
    this.body = body;
    this.rows = rows;
    this.first = 0;
    this.pager = document.createElement("div");
    this.pager.className = "calc-pager";
    this.pager.innerHTML = '<p class="calc-hint" aria-live="polite"></p>'
      + `<button type="button" class="calc-button calc-button--secondary calc-button--small" data-action="result-prev">Previous ${PAGE_ROWS}</button>`
      + `<button type="button" class="calc-button calc-button--secondary calc-button--small" data-action="result-next">Next ${PAGE_ROWS}</button>`;
    body.closest(".calc-table-wrap").after(this.pager);
    this.describe();
  }

  show(first) {
    this.first = Math.min(Math.max(0, first), (this.rows.length - 1) - ((this.rows.length - 1) % PAGE_ROWS));
    this.body.innerHTML = this.rows.slice(this.first, this.first + PAGE_ROWS).join("");
    labelCells(this.body.closest("table"));
    this.describe();
  }

  // Every row sorted, not only the page shown; back to the first page.
  sort(index, numeric, descending) {
    this.rows = sortRows(this.rows, index, numeric, descending);
    this.show(0);
  }

  describe() {
    const shown = Math.min(this.rows.length, this.first + PAGE_ROWS);
    this.pager.querySelector("p").textContent = `Showing rows ${this.first + 1} to ${shown} of `
      + `${thousands(this.rows.length)}. The results file has every row.`;
    this.pager.querySelector("[data-action=result-prev]").disabled = this.first === 0;
    this.pager.querySelector("[data-action=result-next]").disabled = shown >= this.rows.length;
  }

  // Every row, for printing a whole report (put back to one page afterwards).
  showAll(all) {
    this.body.innerHTML = all ? this.rows.join("") : this.rows.slice(this.first, this.first + PAGE_ROWS).join("");
    labelCells(this.body.closest("table"));
  }
}

export class Result {
  constructor(root) {
    this.body = root.querySelector("[data-role=result]");
    this.title = root.querySelector("[data-role=result-title]");
    this.heading = root.querySelector(".calc-result__title");
    this.exampleTag = root.querySelector("[data-role=example-tag]");
    this.announcer = root.querySelector("[data-role=announce]");
    this.example = { html: this.body.innerHTML, json: this.body.dataset.result };
    this.pages = []; // the long tables of the result shown now
    this.shows = this.exampleTag.hidden ? "none" : "example"; // "example", "yours" or "none"
    this.prepareTables();
    this.body.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-sort]");
      if (button) this.sortBy(button);
    });
  }

  // Each table of a result: its cells labelled for the phone's cards, and a sort button in each
  // heading of a table with rows to sort. The order Python gave stays until a heading is pressed.
  prepareTables() {
    for (const table of this.body.querySelectorAll("table")) {
      labelCells(table);
      const long = this.pages.find((p) => table.contains(p.body));
      if ((long ? long.rows.length : table.querySelectorAll("tbody tr").length) < 2) continue;
      for (const th of table.querySelectorAll("thead th")) {
        th.dataset.heading = th.textContent.trim();
        if (!th.dataset.heading) continue; // a button needs a name: a blank heading stays a heading
        const button = document.createElement("button");
        button.type = "button";
        button.className = "calc-sort";
        button.dataset.sort = "";
        button.textContent = th.dataset.heading;
        th.replaceChildren(button);
      }
    }
  }

  // A heading's sort button pressed: sort by its column, smallest or A first, then the other way.
  sortBy(button) {
    const th = button.closest("th");
    const table = th.closest("table");
    const descending = th.getAttribute("aria-sort") === "ascending";
    for (const other of table.querySelectorAll("thead th[aria-sort]")) other.removeAttribute("aria-sort");
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
    const index = [...th.parentElement.children].indexOf(th);
    const numeric = th.classList.contains("calc-num");
    const long = this.pages.find((p) => table.contains(p.body));
    if (long) {
      long.sort(index, numeric, descending);
    } else {
      const body = table.querySelector("tbody");
      body.append(...sortRows([...body.querySelectorAll("tr")], index, numeric, descending));
    }
    const order = numeric ? (descending ? "largest first" : "smallest first") : (descending ? "Z to A" : "A to Z");
    this.announcer.textContent = `${table.querySelector("caption")?.textContent ?? "Table"} sorted by ${th.dataset.heading}, ${order}.`;
  }

  // The user's result: HTML built by Python with every value escaped, and its data as JSON.
  showYours(response) {
    this.showHtml(response.html);
    this.body.dataset.result = JSON.stringify(response.result);
    this.mark("yours", "Your result");
    const headline = this.body.querySelector(".calc-headline");
    this.announcer.textContent = headline ? headline.textContent : "";
  }

  showExample() {
    this.showHtml(this.example.html);
    this.body.dataset.result = this.example.json;
    this.mark("example", "Example result");
  }

  // No result at all, and why (`text`).
  showNone(text) {
    const message = document.createElement("p");
    message.className = "calc-no-result";
    message.textContent = text;
    this.body.replaceChildren(message);
    this.pages = [];
    this.body.dataset.result = "null";
    this.mark("none", "No result");
    this.announcer.textContent = "";
  }

  // The result shown is no longer the answers' (they have problems): greyed until they are fixed.
  markStale() {
    if (this.shows !== "example") this.body.classList.add("calc-result__body--stale");
  }

  mark(shows, title) {
    this.shows = shows;
    this.body.classList.remove("calc-result__body--stale");
    this.exampleTag.hidden = shows !== "example";
    this.title.textContent = title;
  }

  // A result's HTML, long tables cut to their first page (with Previous and Next).
  showHtml(html) {
    const { html: cut, long } = cutLongTables(html);
    this.body.innerHTML = cut;
    this.pages = long.map((rows, i) => new ResultPages(this.body.querySelector(`tbody[data-long="${i}"]`), rows));
    this.prepareTables();
  }

  // "Previous 100" or "Next 100" under a long table (`step` -1 or 1).
  turnPage(button, step) {
    const pages = this.pages.find((p) => p.pager.contains(button));
    pages.show(pages.first + step * PAGE_ROWS);
    if (button.disabled) pages.pager.querySelector("button:not([disabled])")?.focus();
  }

  // Every row of every long table (for a printed report), or back to one page of each.
  showAllRows(all) {
    for (const pages of this.pages) pages.showAll(all);
  }
}
