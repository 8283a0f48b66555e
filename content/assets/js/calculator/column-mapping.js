// The import's mapping step: when a file's headings are not exactly the form's, Python proposes the
// field each column fills (calculators/io/mapping.py) and this shows it: a table of the file's columns
// (heading and first values), each with a choice of the fields or "Not used", confirmed with one
// button. "Remember these columns for next time" keeps the choice in this browser (localStorage, one
// entry per calculator) as the next file's preselection; remembered() and remember() let the saved
// answers file keep it too. Python does the matching and the reading; this only shows and asks.

const STORE = "toolkit-columns:";

function element(tag, className = "", text = "") {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text) el.textContent = text;
  return el;
}

export class ColumnMapping {
  constructor(calculator) {
    this.calculator = calculator;
    this.root = calculator.root;
    this.key = `${STORE}${calculator.base.calculator}`;
    this.step = null; // the step shown now
  }

  // {heading: field name, or "" for not used}, as remembered in this browser.
  remembered() {
    try {
      const kept = JSON.parse(localStorage.getItem(this.key) || "{}");
      return kept && typeof kept === "object" && !Array.isArray(kept) ? kept : {};
    } catch {
      return {}; // storage blocked, or a damaged entry: nothing remembered
    }
  }

  remember(mapping) {
    const entries = Object.entries(mapping && typeof mapping === "object" ? mapping : {});
    const clean = Object.fromEntries(entries.filter(([heading, field]) => heading && typeof field === "string"));
    try {
      localStorage.setItem(this.key, JSON.stringify(clean));
    } catch {
      // private browsing with storage off: the columns are used, just not kept
    }
  }

  close() {
    this.step?.remove();
    this.step = null;
  }

  // Show the step after `anchor` (the file control). Resolves with {heading: field or ""} once the
  // user presses "Use these columns", or null if they cancel.
  ask(proposal, anchor) {
    this.close();
    const remembered = this.remembered();
    const fields = new Map(proposal.fields.map((f) => [f.name, f]));
    return new Promise((resolve) => {
      const step = this.render(proposal, remembered, fields);
      this.step = step;
      // Choosing here is not typing answers: the form's own listeners (recalculate, save) must not see it.
      for (const type of ["input", "change"]) step.addEventListener(type, (event) => event.stopPropagation());
      step.querySelector("[data-role=use-columns]").addEventListener("click", () => {
        const chosen = this.chosen(step);
        if (!this.check(step, chosen, fields)) return;
        if (step.querySelector("[data-role=remember-columns]").checked) this.remember({ ...remembered, ...chosen });
        this.close();
        resolve(chosen);
      });
      step.querySelector("[data-role=cancel-columns]").addEventListener("click", () => {
        this.close();
        anchor?.focus();
        resolve(null);
      });
      step.addEventListener("change", () => this.showMissing(step, fields));
      anchor.after(step);
      this.showMissing(step, fields);
      step.querySelector("fieldset").focus();
    });
  }

  render(proposal, remembered, fields) {
    const id = `${this.root.id}-columns`;
    const step = element("div", "calc-mapping");
    step.dataset.role = "column-mapping";
    const summary = element("div", "calc-error-summary calc-mapping__summary");
    Object.assign(summary, { hidden: true, tabIndex: -1 });
    summary.setAttribute("role", "alert");
    summary.append(element("h2", "calc-error-summary__title", "There is a problem"), element("ul"));
    const fieldset = element("fieldset", "calc-mapping__fieldset");
    fieldset.tabIndex = -1;
    fieldset.append(
      element("legend", "calc-mapping__legend", "Which field does each column of your file fill?"),
      element("p", "calc-hint", "The file's headings are not exactly this form's, so we matched what we could. Check each column, and choose “Not used” for a column to leave out: nothing is imported until you press “Use these columns”."),
    );
    for (const notice of proposal.notices || []) fieldset.append(element("p", "calc-mapping__notice", `${notice}.`));
    const wrap = element("div", "calc-table-wrap calc-mapping__wrap");
    Object.assign(wrap, { tabIndex: 0 });
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", "Your file's columns");
    const table = element("table", "calc-mapping__table");
    table.append(element("caption", "calc-visually-hidden", "Your file's columns and the field each fills"));
    const head = element("tr");
    for (const title of ["Column in your file", "First values", "Fills"]) {
      const th = element("th", "", title);
      th.scope = "col";
      head.append(th);
    }
    table.append(element("thead"), element("tbody"));
    table.tHead.append(head);
    proposal.columns.forEach((column, n) => table.tBodies[0].append(this.row(column, n, id, remembered, fields)));
    wrap.append(table);
    const missing = element("p", "calc-mapping__missing");
    missing.dataset.role = "missing-fields";
    missing.setAttribute("aria-live", "polite");
    const remember = element("div", "calc-mapping__remember");
    const box = element("input");
    Object.assign(box, { type: "checkbox", id: `${id}-remember` });
    box.dataset.role = "remember-columns";
    const label = element("label", "", "Remember these columns for next time (kept in this browser only)");
    label.htmlFor = box.id;
    remember.append(box, label);
    const actions = element("div", "calc-mapping__actions");
    const use = element("button", "calc-button", "Use these columns");
    use.dataset.role = "use-columns";
    const cancel = element("button", "calc-button calc-button--secondary", "Cancel");
    cancel.dataset.role = "cancel-columns";
    for (const button of [use, cancel]) button.type = "button";
    actions.append(use, cancel);
    fieldset.append(wrap, missing, remember, actions);
    step.append(summary, fieldset);
    return step;
  }

