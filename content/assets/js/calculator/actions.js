// What each button in a calculator does, by its data-action: handler(calculator, button).
// The form's own buttons come from the calculator template; notices add theirs (undo-import,
// save-answers, download-kept, discard-kept) and long results their pagers (result-prev/next).

import { PAGE_ROWS } from "./form-values.js";

// The input table a button belongs to.
const rowsOf = (calculator, button) => calculator.tables.get(button.closest("[data-table]").dataset.table);

async function addRow(calculator, button) {
  const tr = await rowsOf(calculator, button).add();
  tr.querySelector("input, select, textarea")?.focus();
  calculator.changed();
}

async function removeRow(calculator, button) {
  const rows = rowsOf(calculator, button);
  await rows.remove(button.closest("tr"));
  rows.table.querySelector("[data-action=add-row]").focus();
  calculator.changed();
}

// "Previous 100" (`step` -1) or "Next 100" (1) under a long input table.
async function turnRows(calculator, button, step) {
  const rows = rowsOf(calculator, button);
  await rows.showFrom(rows.first + step * PAGE_ROWS);
  calculator.errors.showAgain(); // messages for the rows now shown
  if (button.disabled) rows.pager.querySelector("button:not([disabled])")?.focus();
}

export const ACTIONS = {
  example: (calculator) => calculator.fillExample(),
  clear: (calculator) => calculator.clear(),
  "undo-clear": (calculator) => calculator.undoClear(),
  "add-row": addRow,
  "remove-row": removeRow,
  "fill-zeros": (calculator, button) => calculator.grid.fillZeros(button),
  "page-prev": (calculator, button) => turnRows(calculator, button, -1),
  "page-next": (calculator, button) => turnRows(calculator, button, 1),
  "result-prev": (calculator, button) => calculator.result.turnPage(button, -1),
  "result-next": (calculator, button) => calculator.result.turnPage(button, 1),
  act: (calculator, button) => (calculator.history?.owns(button.dataset.act) ? calculator.history.run(button.dataset.act) : calculator.act(button.dataset.act)),
  history: (calculator, button) => calculator.history?.run(button.dataset.act),
  "export-xlsx": (calculator) => calculator.downloads.exportWorkbook(),
  "csv-template": (calculator) => calculator.downloads.csvTemplate(),
  print: (calculator) => calculator.print.start(),
  "undo-import": (calculator) => calculator.importer.undo(),
  "save-answers": (calculator) => calculator.savedWork.saveAnswersFile(),
  "download-kept": (calculator) => calculator.savedWork.downloadKept(),
  "discard-kept": (calculator) => calculator.savedWork.discardKept(),
};
