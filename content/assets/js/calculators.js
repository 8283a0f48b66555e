// Wires every calculator on a page to Python running in one Web Worker for the whole visit.
//
// A calculator is any element with data-calculator (rendered at build time by the calculator
// directive). The page already shows the worked example's result; this module starts Python
// only when a calculator is on the page, recalculates as the user types, shows errors next to
// fields (GOV.UK pattern), and keeps the user's answers in this browser's localStorage only.

const STORAGE_PREFIX = "swwt:v1:";
const DEBOUNCE_MS = 200;
const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

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

function startRuntime(wheelPath) {
  if (runtime.ready) return runtime.ready;
  runtime.state = "loading";
  runtime.text = "Starting Python in your browser…"; // until the worker reports its first step
  runtime.ready = new Promise((resolve) => {
    const fail = (message) => {
      runtime.state = "failed";
      runtime.text = message;
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
      fail(`the calculator's script could not load (${event.message || "blocked by the browser or the server"}).`);
    };
    const wheel = new URL(`../calculators/${wheelPath}`, import.meta.url).href;
    runtime.worker.postMessage({ type: "init", wheel });
  });
  notify();
  return runtime.ready;
}

function calculate(request) {
  return new Promise((resolve) => {
    const id = runtime.nextId++;
    runtime.pending.set(id, resolve);
    runtime.worker.postMessage({ type: "run", id, request });
  });
}

// ---- reading and writing a calculator's form ----

