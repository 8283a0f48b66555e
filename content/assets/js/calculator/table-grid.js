// Input tables that behave like a spreadsheet: a block copied from Excel or Sheets pastes into the
// cells from the focused one (adding rows as needed), arrow keys and Enter move between cells,
// "Fill empty counts with 0" fills blank counts, and on a phone a summary of the last result stays
// in view above the card being edited. Python still reads and checks every value: this only types.

import { PAGE_ROWS, isBlank, putText } from "./form-values.js";

const CELL = "input, select, textarea";

// Text from a spreadsheet's clipboard: rows end with a line break, cells are separated by tabs, and a
// cell holding a tab, a line break or a quote is wrapped in quotes (a quote inside doubled).
export function parseBlock(text) {
  const rows = [[]];
  let cell = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' && cell === "") {
      const end = closingQuote(text, i + 1);
      if (end !== -1) {
        cell = text.slice(i + 1, end).replaceAll('""', '"');
        i = end;
        continue;
      }
    }
    if (ch === "\t") {
      rows.at(-1).push(cell);
      cell = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      rows.at(-1).push(cell);
      rows.push([]);
      cell = "";
    } else {
      cell += ch;
    }
  }
  rows.at(-1).push(cell);
  if (rows.length > 1 && rows.at(-1).length === 1 && rows.at(-1)[0] === "") rows.pop(); // the last line break
  return rows;
}

// Where a quoted cell starting at `from` ends (its closing quote, before a tab, a line break or the
// end), or -1 when the quote is only a character of the text.
function closingQuote(text, from) {
  for (let i = from; i < text.length; i++) {
    if (text[i] !== '"') continue;
    if (text[i + 1] === '"') {
      i++;
      continue;
    }
    return i + 1 === text.length || "\t\r\n".includes(text[i + 1]) ? i : -1;
  }
  return -1;
}

const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

// Put `value` in a cell the user sees: a choice not in the list is added as written, never swapped
// for the first choice, so Python's message names it.
function writeCell(input, value) {
  if (input.tagName === "SELECT") {
    if (![...input.options].some((o) => o.value === value)) input.append(new Option(value, value));
    input.value = value;
  } else {
    putText(input, value, false);
  }
}

// The row and column a key moves to from `cell` ([rows, columns]), or null for the key's own use
// (a date box's arrows change its day, month or year; only Enter moves from it).
function moveFor(event, cell) {
  if (cell.tagName === "INPUT" && cell.type !== "text") return event.key === "Enter" ? [event.shiftKey ? -1 : 1, 0] : null;
  const text = cell.tagName !== "SELECT";
  const atStart = text && cell.selectionStart === 0 && cell.selectionEnd === 0;
  const atEnd = text && cell.selectionStart === cell.value.length && cell.selectionEnd === cell.value.length;
  const lines = cell.tagName === "TEXTAREA";
  switch (event.key) {
    case "Enter":
      return lines ? null : [event.shiftKey ? -1 : 1, 0];
    case "ArrowUp":
      return !lines || atStart ? [-1, 0] : null;
    case "ArrowDown":
      return !lines || atEnd ? [1, 0] : null;
    case "ArrowLeft":
      return !text || atStart ? [0, -1] : null;
    case "ArrowRight":
      return !text || atEnd ? [0, 1] : null;
    default:
      return null;
  }
}

// A control focused in a table that scrolls sideways is brought wholly into its box (past the
// kept-in-view name column, its scroll-padding): Chromium leaves one that is partly shown, such as a
// row's Remove button at the box's edge, where it is, mostly cut off.
function revealInBox(element) {
  const box = element.closest?.(".calc-table-wrap");
  if (!box || box.scrollWidth <= box.clientWidth) return;
  const edge = box.getBoundingClientRect();
  const rect = element.getBoundingClientRect();
  const left = edge.left + parseFloat(getComputedStyle(box).scrollPaddingLeft || "0");
  if (rect.right > edge.right || rect.left < left) element.scrollIntoView({ block: "nearest", inline: "nearest" });
}

export class TableGrid {
  constructor(calculator) {
    this.calculator = calculator;
    this.editing = new Map(); // table name -> index of the row last focused (the card being edited)
  }

