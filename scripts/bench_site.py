"""Measure what a visitor experiences and how long a build takes; write build/bench-site.json.

Numbers, not pass/fail: a busy 2-core machine makes timings noisy, so this is a benchmark run
by `make bench`, not a timed test. Medians (and p95 where there are enough runs) are reported.
"""

from __future__ import annotations

import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from conftest import CHROMIUM_ARGS, DEBIAN_CHROMIUM, free_port, serve  # noqa: E402

CALC_PAGE = "workload/individual-calculator/"
GUIDANCE_PAGE = "workload/"
CALC = "calc-workload"
RUNS = 5


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def build_times(site: Path, url: str) -> list[float]:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=ROOT, check=True,
                       env={**os.environ, "SITE_URL": url, "NO_MKDOCS_2_WARNING": "1"})
        times.append(time.perf_counter() - start)
    return times


def page_bytes(browser, url: str) -> dict[str, int]:
    context = browser.new_context()
    sizes: list[int] = []
    def count(request) -> None:
        s = request.sizes()
        sizes.append(s["responseBodySize"] + s["responseHeadersSize"])

    context.on("requestfinished", count)
    page = context.new_page()
    page.goto(url)
    if CALC_PAGE in url:
        page.wait_for_selector(f"#{CALC}[data-state=calculated]", state="attached", timeout=120_000)
    else:
        page.wait_for_load_state("networkidle")
    context.close()
    return {"requests": len(sizes), "bytes": sum(sizes)}


def time_to_input(browser, url: str) -> tuple[list[float], list[float], list[float]]:
    """Cold (new browser profile) and repeat-visit (same profile, reload) time until Python answers;
    and the longest main-thread task while it loads."""
    cold, repeat, long_tasks = [], [], []
    for _ in range(RUNS):
        context = browser.new_context()
        page = context.new_page()
        page.add_init_script("""window.__longest = 0;
            new PerformanceObserver(l => { for (const e of l.getEntries())
              window.__longest = Math.max(window.__longest, e.duration); })
            .observe({type: 'longtask', buffered: true});""")
        for bucket in (cold, repeat):
            page.goto(url) if bucket is cold else page.reload()
            page.wait_for_selector(f"#{CALC}[data-state=calculated]", state="attached", timeout=120_000)
            bucket.append(page.evaluate("performance.now()") / 1000)
            if bucket is cold:
                long_tasks.append(page.evaluate("window.__longest"))
        context.close()
    return cold, repeat, long_tasks


def recalculation_ms(browser, url: str, runs: int = 60) -> tuple[list[float], dict[str, float]]:
    """Input-to-result times, and Python's WebAssembly memory before and after the runs
    (a leak would show as growth)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(f"#{CALC}[data-state=calculated]", state="attached", timeout=120_000)
    before = page.evaluate("window.toolkitCalculators.stats()")["wasmMemoryBytes"]
    times = page.evaluate("""async ([id, runs]) => {
        const root = document.getElementById(id), input = document.getElementById(id + '-cases_cin');
        const out = [];
        for (let i = 0; i < runs; i++) {
            const before = Number(root.dataset.responses);
            const start = performance.now();
            input.value = String(i % 20);
            root.querySelector('form').requestSubmit();
            await new Promise(resolve => {  // resolve the moment the answer is applied
                const seen = new MutationObserver(() => {
                    if (Number(root.dataset.responses) > before) { seen.disconnect(); resolve(); } });
                seen.observe(root, {attributes: true, attributeFilter: ['data-responses']}); });
            out.push(performance.now() - start);
        }
        return out; }""", [CALC, runs])
    after = page.evaluate("window.toolkitCalculators.stats()")["wasmMemoryBytes"]
    context.close()
    mib = 1024 * 1024
    return times, {"after_start_mib": round(before / mib, 1), f"after_{runs}_recalculations_mib": round(after / mib, 1)}


def gzip_size(folder: Path) -> int:
    return sum(len(gzip.compress(p.read_bytes(), 9)) for p in folder.iterdir() if p.is_file())


def main() -> None:
    from playwright.sync_api import sync_playwright

    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        builds = build_times(site, url)
        pages = len(list(site.rglob("index.html")))
        server = serve(site, port)
        with sync_playwright() as playwright:
            executable = DEBIAN_CHROMIUM if Path(DEBIAN_CHROMIUM).exists() else None
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            guidance = page_bytes(browser, url + GUIDANCE_PAGE)
            calculator = page_bytes(browser, url + CALC_PAGE)
            cold, repeat, long_tasks = time_to_input(browser, url + CALC_PAGE)
            recalc, memory = recalculation_ms(browser, url + CALC_PAGE)
            browser.close()
        server.shutdown()
        runtime_gzip = gzip_size(site / "assets" / "pyodide")
    results = {
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": f"{os.cpu_count()} cores",
        "build_seconds": {"median": round(statistics.median(builds), 2), "runs": [round(b, 2) for b in builds],
                          "pages": pages},
        "time_to_input_seconds": {
            "cold_median": round(statistics.median(cold), 2), "cold_runs": [round(c, 2) for c in cold],
            "repeat_median": round(statistics.median(repeat), 2), "repeat_runs": [round(r, 2) for r in repeat],
        },
        "longest_main_thread_task_ms_while_loading": round(max(long_tasks), 1),
        "recalculation_ms": {"median": round(statistics.median(recalc), 2), "p95": round(p95(recalc), 2),
                             "runs": len(recalc)},
        "python_wasm_memory": memory,
        "bytes_cold_uncompressed": {"guidance_page": guidance, "calculator_page": calculator},
        "pyodide_runtime_gzip_bytes": runtime_gzip,
    }
    out = ROOT / "build" / "bench-site.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
