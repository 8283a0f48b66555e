"""Benchmark the team workload calculator (a measurement, not a test).

    .venv/bin/python scripts/bench_team.py [--no-browser] [--site DIR] [--repeats N]

Measures, natively:
- 50 workers (about 15 cases each) and 1,000 workers × 50 cases each;
- for each, `calculate()` alone (the same inputs each time, so each worker's result is a remembered
  one after the first); the whole `calculators.run()` as the page asks for it on every
  change (read and check every cell, calculate, build and render the report, name the downloads);
  run() with every download's text made (the command line); and the "download" action that makes
  the results CSV when the user saves it; p50 and p95 over repeated runs.
- run() again as the team changes: "run_one_row_edited" (each time one row differs from the time
  before, as when someone types in the table) and "run_every_row_new" (every row differs each time, as
  when a file is imported): rows and workers' results seen before are remembered (calculators/team),
  so the plain "run" (the same answers again) is the one-row case without even that row.

Then, unless --no-browser, in Chromium through Playwright: the round trip of one request to the
site's own Pyodide worker (post the request, Python runs `calculators.hosts.browser.handle`, receive the
answer), for the same two teams, the same three ways ("workers_50" is the same answers again, then
"..._one_row_edited" and "..._every_row_new"). Timing starts once the page's own calculator has
started (its Python start would otherwise compete for the CPU). The first requests to a Python just
started are slower (2-3x for about 30 requests: the browser optimises the WebAssembly's hot functions
only once they have run a while), so they are timed on their own first, as "workers_50_just_started"
(one row edited each time, as someone typing), and the series after them are the steady state. The
site is built with MkDocs into a temporary folder unless --site names a built one. Writes
build/bench-team.json and prints it.
Targets (issue 3, issue 21 item 5): 50 workers within 10 ms p95 in the browser worker; 1,000 × 50
within 100 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROMIUM_ARGS, DEBIAN_CHROMIUM  # noqa: E402 - the tests' browser settings, as the other benchmarks

import calculators  # noqa: E402


def make_team(workers: int, cases_each: int | None, seed: int = 1) -> dict:
    """Raw values for a team: `cases_each` cases per worker, or 8 to 22 when None."""
    rng = random.Random(seed)
    _, settings = calculators.prepare("team")
    ids = [c.id for c in settings.case_types]
    rows = []
    for i in range(workers):
        n = cases_each if cases_each is not None else rng.randint(8, 22)
        counts = dict.fromkeys(ids, 0)
        for _ in range(n):
            counts[rng.choice(ids)] += 1
        row = {
            "label": f"W{i:04d}",
            "contracted_hours": rng.choice(["37", "30", "22.5"]),
            "protected_hours": rng.choice(["2", "3", "4.5"]),
            "asye": rng.choice(["no"] * 5 + ["yes"]),
        }
        row.update({f"cases_{k}": str(v) for k, v in counts.items()})
        row.update({f"extra_{c.id}": str(rng.randint(0, min(3, n))) for c in settings.complexity})
        rows.append(row)
    return {"workers": rows, "next_case": "cp", "next_extra": "none"}


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summary(samples_ms: list[float]) -> dict:
    return {
        "runs": len(samples_ms),
        "p50_ms": round(percentile(samples_ms, 50), 3),
        "p95_ms": round(percentile(samples_ms, 95), 3),
        "mean_ms": round(statistics.fmean(samples_ms), 3),
        "max_ms": round(max(samples_ms), 3),
    }


def time_native(values: dict, repeats: int) -> dict:
    calc, settings = calculators.prepare("team")
    inputs = calc.read(values, settings)
    out = {}
    filename = calculators.run("team", values, download_contents=False)["downloads"][0]["filename"]
    for name, job in (
        ("calculate", lambda: calc.calculate(inputs, settings)),
        # what the page asks on every change: the result, the downloads named but not made
        ("run", lambda: calculators.run("team", values, download_contents=False)),
        # the command line's (and older pages') answer, every download's text made
        ("run_with_download_contents", lambda: calculators.run("team", values)),
        # what the page asks when the user saves the results CSV
        ("download", lambda: calculators.act("team", "download", values, payload=filename)),
    ):
        job()  # warm up
        samples = []
        for _ in range(repeats):
            start = time.perf_counter()
            job()
            samples.append((time.perf_counter() - start) * 1000)
        out[name] = summary(samples)
    for name, changed in (("run_one_row_edited", one_row_edited), ("run_every_row_new", every_row_new)):
        teams = [changed(values, n) for n in range(repeats + 1)]
        calculators.run("team", teams[0], download_contents=False)  # warm up
        samples = []
        for team in teams[1:]:
            start = time.perf_counter()
            calculators.run("team", team, download_contents=False)
            samples.append((time.perf_counter() - start) * 1000)
        out[name] = summary(samples)
    return out


def one_row_edited(values: dict, n: int) -> dict:
    """The team with the label of one row (a different one each n) changed, as when someone types in it."""
    rows = list(values["workers"])
    at = n % len(rows)
    rows[at] = {**rows[at], "label": f"{rows[at]['label']}-{n}"}
    return {**values, "workers": rows}


def every_row_new(values: dict, n: int) -> dict:
    """The team with every row's label changed (each n differently), so no row is as it was before."""
    return {**values, "workers": [{**row, "label": f"{row['label']}-{n}"} for row in values["workers"]]}


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


