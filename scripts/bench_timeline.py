"""Where a calculator page's start-up time goes: the worker's own marks lined up with the page's
clock, and a Chromium performance trace of one visit. Used by scripts/bench_site.py.

The worker (content/assets/js/calculator-worker.js) records when each start-up step ended and
reports it with its downloads through window.toolkitCalculators.stats(); the page adds when it
asked for the worker and when the answer showed. All times are seconds from the navigation.
"""

from __future__ import annotations

import gzip
import json
import statistics
from pathlib import Path

# The steps, each with what it covers. Several run at once (the worker asks for its files together),
# so the table lists them in the order they ended and "took" is the time since the one before.
STEPS = {
    "worker requested": "HTML, theme and page scripts until the page starts the worker",
    "worker script loaded": "the worker's script and pyodide.mjs",
    "asked to start": "the page's first message reaches the worker; every download starts",
    "pyodide.asm.mjs loaded": "Pyodide's JavaScript (1.2 MB) fetched and evaluated",
    "WebAssembly compiled": "pyodide.asm.wasm (9.6 MB) compiled as it downloads",
    "snapshot downloaded": "the memory snapshot fetched (and read into memory)",
    "WebAssembly asked for": "Pyodide sets up Emscripten (it waits for the snapshot first)",
    "WebAssembly instantiated": "the compiled module instantiated",
    "Python started": "the snapshot restored (or Python started) and bootstrapped",
    "calculators imported": "the wheel unpacked and the calculators imported",
    "answered": "the page's first answer shows",
}
BIG_FILES = ("pyodide.asm.wasm", "snapshot.bin", "python_stdlib.zip", "pyodide.asm.mjs")

PAGE_TIMES = r"""() => {
  const worker = performance.getEntriesByType("resource").find((e) => /calculator-worker\.js/.test(e.name));
  return { origin: performance.timeOrigin, worker: worker ? worker.startTime : null,
           now: window.__answered || performance.now() };
}"""


def timeline(page) -> dict:
    """One visit's steps (seconds from navigation) and the worker's big downloads."""
    times = page.evaluate(PAGE_TIMES)
    stats = page.evaluate("window.toolkitCalculators.stats()")
    origin = times["origin"]
    steps = {name: round((at - origin) / 1000, 3) for name, at in (stats.get("marks") or {}).items()}
    if times["worker"] is not None:
        steps["worker requested"] = round(times["worker"] / 1000, 3)
    steps["answered"] = round(times["now"] / 1000, 3)
    files = {}
    for entry in stats.get("downloads") or []:
        if entry["file"] in BIG_FILES:
            files[entry["file"]] = {
                "from_s": round((entry["start"] - origin) / 1000, 3),
                "to_s": round((entry["end"] - origin) / 1000, 3),
                "bytes": entry["bytes"],
            }
    return {"steps": steps, "files": files}


def median_timeline(samples: list[dict]) -> dict:
    """Per step, the median over visits of when it ended, in the order the steps ended."""
    ends = {name: [s["steps"][name] for s in samples if name in s["steps"]] for name in STEPS}
    ordered = sorted((statistics.median(at), name) for name, at in ends.items() if at)
    out, previous = {}, 0.0
    for at, name in ordered:
        out[name] = {"at_s": round(at, 3), "took_s": round(at - previous, 3)}
        previous = at
    return out


def breakdown_lines(first: dict, repeat: dict) -> list[str]:
    """Markdown tables: each step of a first and a repeat visit, when it ended and its share."""
    lines = []
    for title, visit in (("First visit", first), ("Repeat visit", repeat)):
        lines += [
            f"| {title} (site, unthrottled): step | Covers | Ended at | Since the step before |",
            "|---|---|---|---|",
        ]
        for name, step in visit.items():
            lines.append(f"| {name} | {STEPS[name]} | {step['at_s']:.3f} s | {step['took_s']:.3f} s |")
        lines.append("")
    return lines


# ---- a Chromium trace of one visit ----

CATEGORIES = [
    "devtools.timeline",
    "disabled-by-default-devtools.timeline",
    "v8.wasm",
    "disabled-by-default-v8.wasm.detailed",
    "v8",
    "blink",
    "loading",
]


def start_trace(cdp) -> None:
    cdp.send("Tracing.start", {"transferMode": "ReturnAsStream", "traceConfig": {"includedCategories": CATEGORIES}})


def stop_trace(page, cdp, target: Path) -> dict:
    """End the trace, write it gzipped to `target` (open it in Chrome's Performance panel) and
    return a summary: the main thread's tasks over 50 ms and what each spent its time on."""
    done: list[dict] = []
    cdp.on("Tracing.tracingComplete", lambda event: done.append(event))
    cdp.send("Tracing.end")
    for _ in range(600):
        if done:
            break
        page.wait_for_timeout(50)
    chunks = []
    handle = done[0]["stream"]
    while True:
        read = cdp.send("IO.read", {"handle": handle, "size": 1 << 20})
        chunks.append(read["data"])
        if read.get("eof"):
            break
    cdp.send("IO.close", {"handle": handle})
    raw = "".join(chunks)
    target.parent.mkdir(parents=True, exist_ok=True)  # a fresh clone has no build/ yet
    target.write_bytes(gzip.compress(raw.encode("utf-8")))
    events = json.loads(raw)
    return long_tasks(events["traceEvents"] if isinstance(events, dict) else events)


def long_tasks(events: list[dict], over_ms: float = 50) -> list[dict]:
    """The renderer main thread's tasks over `over_ms`, each with its three biggest parts."""
    main = {
        (e["pid"], e["tid"])
        for e in events
        if e.get("name") == "thread_name" and e.get("args", {}).get("name") == "CrRendererMain"
    }
    tasks = [
        e
        for e in events
        if (e.get("pid"), e.get("tid")) in main and e.get("name") == "RunTask" and e.get("dur", 0) > over_ms * 1000
    ]
    found = []
    for task in tasks:
        start, end = task["ts"], task["ts"] + task["dur"]
        parts: dict[str, float] = {}
        for e in events:
            if (e.get("pid"), e.get("tid")) != (task["pid"], task["tid"]) or e.get("ph") != "X":
                continue
            if e is task or not (start <= e["ts"] < end) or e.get("name") == "RunTask":
                continue
            data = e.get("args", {}).get("data", {})
            label = e["name"] + (f" {data['url'].split('/')[-1]}" if data.get("url") else "")
            parts[label] = max(parts.get(label, 0.0), e.get("dur", 0) / 1000)
        biggest = sorted(parts.items(), key=lambda kv: -kv[1])[:4]
        found.append({"ms": round(task["dur"] / 1000, 1), "parts": [f"{k} {v:.0f} ms" for k, v in biggest]})
    return found
