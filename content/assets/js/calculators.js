// Wires every calculator on a page to Python running in one Web Worker for the whole visit.
//
// A calculator is any element with data-calculator (rendered at build time by the calculator
// directive). Its form starts blank; the page shows the worked example's result, labelled as an
// example, until the user's own answers give a result. This module starts Python only when a
// calculator is on the page, recalculates as the user types, shows errors next to fields (GOV.UK
// pattern), reads files in this browser only, and keeps answers in this browser's localStorage.

const STORAGE_PREFIX = "swwt:v1:";
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

function startRuntime(wheelPath) {
  if (runtime.ready) return runtime.ready;
  runtime.state = "loading";
  runtime.text = "Starting Python in your browser…"; // until the worker reports its first step
  runtime.ready = new Promise((resolve) => {
    const fail = (message) => {
      runtime.state = "failed";
      runtime.text = message;
      for (const callback of runtime.pending.values()) callback({ ok: false, errors: [], failure: message });
      runtime.pending.clear();
      notify();
      resolve(false);
    };
    try {
      runtime.worker = new Worker(new URL("calculator-worker.js", import.meta.url), { type: "module" });
    } catch (error) {
      fail(`the browser would not start a worker (${error.message}).`);
      return;
    }
    runtime.worker.onmessage = ({ data }) => {
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

function readValues(form) {
  const values = {};
  for (const field of form.querySelectorAll("[data-field]")) {
    for (const input of field.querySelectorAll("input, select, textarea")) {
      if (input.type === "radio") {
        if (input.checked) values[input.name] = input.value;
        else if (!(input.name in values)) values[input.name] = "";
      } else {
        values[input.name] = input.value;
      }
    }
  }
  for (const table of form.querySelectorAll("[data-table]")) {
    values[table.dataset.table] = [...table.querySelectorAll("tbody tr[data-row]")].map((row) => {
      const cells = {};
      for (const input of row.querySelectorAll("input, select, textarea")) cells[input.name] = input.value;
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
    input.defaultValue = text;
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

  get total() {
    return this.data ? this.data.length : this.count;
  }

  // Keep the table's data in step with what the user types into the rows shown.
  noteInput(input) {
    const tr = input.closest("tr[data-row]");
    if (this.data && tr && this.body.contains(tr)) this.data[Number(tr.dataset.row)][input.name] = input.value;
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
  }

  // The answers in the form now, as Python reads them (for tests and a council's own scripts).
  values() {
    const values = readValues(this.form);
    for (const [name, rows] of this.tables) if (rows.data) values[name] = rows.data.map((row) => ({ ...row }));
    return values;
  }

  // ---- start ----

  start() {
    this.form.addEventListener("input", (event) => this.isFileInput(event) || this.changed(event.target));
    this.form.addEventListener("change", (event) => {
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
    try {
      if (isBlank(this.form)) localStorage.removeItem(this.storageKey);
      else localStorage.setItem(this.storageKey, JSON.stringify(this.values()));
    } catch {
      // Storage full or disabled (private browsing): the calculator still works, answers just are not kept.
    }
  }

  async restore() {
    let saved = null;
    try {
      saved = JSON.parse(localStorage.getItem(this.storageKey) || "null");
    } catch {
      // Unreadable saved answers are ignored rather than breaking the page.
    }
    if (!saved || typeof saved !== "object") return false;
    await this.writeValues(saved);
    return !isBlank(this.form);
  }

  async writeValues(values) {
    for (const [name, value] of Object.entries(values)) {
      const rows = this.tables.get(name);
      if (rows && Array.isArray(value)) {
        await rows.replace(value.filter((row) => row && typeof row === "object"));
        continue;
      }
      for (const input of this.form.querySelectorAll(`[data-field] [name="${CSS.escape(name)}"]`)) {
        if (input.type === "radio") input.checked = input.value === value;
        else input.value = value ?? "";
      }
    }
  }

  // ---- calculating ----

  changed(input = null) {
    const table = input?.closest("[data-table]");
    if (table) this.tables.get(table.dataset.table).noteInput(input);
    this.fromExample = false;
    this.hideUndo();
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
    await this.applyValues(response);
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
    if (action === "example") {
      await this.writeValues(this.example);
      this.changed();
      this.fromExample = true;
      clearTimeout(this.timer);
      await this.recalculate(false);
    } else if (action === "clear") {
      await this.clear();
    } else if (action === "undo-clear") {
      const answers = this.cleared;
      this.hideUndo();
      await this.writeValues(answers || {});
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
    this.cleared = this.values();
    try {
      localStorage.removeItem(this.storageKey);
    } catch {
      // nothing saved to remove
    }
    await this.writeValues(this.blank);
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
