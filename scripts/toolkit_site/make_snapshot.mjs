// Make a Pyodide memory snapshot of Python with the calculators imported and warmed up, so a
// browser can restore it instead of starting Python and importing everything (about 5x faster).
//
//   node make_snapshot.mjs PYODIDE_DIR WHEEL OUT_FILE
//
// Uses Pyodide's private snapshot API (`_makeSnapshot`, `makeMemorySnapshot`): bundle.py pins
// the version, stores it and the runtime's hash beside the snapshot, and the worker falls back to
// a normal start whenever anything does not match.
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import path from "node:path";

const [pyodideDir, wheelPath, outFile] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL: pyodideDir + path.sep, _makeSnapshot: true });
pyodide.unpackArchive(new Uint8Array(readFileSync(wheelPath)), "wheel");
// The same warm-up the worker does after a normal start (calculators.hosts.browser.warm_up).
pyodide.runPython("from calculators.hosts.browser import warm_up; warm_up()");
clearFreedMemory(pyodide);
writeFileSync(outFile, pyodide.makeMemorySnapshot());

// Memory freed during the warm-up still holds what was there; zeroed, it compresses to nothing
// (the snapshot: 6.88 -> 6.40 MB gzip). Collect the garbage, then take every free block malloc has,
// without letting the heap grow (a footprint limit), zero it, and give it back.
function clearFreedMemory(python) {
  python.runPython("import gc; gc.unfreeze(); gc.collect(); gc.freeze()");
  const heap = python._module;
  const limit = heap._malloc_footprint_limit(); // -1: none
  heap._malloc_set_footprint_limit(heap._malloc_footprint());
  const blocks = [];
  for (let size = 1 << 24; size >= 16; size >>= 1) {
    for (let block = heap._malloc(size); block; block = heap._malloc(size)) {
      heap.HEAPU8.fill(0, block, block + size);
      blocks.push(block);
    }
  }
  blocks.forEach((block) => heap._free(block));
  heap._malloc_set_footprint_limit(limit);
}
