// One input table (data-table inside the calculator's form): its rows, paged when there are many.

import { PAGE_ROWS, isBlank, nextFrame, setCell, textOf, thousands } from "./form-values.js";

const ROWS_PER_FRAME = 10; // input rows put into the page in one frame

export class Rows {
  // One input table. Up to PAGE_ROWS rows all live in the page; a bigger table (an imported team of
  // 2,000) is held as data and shown PAGE_ROWS at a time, because thousands of inputs in a page
  // take seconds to lay out. Rows go into the page ROWS_PER_FRAME at a time, one batch a frame:
  // a hundred rows of inputs laid out at once blocked the page for a third of a second.
  constructor(table, rootId) {
    this.rootId = rootId; // the calculator's id, which every input's id starts with
    this.table = table;
    this.name = table.dataset.table;
    this.body = table.querySelector("tbody");
    this.html = table.querySelector("template[data-role=row-template]").innerHTML;
    this.pager = table.querySelector("[data-role=pager]");
    this.data = null; // every row's values while the table is paged or being written, else null (the page holds them)
    this.first = 0; // index of the first row shown while paged
    this.drawing = 0; // which drawing of the rows is current: a newer one stops an older one
    const sample = document.createElement("template");
    sample.innerHTML = this.rowsHtml(0, 1);
    // A cell nobody filled in reads as the page would show it: blank, or a list's first choice.
    const cells = [...sample.content.querySelectorAll("input, select, textarea")];
    this.empty = Object.fromEntries(cells.map(
      (input) => [input.name, input.tagName === "SELECT" ? input.options[0]?.value ?? "" : ""]));
    this.columns = cells.map((input) => input.name); // in the order they show, left to right
    // Counts (whole numbers): the cells "Fill empty counts with 0" may fill.
    this.counts = new Set(cells.filter((input) => input.inputMode === "numeric").map((input) => input.name));
    // A choice column's choices, so a pasted label or value finds its choice.
    this.choices = new Map(cells.filter((input) => input.tagName === "SELECT").map(
      (input) => [input.name, [...input.options].map((o) => ({ value: o.value, label: o.textContent.trim() }))]));
    // Date columns: a date box holds only a date written 2027-03-31 (any other text would vanish).
    this.dates = new Set(cells.filter((input) => input.type === "date").map((input) => input.name));
    this.maxRows = Number(table.dataset.maxRows) || Infinity;
  }

  // The value a pasted `text` gives column `name`: for a choice, the choice whose value or label it
  // is (any case); text that is neither is kept as it is, for Python's message to name.
  valueFor(name, text) {
    const choices = this.choices.get(name);
    if (!choices) return text;
    const wanted = text.trim().toLowerCase();
    const found = choices.find((c) => c.value.toLowerCase() === wanted || c.label.toLowerCase() === wanted);
    return found ? found.value : text.trim();
  }

  // Every row as data ({column: value}, with the columns an older form saved), paged rows included.
  snapshot() {
    if (this.data) return this.data.map((row) => ({ ...row }));
    return [...this.body.querySelectorAll("tr[data-row]")].map((tr) => {
      const cells = tr.dataset.extra ? JSON.parse(tr.dataset.extra) : {};
      for (const input of tr.querySelectorAll("input, select, textarea")) cells[input.name] = textOf(input);
      return cells;
    });
  }

  // A row with only the columns this form has (what Python reads).
  known(row) {
    return Object.fromEntries(Object.keys(this.empty).map((name) => [name, row[name] ?? this.empty[name]]));
  }

  // Columns of a saved row this form has no box for, or null.
  extras(row) {
    const extra = Object.entries(row).filter(([name, value]) => !(name in this.empty) && value !== undefined);
    return extra.length ? JSON.stringify(Object.fromEntries(extra)) : null;
  }

  // How many rows hold anything the user typed (a list's first choice alone does not count).
  get filled() {
    if (!this.data) return [...this.body.querySelectorAll("tr[data-row]")].filter((tr) => !isBlank(tr)).length;
    return this.data.filter((row) => Object.entries(this.known(row)).some(
      ([name, value]) => String(value ?? "").trim() !== "" && value !== this.empty[name])).length;
  }

  get total() {
    return this.data ? this.data.length : this.count;
  }

  // Keep the table's data in step with what the user types into the rows shown.
  noteInput(input) {
    const tr = input.closest("tr[data-row]");
    if (this.data && tr && this.body.contains(tr)) this.data[Number(tr.dataset.row)][input.name] = textOf(input);
  }