  wire() {
    const form = this.calculator.form;
    form.addEventListener("paste", (event) => this.onPaste(event));
    form.addEventListener("keydown", (event) => this.onKeydown(event));
    form.addEventListener("focusin", (event) => this.onFocus(event));
    const watch = new MutationObserver(() => this.showSummary());
    watch.observe(this.calculator.result.body, { attributes: true, attributeFilter: ["data-result", "class"] });
    this.showSummary();
  }

  // The table `element` is in, with the cell and its row, or null outside a table's rows.
  place(element) {
    const tr = element.closest?.("[data-table] tbody tr[data-row]");
    if (!tr || !element.matches(CELL)) return null;
    return { rows: this.calculator.tables.get(tr.closest("[data-table]").dataset.table), tr, cell: element };
  }

  // ---- paste ----

  onPaste(event) {
    const at = this.place(event.target);
    const text = event.clipboardData?.getData("text/plain") ?? "";
    if (!at || text === "") return;
    // One value typed or copied from a page goes in at the caret, as the browser pastes it; a line
    // of text in a box that holds several lines too.
    if (!/[\t\r\n]/.test(text) || (at.cell.tagName === "TEXTAREA" && !text.includes("\t"))) return;
    event.preventDefault();
    this.calculator.guard(this.paste(at, parseBlock(text)));
  }

  // Fill the cells to the right of and below the focused one with `block` (rows of cells).
  async paste({ rows, tr, cell }, block) {
    const startRow = Number(tr.dataset.row);
    const startColumn = rows.columns.indexOf(cell.name);
    const widest = Math.max(...block.map((cells) => cells.length));
    const columns = rows.columns.slice(startColumn, startColumn + widest);
    const fitted = block.slice(0, Math.max(0, rows.maxRows - startRow));
    const needed = startRow + fitted.length;
    const before = rows.total;
    const refused = []; // text a date cell cannot hold: left out and named, never silently dropped
    const put = (row, i) => columns.forEach((name, j) => {
      const value = fitted[i][j];
      if (value === undefined) return;
      if (rows.dates.has(name) && value.trim() !== "" && !/^\d{4}-\d{2}-\d{2}$/.test(value.trim())) refused.push(value);
      else row(name, rows.valueFor(name, value));
    });
    if (!rows.data && needed <= PAGE_ROWS) {
      while (rows.count < needed) await rows.add();
      const trs = rows.body.querySelectorAll("tr[data-row]");
      fitted.forEach((_, i) => put((name, value) => writeCell(trs[startRow + i].querySelector(`[name="${CSS.escape(name)}"]`), value), i));
    } else {
      // A long table is held as data (table-rows.js): change the data, then show the page pasted into.
      const data = rows.snapshot();
      while (data.length < needed) data.push({ ...rows.empty });
      fitted.forEach((_, i) => put((name, value) => { data[startRow + i][name] = value; }, i));
      rows.data = data;
      await rows.showFrom(startRow);
      document.getElementById(`${this.calculator.root.id}-${rows.name}-${startRow}-${cell.name}`)?.focus();
    }
    this.calculator.changed();
    const said = this.pasted(rows, fitted.length, columns.length, rows.total - before, block.length - fitted.length, widest - columns.length);
    if (refused.length) said.push(`${plural(refused.length, "date")} left out, not written 2027-03-31: “${refused[0]}”${refused.length > 1 ? " and others" : ""}.`);
    this.say(rows, said.join(" "));
  }

  pasted(rows, height, width, added, rowsLeft, columnsLeft) {
    const said = [`Pasted ${plural(height, "row")} by ${plural(width, "column")}.`];
    if (added > 0) said.push(`${plural(added, rows.table.dataset.rowLabel)} added.`);
    if (rowsLeft > 0) said.push(`${plural(rowsLeft, "row")} left out: the table holds at most ${rows.maxRows} ${rows.table.dataset.rowLabel}s.`);
    if (columnsLeft > 0) said.push(`${plural(columnsLeft, "column")} left out: the block is wider than the table from that cell.`);
    return said;
  }

  // ---- moving between cells ----

