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
writeFileSync(outFile, pyodide.makeMemorySnapshot());
