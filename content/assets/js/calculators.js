// Wires every calculator on a page to Python running in one Web Worker for the whole visit.
//
// A calculator is any element with data-calculator (rendered at build time by the calculator
// directive). Its form starts blank; the page shows the worked example's result, labelled as an
// example, until the user's own answers give a result. This module starts Python only when a
// calculator is on the page, recalculates as the user types, shows errors next to fields (GOV.UK
// pattern), reads files in this browser only, and keeps answers in this browser's localStorage
// (saved-answers.js: versioned, migrated, and never dropped without a word).

import { discardKept, keepAside, keptCopies, keptFilename, parseSaved, savedText, storageProblem } from "./calculator/saved-answers.js";

const STORAGE_PREFIX = "swwt:v1:"; // the keys' scheme; each saved state carries its own version inside
const DEBOUNCE_MS = 200;
const MAX_FILE_BYTES = 5 * 1024 * 1024; // the same limit Python states for files
const MAX_FILE_TEXT = "5 MB";
const ROWS_PER_FRAME = 10; // input rows put into the page in one frame
const PAGE_ROWS = 100; // a table with more rows than this shows them this many at a time

// ---- the runtime: one worker, started lazily, shared by every calculator and page ----

const runtime = {
  worker: null,
  state: "idle", // idle | loading | ready | failed
  step: 0,
  text: "",
  ready: null,
  wheel: null, // the bundle the worker runs: its folder is a hash of the calculators' code
  pending: new Map(),
  nextId: 1,
  listeners: new Set(),
};

function notify() {
  for (const listener of runtime.listeners) listener();
}

// A module worker that cannot load gives no reason; the usual one is a server sending .mjs or .js
// with a type browsers refuse to run (stock Debian nginx has no .mjs type). Name the exact setting.
async function scriptTypeProblem() {
  for (const file of ["calculator-worker.js", "../pyodide/pyodide.mjs", "../pyodide/pyodide.asm.mjs"]) {
    try {
      const url = new URL(file, import.meta.url);
      const response = await fetch(url, { method: "HEAD" });
      const type = (response.headers.get("content-type") || "").split(";")[0].trim();
      if (response.ok && !/javascript|ecmascript/i.test(type)) {
        return `the web server sends ${url.pathname.split("/").pop()} as "${type || "no type"}", so the browser will not run it. `
          + "Ask your web team to serve .mjs and .js files as text/javascript (nginx: \"text/javascript js mjs;\" in its types block; "
          + "Apache: \"AddType text/javascript .mjs\"; IIS: a mimeMap for \".mjs\"), or to use the settings the build writes "
          + "(_server/nginx.conf, .htaccess, web.config).";
      }
    } catch {
      // the generic message below covers network trouble
    }
  }
  return null;
}

// A page of another build (a deployment during the visit, met by instant navigation) names its own
// bundle: the Python running has the other build's calculators, so it is stopped and never answers
// here (answers on their way are dropped), and Python starts again on this page's code.
function stopRuntime() {
  runtime.worker?.terminate();
  const failure = "The calculator is restarting with the toolkit's new version: press Calculate again.";
  for (const callback of runtime.pending.values()) callback({ ok: false, errors: [], failure });
  runtime.pending.clear();
  Object.assign(runtime, { worker: null, ready: null, state: "idle", step: 0, wheel: null });
}

function startRuntime(wheelPath) {
  if (runtime.ready && runtime.wheel === wheelPath) return runtime.ready;
  if (runtime.ready) stopRuntime();
  runtime.wheel = wheelPath;
  runtime.state = "loading";
  runtime.text = "Starting Python in your browser…"; // until the worker reports its first step
  runtime.ready = new Promise((resolve) => {
    let worker = null;
    const fail = (message) => {
      if (runtime.worker !== worker) return; // a worker stopped for a newer build's
      runtime.state = "failed";
      runtime.text = message;
      for (const callback of runtime.pending.values()) callback({ ok: false, errors: [], failure: message });
      runtime.pending.clear();
      notify();
      resolve(false);
    };
    try {
      // Named after the bundle, so a restart never runs the previous build's worker from the browser's cache.
      const script = new URL(`calculator-worker.js?build=${encodeURIComponent(wheelPath.split("/")[0])}`, import.meta.url);
      worker = runtime.worker = new Worker(script, { type: "module" });
    } catch (error) {
      fail(`the browser would not start a worker (${error.message}).`);
      return;
    }
    runtime.worker.onmessage = ({ data }) => {
      if (runtime.worker !== worker) return;
      if (data.type === "progress") {
        runtime.step = data.step;
        runtime.text = data.text;
        notify();
      } else if (data.type === "ready") {
        runtime.state = "ready";
        notify();
        resolve(true);
      } else if (data.type === "failed") {
        fail(data.message);
      } else if (data.type === "stats") {
        runtime.pending.get("stats")?.(data);
        runtime.pending.delete("stats");
      } else if (data.type === "result") {
        const callback = runtime.pending.get(data.id);
        runtime.pending.delete(data.id);
        if (callback) callback(data.response);
      }
    };
    runtime.worker.onerror = (event) => {
      event.preventDefault();
      const generic = `the calculator's script could not load (${event.message || "blocked by the browser or the server"}).`;
      scriptTypeProblem().then((problem) => fail(problem || generic), () => fail(generic));
    };
    const wheel = new URL(`../calculators/${wheelPath}`, import.meta.url).href;
    runtime.worker.postMessage({ type: "init", wheel });
  });
  notify();
  return runtime.ready;
}

// Python's answer to one request; never rejects (a failure comes back as {failure: "…"}).
function calculate(request) {
  return new Promise((resolve) => {
    if (runtime.state === "failed" || !runtime.worker) {
      resolve({ ok: false, errors: [], failure: `The calculator could not start: ${runtime.text}` });
      return;
    }
    const id = runtime.nextId++;
    runtime.pending.set(id, resolve);
    runtime.worker.postMessage({ type: "run", id, request });
  });
}

// 2000 -> "2,000". Not toLocaleString: its first call loads the browser's locale data, which
// blocked the page for a quarter of a second in the middle of an import.
const thousands = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

