// Reading and writing a form's boxes (the values Python reads, whether anything is typed), and the
// measures every part of a calculator shares.

export const PAGE_ROWS = 100; // a table (of inputs or of results) with more rows than this shows them this many at a time

// 2000 -> "2,000". Not toLocaleString: its first call loads the browser's locale data, which
// blocked the page for a quarter of a second in the middle of an import.
export const thousands = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

// Resolves after the page has drawn a frame, so work split across it never blocks for long.
export const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

// A text box (an <input>) cannot hold a line break: the browser drops it, so a label imported as
// "A<newline>B" would reach Python as "AB" and the page's result would differ from the command line's.
// The box shows the break as a space and keeps the text as it was until the user edits the box.
// A text area holds line breaks but gives each "\r\n" back as "\n" (a CSV file's text, read into a
// file field, has Excel's "\r\n"): it too keeps the text as it was, so the answers saved are those given.
const BREAKS = /\r\n|[\r\n]/g;
const shownAs = (input, text) => text.replace(BREAKS, input.tagName === "INPUT" ? " " : "\n");

export function putText(input, text, asDefault) {
  const shown = shownAs(input, text);
  if (asDefault) input.defaultValue = shown;
  else input.value = shown;
  // A date box empties itself, silently, when given anything but a real yyyy-mm-dd date (a saved
  // "04/12/2026"): it becomes a text box keeping the text, so Python's message names what to fix.
  if (input.type === "date" && shown !== "" && input.value === "") {
    input.type = "text";
    putText(input, text, asDefault);
    return;
  }
  if (shown !== text) input.dataset.value = text;
  else delete input.dataset.value;
}

export function textOf(input) {
  const kept = input.dataset.value;
  return kept !== undefined && shownAs(input, kept) === input.value ? kept : input.value;
}

// The form's values as Python reads them; with `extras`, also the columns an older version of the
// form saved that this one has no box for (kept on their row, so they are saved again).
export function readValues(form, extras = false) {
  const values = {};
  for (const field of form.querySelectorAll("[data-field]")) {
    for (const input of field.querySelectorAll("input:not([type=file]), select, textarea")) {
      if (input.type === "radio") {
        if (input.checked) values[input.name] = input.value;
        else if (!(input.name in values)) values[input.name] = "";
      } else {
        values[input.name] = textOf(input);
      }
    }
  }
  for (const table of form.querySelectorAll("[data-table]")) {
    values[table.dataset.table] = [...table.querySelectorAll("tbody tr[data-row]")].map((row) => {
      const cells = extras && row.dataset.extra ? JSON.parse(row.dataset.extra) : {};
      for (const input of row.querySelectorAll("input, select, textarea")) cells[input.name] = textOf(input);
      return cells;
    });
  }
  return values;
}

// True when nothing is typed or chosen inside `element` (selects keep a value, so they don't count).
export function isBlank(element) {
  const inputs = element.matches("input, textarea, select") ? [element] : element.querySelectorAll("input, textarea");
  return [...inputs].every((input) => {
    if (input.type === "radio" || input.type === "checkbox") return !input.checked;
    if (input.type === "file") return !input.dataset.loaded; // a file field with its file read (file-fields.js)
    if (input.tagName === "SELECT") return true;
    return input.value.trim() === "";
  });
}

// Set a cell in a row that is not in the page yet: through the default value, which survives the move.
export function setCell(input, value) {
  const text = value === null || value === undefined ? "" : String(value);
  if (input.tagName === "SELECT") {
    let found = false;
    for (const option of input.options) {
      option.defaultSelected = option.value === text;
      found ||= option.defaultSelected;
    }
    // A value that is not one of the choices is shown as it is, never silently swapped for the first choice.
    if (!found && text !== "") input.append(new Option(text, text, true, true));
  } else {
    putText(input, text, true);
  }
}
