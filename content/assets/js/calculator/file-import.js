// Files read here, in the browser (nothing is uploaded): the file control (input[type=file]
// data-action=import) and its drop zone (data-role=drop), the workbook sheet picker, the mapping
// step for a file whose headings are not the form's (column-mapping.js), what an import replaced and
// "Undo import". Python reads every file (one reading path for every format).

import { ColumnMapping } from "./column-mapping.js";
import { isBlank, thousands } from "./form-values.js";
import { noticeArea, noticeBox } from "./notices.js";
import { runtime } from "./runtime.js";
import { noteErrors, noteImport } from "./test-hooks.js";

const MAX_FILE_BYTES = 5 * 1024 * 1024; // the same limit Python states for files
const MAX_FILE_TEXT = "5 MB";
const NOTHING_LOADED = "Nothing was loaded (the message above says why). Your answers are as they were.";

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

export class FileImport {
  // `calculator`: the form the answers go into; it asks Python (runAction) and shows the outcome.
  constructor(calculator) {
    this.calculator = calculator;
    this.root = calculator.root;
    this.control = this.root.querySelector("input[type=file][data-action=import]");
    this.beforeImport = null; // the answers an import replaced, until "Undo import" or new typing
    // What an import replaced, beside the file control.
    this.notice = noticeArea(this.control?.closest(".calc-import, .calc-load"), "import-notice");
    this.mapping = new ColumnMapping(calculator); // the columns a file fills, when its headings are not the form's
  }

