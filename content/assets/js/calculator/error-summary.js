// Errors, GOV.UK style (data-role=summary): a summary at the top, each problem linked to its field,
// and a message at each field. An error is {field, message, table?, row?} as Python reports it.

import { PAGE_ROWS, isBlank } from "./form-values.js";

export class ErrorSummary {
  // `tables`: the calculator's input tables by name (a link to a row on another page shows that page);
  // `guard`: runs an async step, showing anything unexpected.
  constructor(root, tables, guard) {
    this.root = root;
    this.element = root.querySelector("[data-role=summary]");
    this.tables = tables;
    this.guard = guard;
    this.errors = []; // the problems shown now
  }

  fieldId(error) {
    if (error.table && error.row !== null && error.row !== undefined) {
      return `${this.root.id}-${error.table}-${error.row}-${error.field}`;
    }
    return `${this.root.id}-${error.field}`;
  }

  // True for a problem with a field that is still blank (while typing, not yet a mistake).
  isBlankField(error) {
    const target = document.getElementById(this.fieldId(error)) || document.getElementById(`${this.root.id}-${error.field}`);
    return Boolean(target) && isBlank(target);
  }

  clear() {
    this.errors = [];
    for (const message of this.root.querySelectorAll(".calc-error-message:not([hidden])")) {
      message.hidden = true;
      message.textContent = "";
    }
    for (const el of this.root.querySelectorAll(".calc-field--error, .calc-cell--error")) {
      el.classList.remove("calc-field--error", "calc-cell--error");
    }
    for (const el of this.root.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
    this.element.hidden = true;
    this.element.querySelector("ul").replaceChildren();
  }

  show(errors, focusSummary) {
    this.clear();
    this.errors = errors;
    const list = this.element.querySelector("ul");
    for (const error of errors) {
      const id = this.fieldId(error);
      const fallback = `${this.root.id}-${error.field}`;
      const target = document.getElementById(id) || document.getElementById(fallback);
      const message = document.getElementById(`${id}-error`) || document.getElementById(`${fallback}-error`);
      if (message) this.markField(message, error.message);
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
      const other = this.otherCalculator(error);
      if (other) item.append(" ", other);
      list.append(item);
    }
    this.element.hidden = errors.length === 0;
    if (focusSummary && errors.length) this.element.focus();
  }

  // A file meant for another calculator ({calculator} beside its problem): a link to that one when it
  // is on this page (the STAR observation and its collation share a page).
  otherCalculator(error) {
    const root = error.calculator && document.querySelector(`[data-calculator="${CSS.escape(error.calculator)}"]`);
    if (!root || root === this.root) return null;
    const link = document.createElement("a");
    link.href = `#${root.id}`;
    const title = root.querySelector("h2, h3, legend")?.textContent.trim();
    link.textContent = title ? `Go to “${title}”` : "Go to that calculator";
    link.addEventListener("click", (event) => {
      event.preventDefault();
      const control = root.querySelector("input[type=file]") || root;
      control.scrollIntoView({ block: "center" });
      control.focus();
    });
    return link;
  }

  // The same problems again, for the rows of a table now shown.
  showAgain() {
    this.show(this.errors, false);
  }

  // A field's own message (a second problem with the same field goes on a line of its own).
  markField(message, text) {
    const prefix = document.createElement("span");
    prefix.className = "calc-visually-hidden";
    prefix.textContent = "Error: ";
    if (!message.hidden) message.append(document.createElement("br"));
    message.append(prefix, document.createTextNode(text));
    message.hidden = false;
    const wrapper = message.closest(".calc-field, .calc-cell");
    if (wrapper) wrapper.classList.add(wrapper.classList.contains("calc-cell") ? "calc-cell--error" : "calc-field--error");
  }

  // A summary link: show the table page holding the row if need be, then focus the field.
  async focusError(error, id, target) {
    const rows = error.table && this.tables.get(error.table);
    if (rows && rows.data && !document.getElementById(id) && error.row !== null && error.row !== undefined) {
      await rows.showFrom(error.row - (error.row % PAGE_ROWS)); // the row is on another page of the table
      this.showAgain();
    }
    const el = document.getElementById(document.getElementById(id) ? id : target ? target.id : id);
    const focusable = el && (el.matches("input, select, textarea") ? el : el.querySelector("input, select, textarea"));
    if (focusable) {
      focusable.focus();
      focusable.scrollIntoView({ block: "center" });
    }
  }
}