  // Show the rows of this.data from `first` on (a page of them), a batch a frame. Resolves once
  // they are all in the page, or as soon as a newer drawing takes over.
  async showFrom(first) {
    const drawing = ++this.drawing;
    const last = Math.max(0, this.data.length - 1);
    this.first = Math.min(Math.max(0, first), last - (last % PAGE_ROWS));
    const rows = this.data.slice(this.first, this.first + PAGE_ROWS);
    const paged = this.data.length > PAGE_ROWS;
    this.pager.hidden = !paged;
    if (paged) {
      this.pager.querySelector("[data-role=pager-text]").textContent =
        `Showing ${this.table.dataset.rowLabel}s ${this.first + 1} to ${this.first + rows.length} of ${thousands(this.data.length)}.`;
      this.pager.querySelector("[data-action=page-prev]").disabled = this.first === 0;
      this.pager.querySelector("[data-action=page-next]").disabled = this.first + PAGE_ROWS >= this.data.length;
    }
    this.body.replaceChildren();
    const scratch = document.createElement("template");
    for (let start = 0; start < rows.length; start += ROWS_PER_FRAME) {
      if (start > 0) {
        await nextFrame();
        if (drawing !== this.drawing) return false;
      }
      const batch = rows.slice(start, start + ROWS_PER_FRAME);
      scratch.innerHTML = this.rowsHtml(this.first + start, batch.length);
      const made = scratch.content.querySelectorAll("tr[data-row]");
      batch.forEach((row, i) => {
        for (const input of made[i].querySelectorAll("input, select, textarea")) setCell(input, row[input.name]);
        const extra = this.extras(row);
        if (extra) made[i].dataset.extra = extra;
      });
      this.body.append(scratch.content);
    }
    return true;
  }

  get count() {
    return this.body.querySelectorAll("tr[data-row]").length;
  }

  // Every row's cells as the page shows them (a choice's label, not its code), paged rows included.
  forPrint() {
    if (!this.data) {
      return [...this.body.querySelectorAll("tr[data-row]")].map((tr) => [...tr.querySelectorAll("input, select, textarea")].map(
        (input) => (input.tagName === "SELECT" ? input.selectedOptions[0]?.textContent ?? "" : input.value)));
    }
    const sample = document.createElement("template");
    sample.innerHTML = this.rowsHtml(0, 1);
    const columns = [...sample.content.querySelectorAll("input, select, textarea")].map((input) => ({
      name: input.name,
      labels: input.tagName === "SELECT" ? new Map([...input.options].map((o) => [o.value, o.textContent])) : null,
    }));
    return this.data.map((row) => columns.map(({ name, labels }) => (labels?.get(row[name]) ?? String(row[name] ?? ""))));
  }

  rowsHtml(start, count) {
    let html = "";
    for (let i = start; i < start + count; i++) {
      html += this.html.replaceAll("__ROW__", String(i)).replaceAll("__N__", String(i + 1));
    }
    return html;
  }

  // Replace every row with `rows` (a list of {column: value}). While the rows are being written,
  // and for good when there are more than a page of them, the table reads from this.data, so
  // the answers are whole even before the last row is in the page.
  async replace(rows) {
    this.data = rows.map((row) => ({ ...this.empty, ...row }));
    const drawn = await this.showFrom(0);
    if (drawn && this.data.length <= PAGE_ROWS) this.data = null;
  }

  async add() {
    if (this.data) {
      this.data.push({ ...this.empty });
      await this.showFrom(this.data.length - 1);
      return this.body.lastElementChild;
    }
    const scratch = document.createElement("template");
    scratch.innerHTML = this.rowsHtml(this.count, 1);
    const row = scratch.content.firstElementChild;
    this.body.append(scratch.content);
    return row;
  }

  async remove(tr) {
    const index = Number(tr.dataset.row);
    if (this.data) {
      this.data.splice(index, 1);
      await this.showFrom(this.first);
      return;
    }
    tr.remove();
    this.renumber(index);
  }

  // Keep ids, labels and row numbers in order from `from` on, after a row is removed.
  renumber(from = 0) {
    const rows = this.body.querySelectorAll("tr[data-row]");
    for (let i = from; i < rows.length; i++) {
      const tr = rows[i];
      tr.dataset.row = String(i);
      for (const cell of tr.querySelectorAll("[data-column]")) {
        const fid = `${this.rootId}-${this.name}-${i}-${cell.dataset.column}`;
        const input = cell.querySelector("input, select, textarea");
        const error = cell.querySelector(".calc-error-message");
        input.id = fid;
        error.id = `${fid}-error`;
        input.setAttribute("aria-describedby", error.id);
        input.setAttribute("aria-label", input.getAttribute("aria-label").replace(/ \S+$/, ` ${i + 1}`));
      }
      const hidden = tr.querySelector("[data-action=remove-row] .calc-visually-hidden");
      if (hidden) hidden.textContent = hidden.textContent.replace(/ \S+$/, ` ${i + 1}`);
    }
  }
}
