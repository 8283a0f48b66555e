// One calculator (an element with data-calculator, rendered at build time by the calculator
// directive): the form -> Python -> result cycle. Each other behaviour is a component found by its
// data attribute inside the calculator and composed here: input tables (data-table), the error
// summary, the result, downloads, print, file import, saved work and the status lines.
//
// Its form starts blank; the page shows the worked example's result, labelled as an example, until
// the user's own answers give a result. It recalculates as the user types, and shows errors next to
// fields (GOV.UK pattern).

import { ACTIONS } from "./actions.js";
import { Downloads } from "./downloads.js";
import { ErrorSummary } from "./error-summary.js";
import { FileImport } from "./file-import.js";
import { TeamHistory } from "./history.js";
import { isBlank, putText, readValues } from "./form-values.js";
import { Print } from "./print.js";
import { Result } from "./result.js";
import { calculate, runtime, startRuntime } from "./runtime.js";
import { SavedWork } from "./saved-work.js";
import { RuntimeStatus, StatusLine } from "./status.js";
import { TableGrid } from "./table-grid.js";
import { Rows } from "./table-rows.js";
import { noteErrors, noteResponse } from "./test-hooks.js";

const DEBOUNCE_MS = 200;

export class Calculator {
  constructor(root) {
    this.root = root;
    this.form = root.querySelector("form");
    // The council's data and the example are attributes: Material's instant navigation re-creates
    // inline <script> elements without their type, so JSON kept in one would be lost.
    const json = (attribute, fallback) => (root.dataset[attribute] ? JSON.parse(root.dataset[attribute]) : fallback);
    this.base = {
      calculator: root.dataset.calculator,
      options: JSON.parse(root.dataset.options || "{}"),
      data: json("calcData", null),
    };
    this.example = json("example", {});
    this.showDataUsed(root.querySelector("[data-role=data-used]"));
    this.tables = new Map([...this.form.querySelectorAll("[data-table]")].map((t) => [t.dataset.table, new Rows(t, root.id)]));
    this.blank = readValues(this.form);
    this.latest = 0; // the newest recalculation: an older one's answer is not shown
    this.timer = null;
    this.calculated = false; // an answer has shown
    this.cleared = null; // the answers "Clear my answers" removed, until "Undo clear" or new typing
    this.fromExample = false; // the form holds the example's values, untouched
    this.extraFields = {}; // saved answers to fields this form has no box for, saved again as they were
    this.writing = false; // the page is writing values into the form (its events are not the user's)
    this.undoButton = root.querySelector("[data-action=undo-clear]");
    this.status = new StatusLine(root);
    this.runtimeStatus = new RuntimeStatus(root);
    this.errors = new ErrorSummary(root, this.tables, (promise) => this.guard(promise));
    this.result = new Result(root);
    this.grid = new TableGrid(this);
    this.downloads = new Downloads(this);
    this.print = new Print(this);
    this.importer = new FileImport(this);
    this.columnMapping = this.importer.mapping; // remembered() / remember(obj): the columns a file fills
    this.savedWork = new SavedWork(this);
    this.history = TeamHistory.for(this); // a team's weeks over time, or null
  }