// Resolves after the page has drawn a frame, so work split across it never blocks for long.
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

// ---- reading and writing a form ----

// A text box (an <input>) cannot hold a line break: the browser drops it, so a label imported as
// "A<newline>B" would reach Python as "AB" and the page's result would differ from the command line's.
// The box shows the break as a space and keeps the text as it was until the user edits the box.
const BREAKS = /\r\n|[\r\n]/g;

function putText(input, text, asDefault) {
  const shown = input.tagName === "INPUT" ? text.replace(BREAKS, " ") : text;
  if (asDefault) input.defaultValue = shown;
  else input.value = shown;
  if (shown !== text) input.dataset.value = text;
  else delete input.dataset.value;
}

function textOf(input) {
  const kept = input.dataset.value;
  return kept !== undefined && kept.replace(BREAKS, " ") === input.value ? kept : input.value;
}

// The form's values as Python reads them; with `extras`, also the columns an older version of the
// form saved that this one has no box for (kept on their row, so they are saved again).
function readValues(form, extras = false) {
  const values = {};
  for (const field of form.querySelectorAll("[data-field]")) {
    for (const input of field.querySelectorAll("input, select, textarea")) {
      if (input.type === "radio") {
        if (input.checked) values[input.name] = input.value;
        else if (!(input.name in values)) values[input.name] = "";
      } else {
        values[input.name] = textOf(input);
      }
    }
  }
  for (const table of form.querySelectorAll("[data-table]")) {
    values[table.dataset.table] = [...table.querySelectorAll("tbody tr[data-row]")].map((row) => {
      const cells = extras && row.dataset.extra ? JSON.parse(row.dataset.extra) : {};
      for (const input of row.querySelectorAll("input, select, textarea")) cells[input.name] = textOf(input);
      return cells;
    });
  }
  return values;
}

// True when nothing is typed or chosen inside `element` (selects keep a value, so they don't count).
function isBlank(element) {
  const inputs = element.matches("input, textarea, select") ? [element] : element.querySelectorAll("input, textarea");
  return [...inputs].every((input) => {
    if (input.type === "radio" || input.type === "checkbox") return !input.checked;
    if (input.type === "file" || input.tagName === "SELECT") return true;
    return input.value.trim() === "";
  });
}

// Set a cell in a row that is not in the page yet: through the default value, which survives the move.
function setCell(input, value) {
  const text = value === null || value === undefined ? "" : String(value);
  if (input.tagName === "SELECT") {
    let found = false;
    for (const option of input.options) {
      option.defaultSelected = option.value === text;
      found ||= option.defaultSelected;
    }
    // A value that is not one of the choices is shown as it is, never silently swapped for the first choice.
    if (!found && text !== "") input.append(new Option(text, text, true, true));
  } else {
    putText(input, text, true);
  }
}