JUST_STARTED = 40  # requests timed right after Python starts, before the steady-state series

BROWSER_JS = """
async ([teams, repeats, JUST_STARTED]) => {
  const root = document.querySelector("[data-calculator=team]");
  const site = document.baseURI.replace(/workload\\/team-calculator\\/.*$/, "");
  const workerUrl = new URL("assets/js/calculator-worker.js", site);
  const wheel = new URL(`../calculators/${root.dataset.wheel}`, workerUrl).href;
  const worker = new Worker(workerUrl, { type: "module" });
  let nextId = 0;
  const waiting = new Map();
  const ready = new Promise((resolve, reject) => {
    worker.onmessage = ({ data }) => {
      if (data.type === "ready") resolve();
      else if (data.type === "failed") reject(new Error(data.message));
      else if (data.type === "result") { waiting.get(data.id)(data.response); waiting.delete(data.id); }
    };
  });
  worker.postMessage({ type: "init", wheel });
  await ready;
  const ask = (request) => new Promise((resolve) => {
    const id = nextId++;
    waiting.set(id, resolve);
    worker.postMessage({ type: "run", id, request });
  });
  const timed = async (request) => {
    const start = performance.now();
    const response = await ask(request);
    return [performance.now() - start, response.ok];
  };
  // The same answers again; one row's label changed each time (typing); every row's (an import).
  const changes = {
    "": (values) => values,
    "_one_row_edited": (values, i) => ({ ...values, workers: values.workers.map(
      (row, at) => at === i % values.workers.length ? { ...row, label: `${row.label}-${i}` } : row) }),
    "_every_row_new": (values, i) => ({ ...values, workers: values.workers.map(
      (row) => ({ ...row, label: `${row.label}-${i}` })) }),
  };
  const out = {};
  // Python just started: nothing warmed up (see the docstring).
  const first = { samples: [], ok: true };
  for (let i = 0; i < JUST_STARTED; i++) {
    const [ms, ok] = await timed({ calculator: "team", values: changes._one_row_edited(teams.workers_50, i),
                                   options: { model: "points" }, download_contents: false });
    first.samples.push(ms);
    first.ok = first.ok && ok;
  }
  out.workers_50_just_started = first;
  for (const [name, values] of Object.entries(teams)) {
    for (const [suffix, change] of Object.entries(changes)) {
      const request = (i) => ({
        calculator: "team", values: change(values, i), options: { model: "points" }, download_contents: false,
      });
      for (let i = 0; i < 5; i++) await ask(request(-1 - i));  // warm up
      const samples = [];
      let ok = true;
      const n = name === "workers_50" ? repeats : Math.max(10, Math.floor(repeats / 5));
      for (let i = 0; i < n; i++) {
        const [ms, answered] = await timed(request(i));  // the request is made before the clock starts
        samples.push(ms);
        ok = ok && answered;
      }
      out[name + suffix] = { samples, ok };
    }
  }
  worker.terminate();
  return out;
}
"""


def time_browser(teams: dict, repeats: int, site: Path | None) -> dict:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bench-team-") as tmp:
        if site is None:
            site = Path(tmp) / "site"
            env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": "http://127.0.0.1/"}
            build = subprocess.run(
                [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=900,
            )
            if build.returncode != 0:
                raise SystemExit(f"mkdocs build failed:\n{build.stderr}")
        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/workload/team-calculator/"
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path=DEBIAN_CHROMIUM if Path(DEBIAN_CHROMIUM).exists() else None, args=CHROMIUM_ARGS
                )
                page = browser.new_page()
                page.set_default_timeout(180_000)
                page.goto(url)
                # The page's own calculator starts Python too: time only once it has, so the two do not
                # share the CPU during the first timed requests.
                page.wait_for_selector("#calc-team[data-state=calculated]", state="attached")
                raw = page.evaluate(BROWSER_JS, [teams, repeats, JUST_STARTED])
                version = browser.version
                browser.close()
        finally:
            server.shutdown()
    out = {name: {**summary(r["samples"]), "all_ok": r["ok"]} for name, r in raw.items()}
    out["chromium"] = version
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-browser", action="store_true", help="measure native Python only")
    parser.add_argument("--site", type=Path, help="an already built site to serve (default: build one)")
    parser.add_argument("--repeats", type=int, default=200, help="timed runs for 50 workers (1,000 × 50: a fifth)")
    args = parser.parse_args()

    teams = {"workers_50": make_team(50, None), "workers_1000_x_50_cases": make_team(1000, 50)}
    for name, values in teams.items():
        outcome = calculators.run("team", values)
        assert outcome["ok"], (name, outcome.get("errors"))
    report = {
        "what": "team workload calculator, points model; times in milliseconds",
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "targets": {"workers_50_browser_p95_ms": 10, "workers_1000_x_50_cases_ms": 100},
        "native": {
            "workers_50": time_native(teams["workers_50"], args.repeats),
            "workers_1000_x_50_cases": time_native(teams["workers_1000_x_50_cases"], max(10, args.repeats // 5)),
        },
    }
    if not args.no_browser:
        report["browser_worker_round_trip"] = time_browser(teams, args.repeats, args.site)
    target = ROOT / "build" / "bench-team.json"
    target.parent.mkdir(exist_ok=True)
    target.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))
    print(f"written to {target.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