function readValues(form) {
  const values = {};
  for (const field of form.querySelectorAll("[data-field]")) {
    const inputs = field.querySelectorAll("input, select, textarea");
    for (const input of inputs) {
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

function writeValues(root, values) {
  const form = root.querySelector("form");
  for (const [name, value] of Object.entries(values)) {
    const table = form.querySelector(`[data-table="${CSS.escape(name)}"]`);
    if (table && Array.isArray(value)) {
      const body = table.querySelector("tbody");
      body.replaceChildren();
      value.forEach((row) => {
        const tr = addRow(root, table);
        for (const [column, cell] of Object.entries(row)) {
          const input = tr.querySelector(`[name="${CSS.escape(column)}"]`);
          if (input) input.value = cell;
        }
      });
      continue;
    }
    for (const input of form.querySelectorAll(`[data-field] [name="${CSS.escape(name)}"]`)) {
      if (input.type === "radio") input.checked = input.value === value;
      else input.value = value;
    }
  }
}

function addRow(root, table) {
  const body = table.querySelector("tbody");
  const index = body.querySelectorAll("tr[data-row]").length;
  const html = table.querySelector("template[data-role=row-template]").innerHTML;
  body.insertAdjacentHTML("beforeend", html.replaceAll("__ROW__", String(index)).replaceAll("__N__", String(index + 1)));
  const tr = body.lastElementChild;
  renumberRows(root, table);
  return tr;
}

// Keep ids, labels and row numbers in order after rows are added or removed.
function renumberRows(root, table) {
  const name = table.dataset.table;
  [...table.querySelectorAll("tbody tr[data-row]")].forEach((tr, i) => {
    tr.dataset.row = String(i);
    for (const cell of tr.querySelectorAll("[data-column]")) {
      const fid = `${root.id}-${name}-${i}-${cell.dataset.column}`;
      const input = cell.querySelector("input, select, textarea");
      const error = cell.querySelector(".calc-error-message");
      input.id = fid;
      error.id = `${fid}-error`;
      input.setAttribute("aria-describedby", error.id);
      input.setAttribute("aria-label", input.getAttribute("aria-label").replace(/ \S+$/, ` ${i + 1}`));
    }
    const hidden = tr.querySelector("[data-action=remove-row] .calc-visually-hidden");
    if (hidden) hidden.textContent = hidden.textContent.replace(/ \S+$/, ` ${i + 1}`);
  });
}

// ---- errors, GOV.UK style: a summary at the top and a message at each field ----

function fieldId(root, error) {
  if (error.table && error.row !== null && error.row !== undefined) {
    return `${root.id}-${error.table}-${error.row}-${error.field}`;
  }
  return `${root.id}-${error.field}`;
}

function clearErrors(root) {
  for (const message of root.querySelectorAll(".calc-error-message")) {
    message.hidden = true;
    message.textContent = "";
  }
  for (const el of root.querySelectorAll(".calc-field--error, .calc-cell--error")) {
    el.classList.remove("calc-field--error", "calc-cell--error");
  }
  for (const el of root.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  const summary = root.querySelector("[data-role=summary]");
  summary.hidden = true;
  summary.querySelector("ul").replaceChildren();
}

function showErrors(root, errors, focusSummary) {
  clearErrors(root);
  const summary = root.querySelector("[data-role=summary]");
  const list = summary.querySelector("ul");
  for (const error of errors) {
    const id = fieldId(root, error);
    const target = document.getElementById(id) || document.getElementById(`${root.id}-${error.field}`);
    const message = document.getElementById(`${id}-error`) || document.getElementById(`${root.id}-${error.field}-error`);
    if (message) {
      const prefix = document.createElement("span");
      prefix.className = "calc-visually-hidden";
      prefix.textContent = "Error: ";
      message.append(prefix, document.createTextNode(error.message));
      message.hidden = false;
      const wrapper = message.closest(".calc-field, .calc-cell");
      if (wrapper) wrapper.classList.add(wrapper.classList.contains("calc-cell") ? "calc-cell--error" : "calc-field--error");
    }
    if (target && target.matches("input, select, textarea")) target.setAttribute("aria-invalid", "true");
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = `#${id}`;
    link.textContent = error.message;
    link.addEventListener("click", (event) => {
      event.preventDefault();
      const el = document.getElementById(id);
      const focusable = el && (el.matches("input, select, textarea") ? el : el.querySelector("input, select, textarea"));
      if (focusable) {
        focusable.focus();
        focusable.scrollIntoView({ block: "center" });
      }
    });
    item.append(link);
    list.append(item);
  }
  summary.hidden = errors.length === 0;
  if (focusSummary && errors.length) summary.focus();
}

// ---- one calculator ----

function storageKey(root) {
  return `${STORAGE_PREFIX}${location.pathname}#${root.id}`;
}

function save(root) {
  try {
    localStorage.setItem(storageKey(root), JSON.stringify(readValues(root.querySelector("form"))));
  } catch {
    // Storage full or disabled (private browsing): the calculator still works, answers just are not kept.
  }
}

function restore(root) {
  try {
    const saved = localStorage.getItem(storageKey(root));
    if (saved) {
      writeValues(root, JSON.parse(saved));
      return true;
    }
  } catch {
    // Unreadable saved answers are ignored rather than breaking the page.
  }
  return false;
}

function setStatus(root) {
  const status = root.querySelector("[data-role=status]");
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
  root.dataset.state = runtime.state === "ready" ? (root.dataset.calculated ? "calculated" : "ready") : runtime.state;
}

function wire(root) {
  if (root.dataset.wired) return;
  root.dataset.wired = "true";
  const form = root.querySelector("form");
  const resultBody = root.querySelector("[data-role=result]");
  const resultStatus = root.querySelector("[data-role=result-status]");
  const downloadArea = root.querySelector("[data-role=downloads]");
  const printButton = root.querySelector("[data-action=print]");
  const dataScript = root.querySelector("script.calc-data");
  const base = {
    calculator: root.dataset.calculator,
    options: JSON.parse(root.dataset.options || "{}"),
    data: dataScript ? JSON.parse(dataScript.textContent) : null,
  };
  const defaults = readValues(form);
  let latest = 0;
  let timer = null;
  let dirty = restore(root);

  async function recalculate(fromSubmit) {
    const ticket = ++latest;
    if (runtime.state !== "ready") {
      if (dirty) resultStatus.textContent = "Your result will update as soon as the calculator has loaded.";
      if (!(await runtime.ready)) return;
    }
    const response = await calculate({ ...base, values: readValues(form) });
    if (!root.isConnected || ticket !== latest) return; // page left, or a newer change is on its way
    if (response.ok) {
      clearErrors(root);
      resultBody.innerHTML = response.html; // built by Python with every value escaped
      resultBody.dataset.result = JSON.stringify(response.result);
      resultBody.classList.remove("calc-result__body--stale");
      if (dirty) resultStatus.textContent = "Calculated from your answers.";
      showDownloads(response.downloads || []);
    } else if (response.failure) {
      resultStatus.textContent = response.failure;
    } else {
      showErrors(root, response.errors, fromSubmit);
      resultBody.classList.add("calc-result__body--stale");
      resultStatus.textContent = "This result is for your last complete answers. Fix the problems above to update it.";
    }
    root.dataset.errors = String(response.ok ? 0 : (response.errors || []).length);
    root.dataset.responses = String(Number(root.dataset.responses || 0) + 1);
    root.dataset.calculated = "true";
    setStatus(root);
  }

  // Files are made here, in the browser, from text Python returned: nothing is uploaded.
  function saveFile(download) {
    const url = URL.createObjectURL(new Blob([download.text], { type: `${download.mime};charset=utf-8` }));
    const link = document.createElement("a");
    link.href = url;
    link.download = download.filename;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  function showDownloads(downloads) {
    downloadArea.replaceChildren();
    for (const download of downloads) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "calc-button calc-button--secondary";
      button.textContent = download.label;
      button.addEventListener("click", () => saveFile(download));
      downloadArea.append(button);
    }
    printButton.hidden = false;
  }

  async function runAction(action, payload = "") {
    if (!(await runtime.ready)) return null;
    const response = await calculate({ ...base, action, payload, values: readValues(form) });
    if (!root.isConnected) return null;
    if (response.failure) {
      resultStatus.textContent = response.failure;
      return null;
    }
    if (!response.ok) {
      showErrors(root, response.errors, true);
      root.dataset.errors = String(response.errors.length);
      return null;
    }
    return response;
  }

  async function applyValues(action, payload) {
    const response = await runAction(action, payload);
    if (response && response.values) {
      writeValues(root, response.values);
      changed();
    }
  }

  const changed = () => {
    dirty = true;
    save(root);
    clearTimeout(timer);
    timer = setTimeout(() => recalculate(false), DEBOUNCE_MS);
  };
  const isFileInput = (event) => event.target.matches("input[type=file]");
  form.addEventListener("input", (event) => isFileInput(event) || changed());
  form.addEventListener("change", (event) => {
    if (!isFileInput(event)) return changed();
    const file = event.target.files[0];
    event.target.value = ""; // so choosing the same file again still imports it
    if (!file) return;
    if (file.size > MAX_IMPORT_BYTES) {
      showErrors(root, [{ field: "import", message: "The CSV file is larger than 5 MB. Split it into smaller files" }], true);
      return;
    }
    file.text().then((text) => applyValues("import_csv", text));
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    save(root);
    recalculate(true);
  });
  root.addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    const action = button.dataset.action;
    if (action === "clear") {
      try {
        localStorage.removeItem(storageKey(root));
      } catch {
        // nothing saved to remove
      }
      writeValues(root, defaults);
      dirty = false;
      resultStatus.textContent = "Your saved answers are cleared. The worked example is shown.";
      recalculate(false);
    } else if (action === "add-row") {
      const tr = addRow(root, button.closest("[data-table]"));
      tr.querySelector("input, select, textarea")?.focus();
      changed();
    } else if (action === "remove-row") {
      const table = button.closest("[data-table]");
      button.closest("tr").remove();
      renumberRows(root, table);
      table.querySelector("[data-action=add-row]").focus();
      changed();
    } else if (action === "act") {
      applyValues(button.dataset.act);
    } else if (action === "csv-template") {
      const response = await runAction("csv_template");
      if (response) saveFile(response.download);
    } else if (action === "print") {
      window.print();
    }
  });

  const listener = () => {
    if (!root.isConnected) {
      runtime.listeners.delete(listener);
      return;
    }
    setStatus(root);
  };
  runtime.listeners.add(listener);
  startRuntime(root.dataset.wheel);
  setStatus(root);
  // Once Python is ready, calculate once: restored answers get their result, and downloads appear.
  runtime.ready.then((ok) => {
    if (ok && root.isConnected) recalculate(false);
  });
}

function wireAll() {
  for (const root of document.querySelectorAll("[data-calculator]")) wire(root);
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

// Exposed for tests, benchmarks and a council's own scripts; not needed by the page itself.
window.toolkitCalculators = { runtime, wireAll, stats };
