// Printing a report of one calculator, not the whole page (data-action=print): a title and date,
// the user's answers as text, and the result. Print CSS hides the rest while body has .calc-printing.

export class Print {
  // `calculator`: its root, form, input tables and result are printed.
  constructor(calculator) {
    this.calculator = calculator;
    this.button = calculator.root.querySelector("[data-action=print]");
  }

  // The button shows only while there is a result of the user's own to print.
  offer(shown) {
    this.button.hidden = !shown;
  }

  start() {
    this.prepare();
    window.addEventListener("afterprint", () => this.finish(), { once: true });
    window.print();
  }

  prepare() {
    this.finish();
    const { root, form, result } = this.calculator;
    const report = document.createElement("section");
    report.className = "calc-print-report";
    report.dataset.role = "print-report";
    const title = document.createElement("h2");
    title.textContent = form.getAttribute("aria-label");
    const date = document.createElement("p");
    date.textContent = `Printed ${new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" })}. Your answers, then the result.`;
    // The page's own title is printed above; a calculator titled the same needs no second heading.
    const sameTitle = title.textContent.trim() === document.querySelector("article h1")?.textContent.trim();
    report.append(...(sameTitle ? [] : [title]), date, this.answers());
    root.prepend(report);
    root.classList.add("calc-print-target");
    document.body.classList.add("calc-printing");
    result.showAllRows(true); // a report has every row
  }

  finish() {
    const { root, result } = this.calculator;
    result.showAllRows(false);
    root.querySelector("[data-role=print-report]")?.remove();
    root.classList.remove("calc-print-target");
    document.body.classList.remove("calc-printing");
  }

  answers() {
    const out = document.createDocumentFragment();
    const list = document.createElement("dl");
    list.className = "calc-print-answers";
    for (const field of this.calculator.form.querySelectorAll("[data-field]")) {
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
