"""Benchmark importing big team files in the browser (a measurement, not a test).

    .venv/bin/python scripts/bench_import.py [--site DIR] [--runs N]

In Chromium through Playwright, against a built site served over HTTP (built with MkDocs into a
temporary folder unless --site names a built one), the team workload page imports team CSV files
of 100, 1,000 and 2,000 workers through its file control, as a user choosing a file would, and a
file of 100,000 workers that must be refused. For each it measures, in the page:
- the time from the file control's change event to the result (or the refusal) showing, that is
  the calculator's next answer plus the frame that paints it;
- the longest main-thread task from the change event until a second after that
  (PerformanceObserver "longtask": any task over 50 ms);
- how often a 50 ms timer fired meanwhile, against how often it would on an idle page.
Targets (issue 7): a 2,000-row file shows its result within 3 s with no main-thread task over
100 ms; a 100,000-row file is refused within 2 s naming the limit, the page responsive throughout.
Writes build/bench-import.json ({"when", "rows": [{what, target, result, met}], "raw"}) and prints it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROMIUM_ARGS, DEBIAN_CHROMIUM, build_site, free_port, serve  # noqa: E402

import calculators  # noqa: E402
from calculators import team  # noqa: E402

PAGE = "workload/team-calculator/"
CALC = "calc-team"
SIZES = (100, 1_000, 2_000, 100_000)
LIMIT = 2_000  # the team table's row limit: bigger files are refused

# The page has finished starting: no main-thread task over 50 ms for the last second.
QUIET = """() => {
  if (!window.__quiet) {
    window.__quiet = { last: performance.now() };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__quiet.last = Math.max(window.__quiet.last, e.startTime + e.duration);
    }).observe({ type: "longtask", buffered: true });
  }
  return performance.now() - window.__quiet.last > 1000;
}"""

# Set up before the file is chosen: long tasks, a 50 ms timer, and the moment of the change event.
WATCH = """(id) => {
  const root = document.getElementById(id);
  const input = root.querySelector("input[type=file][data-action=import]");
  const w = window.__bench = { tasks: [], ticks: 0, start: null, end: null, responses: null };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.tasks.push([e.startTime, e.duration]);
  }).observe({ type: "longtask" });
  w.timer = setInterval(() => { if (w.start !== null && w.end === null) w.ticks++; }, 50);
  input.addEventListener("change", () => {
    w.start = performance.now();
    w.responses = Number(root.dataset.responses || 0);
  }, { capture: true, once: true });
  // The answer is in when the calculator counts a new response; the result shows in the next frame.
  new MutationObserver((_, observer) => {
    if (w.start === null || Number(root.dataset.responses || 0) <= w.responses) return;
    observer.disconnect();
    requestAnimationFrame(() => setTimeout(() => { w.end = performance.now(); }, 0));
  }).observe(root, { attributes: true, attributeFilter: ["data-responses"] });
}"""

# What the browser does when a user picks the file in the file control.
CHOOSE = """(id) => {
  const input = document.getElementById(`${id}-import`);
  const chosen = new DataTransfer();
  chosen.items.add(window.__file);
  input.files = chosen.files;
  input.dispatchEvent(new Event("change", { bubbles: true }));
}"""

# A second after the result: whatever the page still does for it (layout, paint) is counted too.
COLLECT = """async (id) => {
  const w = window.__bench;
  await new Promise((resolve) => setTimeout(resolve, 1000));
  clearInterval(w.timer);
  const root = document.getElementById(id);
  // a task under way when the file was chosen counts from that moment
  const during = w.tasks.filter(([start, length]) => start + length > w.start)
    .map(([start, length]) => start + length - Math.max(start, w.start));
  const error = root.querySelector(`#${id}-import-error`);
  return {
    seconds: (w.end - w.start) / 1000,
    longest_task_ms: Math.max(0, ...during),
    long_tasks: during.length,
    timer_ticks: w.ticks,
    timer_ticks_if_idle: Math.floor((w.end - w.start) / 50),
    status: root.querySelector("[data-role=result-status]").textContent.trim(),
    refusal: error && !error.hidden ? error.textContent.replace(/^Error:\\s*/, "").trim() : null,
    rows_in_page: root.querySelectorAll("[data-table=workers] tbody tr[data-row]").length,
    rows_in_result: root.querySelectorAll("[data-role=result] tbody tr").length,
    workers: window.toolkitCalculators.calculators.get(id).values().workers.length,
  };
}"""


def team_csv(rows: int) -> bytes:
    """A team file as a manager's spreadsheet would give it: every column, a few cases each."""
    _, settings = calculators.prepare("team", {"model": "points"})
    columns = team.workers_table(settings).columns
    lines = [",".join(c.name for c in columns)]
    for i in range(1, rows + 1):
        cells = {"label": f"Worker {i}", "contracted_hours": "37", "protected_hours": "3"}
        # a choice (ASYE, status) takes its default; a count a small number that varies by row
        lines.append(
            ",".join(cells.get(c.name, c.default if c.choices else str((i + len(c.name)) % 5)) for c in columns)
        )
    return ("\r\n".join(lines) + "\r\n").encode()


