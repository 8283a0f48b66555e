// Runs Python (Pyodide) off the main thread, so the page never freezes while it starts.
// Its messages, in and out, are listed in calculator/worker-protocol.js.
//
// Start-up restores a memory snapshot made at build time (Python with the calculators already
// imported: about 5x faster than starting Python) when it is safe and worth it, else starts normally.
import { loadPyodide, version } from "../pyodide/pyodide.mjs";
import { fromWorker } from "./calculator/worker-protocol.js";
import { wrongTypeAdvice } from "./calculator/server-advice.js";

let handle = null;
let startedFrom = null; // "snapshot" or "normal start": reported for benchmarks and support questions

const progress = (step, text) => self.postMessage(fromWorker.progress(step, text));

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
  return new Uint8Array(await response.arrayBuffer());
}

// Turn the browser's technical error into something a council's web team can act on.
function explain(error) {
  const text = String(error && (error.message || error));
  if (/module script|dynamically imported module/i.test(text)) {
    return wrongTypeAdvice("script", "the web server sends pyodide.asm.mjs with a type browsers will not run.");
  }
  if (/mime|application\/wasm|magic word|expected magic/i.test(text)) {
    return wrongTypeAdvice("wasm", "the web server sends pyodide.asm.wasm with the wrong type.");
  }
  if (/wasm-unsafe-eval|unsafe-eval|Content.Security.Policy|Refused to compile|CompileError|call to WebAssembly/i.test(text)) {
    return "the site's Content-Security-Policy blocks WebAssembly. Ask your web team to add 'wasm-unsafe-eval' to script-src.";
  }
  if (/HTTP 404 for .*\.whl/.test(text)) {
    // The page names a bundle the server no longer has: a newer version has been published since.
    return "this page belongs to an older version of the toolkit than the one now published. Reload the page to use the current version (your answers are kept); nothing is calculated until then.";
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

const INDEX_URL = new URL("../pyodide/", import.meta.url).href;
const SNAPSHOT_FILE = "snapshot.bin"; // beside the wheel, with snapshot.json (see toolkit_site/bundle.py)

// The snapshot is worth its extra download (about 6.6 MB compressed) only on a fast connection,
// or when it is already saved on this device (then it costs nothing). Save-Data always skips it.
async function snapshotWanted(url) {
  const connection = self.navigator.connection;
  if (connection && connection.saveData) return false;
  if (self.caches && (await self.caches.match(url).catch(() => null))) return true;
  // The browser's own estimate; `downlink` is too rough to use (1.6 Mbit/s even on localhost).
  return !connection || !connection.effectiveType || connection.effectiveType === "4g";
}

// A private Pyodide API: use the snapshot only if it was made by this very runtime version,
// and treat any failure as "start normally".
async function startFromSnapshot(bundleUrl) {
  try {
    const url = new URL(SNAPSHOT_FILE, bundleUrl).href;
    if (!(await snapshotWanted(url))) return null; // decided before any download
    const metaResponse = await fetch(new URL("snapshot.json", bundleUrl));
    if (!metaResponse.ok) return null;
    const meta = await metaResponse.json();
    if (meta.pyodide !== version || meta.file !== SNAPSHOT_FILE) return null;
    const snapshot = fetchBytes(url);
    // Pyodide awaits the download only later: a failure before then must not count as unhandled
    // (it is handled below, where loadPyodide rejects with it).
    snapshot.catch(() => {});
    const pyodide = await loadPyodide({ indexURL: INDEX_URL, _loadSnapshot: snapshot });
    pyodide.runPython("import calculators.hosts.browser"); // proves the restored Python is usable
    return pyodide;
  } catch (error) {
    console.warn("Python snapshot not used, starting normally:", error);
    return null;
  }
}

async function start(bundleUrl) {
  const pyodide = await startFromSnapshot(bundleUrl);
  startedFrom = pyodide ? "snapshot" : "normal start";
  return pyodide || loadPyodide({ indexURL: INDEX_URL });
}

async function init(wheelUrl) {
  progress(1, "Downloading and starting Python (once: this device keeps it for next time)…");
  // Everything at once, so a slow connection waits for no extra round trip; a failed server
  // check still stops the start at once with its clear message.
  const [pyodide, wheel] = await Promise.all([start(new URL("./", wheelUrl)), fetchBytes(wheelUrl), preflight()]);
  progress(2, "Installing the calculators…");
  // A snapshot holds Python's memory, not its files: unpack the wheel either way, so the
  // calculators' data files and any module not imported yet are there.
  pyodide.unpackArchive(wheel, "wheel");
  pyodideInstance = pyodide;
  bundleUrl = new URL("./", wheelUrl);
  handle = pyodide.pyimport("calculators.hosts.browser").handle;
  // After a normal start, keep it lean (the snapshot was taken after a full warm-up): move what is
  // loaded out of the garbage collector's sight, so full collections scan only what a calculation makes.
  if (startedFrom === "normal start") pyodide.runPython("import gc; gc.freeze()");
}

// Packages a calculator needs only sometimes are wheels beside the calculators' own, listed in
// packages.json by the build; installing one takes a moment and happens once per visit.
let pyodideInstance = null;
let bundleUrl = null;
const installed = new Set();

async function install(names) {
  const missing = names.filter((name) => !installed.has(name));
  if (!missing.length) return;
  const listResponse = await fetch(new URL("packages.json", bundleUrl));
  if (!listResponse.ok) throw new Error(`HTTP ${listResponse.status} for packages.json`);
  const wheels = await listResponse.json();
  const unknown = missing.filter((name) => !wheels[name]);
  if (unknown.length) throw new Error(`this site does not include ${unknown.join(", ")}`);
  const files = await Promise.all(missing.map((name) => fetchBytes(new URL(wheels[name], bundleUrl))));
  files.forEach((bytes) => pyodideInstance.unpackArchive(bytes, "wheel"));
  pyodideInstance.runPython("import importlib; importlib.invalidate_caches()");
  missing.forEach((name) => installed.add(name));
}

// What the worker does with each message from the page (keyed like toWorker in worker-protocol.js).
const HANDLERS = {
  async init(data) {
    try {
      await withTimeout(init(data.wheel));
      self.postMessage(fromWorker.ready(startedFrom));
    } catch (error) {
      self.postMessage(fromWorker.failed(explain(error)));
    }
  },
  async run(data) {
    let response;
    try {
      response = JSON.parse(handle(JSON.stringify(data.request)));
      if (!response.ok && Array.isArray(response.needs) && response.needs.length) {
        await install(response.needs); // e.g. openpyxl, the first time an Excel file is used
        response = JSON.parse(handle(JSON.stringify(data.request))); // and ask once more
      }
    } catch (error) {
      response = { ok: false, errors: [], failure: `The calculator hit an unexpected problem (${error.message}).` };
    }
    self.postMessage(fromWorker.result(data.id, response));
  },
  stats() {
    self.postMessage(fromWorker.stats(startedFrom));
  },
};

self.onmessage = ({ data }) => {
  if (data && Object.hasOwn(HANDLERS, data.type)) HANDLERS[data.type](data);
};
