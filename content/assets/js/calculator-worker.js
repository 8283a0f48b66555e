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

// When each start-up step ended, in ms since the epoch so the page can line them up with its own
// clock; sent with `stats` (with the worker's downloads) for benchmarks and support questions.
const marks = {};
const mark = (name) => {
  marks[name] ??= performance.timeOrigin + performance.now();
};
mark("worker script loaded");

const INDEX_URL = new URL("../pyodide/", import.meta.url).href;
const WASM_URL = new URL("pyodide.asm.wasm", INDEX_URL).href;
const STDLIB_URL = new URL("python_stdlib.zip", INDEX_URL).href;

// loadPyodide asks for its files one after another (the WebAssembly only once the snapshot is in),
// so the worker asks for them all at once and hands Pyodide what it already has:
// - the WebAssembly is compiled as it downloads (streaming, which also lets the browser keep the
//   compiled code for the next visit), and Pyodide's own request for the file gets an empty
//   stand-in: its instantiateStreaming below instantiates the module compiled here;
// - any other file asked for early (the standard library) is the response already on its way.
let compiledRuntime = null;
const early = new Map(); // URL -> the response promise, handed out once
const networkFetch = self.fetch.bind(self);
self.fetch = (input, init) => {
  const url = String(input instanceof Request ? input.url : input);
  if (url === WASM_URL && compiledRuntime && !init?.method) return Promise.resolve(new Response(null));
  const started = early.get(url);
  early.delete(url);
  return started || networkFetch(input, init);
};
function fetchEarly(url) {
  const started = networkFetch(url);
  started.catch(() => {}); // its failure counts where loadPyodide reads it
  early.set(url, started);
}
const instantiateStreaming = WebAssembly.instantiateStreaming;
WebAssembly.instantiateStreaming = async (source, imports) => {
  mark("WebAssembly asked for");
  const module = compiledRuntime && (await compiledRuntime);
  const result = module ? { module, instance: await WebAssembly.instantiate(module, imports) } : await instantiateStreaming(source, imports);
  mark("WebAssembly instantiated");
  return result;
};

function downloads() {
  return performance.getEntriesByType("resource").map((entry) => ({
    file: entry.name.split("?")[0].split("/").pop(),
    start: performance.timeOrigin + entry.startTime,
    end: performance.timeOrigin + entry.responseEnd,
    bytes: entry.transferSize,
    size: entry.decodedBodySize,
  }));
}

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
// and treat any failure as "start normally". The snapshot and its description download together.
async function startFromSnapshot(bundleUrl, asm) {
  const stop = new AbortController();
  try {
    const url = new URL(SNAPSHOT_FILE, bundleUrl).href;
    if (!(await snapshotWanted(url))) return null; // decided before any download
    const snapshot = networkFetch(url, { signal: stop.signal }).then(async (response) => {
      if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
      const bytes = new Uint8Array(await response.arrayBuffer());
      mark("snapshot downloaded");
      return bytes;
    });
    // Pyodide awaits the download only later: a failure before then must not count as unhandled
    // (it is handled below, where loadPyodide rejects with it).
    snapshot.catch(() => {});
    const metaResponse = await networkFetch(new URL("snapshot.json", bundleUrl));
    const meta = metaResponse.ok ? await metaResponse.json() : {};
    if (meta.pyodide !== version || meta.file !== SNAPSHOT_FILE) {
      stop.abort();
      return null;
    }
    const pyodide = await loadPyodide({ indexURL: INDEX_URL, createPyodideModule: (await asm).default, _loadSnapshot: snapshot });
    pyodide.runPython("import calculators.hosts.browser"); // proves the restored Python is usable
    return pyodide;
  } catch (error) {
    stop.abort();
    console.warn("Python snapshot not used, starting normally:", error);
    return null;
  }
}

async function start(bundleUrl, asm) {
  const pyodide = await startFromSnapshot(bundleUrl, asm);
  startedFrom = pyodide ? "snapshot" : "normal start";
  return pyodide || loadPyodide({ indexURL: INDEX_URL, createPyodideModule: (await asm).default });
}

async function init(wheelUrl) {
  mark("asked to start");
  progress(1, "Downloading and starting Python (once: this device keeps it for next time)…");
  // Everything at once, so a slow connection waits for no extra round trip; a failed server
  // check still stops the start at once with its clear message.
  compiledRuntime = WebAssembly.compileStreaming(networkFetch(WASM_URL)).then((module) => (mark("WebAssembly compiled"), module));
  fetchEarly(STDLIB_URL);
  const asm = import("../pyodide/pyodide.asm.mjs").then((module) => (mark("pyodide.asm.mjs loaded"), module));
  const [pyodide, wheel] = await Promise.all([start(new URL("./", wheelUrl), asm), fetchBytes(wheelUrl), preflight(), compiledRuntime]);
  mark("Python started");
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
  mark("calculators imported");
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
    self.postMessage(fromWorker.stats(startedFrom, marks, downloads()));
  },
};

self.onmessage = ({ data }) => {
  if (data && Object.hasOwn(HANDLERS, data.type)) HANDLERS[data.type](data);
};