def import_once(browser, url: str, rows: int, body: bytes) -> dict:
    page = browser.new_page()
    page.set_default_timeout(300_000)
    try:
        page.goto(url)
        page.wait_for_selector(f"#{CALC}[data-state=calculated]", state="attached")
        # the file holds the team; the question about the next case is answered in the form
        page.check(f"#{CALC}-next_case-cp")
        page.check(f"#{CALC}-next_extra-none")
        page.wait_for_function(QUIET, polling=200)  # a user takes a moment to choose a file
        # The file is made in the page first: Playwright's own set_input_files decodes it on the page's
        # main thread (half a second for 100,000 rows), which a user choosing a file never pays for.
        page.evaluate(
            "([name, text]) => { window.__file = new File([text], name, { type: 'text/csv' }); }",
            [f"team-{rows}.csv", body.decode()],
        )
        page.evaluate(WATCH, CALC)
        page.evaluate(CHOOSE, CALC)
        page.wait_for_function("() => window.__bench.end !== null", polling=100)
        out = page.evaluate(COLLECT, CALC)
    finally:
        page.close()
    out["refused"] = out["refusal"] is not None
    out["ok"] = (
        (f"{LIMIT:,}" in (out["refusal"] or ""))
        if rows > LIMIT
        else (out["workers"] == rows and out["status"].startswith("Calculated"))
    )
    return out


def median_run(runs: list[dict]) -> dict:
    """The run with the median time, plus the worst long task over all runs (the one users feel)."""
    ordered = sorted(runs, key=lambda r: r["seconds"])
    middle = dict(ordered[len(ordered) // 2])
    middle["longest_task_ms_all_runs"] = max(r["longest_task_ms"] for r in runs)
    middle["seconds_all_runs"] = [round(r["seconds"], 3) for r in runs]
    middle["ok_all_runs"] = all(r["ok"] for r in runs)
    return middle


def rows_for(raw: dict) -> list[dict]:
    out = []
    for size in SIZES:
        r = raw[str(size)]
        task = r["longest_task_ms_all_runs"]
        longest = f"longest main-thread task {task:.0f} ms" if task else "no main-thread task over 50 ms"
        ticks = f"a 50 ms timer fired {r['timer_ticks']} of {r['timer_ticks_if_idle']} times"
        if size > LIMIT:
            shown = (
                f"refused in {r['seconds']:.2f} s naming the limit; {longest}; {ticks}"
                if r["ok_all_runs"]
                else f"not refused as expected: {r['status'] or r['refusal']}"
            )
            out.append(
                {
                    "what": f"Import a {size:,}-row team file (over the limit)",
                    "target": "refused within 2 s, the limit named, no main-thread task over 100 ms",
                    "result": shown,
                    "met": r["ok_all_runs"] and r["seconds"] <= 2 and task <= 100,
                }
            )
            continue
        shown = (
            f"result in {r['seconds']:.2f} s; {longest}; {ticks}"
            if r["ok_all_runs"]
            else f"failed: {r['status'] or r['refusal']}"
        )
        target, met = "none (for comparison)", None
        if size == LIMIT:
            target = "result within 3 s, no main-thread task over 100 ms"
            met = r["ok_all_runs"] and r["seconds"] <= 3 and task <= 100
        out.append({"what": f"Import a {size:,}-row team file", "target": target, "result": shown, "met": met})
    return out


def main() -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an already built site to serve (default: build one)")
    parser.add_argument("--runs", type=int, default=3, help="imports of each file (median time reported)")
    args = parser.parse_args()
    started = time.monotonic()
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            build = build_site(site, f"http://127.0.0.1:{port}/")
            if build.returncode != 0:
                raise SystemExit(f"mkdocs build failed:\n{build.stdout}\n{build.stderr}")
        server = serve(site, port)
        raw: dict = {}
        try:
            with sync_playwright() as p:
                executable = DEBIAN_CHROMIUM if Path(DEBIAN_CHROMIUM).exists() else None
                browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
                for size in SIZES:
                    body = team_csv(size)
                    runs = [
                        import_once(browser, f"http://127.0.0.1:{port}/{PAGE}", size, body) for _ in range(args.runs)
                    ]
                    raw[str(size)] = {**median_run(runs), "file_bytes": len(body)}
                raw["chromium"] = browser.version
                browser.close()
        finally:
            server.shutdown()
    raw["cpus"] = os.cpu_count()
    raw["load_average"] = [round(x, 2) for x in os.getloadavg()]
    raw["bench_seconds"] = round(time.monotonic() - started)
    raw["median_seconds"] = {
        k: statistics.median(v["seconds_all_runs"])
        for k, v in raw.items()
        if isinstance(v, dict) and "seconds_all_runs" in v
    }
    report = {"when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "rows": rows_for(raw), "raw": raw}
    target = ROOT / "build" / "bench-import.json"
    target.parent.mkdir(exist_ok=True)
    target.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report["rows"], indent=2))
    print(f"written to {target.relative_to(ROOT)} in {raw['bench_seconds']} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
