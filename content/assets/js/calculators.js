// The page's entry point (mkdocs.yml's extra_javascript): wires every calculator on a page
// (an element with data-calculator) to Python, running in one Web Worker for the whole visit.
// Python starts only when a calculator is on the page, and the calculator code loads only then
// (a guidance page fetches none of it). The parts are modules in calculator/: calculator.js keeps
// the form -> Python -> result cycle and composes the rest, each found by its data attribute;
// runtime.js is the worker's client (worker-protocol.js lists its messages). Calculator pages name
// every module in <link rel="modulepreload"> (toolkit_site/preload.py), so they arrive at once.

import { runtime, startRuntime, stats } from "./calculator/runtime.js";
import { foldHowTo } from "./how-to.js";
import { labelScrollRegions } from "./scroll-regions.js";

const calculators = new Map(); // element id -> Calculator, for the page shown now
let parts = null; // the calculator code, loaded the first time a page shows a calculator

// Python starts as soon as a page with a calculator has been read (module scripts run then):
// before the theme starts, and while the calculator code loads. True if the page has one.
function startPython() {
  const root = document.querySelector("[data-calculator][data-wheel]");
  if (root) startRuntime(root.dataset.wheel);
  return root !== null;
}

const loadParts = () => Promise.all([import("./calculator/calculator.js"), import("./calculator/file-fields.js")]);

async function wireAll() {
  foldHowTo();
  labelScrollRegions();
  requestAnimationFrame(() => labelScrollRegions()); // the theme may wrap its tables after this runs
  for (const [id, calculator] of calculators) if (!calculator.root.isConnected) calculators.delete(id);
  if (!startPython()) return;
  const [{ Calculator }, { FileFields }] = await (parts ??= loadParts());
  for (const root of document.querySelectorAll("[data-calculator]")) {
    if (root.dataset.wired) continue;
    root.dataset.wired = "true";
    const calculator = new Calculator(root);
    new FileFields(calculator).wire(); // before start: it follows every answer, the first included
    calculators.set(root.id, calculator);
    calculator.start();
  }
}

// The calculator code could not load (offline before it was ever stored, a server mid-deployment):
// say so where the calculator would show its start-up, instead of "Loading…" for ever.
function notLoaded(error) {
  parts = null; // the next page shown tries again
  for (const root of document.querySelectorAll("[data-calculator]:not([data-wired])")) {
    const status = root.querySelector("[data-role=status]");
    const text = status?.querySelector("[data-role=status-text]");
    if (!text) continue;
    status.hidden = false;
    status.classList.add("calc-status--failed");
    text.textContent = `The calculator could not load (${error.message || error}). Check your connection and reload the page; your answers are kept.`;
    root.dataset.state = "failed";
  }
}

const wire = () => wireAll().catch(notLoaded);

startPython();

// Material's instant navigation swaps pages without reloading scripts: document$ fires for
// every page shown, including the first. Without Material, wire once when the page is ready.
if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(wire);
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", wire);
} else {
  wire();
}

// Import File objects into a calculator as its file control would; resolves once the rows are in
// the page and the result (or the problem) shows. For benchmarks: time it, watch long tasks.
function importFiles(id, files) {
  const calculator = calculators.get(id);
  return calculator.importer.readFiles([...files], calculator.importer.control);
}

// Exposed for tests, benchmarks and a council's own scripts; not needed by the page itself.
// stats(): how Python started ({start: "snapshot" | "normal start"}).
window.toolkitCalculators = { runtime, wireAll: wire, stats, calculators, importFiles };
