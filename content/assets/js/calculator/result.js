// The result (data-role=result and its title, example tag and announcer): the worked example's,
// the user's, or none; long tables shown a page at a time.

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
    this.describe();
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
