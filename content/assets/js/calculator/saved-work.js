// Answers saved in this browser (the format is saved-answers.js): saving as the user types,
// restoring on the next visit, unreadable saved answers kept and offered as a file, and storage
// that is full or turned off named in a notice next to the calculator, with a way to keep the answers.

import { isBlank } from "./form-values.js";
import { saveFile } from "./downloads.js";
import { noticeArea, noticeBox } from "./notices.js";
import { discardKept, keepAside, keptCopies, keptFilename, parseSaved, savedText, storageProblem } from "./saved-answers.js";
import { noteSavedVersion } from "./test-hooks.js";

const STORAGE_PREFIX = "swwt:v1:"; // the keys' scheme; each saved state carries its own version inside

export class SavedWork {
  // `calculator`: its form and answers are saved; its status line says what happened.
  constructor(calculator) {
    this.calculator = calculator;
    this.held = null; // unreadable saved answers that could not be copied aside: not overwritten
    this.notices = noticeArea(calculator.root.querySelector("[data-role=status]"));
  }

  get key() {
    return `${STORAGE_PREFIX}${location.pathname}#${this.calculator.root.id}`;
  }

  save() {
    if (this.held) return; // unreadable saved answers are still under this key: never overwrite them
    const { form, base } = this.calculator;
    try {
      if (isBlank(form)) localStorage.removeItem(this.key);
      else localStorage.setItem(this.key, savedText(base.calculator, this.calculator.savedValues()));
      this.notices.querySelector("[data-role=storage-notice]")?.remove(); // saving works (again)
    } catch (error) {
      this.showStorageProblem(storageProblem(error), error);
    }
  }

  // The saved answers into the form; true if that left anything in it.
  async restore() {
    let text;
    try {
      text = localStorage.getItem(this.key);
    } catch (error) {
      this.showStorageProblem(storageProblem(error), error);
      return false;
    }
    const saved = parseSaved(text);
    if (saved.state === "unreadable") {
      // Copied aside before anything can be saved over it; if even that fails, left where it is.
      const problem = keepAside(this.key, text, saved.reason);
      if (problem) this.held = { key: this.key, kept: new Date().toISOString(), reason: saved.reason, text };
    }
    this.showKept();
    if (saved.state !== "current" && saved.state !== "migrated") return false;
    await this.calculator.writeValues(saved.values, true);
    noteSavedVersion(this.calculator.root, saved.from || "current");
    return !isBlank(this.calculator.form);
  }

  // "Clear my answers": nothing saved any more (unreadable answers held in place stay until the user deletes them).
  forget() {
    try {
      if (!this.held) localStorage.removeItem(this.key);
    } catch {
      // nothing saved to remove
    }
  }

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
    return [...keptCopies(this.key), ...(this.held ? [this.held] : [])];
  }

  downloadKept() {
    const copies = this.keptCopies();
    const name = (copy) => keptFilename(this.calculator.base.calculator, copy);
    for (const copy of copies) saveFile({ text: copy.text, filename: name(copy), mime: "application/json" });
    this.calculator.status.say(`Saved ${copies.map(name).join(", ")}.`);
  }

  discardKept() {
    const { status, form } = this.calculator;
    const problem = discardKept(this.keptCopies());
    if (problem) {
      status.say("The kept copy could not be deleted: the browser's storage refused. It is still kept.");
      return;
    }
    this.held = null;
    this.save();
    this.showKept();
    status.say("The unreadable saved answers are deleted.");
    form.querySelector("input:not([type=file]), select, textarea")?.focus();
  }

  // Saving failed: say so next to the calculator, once, with a way to keep the answers in a file.
  showStorageProblem(problem, error) {
    if (this.notices.querySelector("[data-role=storage-notice]")) return;
    const why = {
      full: "this browser's storage for the site is full",
      unavailable: "this browser does not let the page store anything (storage is turned off, as in some private windows)",
    }[problem] || `the browser refused to store them (${error?.message || error})`;
    const load = this.calculator.importer.rowsFor("import") ? "import them" : "load them with “Load saved answers”";
    const text = `Your answers are not being saved in this browser: ${why}. A reload or closing the page would lose them. `
      + `Save them to a file to keep them; next time, ${load}.`;
    const box = noticeBox("warning", text, [["save-answers", "Save my answers"]]);
    box.dataset.role = "storage-notice";
    this.notices.append(box);
  }

  // The answers as a file, the same "Save my answers" file the result offers.
  async saveAnswersFile() {
    const { downloads, form, status } = this.calculator;
    if (!downloads.inputsEntry && !isBlank(form)) await this.calculator.recalculate(false);
    if (downloads.inputsEntry) await downloads.download(downloads.inputsEntry);
    else status.say("There are no answers to save yet: the form is blank.");
  }
}