  onKeydown(event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.isComposing) return;
    const at = this.place(event.target);
    const move = at && moveFor(event, at.cell);
    if (!move) return;
    event.preventDefault(); // Enter in a cell never submits the form
    const trs = [...at.tr.parentElement.querySelectorAll("tr[data-row]")];
    const cells = (tr) => [...tr.querySelectorAll(CELL)];
    const row = trs[trs.indexOf(at.tr) + move[0]];
    const target = row && cells(row)[cells(at.tr).indexOf(at.cell) + move[1]];
    if (!target) return;
    target.focus();
    if (target.tagName === "SELECT" || (target.tagName === "INPUT" && target.type !== "text")) return;
    if (move[1] === 0) target.select(); // up and down select the cell's text, as a spreadsheet does
    else target.setSelectionRange(...(move[1] < 0 ? [target.value.length, target.value.length] : [0, 0]));
  }

  // ---- "Fill empty counts with 0" ----

  // Only blank counts in rows with something typed: a row left empty stays empty. Each 0 is an
  // ordinary value the user sees and can type over.
  fillZeros(button) {
    const rows = this.calculator.tables.get(button.closest("[data-table]").dataset.table);
    let filled = 0;
    let skipped = 0;
    if (rows.data) {
      for (const row of rows.data) {
        const known = rows.known(row);
        if (Object.entries(known).every(([name, value]) => String(value ?? "").trim() === "" || value === rows.empty[name])) {
          skipped++;
          continue;
        }
        for (const name of rows.counts) {
          if (String(known[name] ?? "").trim() === "") {
            row[name] = "0";
            filled++;
          }
        }
      }
      if (filled) this.calculator.guard(rows.showFrom(rows.first));
    } else {
      for (const tr of rows.body.querySelectorAll("tr[data-row]")) {
        if (isBlank(tr)) {
          skipped++;
          continue;
        }
        for (const input of tr.querySelectorAll("input")) {
          if (rows.counts.has(input.name) && input.value.trim() === "") {
            putText(input, "0", false);
            filled++;
          }
        }
      }
    }
    if (filled) this.calculator.changed();
    const left = skipped ? ` ${plural(skipped, `empty ${rows.table.dataset.rowLabel}`)} left as they are.` : "";
    this.say(rows, filled ? `Filled ${plural(filled, "empty count")} with 0.${left}` : `No count was empty: nothing changed.${left}`);
  }

  say(rows, text) {
    const line = rows.table.querySelector("[data-role=grid-status]");
    if (line) line.textContent = text;
  }

  // ---- the phone's summary above the card being edited ----

  onFocus(event) {
    revealInBox(event.target);
    const at = this.place(event.target);
    if (!at) return;
    this.editing.set(at.rows.name, at.tr);
    this.showSummary();
  }

  // From the last result: the team's figure and the edited row's, for a result that gives a
  // capacity_percent for the whole and for each row of the table (the team calculator's).
  showSummary() {
    const result = this.calculator.result;
    let data;
    try {
      data = JSON.parse(result.body.dataset.result || "null");
    } catch {
      data = null; // a result without its data (none yet)
    }
    for (const rows of this.calculator.tables.values()) {
      const line = rows.table.querySelector("[data-role=grid-summary]");
      const list = data?.[rows.name];
      if (!line) continue;
      line.hidden = !(typeof data?.capacity_percent === "number" && Array.isArray(list));
      if (line.hidden) continue;
      const parts = [`Team: ${data.capacity_percent}% of capacity used`];
      const worker = this.editedFigure(rows, list);
      if (worker) parts.push(worker);
      const which = result.shows === "example" ? "Example result" : result.body.classList.contains("calc-result__body--stale") ? "Last complete result" : "Your result";
      line.textContent = `${which}. ${parts.join(". ")}.`;
    }
  }

  // "MN: 102.3% (Over capacity)" for the row last focused, matched by its label in the result.
  editedFigure(rows, list) {
    const tr = this.editing.get(rows.name);
    if (!tr?.isConnected) return null;
    const first = rows.columns[0];
    const labelOf = (row) => (row.querySelector(`[name="${CSS.escape(first)}"]`)?.value ?? "").trim();
    const label = labelOf(tr);
    if (!label) return null;
    const same = [...rows.body.querySelectorAll("tr[data-row]")].filter((row) => labelOf(row) === label);
    const match = list.filter((w) => String(w?.label ?? "").trim() === label)[same.indexOf(tr)];
    if (!match || typeof match.capacity_percent !== "number") return null;
    return `${label}: ${match.capacity_percent}%${match.band ? ` (${match.band})` : ""}`;
  }
}
