// The page's entry point (mkdocs.yml's extra_javascript): wires every calculator on a page
// (an element with data-calculator) to Python, running in one Web Worker for the whole visit.
// Python starts only when a calculator is on the page. The parts are modules in calculator/:
// calculator.js keeps the form -> Python -> result cycle and composes the rest, each found by its
// data attribute; runtime.js is the worker's client (worker-protocol.js lists its messages).

import { Calculator } from "./calculator/calculator.js";
import { FileFields } from "./calculator/file-fields.js";
import { runtime, stats } from "./calculator/runtime.js";
import { foldHowTo } from "./how-to.js";
import { labelScrollRegions } from "./scroll-regions.js";

const calculators = new Map(); // element id -> Calculator, for the page shown now

function wireAll() {
  foldHowTo();
  labelScrollRegions();
  requestAnimationFrame(() => labelScrollRegions()); // the theme may wrap its tables after this runs
  for (const [id, calculator] of calculators) if (!calculator.root.isConnected) calculators.delete(id);
  for (const root of document.querySelectorAll("[data-calculator]")) {
    if (root.dataset.wired) continue;
    root.dataset.wired = "true";
    const calculator = new Calculator(root);
    new FileFields(calculator).wire(); // before start: it follows every answer, the first included
    calculators.set(root.id, calculator);
    calculator.start();
  }
}

// Material's instant navigation swaps pages without reloading scripts: document$ fires for
// every page shown, including the first. Without Material, wire once when the page is ready.
if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(wireAll);
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", wireAll);
} else {
  wireAll();
}

// Import File objects into a calculator as its file control would; resolves once the rows are in
// the page and the result (or the problem) shows. For benchmarks: time it, watch long tasks.
function importFiles(id, files) {
  const calculator = calculators.get(id);
  return calculator.importer.readFiles([...files], calculator.importer.control);
}

// Exposed for tests, benchmarks and a council's own scripts; not needed by the page itself.
// stats(): how Python started ({start: "snapshot" | "normal start"}).
window.toolkitCalculators = { runtime, wireAll, stats, calculators, importFiles };