class Rows {
  // One input table. Up to PAGE_ROWS rows all live in the page; a bigger table (an imported team of
  // 2,000) is held as data and shown PAGE_ROWS at a time, because thousands of inputs in a page
  // take seconds to lay out. Rows go into the page ROWS_PER_FRAME at a time, one batch a frame:
  // a hundred rows of inputs laid out at once blocked the page for a third of a second.
  constructor(calculator, table) {
    this.calculator = calculator;
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
    this.empty = Object.fromEntries([...sample.content.querySelectorAll("input, select, textarea")].map(
      (input) => [input.name, input.tagName === "SELECT" ? input.options[0]?.value ?? "" : ""]));
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
    const root = this.calculator.root;
    const rows = this.body.querySelectorAll("tr[data-row]");
    for (let i = from; i < rows.length; i++) {
      const tr = rows[i];
      tr.dataset.row = String(i);
      for (const cell of tr.querySelectorAll("[data-column]")) {
        const fid = `${root.id}-${this.name}-${i}-${cell.dataset.column}`;
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

// ---- long result tables, shown a page at a time ----

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

// ---- one calculator ----

class Calculator {
  constructor(root) {
    this.root = root;
    this.form = root.querySelector("form");
    this.result = root.querySelector("[data-role=result]");
    this.resultTitle = root.querySelector("[data-role=result-title]");
    this.exampleTag = root.querySelector("[data-role=example-tag]");
    this.status = root.querySelector("[data-role=result-status]");
    this.announcer = root.querySelector("[data-role=announce]");
    this.downloads = root.querySelector("[data-role=downloads]");
    this.printButton = root.querySelector("[data-action=print]");
    this.undoButton = root.querySelector("[data-action=undo-clear]");
    this.summary = root.querySelector("[data-role=summary]");
    // The council's data and the example are attributes: Material's instant navigation re-creates
    // inline <script> elements without their type, so JSON kept in one would be lost.
    const json = (attribute, fallback) => (root.dataset[attribute] ? JSON.parse(root.dataset[attribute]) : fallback);
    this.base = {
      calculator: root.dataset.calculator,
      options: JSON.parse(root.dataset.options || "{}"),
      data: json("calcData", null),
    };
    this.example = json("example", {});
    // Says which data every result uses, taken from the data actually sent to Python.
    const used = root.querySelector("[data-role=data-used]");
    if (used) {
      used.textContent = `Figures used: ${this.base.data ? this.base.data.data_used || "this site's own data" : "the project's default data"}.`;
      used.hidden = false;
    }
    this.exampleResult = { html: this.result.innerHTML, json: this.result.dataset.result };
    this.resultPages = []; // the long tables of the result shown now
    this.tables = new Map([...this.form.querySelectorAll("[data-table]")].map((t) => [t.dataset.table, new Rows(this, t)]));
    this.blank = readValues(this.form);
    this.latest = 0;
    this.timer = null;
    this.cleared = null; // the answers "Clear my answers" removed, until "Undo clear" or new typing
    this.errors = []; // the problems shown now
    this.fromExample = false; // the form holds the example's values, untouched
    this.extraFields = {}; // saved answers to fields this form has no box for, saved again as they were
    this.writing = false; // the page is writing values into the form (its events are not the user's)
    this.beforeImport = null; // the answers an import replaced, until "Undo import" or new typing
    this.held = null; // unreadable saved answers that could not be copied aside: not overwritten
    this.inputsEntry = null; // the "Save my answers" download Python offered last
    this.notices = document.createElement("div"); // saved-work notices, next to the calculator
    this.notices.className = "calc-notices";
    this.notices.setAttribute("aria-live", "polite");
    root.querySelector("[data-role=status]").after(this.notices);
    // What an import replaced, beside the file control (a live region from the start, so it is read out).
    this.importNotice = document.createElement("div");
    this.importNotice.className = "calc-notices";
    this.importNotice.dataset.role = "import-notice";
    this.importNotice.setAttribute("aria-live", "polite");
    const importer = root.querySelector("input[type=file][data-action=import]");
    importer?.closest(".calc-import, .calc-load")?.after(this.importNotice);
  }

  // The answers in the form now, as Python reads them (for tests and a council's own scripts).
  values() {
    const values = readValues(this.form);
    for (const [name, rows] of this.tables) if (rows.data) values[name] = rows.data.map((row) => rows.known(row));
    return values;
  }

  // The answers as they are saved: with whatever an older version of the form saved that this one has no box for.
  savedValues() {
    const values = { ...this.extraFields, ...readValues(this.form, true) };
    for (const [name, rows] of this.tables) if (rows.data) values[name] = rows.data.map((row) => ({ ...row }));
    return values;
  }

  // ---- start ----

  start() {
    this.form.addEventListener("input", (event) => this.writing || this.isFileInput(event) || this.changed(event.target));
    this.form.addEventListener("change", (event) => {
      if (this.writing) return undefined;
      if (!this.isFileInput(event)) return this.changed(event.target);
      const files = [...event.target.files];
      event.target.value = ""; // so choosing the same file again still reads it
      this.guard(this.readFiles(files, event.target));
    });
    for (const zone of this.root.querySelectorAll("[data-role=drop]")) this.acceptDrops(zone);
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      clearTimeout(this.timer);
      this.save();
      this.guard(this.recalculate(true));
    });
    this.root.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-action]");
      if (button) this.guard(this.onButton(button));
    });
    const restored = this.restore();
    const listener = () => {
      if (!this.root.isConnected) {
        runtime.listeners.delete(listener);
        return;
      }
      this.showRuntime();
    };
    runtime.listeners.add(listener);
    startRuntime(this.root.dataset.wheel);
    this.showRuntime();
    // Once Python is ready: restored answers get their result (and downloads); a blank form waits.
    this.guard(runtime.ready.then(async (ok) => {
      if (!ok || !this.root.isConnected) return;
      if (await restored) await this.recalculate(false);
      else this.markDone();
    }));
  }

  isFileInput(event) {
    return event.target.matches("input[type=file]");
  }

  // Run an async step; anything unexpected is shown to the user instead of vanishing.
  guard(promise) {
    return promise.catch((error) => {
      if (!this.root.isConnected) return;
      this.status.textContent = `Something went wrong in this page (${error.message || error}). Your answers are kept.`;
    });
  }

  // Counts for tests and benchmarks: every answer shown, and those to a press of Calculate (a change's own
  // recalculation, started as a field loses focus on the way to the button, can arrive first).
  markDone(fromSubmit = false) {
    this.root.dataset.calculated = "true";
    this.root.dataset.responses = String(Number(this.root.dataset.responses || 0) + 1);
    if (fromSubmit) this.root.dataset.submits = String(Number(this.root.dataset.submits || 0) + 1);
    this.showRuntime();
  }

  // ---- saving in this browser ----

  get storageKey() {
    return `${STORAGE_PREFIX}${location.pathname}#${this.root.id}`;
  }

  save() {
    if (this.held) return; // unreadable saved answers are still under this key: never overwrite them
    try {
      if (isBlank(this.form)) localStorage.removeItem(this.storageKey);
      else localStorage.setItem(this.storageKey, savedText(this.base.calculator, this.savedValues()));
      this.notices.querySelector("[data-role=storage-notice]")?.remove(); // saving works (again)
    } catch (error) {
      this.showStorageProblem(storageProblem(error), error);
    }
  }

  async restore() {
    let text;
    try {
      text = localStorage.getItem(this.storageKey);
    } catch (error) {
      this.showStorageProblem(storageProblem(error), error);
      return false;
    }
    const saved = parseSaved(text);
    if (saved.state === "unreadable") {
      // Copied aside before anything can be saved over it; if even that fails, left where it is.
      const problem = keepAside(this.storageKey, text, saved.reason);
      if (problem) this.held = { key: this.storageKey, kept: new Date().toISOString(), reason: saved.reason, text };
    }
    this.showKept();
    if (saved.state !== "current" && saved.state !== "migrated") return false;
    await this.writeValues(saved.values, true);
    this.root.dataset.savedVersion = String(saved.from || "current");
    return !isBlank(this.form);
  }

  // Write values into the form. `whole`: they are all the answers (anything they leave out is blank).
  async writeValues(values, whole = false) {
    this.writing = true;
    try {
      if (whole) this.extraFields = {};
      for (const [name, value] of Object.entries(whole ? { ...this.blank, ...values } : values)) {
        const rows = this.tables.get(name);
        if (rows) {
          if (Array.isArray(value)) await rows.replace(value.filter((row) => row && typeof row === "object"));
          continue;
        }
        const inputs = this.form.querySelectorAll(`[data-field] [name="${CSS.escape(name)}"]`);
        if (!inputs.length && value !== undefined) this.extraFields[name] = value; // an older form's field: kept
        for (const input of inputs) {
          if (input.type === "radio") input.checked = input.value === value;
          else putText(input, String(value ?? ""), false);
        }
      }
    } finally {
      this.writing = false;
    }
  }

  // ---- calculating ----

  changed(input = null) {
    const table = input?.closest("[data-table]");
    if (table) this.tables.get(table.dataset.table).noteInput(input);
    this.fromExample = false;
    this.hideUndo();
    this.dropUndoImport();
    this.save();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.guard(this.recalculate(false)), DEBOUNCE_MS);
  }

  async recalculate(fromSubmit) {
    const ticket = ++this.latest;
    if (runtime.state !== "ready") {
      this.status.textContent = "Your result will show as soon as the calculator has loaded.";
      if (!(await runtime.ready)) return;
    }
    if (!fromSubmit && isBlank(this.form)) {
      // Nothing typed: nothing to calculate, and no list of "Enter …" messages either.
      this.clearErrors();
      this.showExample();
      this.markDone();
      return;
    }
    // Downloads come without their contents: a file is made only when its button is pressed, so a
    // big team's CSV and workbook are not rebuilt on every keystroke.
    const response = await calculate({ ...this.base, values: this.values(), download_contents: false });
    if (!this.root.isConnected || ticket !== this.latest) return; // page left, or a newer change is on its way
    let shown = 0;
    if (response.ok) {
      this.clearErrors();
      this.showResult(response, fromSubmit);
    } else if (response.failure) {
      this.status.textContent = response.failure;
    } else {
      // While typing, a blank field is not yet a mistake: its message waits for "Calculate".
      const errors = fromSubmit ? response.errors : response.errors.filter((e) => !this.isBlankField(e));
      shown = errors.length;
      this.showErrors(errors, fromSubmit);
      // Python offers the answers as they stand ("Save my answers"), so unfinished work can be kept.
      this.showDownloads((response.downloads || []).filter((d) => d.kind === "inputs"));
      if (this.exampleTag.hidden) this.result.classList.add("calc-result__body--stale");
      const waiting = response.errors.length - errors.length;
      this.status.textContent = shown
        ? (this.exampleTag.hidden ? "This result is for your last complete answers. Fix the problems above to update it." : "Fix the problems above to see your result.")
        : `Your result shows when the form is complete (${waiting} ${waiting === 1 ? "answer is" : "answers are"} still blank). Press Calculate to list them.`;
    }
    this.root.dataset.errors = String(response.ok ? 0 : shown || (response.errors || []).length);
    this.markDone(fromSubmit);
  }

  showResult(response, fromSubmit) {
    this.showHtml(response.html); // built by Python with every value escaped
    this.result.dataset.result = JSON.stringify(response.result);
    this.result.classList.remove("calc-result__body--stale");
    this.exampleTag.hidden = true;
    this.resultTitle.textContent = "Your result";
    this.status.textContent = this.fromExample
      ? "Calculated from the example's answers. Change them to your own to see your result."
      : "Calculated from your answers.";
    const headline = this.result.querySelector(".calc-headline");
    this.announcer.textContent = headline ? headline.textContent : "";
    this.showDownloads(response.downloads || []);
    if (fromSubmit) this.root.querySelector(".calc-result__title").focus();
  }

  // A result's HTML, long tables cut to their first page (with Previous and Next).
  showHtml(html) {
    const { html: cut, long } = cutLongTables(html);
    this.result.innerHTML = cut;
    this.resultPages = long.map((rows, i) => new ResultPages(this.result.querySelector(`tbody[data-long="${i}"]`), rows));
  }

  showExample() {
    this.showHtml(this.exampleResult.html);
    this.result.dataset.result = this.exampleResult.json;
    this.result.classList.remove("calc-result__body--stale");
    this.exampleTag.hidden = false;
    this.resultTitle.textContent = "Example result";
    this.downloads.replaceChildren();
    this.inputsEntry = null;
    this.printButton.hidden = true;
  }

  isBlankField(error) {
    const target = document.getElementById(this.fieldId(error)) || document.getElementById(`${this.root.id}-${error.field}`);
    return Boolean(target) && isBlank(target);
  }

  // ---- errors, GOV.UK style: a summary at the top and a message at each field ----

  fieldId(error) {
    if (error.table && error.row !== null && error.row !== undefined) {
      return `${this.root.id}-${error.table}-${error.row}-${error.field}`;
    }
    return `${this.root.id}-${error.field}`;
  }

  clearErrors() {
    this.errors = [];
    for (const message of this.root.querySelectorAll(".calc-error-message:not([hidden])")) {
      message.hidden = true;
      message.textContent = "";
    }
    for (const el of this.root.querySelectorAll(".calc-field--error, .calc-cell--error")) {
      el.classList.remove("calc-field--error", "calc-cell--error");
    }
    for (const el of this.root.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
    this.summary.hidden = true;
    this.summary.querySelector("ul").replaceChildren();
  }

  showErrors(errors, focusSummary) {
    this.clearErrors();
    this.errors = errors;
    const list = this.summary.querySelector("ul");
    for (const error of errors) {
      const id = this.fieldId(error);
      const fallback = `${this.root.id}-${error.field}`;
      const target = document.getElementById(id) || document.getElementById(fallback);
      const message = document.getElementById(`${id}-error`) || document.getElementById(`${fallback}-error`);
      if (message) {
        const prefix = document.createElement("span");
        prefix.className = "calc-visually-hidden";
        prefix.textContent = "Error: ";
        if (!message.hidden) message.append(document.createElement("br"));
        message.append(prefix, document.createTextNode(error.message));
        message.hidden = false;
        const wrapper = message.closest(".calc-field, .calc-cell");
        if (wrapper) wrapper.classList.add(wrapper.classList.contains("calc-cell") ? "calc-cell--error" : "calc-field--error");
      }
      if (target && target.matches("input, select, textarea")) target.setAttribute("aria-invalid", "true");
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = `#${target ? target.id : id}`;
      link.textContent = error.message;
      link.addEventListener("click", (event) => {
        event.preventDefault();
        this.guard(this.focusError(error, id, target));
      });
      item.append(link);
      list.append(item);
    }
    this.summary.hidden = errors.length === 0;
    if (focusSummary && errors.length) this.summary.focus();
  }

  // ---- files: made and read here, in the browser; nothing is uploaded ----

  // An error summary link: show the table page holding the row if need be, then focus the field.
  async focusError(error, id, target) {
    const rows = error.table && this.tables.get(error.table);
    if (rows && rows.data && !document.getElementById(id) && error.row !== null && error.row !== undefined) {
      await rows.showFrom(error.row - (error.row % PAGE_ROWS)); // the row is on another page of the table
      this.showErrors(this.errors, false);
    }
    const el = document.getElementById(document.getElementById(id) ? id : target ? target.id : id);
    const focusable = el && (el.matches("input, select, textarea") ? el : el.querySelector("input, select, textarea"));
    if (focusable) {
      focusable.focus();
      focusable.scrollIntoView({ block: "center" });
    }
  }

  saveFile(download) {
    // A workbook comes as base64 bytes; text gets a byte-order mark where Python asks (Excel then shows "£").
    const body = download.base64
      ? Uint8Array.from(atob(download.base64), (c) => c.charCodeAt(0))
      : (download.bom ? "\uFEFF" : "") + download.text;
    const type = download.base64 ? download.mime : `${download.mime};charset=utf-8`;
    const url = URL.createObjectURL(new Blob([body], { type }));
    const link = document.createElement("a");
    link.href = url;
    link.download = download.filename;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  // Save a download, asking Python to make its contents from the answers now if it came without.
  async download(entry) {
    if (typeof entry.text === "string" || typeof entry.base64 === "string") {
      this.saveFile(entry);
      return;
    }
    this.status.textContent = `Making ${entry.filename}…`;
    const response = await this.runAction("download", entry.filename);
    const made = response && response.download;
    if (!made || (typeof made.text !== "string" && typeof made.base64 !== "string")) {
      const why = response || this.status.textContent.startsWith("Making") ? "the messages above say why" : this.status.textContent;
      this.status.textContent = `${entry.filename} could not be made (${why}). Your answers are kept.`;
      return;
    }
    this.saveFile({ ...entry, ...made });
    this.status.textContent = `Saved ${made.filename || entry.filename}.`;
  }

  showDownloads(downloads) {
    this.inputsEntry = downloads.find((d) => d.kind === "inputs" && !d.base64) || null;
    this.downloads.replaceChildren();
    const inputsFirst = [...downloads].sort((a, b) => (b.kind === "inputs") - (a.kind === "inputs"));
    for (const download of inputsFirst) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "calc-button calc-button--secondary";
      button.textContent = download.label;
      if (download.kind === "inputs") button.dataset.kind = "inputs";
      button.addEventListener("click", () => this.guard(this.download(download)));
      this.downloads.append(button);
    }
    this.printButton.hidden = false;
  }

  // Check each file's size before reading a byte of it, then let Python read it (one reading path).
  async readFiles(files, input) {
    const field = input.dataset.field || "import";
    if (!files.length) return;
    this.settleEditing();
    const tooBig = files.find((file) => file.size > MAX_FILE_BYTES);
    if (tooBig) {
      this.showErrors([{ field, message: `${tooBig.name} is larger than ${MAX_FILE_TEXT}, the most this page reads. Split it into smaller files` }], true);
      this.root.dataset.errors = "1";
      this.markDone();
      return;
    }
    this.status.textContent = `Reading ${files.length === 1 ? files[0].name : `${files.length} files`}…`;
    const encoded = await Promise.all(files.map(async (file) => ({ filename: file.name, payload: await base64(file) })));
    if (!(await runtime.ready)) return;
    // One request for all of them: Python reads every file (a collation's many observations) at once.
    const many = encoded.length > 1;
    await this.importEncoded({
      payload: many ? encoded.map((f) => f.payload) : encoded[0].payload,
      filename: many ? encoded.map((f) => f.filename) : encoded[0].filename,
    }, field);
  }

  // Python reads the files; a workbook with several sheets comes back asking which one to read.
  async importEncoded(request, field, sheet = "") {
    this.root.querySelector("[data-role=sheet-picker]")?.remove();
    const response = await this.runAction("import_file", request.payload, { filename: request.filename, sheet }, field);
    if (response && response.choose_sheet) {
      this.askForSheet(response.choose_sheet, request, field);
      return;
    }
    if (!response) {
      if (this.status.textContent.startsWith("Reading")) this.status.textContent = "Nothing was loaded (the message above says why). Your answers are as they were.";
      return;
    }
    const tooMany = this.tooManyRows(response.values || {});
    if (tooMany) {
      this.status.textContent = "Nothing was loaded (the message above says why). Your answers are as they were.";
      this.showErrors([{ field, message: tooMany }], true);
      this.root.dataset.errors = "1";
      this.markDone();
      return;
    }
    await this.applyImport(response, request, field);
  }

  // A cell still being edited has its typing taken in now (its change event), before what the user does
  // next replaces it: otherwise the browser would deliver that change after an import and it would win.
  settleEditing() {
    const active = document.activeElement;
    if (active && this.form.contains(active) && active.matches("input:not([type=file]), select, textarea")) active.blur();
  }

  // An imported file replaces the form's answers entirely, and says what it replaced; "Undo import" brings them back.
  async applyImport(response, request, field) {
    if (!response.values) return;
    this.settleEditing();
    const rows = this.importRows(field);
    const had = { blank: isBlank(this.form), rows: rows ? rows.filled : 0, values: this.savedValues() };
    const got = rows && Array.isArray(response.values[rows.name]) ? response.values[rows.name].length : null;
    this.status.textContent = "Writing your answers into the form…";
    await this.writeValues(response.values, true);
    this.changed();
    clearTimeout(this.timer);
    const summary = this.importSummary([].concat(request.filename), rows, got, had);
    if (got === 0) {
      // A file with a heading row and nothing under it: the old result goes, and the page says why.
      this.showNoResult(`No result: ${summary}`);
      this.status.textContent = summary;
      this.root.dataset.errors = "0";
      this.markDone();
    } else {
      await this.recalculate(false);
      const notices = (response.notices || []).join(" ");
      if (notices) this.status.textContent = `${notices} ${this.status.textContent}`;
    }
    this.beforeImport = had.blank ? null : had.values;
    this.showImportNotice(summary, !had.blank);
    this.root.dataset.imports = String(Number(this.root.dataset.imports || 0) + 1); // for tests: imports done
  }

  // The table an import control fills, or null (a calculator whose file holds all its answers).
  importRows(field) {
    const table = document.getElementById(`${this.root.id}-${field}`)?.closest("[data-table]");
    return table ? this.tables.get(table.dataset.table) : null;
  }

  importSummary(filenames, rows, got, had) {
    const from = filenames.length === 1 ? filenames[0] : `${filenames.length} files (${filenames.join(", ")})`;
    if (!rows || got === null) {
      return `Loaded the answers in ${from}${had.blank ? "" : ", replacing the answers that were in the form"}.`;
    }
    const label = rows.table.dataset.rowLabel;
    const some = (n) => `${thousands(n)} ${label}${n === 1 ? "" : "s"}`;
    const replacing = had.rows ? `, replacing your ${thousands(had.rows)}` : "";
    if (got === 0) {
      const replaced = had.rows ? ` (your ${some(had.rows)} ${had.rows === 1 ? "was" : "were"} replaced)` : "";
      return `${from} has no ${label}s in it (a heading row but no rows under it), so the table is now empty${replaced}`
        + ` and there is no result. Add ${label}s to the table or import a file that has them.`;
    }
    return `Imported ${some(got)} from ${from}${replacing}.`;
  }

  showImportNotice(text, undo) {
    const box = noticeBox("import", text, undo ? [["undo-import", "Undo import"]] : []);
    this.importNotice.replaceChildren(box);
    const active = document.activeElement;
    // Focus that was in a replaced row (or nowhere) goes to Undo; focus on the file control stays there.
    if (undo && (!active || active === document.body || !active.isConnected)) box.querySelector("button").focus();
  }

  async undoImport() {
    const answers = this.beforeImport;
    if (!answers) return;
    await this.writeValues(answers, true);
    this.changed();
    clearTimeout(this.timer);
    await this.recalculate(false);
    this.importNotice.replaceChildren(noticeBox("import", "Import undone: your answers from before it are back.", []));
    this.root.querySelector("input[type=file][data-action=import]")?.focus();
  }

  // Typing after an import makes it the user's own answers: Undo would now throw that typing away.
  dropUndoImport() {
    this.beforeImport = null;
    this.importNotice.querySelector("[data-action=undo-import]")?.remove();
  }

  showNoResult(text) {
    const message = document.createElement("p");
    message.className = "calc-no-result";
    message.textContent = text;
    this.result.replaceChildren(message);
    this.resultPages = [];
    this.result.dataset.result = "null";
    this.result.classList.remove("calc-result__body--stale");
    this.exampleTag.hidden = true;
    this.resultTitle.textContent = "No result";
    this.announcer.textContent = "";
    this.downloads.replaceChildren();
    this.inputsEntry = null;
    this.printButton.hidden = true;
  }

  // A table's row limit, checked before a single row is written into the page.
  tooManyRows(values) {
    for (const [name, rows] of this.tables) {
      const limit = Number(rows.table.dataset.maxRows);
      const count = Array.isArray(values[name]) ? values[name].length : 0;
      if (limit && count > limit) {
        return `The file has ${thousands(count)} rows: this table takes at most ${thousands(limit)} (one per ${rows.table.dataset.rowLabel}). Split the file, or remove rows you do not need`;
      }
    }
    return null;
  }

  askForSheet(sheets, request, field) {
    const input = document.getElementById(`${this.root.id}-${field}`);
    const picker = document.createElement("div");
    picker.className = "calc-sheet-picker";
    picker.dataset.role = "sheet-picker";
    const label = document.createElement("label");
    label.className = "calc-label";
    label.htmlFor = `${this.root.id}-sheet`;
    label.textContent = "The workbook has several sheets: which one holds the data?";
    const select = document.createElement("select");
    select.className = "calc-select";
    select.id = `${this.root.id}-sheet`;
    select.append(...sheets.map((name) => new Option(name, name)));
    const button = document.createElement("button");
    button.type = "button";
    button.className = "calc-button calc-button--secondary";
    button.textContent = "Load this sheet";
    button.addEventListener("click", () => this.guard(this.importEncoded(request, field, select.value)));
    picker.append(label, select, button);
    input.after(picker);
    this.status.textContent = "Choose the sheet to load.";
    this.markDone();
    select.focus();
  }

  async runAction(action, payload = "", extra = {}, field = null) {
    if (!(await runtime.ready)) return null;
    if (extra.filename && [].concat(extra.filename).some((name) => /\.xlsx?$/i.test(name))) {
      this.status.textContent = "Reading the workbook (the first time, this page also fetches its Excel reader from this site, about 0.27 MB)…";
    }
    const response = await calculate({ ...this.base, ...extra, action, payload, values: this.values() });
    if (!this.root.isConnected) return null;
    if (!response.ok && response.choose_sheet) return response;
    if (response.failure) {
      this.status.textContent = response.failure;
      this.markDone();
      return null;
    }
    if (!response.ok) {
      // A problem with a whole file belongs next to the file control that read it.
      const errors = field ? response.errors.map((e) => (e.field && !e.table && document.getElementById(`${this.root.id}-${e.field}`) ? e : { ...e, field, row: null, table: null })) : response.errors;
      this.showErrors(errors, true);
      this.root.dataset.errors = String(errors.length);
      this.markDone();
      return null;
    }
    return response;
  }

  async applyValues(response) {
    if (!response.values) return;
    this.status.textContent = "Writing your answers into the form…";
    await this.writeValues(response.values);
    const notices = (response.notices || []).join(" ");
    this.changed();
    clearTimeout(this.timer);
    await this.recalculate(false);
    if (notices) this.status.textContent = `${notices} ${this.status.textContent}`;
  }

  acceptDrops(zone) {
    const input = zone.querySelector("input[type=file]");
    zone.addEventListener("dragover", (event) => {
      event.preventDefault();
      zone.classList.add("calc-drop--over");
    });
    zone.addEventListener("dragleave", () => zone.classList.remove("calc-drop--over"));
    zone.addEventListener("drop", (event) => {
      event.preventDefault();
      zone.classList.remove("calc-drop--over");
      this.guard(this.readFiles([...event.dataTransfer.files], input));
    });
  }

  // ---- buttons ----

  async onButton(button) {
    const action = button.dataset.action;
    if (await this.onNoticeButton(action)) return;
    if (action === "example") {
      await this.writeValues(this.example, true); // all the answers: nothing of the old ones stays
      this.changed();
      this.fromExample = true;
      clearTimeout(this.timer);
      await this.recalculate(false);
    } else if (action === "clear") {
      await this.clear();
    } else if (action === "undo-clear") {
      const answers = this.cleared;
      this.hideUndo();
      await this.writeValues(answers || {}, true);
      this.changed();
      this.status.textContent = "Your answers are back.";
      this.form.querySelector("input:not([type=file]), select, textarea")?.focus();
    } else if (action === "add-row") {
      const tr = await this.tables.get(button.closest("[data-table]").dataset.table).add();
      tr.querySelector("input, select, textarea")?.focus();
      this.changed();
    } else if (action === "remove-row") {
      const rows = this.tables.get(button.closest("[data-table]").dataset.table);
      await rows.remove(button.closest("tr"));
      rows.table.querySelector("[data-action=add-row]").focus();
      this.changed();
    } else if (action === "page-prev" || action === "page-next") {
      const rows = this.tables.get(button.closest("[data-table]").dataset.table);
      await rows.showFrom(rows.first + (action === "page-next" ? PAGE_ROWS : -PAGE_ROWS));
      this.showErrors(this.errors, false); // messages for the rows now shown
      if (button.disabled) rows.pager.querySelector("button:not([disabled])")?.focus();
    } else if (action === "result-prev" || action === "result-next") {
      const pages = this.resultPages.find((p) => p.pager.contains(button));
      pages.show(pages.first + (action === "result-next" ? PAGE_ROWS : -PAGE_ROWS));
      if (button.disabled) pages.pager.querySelector("button:not([disabled])")?.focus();
    } else if (action === "act") {
      const response = await this.runAction(button.dataset.act);
      if (response) await this.applyValues(response);
    } else if (action === "export-xlsx") {
      this.status.textContent = "Making the workbook (the first time, this page also fetches its Excel writer from this site, about 0.27 MB)…";
      const response = await this.runAction("export_xlsx");
      if (response) {
        this.saveFile(response.download);
        this.status.textContent = `Saved ${response.download.filename}.`;
      }
    } else if (action === "csv-template") {
      const response = await this.runAction("csv_template");
      if (response) this.saveFile(response.download);
    } else if (action === "print") {
      this.preparePrint();
      window.addEventListener("afterprint", () => this.finishPrint(), { once: true });
      window.print();
    }
  }

  // The buttons of the import and saved-work notices; true if `action` was one of them.
  async onNoticeButton(action) {
    if (action === "undo-import") await this.undoImport();
    else if (action === "save-answers") await this.saveAnswersFile();
    else if (action === "download-kept") this.downloadKept();
    else if (action === "discard-kept") this.discardKept();
    else return false;
    return true;
  }

  // ---- saved work: unreadable saved answers, and storage that is full or turned off ----

  // Unreadable saved answers (kept aside, or held where they were): say so, and offer them as a file.
  showKept() {
    this.notices.querySelector("[data-role=kept-notice]")?.remove();
    const copies = this.keptCopies();
    if (!copies.length) return;
    const reasons = [...new Set(copies.map((c) => c.reason).filter(Boolean))].join("; ");
    const where = this.held
      ? "They are left where they were, and this page is not saving your answers over them (the browser's storage is full)."
      : `They are kept aside in this browser, not deleted${copies.length > 1 ? ` (${copies.length} copies)` : ""}.`;
    const text = `Answers saved in this browser earlier could not be read${reasons ? ` (${reasons})` : ""}, so the form does not use them. ${where} `
      + "Download them to keep a copy, or to send to whoever looks after this site.";
    const box = noticeBox("warning", text, [["download-kept", "Download the saved answers"], ["discard-kept", "Delete the kept copy"]]);
    box.dataset.role = "kept-notice";
    this.notices.append(box);
  }

  keptCopies() {
    return [...keptCopies(this.storageKey), ...(this.held ? [this.held] : [])];
  }

  downloadKept() {
    const copies = this.keptCopies();
    for (const copy of copies) {
      this.saveFile({ text: copy.text, filename: keptFilename(this.base.calculator, copy), mime: "application/json" });
    }
    this.status.textContent = `Saved ${copies.map((c) => keptFilename(this.base.calculator, c)).join(", ")}.`;
  }

  discardKept() {
    const problem = discardKept(this.keptCopies());
    if (problem) {
      this.status.textContent = "The kept copy could not be deleted: the browser's storage refused. It is still kept.";
      return;
    }
    this.held = null;
    this.save();
    this.showKept();
    this.status.textContent = "The unreadable saved answers are deleted.";
    this.form.querySelector("input:not([type=file]), select, textarea")?.focus();
  }

  // Saving failed: say so next to the calculator, once, with a way to keep the answers in a file.
  showStorageProblem(problem, error) {
    if (this.notices.querySelector("[data-role=storage-notice]")) return;
    const why = {
      full: "this browser's storage for the site is full",
      unavailable: "this browser does not let the page store anything (storage is turned off, as in some private windows)",
    }[problem] || `the browser refused to store them (${error?.message || error})`;
    const load = this.importRows("import") ? "import them" : "load them with “Load saved answers”";
    const text = `Your answers are not being saved in this browser: ${why}. A reload or closing the page would lose them. `
      + `Save them to a file to keep them; next time, ${load}.`;
    const box = noticeBox("warning", text, [["save-answers", "Save my answers"]]);
    box.dataset.role = "storage-notice";
    this.notices.append(box);
  }

  // The answers as a file, the same "Save my answers" file the result offers.
  async saveAnswersFile() {
    if (!this.inputsEntry && !isBlank(this.form)) await this.recalculate(false);
    if (this.inputsEntry) await this.download(this.inputsEntry);
    else this.status.textContent = "There are no answers to save yet: the form is blank.";
  }

  // ---- printing a report of this calculator, not the whole page ----

  // The page prints only this calculator: a title and date, the user's answers as text, and the
  // result (print CSS hides the rest while body has .calc-printing).
  preparePrint() {
    this.finishPrint();
    const report = document.createElement("section");
    report.className = "calc-print-report";
    report.dataset.role = "print-report";
    const title = document.createElement("h2");
    title.textContent = this.form.getAttribute("aria-label");
    const date = document.createElement("p");
    date.textContent = `Printed ${new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" })}. Your answers, then the result.`;
    // The page's own title is printed above; a calculator titled the same needs no second heading.
    const sameTitle = title.textContent.trim() === document.querySelector("article h1")?.textContent.trim();
    report.append(...(sameTitle ? [] : [title]), date, this.answersForPrint());
    this.root.prepend(report);
    this.root.classList.add("calc-print-target");
    document.body.classList.add("calc-printing");
    for (const pages of this.resultPages) pages.showAll(true); // a report has every row
  }

  finishPrint() {
    for (const pages of this.resultPages) pages.showAll(false);
    this.root.querySelector("[data-role=print-report]")?.remove();
    this.root.classList.remove("calc-print-target");
    document.body.classList.remove("calc-printing");
  }

  // The answers as a list (single fields) and tables (table fields), all as text.
  answersForPrint() {
    const out = document.createDocumentFragment();
    const list = document.createElement("dl");
    list.className = "calc-print-answers";
    for (const field of this.form.querySelectorAll("[data-field]")) {
      const label = field.querySelector("legend, label");
      const checked = field.querySelector("input[type=radio]:checked");
      const input = field.querySelector("input:not([type=radio]), textarea, select");
      let value = checked ? field.querySelector(`label[for="${CSS.escape(checked.id)}"]`).textContent : input ? input.value : "";
      if (!value.trim()) value = "Not answered";
      const dt = document.createElement("dt");
      dt.textContent = label ? label.textContent : input.name;
      const dd = document.createElement("dd");
      dd.textContent = value;
      list.append(dt, dd);
    }
    if (list.children.length) out.append(list);
    for (const rows of this.tables.values()) {
      const table = document.createElement("table");
      table.className = "calc-table calc-print-table";
      const caption = table.createCaption();
      caption.textContent = rows.table.querySelector("legend").textContent;
      const headings = [...rows.table.querySelectorAll("thead th")].slice(0, -1).map((th) => th.textContent);
      table.createTHead().insertRow().append(...headings.map((text) => Object.assign(document.createElement("th"), { textContent: text })));
      const body = table.createTBody();
      for (const cells of rows.forPrint()) body.insertRow().append(...cells.map((text) => Object.assign(document.createElement("td"), { textContent: text })));
      out.append(table);
    }
    return out;
  }

  async clear() {
    this.cleared = this.savedValues();
    this.dropUndoImport();
    this.importNotice.replaceChildren();
    try {
      if (!this.held) localStorage.removeItem(this.storageKey); // held: unreadable answers, kept until the user deletes them
    } catch {
      // nothing saved to remove
    }
    await this.writeValues(this.blank, true);
    this.clearErrors();
    this.fromExample = false;
    this.showExample();
    this.undoButton.hidden = false;
    this.undoButton.focus();
    this.status.textContent = "Your answers are cleared and the form is blank. “Undo clear” brings them back.";
    this.root.dataset.errors = "0";
    this.markDone();
  }

  hideUndo() {
    if (this.undoButton.hidden) return;
    this.undoButton.hidden = true;
    this.cleared = null;
  }

  // ---- loading Python ----

  showRuntime() {
    const status = this.root.querySelector("[data-role=status]");
    const text = status.querySelector("[data-role=status-text]");
    const bar = status.querySelector("progress");
    if (runtime.state === "loading") {
      status.hidden = false;
      bar.hidden = false;
      bar.value = runtime.step;
      text.textContent = runtime.text || "Loading the calculator…";
    } else if (runtime.state === "failed") {
      status.hidden = false;
      bar.hidden = true;
      status.classList.add("calc-status--failed");
      text.textContent = `The calculator could not start: ${runtime.text} Your answers are kept. The result shown is the last one calculated.`;
    } else {
      status.hidden = true;
    }
    const ready = this.root.dataset.calculated ? "calculated" : "ready";
    this.root.dataset.state = runtime.state === "ready" ? ready : runtime.state;
  }
}