  // One column of the file: its heading (the choice's label), first values and the field it fills.
  row(column, n, id, remembered, fields) {
    const tr = element("tr");
    const selectId = `${id}-${n}`;
    const th = element("th");
    th.scope = "row";
    const label = element("label", "", column.heading || `Column ${n + 1} (no heading)`);
    label.htmlFor = selectId;
    th.append(label);
    const values = element("td", "calc-mapping__values", column.samples.length ? column.samples.join(", ") : "(empty)");
    values.id = `${selectId}-values`;
    const cell = element("td");
    const error = element("p", "calc-error-message");
    Object.assign(error, { id: `${selectId}-error`, hidden: true });
    const select = element("select", "calc-select");
    select.id = selectId;
    select.dataset.heading = column.heading;
    select.setAttribute("aria-describedby", `${values.id} ${error.id}`);
    select.append(new Option("Not used", ""), ...[...fields.values()].map((f) => new Option(f.label, f.name)));
    const kept = Object.hasOwn(remembered, column.heading) ? remembered[column.heading] : null;
    select.value = kept !== null && (kept === "" || fields.has(kept)) ? kept : column.field;
    cell.append(error, select);
    tr.append(th, values, cell);
    return tr;
  }

  chosen(step) {
    return Object.fromEntries([...step.querySelectorAll("select[data-heading]")].map((s) => [s.dataset.heading, s.value]));
  }

  // GOV.UK's error pattern: two columns may not fill one field.
  check(step, chosen, fields) {
    const summary = step.querySelector(".calc-mapping__summary");
    const list = summary.querySelector("ul");
    list.replaceChildren();
    const first = new Map();
    const problems = [];
    for (const select of step.querySelectorAll("select[data-heading]")) {
      const error = document.getElementById(`${select.id}-error`);
      Object.assign(error, { hidden: true, textContent: "" });
      select.removeAttribute("aria-invalid");
      if (!select.value) continue;
      if (!first.has(select.value)) {
        first.set(select.value, select);
        continue;
      }
      const other = first.get(select.value).dataset.heading;
      const message = `“${select.dataset.heading}” and “${other}” both fill ${fields.get(select.value).label}: choose one, and set the other to “Not used”`;
      problems.push([select, message]);
    }
    for (const [select, message] of problems) {
      const error = document.getElementById(`${select.id}-error`);
      const prefix = element("span", "calc-visually-hidden", "Error: ");
      error.replaceChildren(prefix, document.createTextNode(message));
      error.hidden = false;
      select.setAttribute("aria-invalid", "true");
      const link = element("a", "", message);
      link.href = `#${select.id}`;
      link.addEventListener("click", (event) => {
        event.preventDefault();
        select.focus();
      });
      const item = element("li");
      item.append(link);
      list.append(item);
    }
    summary.hidden = problems.length === 0;
    if (problems.length) summary.focus();
    return problems.length === 0;
  }

  // The fields no column fills, and the default every row then takes (said before anything is imported).
  showMissing(step, fields) {
    const filled = new Set(Object.values(this.chosen(step)).filter(Boolean));
    const left = [...fields.values()].filter((f) => !filled.has(f.name));
    const line = step.querySelector("[data-role=missing-fields]");
    const given = (f) => `${f.label} (${f.default === "" ? "blank" : f.default})`;
    // A required field with no default to take (contracted hours) must come from a column of the file.
    const needed = left.filter((f) => f.required);
    const defaulted = left.filter((f) => !f.required);
    line.textContent = [
      needed.length ? `Choose a column for ${needed.map((f) => f.label).join(", ")}: the file must give it.` : "",
      defaulted.length
        ? `No column fills: ${defaulted.map(given).join("; ")}. Every row takes the form's default for these, which you can change in the table.`
        : "",
    ].join(" ").trim();
  }
}
