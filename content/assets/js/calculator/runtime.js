// The runtime: one worker running Python for the whole visit, started lazily by the first
// calculator shown and shared by every calculator and page (instant navigation keeps it).
// `runtime` is also window.toolkitCalculators.runtime: tests post requests through it.

import { fromWorker, toWorker } from "./worker-protocol.js";
import { wrongTypeAdvice } from "./server-advice.js";

export const runtime = {
  worker: null,
  state: "idle", // idle | loading | ready | failed
  step: 0,
  text: "",
  ready: null,
  wheel: null, // the bundle the worker runs: its folder is a hash of the calculators' code
  pending: new Map(), // request id (or "stats") -> the callback waiting for its answer
  nextId: 1,
  listeners: new Set(), // called on every change of state, step or text
};

const ASSETS = new URL("../../", import.meta.url); // this file is assets/js/calculator/runtime.js

function notify() {
  for (const listener of runtime.listeners) listener();
}

// Every request still waiting is answered with `failure`.
function failPending(failure) {
  for (const callback of runtime.pending.values()) callback({ ok: false, errors: [], failure });
  runtime.pending.clear();
}

// A module worker that cannot load gives no reason; the usual one is a server sending .mjs or .js
// with a type browsers refuse to run (stock Debian nginx has no .mjs type). Name the exact setting.
async function scriptTypeProblem() {
  for (const file of ["js/calculator-worker.js", "pyodide/pyodide.mjs", "pyodide/pyodide.asm.mjs"]) {
    try {
      const url = new URL(file, ASSETS);
      const response = await fetch(url, { method: "HEAD" });
      const type = (response.headers.get("content-type") || "").split(";")[0].trim();
      if (response.ok && !/javascript|ecmascript/i.test(type)) {
        const name = url.pathname.split("/").pop();
        return wrongTypeAdvice("script", `the web server sends ${name} as "${type || "no type"}", so the browser will not run it.`);
      }
    } catch {
      // the generic message below covers network trouble
    }
  }
  return null;
}

// A page of another build (a deployment during the visit, met by instant navigation) names its own
// bundle: the Python running has the other build's calculators, so it is stopped and never answers
// here (answers on their way are dropped), and Python starts again on this page's code.
function stopRuntime() {
  runtime.worker?.terminate();
  failPending("The calculator is restarting with the toolkit's new version: press Calculate again.");
  Object.assign(runtime, { worker: null, ready: null, state: "idle", step: 0, wheel: null });
}

// What the page does with each message from the worker (keyed like fromWorker).
function handlers(resolve, fail) {
  return {
    progress(data) {
      runtime.step = data.step;
      runtime.text = data.text;
      notify();
    },
    ready() {
      runtime.state = "ready";
      notify();
      resolve(true);
    },
    failed(data) {
      fail(data.message);
    },
    stats(data) {
      runtime.pending.get("stats")?.(data);
      runtime.pending.delete("stats");
    },
    result(data) {
      const callback = runtime.pending.get(data.id);
      runtime.pending.delete(data.id);
      if (callback) callback(data.response);
    },
  };
}

// Starts Python on the bundle `wheelPath` (unless it already runs it); resolves true once it is
// ready, false if it could not start (runtime.text then says why).
export function startRuntime(wheelPath) {
  if (runtime.ready && runtime.wheel === wheelPath) return runtime.ready;
  if (runtime.ready) stopRuntime();
  runtime.wheel = wheelPath;
  runtime.state = "loading";
  runtime.text = "Starting Python in your browser…"; // until the worker reports its first step
  runtime.ready = new Promise((resolve) => {
    let worker = null;
    const fail = (message) => {
      if (runtime.worker !== worker) return; // a worker stopped for a newer build's
      runtime.state = "failed";
      runtime.text = message;
      failPending(message);
      notify();
      resolve(false);
    };
    try {
      // Named after the bundle, so a restart never runs the previous build's worker from the browser's cache.
      const script = new URL(`js/calculator-worker.js?build=${encodeURIComponent(wheelPath.split("/")[0])}`, ASSETS);
      worker = runtime.worker = new Worker(script, { type: "module" });
    } catch (error) {
      fail(`the browser would not start a worker (${error.message}).`);
      return;
    }
    const handle = handlers(resolve, fail);
    worker.onmessage = ({ data }) => {
      if (runtime.worker === worker && Object.hasOwn(fromWorker, data.type)) handle[data.type](data);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      const generic = `the calculator's script could not load (${event.message || "blocked by the browser or the server"}).`;
      scriptTypeProblem().then((problem) => fail(problem || generic), () => fail(generic));
    };
    worker.postMessage(toWorker.init(new URL(`calculators/${wheelPath}`, ASSETS).href));
  });
  notify();
  return runtime.ready;
}

// Python's answer to one request; never rejects (a failure comes back as {failure: "…"}).
export function calculate(request) {
  return new Promise((resolve) => {
    if (runtime.state === "failed" || !runtime.worker) {
      resolve({ ok: false, errors: [], failure: `The calculator could not start: ${runtime.text}` });
      return;
    }
    const id = runtime.nextId++;
    runtime.pending.set(id, resolve);
    runtime.worker.postMessage(toWorker.run(id, request));
  });
}

// How Python was started (for benchmarks and support questions; see worker-protocol.js).
export function stats() {
  return new Promise((resolve) => {
    runtime.pending.set("stats", resolve);
    runtime.worker.postMessage(toWorker.stats());
  });
}