  // Says which data every result uses, taken from the data actually sent to Python.
  showDataUsed(element) {
    if (!element) return;
    element.textContent = `Figures used: ${this.base.data ? this.base.data.data_used || "this site's own data" : "the project's default data"}.`;
    element.hidden = false;
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
    const isFile = (event) => event.target.matches("input[type=file]");
    this.form.addEventListener("input", (event) => this.writing || isFile(event) || this.changed(event.target));
    this.form.addEventListener("change", (event) => this.writing || isFile(event) || this.changed(event.target));
    this.importer.wire();
    this.grid.wire();
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      clearTimeout(this.timer);
      this.savedWork.save();
      this.guard(this.recalculate(true));
    });
    this.root.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-action]");
      if (button) this.guard(this.onButton(button));
    });
    const restored = this.savedWork.restore();
    if (this.history) this.guard(restored.then(() => this.history.start()));
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

  // Run an async step; anything unexpected is shown to the user instead of vanishing.
  guard(promise) {
    return promise.catch((error) => {
      if (!this.root.isConnected) return;
      this.status.say(`Something went wrong in this page (${error.message || error}). Your answers are kept.`);
    });
  }

  // An answer shows (`fromSubmit`: to a press of Calculate).
  markDone(fromSubmit = false) {
    this.calculated = true;
    noteResponse(this.root, fromSubmit);
    this.showRuntime();
  }

  showRuntime() {
    this.runtimeStatus.show(this.calculated);
  }

  // ---- the answers ----

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

  // Answers the page puts in (the example, a file, an undo): saved as the user's, and the caller
  // recalculates at once rather than after the typing pause.
  async replaceAnswers(values, whole = false) {
    await this.writeValues(values, whole);
    this.changed();
    clearTimeout(this.timer);
  }

  // The user changed `input` (or the page changed the answers): save them, and recalculate after a pause.
  changed(input = null) {
    const table = input?.closest("[data-table]");
    if (table) this.tables.get(table.dataset.table).noteInput(input);
    this.fromExample = false;
    this.hideUndo();
    this.importer.dropUndo();
    this.savedWork.save();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.guard(this.recalculate(false)), DEBOUNCE_MS);
  }

  // ---- calculating ----

  async recalculate(fromSubmit) {
    const ticket = ++this.latest;
    if (runtime.state !== "ready") {
      this.status.say("Your result will show as soon as the calculator has loaded.");
      if (!(await runtime.ready)) return;
    }
    if (!fromSubmit && isBlank(this.form)) {
      // Nothing typed: nothing to calculate, and no list of "Enter …" messages either.
      this.errors.clear();
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
      this.errors.clear();
      this.showResult(response, fromSubmit);
    } else if (response.failure) {
      this.status.say(response.failure);
    } else {
      shown = this.showProblems(response, fromSubmit);
    }
    noteErrors(this.root, response.ok ? 0 : shown || (response.errors || []).length);
    this.markDone(fromSubmit);
  }

  // Answers with problems: the problems (while typing, a blank field is not yet a mistake: its
  // message waits for "Calculate"), and the answers as they stand offered as a file ("Save my
  // answers"), so unfinished work can be kept. Returns how many problems show.
  showProblems(response, fromSubmit) {
    const errors = fromSubmit ? response.errors : response.errors.filter((e) => !this.errors.isBlankField(e));
    this.errors.show(errors, fromSubmit);
    this.offerFiles((response.downloads || []).filter((d) => d.kind === "inputs"));
    this.result.markStale();
    const waiting = response.errors.length - errors.length;
    const yours = this.result.shows !== "example";
    this.status.say(errors.length
      ? (yours ? "This result is for your last complete answers. Fix the problems above to update it." : "Fix the problems above to see your result.")
      : `Your result shows when the form is complete (${waiting} ${waiting === 1 ? "answer is" : "answers are"} still blank). Press Calculate to list them.`);
    return errors.length;
  }

  showResult(response, fromSubmit) {
    this.result.showYours(response);
    this.history?.noteResult(response);
    this.status.say(this.fromExample
      ? "Calculated from the example's answers. Change them to your own to see your result."
      : "Calculated from your answers.");
    this.offerFiles(response.downloads || []);
    if (fromSubmit) this.result.heading.focus();
  }

  showExample() {
    this.result.showExample();
    this.offerNothing();
  }

  showNoResult(text) {
    this.result.showNone(text);
    this.offerNothing();
  }

  offerFiles(downloads) {
    this.downloads.show(downloads);
    this.print.offer(true);
  }

  offerNothing() {
    this.downloads.clear();
    this.print.offer(false);
  }

  // Ask Python for an action (a button's, a file to read, a download); null if it could not be done
  // (its problems then show, at `field` for a problem with a whole file).
  async runAction(action, payload = "", extra = {}, field = null) {
    if (!(await runtime.ready)) return null;
    if (extra.filename && [].concat(extra.filename).some((name) => /\.xlsx?$/i.test(name))) {
      this.status.say("Reading the workbook (the first time, this page also fetches its Excel reader from this site, about 0.27 MB)…", "reading-file");
    }
    const response = await calculate({ ...this.base, ...extra, action, payload, values: this.values() });
    if (!this.root.isConnected) return null;
    if (!response.ok && (response.choose_sheet || response.choose_columns)) return response;
    if (response.failure) {
      this.status.say(response.failure);
      this.markDone();
      return null;
    }
    if (!response.ok) {
      // A problem with a whole file belongs next to the file control that read it.
      const errors = field ? response.errors.map((e) => (e.field && !e.table && document.getElementById(`${this.root.id}-${e.field}`) ? e : { ...e, field, row: null, table: null })) : response.errors;
      this.errors.show(errors, true);
      noteErrors(this.root, errors.length);
      this.markDone();
      return null;
    }
    return response;
  }

  // A button's action (data-act) that gives the form new values.
  async act(name) {
    const response = await this.runAction(name);
    if (!response || !response.values) return;
    this.status.say("Writing your answers into the form…");
    await this.replaceAnswers(response.values);
    await this.recalculate(false);
    this.status.prefix((response.notices || []).join(" "));
  }

  async fillExample() {
    await this.writeValues(this.example, true); // all the answers: nothing of the old ones stays
    this.changed();
    this.fromExample = true;
    clearTimeout(this.timer);
    await this.recalculate(false);
  }

  // ---- clearing, and undoing it ----

  async clear() {
    this.cleared = this.savedValues();
    this.importer.clear();
    this.savedWork.forget();
    await this.writeValues(this.blank, true);
    this.errors.clear();
    this.fromExample = false;
    this.showExample();
    this.undoButton.hidden = false;
    this.undoButton.focus();
    this.status.say("Your answers are cleared and the form is blank. “Undo clear” brings them back.");
    noteErrors(this.root, 0);
    this.markDone();
  }

  async undoClear() {
    const answers = this.cleared;
    this.hideUndo();
    await this.writeValues(answers || {}, true);
    this.changed();
    this.status.say("Your answers are back.");
    this.form.querySelector("input:not([type=file]), select, textarea")?.focus();
  }

  hideUndo() {
    if (this.undoButton.hidden) return;
    this.undoButton.hidden = true;
    this.cleared = null;
  }

  // ---- buttons: what each data-action does is in actions.js ----

  async onButton(button) {
    const handler = ACTIONS[button.dataset.action];
    if (handler) await handler(this, button);
  }
}