  wire() {
    this.calculator.form.addEventListener("change", (event) => {
      if (this.calculator.writing || !event.target.matches("input[type=file]")) return;
      const files = [...event.target.files];
      event.target.value = ""; // so choosing the same file again still reads it
      this.calculator.guard(this.readFiles(files, event.target));
    });
    for (const zone of this.root.querySelectorAll("[data-role=drop]")) this.acceptDrops(zone);
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
      this.calculator.guard(this.readFiles([...event.dataTransfer.files], input));
    });
  }

  // Check each file's size before reading a byte of it, then let Python read it.
  async readFiles(files, input) {
    const field = input.dataset.field || "import";
    if (!files.length) return;
    this.settleEditing();
    const tooBig = files.find((file) => file.size > MAX_FILE_BYTES);
    if (tooBig) {
      this.refuse(field, `${tooBig.name} is larger than ${MAX_FILE_TEXT}, the most this page reads. Split it into smaller files`);
      return;
    }
    this.calculator.status.say(`Reading ${files.length === 1 ? files[0].name : `${files.length} files`}…`, "reading-file");
    const encoded = await Promise.all(files.map(async (file) => ({ filename: file.name, payload: await base64(file) })));
    if (!(await runtime.ready)) return;
    // One request for all of them: Python reads every file (a collation's many observations) at once.
    const many = encoded.length > 1;
    await this.importEncoded({
      payload: many ? encoded.map((f) => f.payload) : encoded[0].payload,
      filename: many ? encoded.map((f) => f.filename) : encoded[0].filename,
    }, field);
  }

  // A problem found before Python reads anything, shown at the file control.
  refuse(field, message) {
    this.calculator.errors.show([{ field, message }], true);
    noteErrors(this.root, 1);
    this.calculator.markDone();
  }

  // Python reads the files; a workbook with several sheets comes back asking which one to read, and
  // a file whose headings are not the form's with the columns it proposes (`mapping` {} asks for them).
  async importEncoded(request, field, sheet = "", mapping = {}) {
    const { status } = this.calculator;
    this.root.querySelector("[data-role=sheet-picker]")?.remove();
    this.mapping.close();
    const extra = { filename: request.filename, sheet, mapping };
    const response = await this.calculator.runAction("import_file", request.payload, extra, field);
    if (response && response.choose_sheet) {
      this.askForSheet(response.choose_sheet, request, field);
      return;
    }
    if (response && response.choose_columns) {
      await this.askForColumns(response.choose_columns, request, field, sheet);
      return;
    }
    if (!response) {
      if (status.busy === "reading-file") status.say(NOTHING_LOADED); // not when the line already says why
      return;
    }
    const tooMany = this.tooManyRows(response.values || {});
    if (tooMany) {
      status.say(NOTHING_LOADED);
      this.refuse(field, tooMany);
      return;
    }
    await this.apply(response, request, field);
  }

  // A cell still being edited has its typing taken in now (its change event), before what the user does
  // next replaces it: otherwise the browser would deliver that change after an import and it would win.
  settleEditing() {
    const active = document.activeElement;
    if (active && this.calculator.form.contains(active) && active.matches("input:not([type=file]), select, textarea")) active.blur();
  }

  // An imported file replaces the form's answers entirely, and says what it replaced; "Undo import" brings them back.
  async apply(response, request, field) {
    if (!response.values) return;
    const calculator = this.calculator;
    this.settleEditing();
    const rows = this.rowsFor(field);
    const had = { blank: isBlank(calculator.form), rows: rows ? rows.filled : 0, values: calculator.savedValues() };
    const got = rows && Array.isArray(response.values[rows.name]) ? response.values[rows.name].length : null;
    calculator.status.say("Writing your answers into the form…");
    await calculator.replaceAnswers(response.values, true);
    const summary = this.summary([].concat(request.filename), rows, got, had);
    if (got === 0) {
      // A file with a heading row and nothing under it: the old result goes, and the page says why.
      calculator.showNoResult(`No result: ${summary}`);
      calculator.status.say(summary);
      noteErrors(this.root, 0);
      calculator.markDone();
    } else {
      await calculator.recalculate(false);
      calculator.status.prefix((response.notices || []).join(" "));
      // The rows' problems as the file has them: "MN (row 10 of the file)", not "Row 9".
      if (response.problems?.length && calculator.errors.errors.length) calculator.errors.show(response.problems, false);
    }
    this.beforeImport = had.blank ? null : had.values;
    this.showNotice(summary, !had.blank);
    noteImport(this.root);
  }

  // The table an import control fills, or null (a calculator whose file holds all its answers).
  rowsFor(field) {
    const table = document.getElementById(`${this.root.id}-${field}`)?.closest("[data-table]");
    return table ? this.calculator.tables.get(table.dataset.table) : null;
  }

  summary(filenames, rows, got, had) {
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

  showNotice(text, undo) {
    const box = noticeBox("import", text, undo ? [["undo-import", "Undo import"]] : []);
    this.notice.replaceChildren(box);
    const active = document.activeElement;
    // Focus that was in a replaced row (or nowhere) goes to Undo; focus on the file control stays there.
    if (undo && (!active || active === document.body || !active.isConnected)) box.querySelector("button").focus();
  }

  async undo() {
    const answers = this.beforeImport;
    if (!answers) return;
    await this.calculator.replaceAnswers(answers, true);
    await this.calculator.recalculate(false);
    this.notice.replaceChildren(noticeBox("import", "Import undone: your answers from before it are back.", []));
    this.control?.focus();
  }

  // Typing after an import makes it the user's own answers: Undo would now throw that typing away.
  dropUndo() {
    this.beforeImport = null;
    this.notice.querySelector("[data-action=undo-import]")?.remove();
  }

  // "Clear my answers": the import's notice goes too.
  clear() {
    this.dropUndo();
    this.notice.replaceChildren();
  }

  // A table's row limit, checked before a single row is written into the page.
  tooManyRows(values) {
    for (const [name, rows] of this.calculator.tables) {
      const limit = Number(rows.table.dataset.maxRows);
      const count = Array.isArray(values[name]) ? values[name].length : 0;
      if (limit && count > limit) {
        return `The file has ${thousands(count)} rows: this table takes at most ${thousands(limit)} (one per ${rows.table.dataset.rowLabel}). Split the file, or remove rows you do not need`;
      }
    }
    return null;
  }

  // The mapping step: nothing is imported until the user confirms the columns (or cancels).
  async askForColumns(proposal, request, field, sheet) {
    const { status } = this.calculator;
    const input = document.getElementById(`${this.root.id}-${field}`) || this.control;
    const asked = this.mapping.ask(proposal, input);
    status.say("Check which field each of your file's columns fills, then press “Use these columns”.");
    this.calculator.markDone();
    const chosen = await asked;
    if (chosen === null) {
      status.say(NOTHING_LOADED.replace(" (the message above says why)", ""));
      return;
    }
    status.say("Reading the file with the columns you chose…", "reading-file");
    await this.importEncoded(request, field, sheet, chosen);
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
    button.addEventListener("click", () => this.calculator.guard(this.importEncoded(request, field, select.value)));
    picker.append(label, select, button);
    input.after(picker);
    this.calculator.status.say("Choose the sheet to load.");
    this.calculator.markDone();
    select.focus();
  }
}
