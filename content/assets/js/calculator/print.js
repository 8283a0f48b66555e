// Printing a report of one calculator, not the whole page (data-action=print): a title and date,
// the user's answers as text, and the result. Print CSS hides the rest while body has .calc-printing.
// The browser's own Print (Ctrl+P) gets the same report for each calculator showing the user's own
// result (root[data-own-result]); the print CSS then never prints a worked example beside it.

const printers = new Set(); // every calculator's Print on the page (pages left behind are dropped)
let ownPrint = []; // the reports Ctrl+P prepared, removed after printing

window.addEventListener("beforeprint", () => {
  if (document.body.classList.contains("calc-printing")) return; // the button's report is ready
  for (const p of printers) if (!p.calculator.root.isConnected) printers.delete(p);
  ownPrint = [...printers].filter((p) => p.calculator.root.hasAttribute("data-own-result"));
  for (const p of ownPrint) p.prepare(false);
});
window.addEventListener("afterprint", () => {
  for (const p of ownPrint) p.finish();
  ownPrint = [];
});

export class Print {
  // `calculator`: its root, form, input tables and result are printed.
  constructor(calculator) {
    this.calculator = calculator;
    this.button = calculator.root.querySelector("[data-action=print]");
    this.pageTitle = null; // the document's title while a report names the PDF
    printers.add(this);
  }

  // The button shows only while there is a result to print; the root says whether it is the user's own.
  offer(shown) {
    this.button.hidden = !shown;
    this.calculator.root.toggleAttribute("data-own-result", shown && this.calculator.result.shows === "yours");
  }

  start() {
    for (const p of printers) if (p !== this) p.finish();
    this.prepare();
    window.addEventListener("afterprint", () => this.finish(), { once: true });
    window.print();
  }

  // `alone`: this calculator's report is the only thing printed (the button); Ctrl+P may print several.
  prepare(alone = true) {
    this.finish();
    const { root, form, result } = this.calculator;
    const report = document.createElement("section");
    report.className = "calc-print-report";
    report.dataset.role = "print-report";
    const title = document.createElement("h2");
    title.textContent = form.getAttribute("aria-label");
    const date = document.createElement("p");
    date.textContent = `Printed ${new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" })}. Your answers, then the result.`;
    // The page's own title is printed above; a calculator titled the same needs no second heading
    // (the title's text without its permalink, the "¶" the theme adds to it).
    const heading = document.querySelector("article h1")?.cloneNode(true);
    heading?.querySelector(".headerlink")?.remove();
    const sameTitle = title.textContent.trim() === heading?.textContent.trim();
    report.append(...(sameTitle ? [] : [title]), date, this.answers());
    root.prepend(report);
    root.classList.add("calc-print-target");
    if (alone) document.body.classList.add("calc-printing");
    result.showAllRows(true); // a report has every row
    this.nameThePdf();
  }

  finish() {
    const { root, result } = this.calculator;
    if (!root.querySelector("[data-role=print-report]")) return;
    result.showAllRows(false);
    root.querySelector("[data-role=print-report]").remove();
    root.classList.remove("calc-print-target");
    if (!document.querySelector(".calc-print-target")) document.body.classList.remove("calc-printing");
    if (this.pageTitle !== null) document.title = this.pageTitle;
    this.pageTitle = null;
  }

  // "Save as PDF" offers the document's title as the file's name: the result's own name for its
  // files, when it has one (the team's carries the team and the week: team-workload-north-team-2026-12-04).
  nameThePdf() {
    let stem;
    try {
      stem = JSON.parse(this.calculator.result.body.dataset.result || "null")?.file_stem;
    } catch {
      return; // no result to read a name from
    }
    if (!stem) return;
    this.pageTitle = document.title;
    document.title = stem;
  }

  answers() {
    const out = document.createDocumentFragment();
    const list = document.createElement("dl");
    list.className = "calc-print-answers";
    // An answer the result itself shows (the team's comments) is printed there, once.
    const shownInResult = new Set([...this.calculator.result.body.querySelectorAll("[data-answer]")].map((el) => el.dataset.answer));
    for (const field of this.calculator.form.querySelectorAll("[data-field]")) {
      if (shownInResult.has(field.dataset.field)) continue;
      const label = field.querySelector("legend, label");
      const checked = field.querySelector("input[type=radio]:checked");
      const input = field.querySelector("input:not([type=radio]), textarea, select");
      let value = checked ? field.querySelector(`label[for="${CSS.escape(checked.id)}"]`).textContent : input ? input.value : "";
      if (input?.type === "file") {
        // A file field's answer is the file read into it (file-fields.js), named by its status line: the
        // file box itself is emptied once the file is read.
        const read = field.querySelector("[data-file-text]").value;
        value = read ? field.querySelector("[data-file-status]").textContent : "";
      }
      if (!value.trim()) value = "Not answered";
      const dt = document.createElement("dt");
      dt.textContent = label ? label.textContent : input.name;
      const dd = document.createElement("dd");
      dd.textContent = value;
      list.append(dt, dd);
    }
    if (list.children.length) out.append(list);
    for (const rows of this.calculator.tables.values()) {
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
}
