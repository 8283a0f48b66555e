// Runs Python (Pyodide) off the main thread, so the page never freezes while it starts.
// Messages in:  {type: "init", wheel: URL}  then  {type: "run", id, request}
// Messages out: {type: "progress", step, text} | {type: "ready"} | {type: "failed", message}
//               | {type: "result", id, response}
import { loadPyodide } from "../pyodide/pyodide.mjs";

let handle = null;
let memory = null; // the WebAssembly memory Python runs in, for the memory figures `stats` reports

const progress = (step, text) => self.postMessage({ type: "progress", step, text });

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
  return new Uint8Array(await response.arrayBuffer());
}

// Turn the browser's technical error into something a council's web team can act on.
function explain(error) {
  const text = String(error && (error.message || error));
  if (/mime|application\/wasm|magic word|expected magic/i.test(text)) {
    return "the web server sends pyodide.asm.wasm with the wrong type. Ask your web team to serve .wasm files as application/wasm.";
  }
  if (/wasm-unsafe-eval|unsafe-eval|Content.Security.Policy|Refused to compile|CompileError|call to WebAssembly/i.test(text)) {
    return "the site's Content-Security-Policy blocks WebAssembly. Ask your web team to add 'wasm-unsafe-eval' to script-src.";
  }
  if (/HTTP \d+|Failed to fetch|NetworkError|network/i.test(text)) {
    return `a file could not be downloaded (${text}). Check your connection and reload the page.`;
  }
  return `Python could not start (${text}).`;
}

// Pyodide only logs (and then waits forever) when WebAssembly is blocked or the .wasm file has
// the wrong type, so check both first: an 8-byte empty module and a HEAD request cost nothing.
const EMPTY_WASM_MODULE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);
const START_TIMEOUT_MS = 120000;

async function preflight() {
  await WebAssembly.compile(EMPTY_WASM_MODULE);
  const wasm = new URL("../pyodide/pyodide.asm.wasm", import.meta.url);
  const head = await fetch(wasm, { method: "HEAD" });
  if (!head.ok) throw new Error(`HTTP ${head.status} for ${wasm.pathname}`);
  const type = (head.headers.get("content-type") || "").split(";")[0].trim();
  if (type && type !== "application/wasm") throw new Error(`Incorrect response MIME type ${type}: expected application/wasm`);
}

function withTimeout(promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error("Python took more than two minutes to start")), START_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function init(wheelUrl) {
  progress(1, "Downloading and starting Python (about 6 MB, once per visit)…");
  await preflight();
  const [pyodide, wheel] = await Promise.all([
    loadPyodide({ indexURL: new URL("../pyodide/", import.meta.url).href }),
    fetchBytes(wheelUrl),
  ]);
  progress(2, "Installing the calculators…");
  pyodide.unpackArchive(wheel, "wheel");
  handle = pyodide.pyimport("calculators.browser").handle;
  memory = pyodide._module.HEAP8; // private but stable; only read for `stats`
  handle(JSON.stringify({ calculator: "workload", values: {} })); // warm up imports once
  // Move everything loaded so far out of the garbage collector's sight: full collections then
  // scan only what a calculation creates, which removes most of the slow outliers.
  pyodide.runPython("import gc; gc.freeze()");
}

self.onmessage = async ({ data }) => {
  if (data.type === "init") {
    try {
      await withTimeout(init(data.wheel));
      self.postMessage({ type: "ready" });
    } catch (error) {
      self.postMessage({ type: "failed", message: explain(error) });
    }
  } else if (data.type === "run") {
    let response;
    try {
      response = JSON.parse(handle(JSON.stringify(data.request)));
    } catch (error) {
      response = { ok: false, errors: [], failure: `The calculator hit an unexpected problem (${error.message}).` };
    }
    self.postMessage({ type: "result", id: data.id, response });
  } else if (data.type === "stats") {
    self.postMessage({ type: "stats", wasmMemoryBytes: memory ? memory.buffer.byteLength : null });
  }
};
