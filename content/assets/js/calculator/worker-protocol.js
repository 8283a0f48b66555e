// The messages between the page (calculator/runtime.js) and Python's worker (calculator-worker.js),
// listed once and imported by both sides. Each message is a plain object: its `type` is the name
// below, its other fields are the maker's arguments. A side that receives messages keeps a table of
// handlers keyed by these same names.

// Page -> worker.
export const toWorker = {
  // Start Python and install the calculators' wheel found at the URL `wheel`. Sent once per worker;
  // answered by `progress` (any number), then `ready` or `failed`.
  init: (wheel) => ({ type: "init", wheel }),
  // Run one request (the JSON calculators.hosts.browser.handle reads: calculator, values, action…);
  // answered by `result` with the same id.
  run: (id, request) => ({ type: "run", id, request }),
  // Ask how Python was started; answered by `stats`. For benchmarks and support questions only:
  // the page itself never sends it (window.toolkitCalculators.stats() does).
  stats: () => ({ type: "stats" }),
};

// Worker -> page.
export const fromWorker = {
  // A start-up step: `step` for the progress bar (1 downloading, 2 installing), `text` to show.
  progress: (step, text) => ({ type: "progress", step, text }),
  // Python is ready for `run`; `start` says how it started: "snapshot" or "normal start".
  ready: (start) => ({ type: "ready", start }),
  // Python could not start; `message` is a sentence for the user and their web team.
  failed: (message) => ({ type: "failed", message }),
  // The answer to `run` number `id`: Python's response ({ok, errors, html, result, …} or {failure}).
  result: (id, response) => ({ type: "result", id, response }),
  // The answer to `stats`: `start` as in `ready` (null before Python has started); `marks`, when
  // each start-up step ended (ms since the epoch); `downloads`, the worker's files with their times.
  stats: (start, marks, downloads) => ({ type: "stats", start, marks, downloads }),
};
