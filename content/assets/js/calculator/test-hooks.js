// TEST HOOKS: the one place the page writes attributes that only tests, benchmarks and a council's
// own scripts read. Nothing in the page reads them back, so the page behaves the same without them;
// keep their names, because tests/browser_helpers.py and the browser tests wait on them.
//
// On the calculator's root element (data-calculator):
//   data-state          prerendered (as built) | idle | loading | failed | ready (Python ready, nothing
//                       answered yet) | calculated (an answer shows)
//   data-calculated     "true" once the first answer shows
//   data-responses      how many answers have shown (a recalculation, a blank form, a problem with a file…)
//   data-submits        how many of them answered a press of Calculate (a change's own recalculation,
//                       started as a field loses focus on the way to the button, can arrive first)
//   data-errors         how many problems the last answer showed
//   data-imports        how many imported files have been written into the form
//   data-saved-version  the version of the saved answers restored: "1" (migrated) or "current"

const add = (root, name) => {
  root.dataset[name] = String(Number(root.dataset[name] || 0) + 1);
};

// An answer shows; `fromSubmit` when it answers a press of Calculate.
export function noteResponse(root, fromSubmit = false) {
  root.dataset.calculated = "true";
  add(root, "responses");
  if (fromSubmit) add(root, "submits");
}

export function noteErrors(root, count) {
  root.dataset.errors = String(count);
}

export function noteImport(root) {
  add(root, "imports");
}

export function noteState(root, state) {
  root.dataset.state = state;
}

export function noteSavedVersion(root, version) {
  root.dataset.savedVersion = String(version);
}