// A file's bytes as base64, encoded by the browser off the main thread (a data: URL, prefix removed):
// encoding a 5 MB file in script blocked the page for a quarter of a second.
function base64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.includes(",") ? url.slice(url.indexOf(",") + 1) : ""); // an empty file is just "data:"
    };
    reader.onerror = () => reject(reader.error || new Error(`${file.name} could not be read`));
    reader.readAsDataURL(file);
  });
}

// A notice with its buttons (their data-action is handled by the calculator's click handler).
function noticeBox(kind, text, buttons) {
  const box = document.createElement("div");
  box.className = `calc-notice calc-notice--${kind}`;
  const message = document.createElement("p");
  message.textContent = text;
  box.append(message);
  if (buttons.length) {
    const actions = document.createElement("div");
    actions.className = "calc-notice__actions";
    for (const [action, label] of buttons) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "calc-button calc-button--secondary";
      button.dataset.action = action;
      button.textContent = label;
      actions.append(button);
    }
    box.append(actions);
  }
  return box;
}

const calculators = new Map(); // element id -> Calculator, for the page shown now

function wireAll() {
  for (const [id, calculator] of calculators) if (!calculator.root.isConnected) calculators.delete(id);
  for (const root of document.querySelectorAll("[data-calculator]")) {
    if (root.dataset.wired) continue;
    root.dataset.wired = "true";
    const calculator = new Calculator(root);
    calculators.set(root.id, calculator);
    calculator.start();
  }
}

// Material's instant navigation swaps pages without reloading scripts: document$ fires for
// every page shown, including the first. Without Material, wire once when the page is ready.
if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(wireAll);
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", wireAll);
} else {
  wireAll();
}

// How much memory Python's WebAssembly heap holds (for benchmarks and support questions).
function stats() {
  return new Promise((resolve) => {
    runtime.pending.set("stats", resolve);
    runtime.worker.postMessage({ type: "stats" });
  });
}

// Import File objects into a calculator as its file control would; resolves once the rows are in
// the page and the result (or the problem) shows. For benchmarks: time it, watch long tasks.
function importFiles(id, files) {
  const calculator = calculators.get(id);
  return calculator.readFiles([...files], calculator.root.querySelector("input[type=file][data-action=import]"));
}

// Exposed for tests, benchmarks and a council's own scripts; not needed by the page itself.
window.toolkitCalculators = { runtime, wireAll, stats, calculators, importFiles };
