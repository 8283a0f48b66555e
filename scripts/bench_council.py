"""Time from an empty council folder to a served site, as the README tells a web team to do it, and
what the calculator page then transfers under nginx with the settings the build wrote.

    .venv/bin/python scripts/bench_council.py              # writes build/bench-council.json
    .venv/bin/python scripts/bench_council.py --scale 1,20,150   # many councils: build/bench-councils.json

Steps timed: copy the example folder and set the name; build it (`python -m toolkit_site.councils`);
start nginx with the generated settings; fetch the home page. Machine time only (the minutes a person
spends editing council.yml are not counted). Then, in Chromium with an empty cache, the individual
calculator page until its worked example has a result: bytes on the wire (bodies as sent plus headers,
the page's and its worker's requests) with nginx.conf (gzip) and with nginx-brotli.conf (Brotli, where
Debian's brotli_static module is installed), and a repeat visit from the browser's disk cache.
Needs nginx and Chromium (scripts/setup.sh --test).

With --scale, a partnership instead: N councils (copies of the example, each its own name) built by one
`python -m toolkit_site.councils` with the default jobs, for each N: wall time, the peak memory of every
process of the build together (sampled from /proc), and the disk the sites take (identical files, hard
linked, counted once, as `du` counts them) and per council.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser_helpers import use_example, wait_until_settled  # noqa: E402
from conftest import CHROMIUM_ARGS, DEBIAN_CHROMIUM, free_port  # noqa: E402
from local_nginx import BROTLI_MODULE, LocalNginx  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

PAGE = "workload/individual-calculator/"


def visit_twice(playwright, url: str, profile: Path) -> dict[str, float]:
    """Cold visit, then a repeat visit in the same profile: MB on the wire and requests."""
    executable = DEBIAN_CHROMIUM if Path(DEBIAN_CHROMIUM).exists() else None
    context = playwright.chromium.launch_persistent_context(
        str(profile), executable_path=executable, args=CHROMIUM_ARGS, service_workers="block"
    )
    finished: list = []
    context.on("requestfinished", lambda request: finished.append(request))
    page = context.new_page()
    page.set_default_timeout(180_000)
    out: dict[str, float] = {}
    for visit in ("first", "repeat"):
        finished.clear()
        started = time.monotonic()
        page.goto(url + PAGE)
        wait_until_settled(page, "calc-workload")
        use_example(page, "calc-workload")
        out[f"{visit}_visit_to_result_s"] = round(time.monotonic() - started, 1)
        page.wait_for_load_state("networkidle")
        sizes = {r.url: r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"] for r in finished}
        out[f"{visit}_visit_mb"] = round(sum(sizes.values()) / 1e6, 3)
        out[f"{visit}_visit_without_snapshot_mb"] = round(
            sum(n for u, n in sizes.items() if not u.endswith("snapshot.bin")) / 1e6, 3
        )
        out[f"{visit}_visit_requests"] = len(sizes)
        if visit == "first":
            out["largest_mb"] = {u.rsplit("/", 1)[-1]: round(n / 1e6, 3) for u, n in sizes.items() if n > 1e5}
    context.close()
    return out


def tree_rss(root: int) -> int:
    """Resident memory of `root` and all its descendants, in bytes."""
    parents, rss = {}, {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
        except OSError:
            continue
        pid = int(status.parent.name)
        parents[pid] = int(fields.get("PPid", "0"))
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0]) * 1024
    total = 0
    for pid in rss:
        walk = pid
        while walk and walk != root:
            walk = parents.get(walk, 0)
        total += rss[pid] if walk == root else 0
    return total


def build_many(count: int, work: Path) -> dict[str, float]:
    councils = work / f"councils-{count}"
    for i in range(count):
        shutil.copytree(ROOT / "councils/example-anytown", councils / f"council-{i:03d}")
        config = councils / f"council-{i:03d}/council.yml"
        config.write_text(config.read_text(encoding="utf-8").replace("Anytown", f"Town {i:03d}"), encoding="utf-8")
    out = work / f"out-{count}"
    started = time.monotonic()
    command = [sys.executable, "-m", "toolkit_site.councils", "--councils", str(councils), "--out", str(out)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss(process.pid))
        time.sleep(0.2)
    took = time.monotonic() - started
    if process.returncode:
        raise SystemExit(f"{count} councils: the build failed: {process.stderr.read().decode()[-2000:]}")
    disk = int(subprocess.run(["du", "-sb", str(out)], capture_output=True, text=True).stdout.split()[0])
    one = int(subprocess.run(["du", "-sb", str(out / "council-000")], capture_output=True, text=True).stdout.split()[0])
    # every file counted in every site (as without hard links), the store itself left out
    unshared = int(
        subprocess.run(["du", "-slb", "--exclude=.store", str(out)], capture_output=True, text=True).stdout.split()[0]
    )
    shutil.rmtree(councils)
    shutil.rmtree(out)
    return {
        "councils": count,
        "wall_s": round(took, 1),
        "s_per_council": round(took / count, 2),
        "peak_memory_mb": round(peak / 1e6),
        "disk_mb": round(disk / 1e6, 1),
        "disk_per_council_mb": round(disk / count / 1e6, 2),
        "first_council_alone_mb": round(one / 1e6, 1),
        "disk_per_council_without_hard_links_mb": round(unshared / count / 1e6, 2),
    }


def scale(counts: list[int]) -> int:
    work = Path(tempfile.mkdtemp(prefix="bench-councils-"))
    try:
        rows = [build_many(count, work) for count in counts]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result = {"cpu_count": os.cpu_count(), "load_average": [round(x, 1) for x in os.getloadavg()], "runs": rows}
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build/bench-councils.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print("| councils | wall time | per council | peak memory | disk | disk per council | without hard links |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['councils']} | {r['wall_s']} s | {r['s_per_council']} s | {r['peak_memory_mb']} MB | "
            f"{r['disk_mb']} MB | {r['disk_per_council_mb']} MB | {r['disk_per_council_without_hard_links_mb']} MB |"
        )
    return 0


def main() -> int:
    if sys.argv[1:2] == ["--scale"]:
        return scale([int(n) for n in sys.argv[2].split(",")])
    work = Path(tempfile.mkdtemp(prefix="bench-council-"))
    work.chmod(0o755)  # started as root, nginx's workers run as www-data and must read the site
    try:
        return measure(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure(work: Path) -> int:
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    times: dict[str, float] = {}
    started = time.monotonic()
    councils = work / "councils"
    councils.mkdir()
    shutil.copytree(ROOT / "councils/example-anytown", councils / "newtown")
    config = councils / "newtown/council.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("Anytown", "Newtown"), encoding="utf-8")
    times["folder_ready_s"] = time.monotonic() - started
    env = {**os.environ, "SITE_URL": url, "NO_MKDOCS_2_WARNING": "1"}
    built = subprocess.run(
        [sys.executable, "-m", "toolkit_site.councils", "--councils", str(councils), "--out", str(work / "out")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if built.returncode:
        print(built.stdout, built.stderr, file=sys.stderr)
        return 1
    times["built_s"] = time.monotonic() - started
    site = work / "out/newtown/current/site"
    server = LocalNginx(site, port, work / "nginx")
    try:
        with urllib.request.urlopen(url) as response:
            assert b"Newtown" in response.read()
        times["served_s"] = time.monotonic() - started
    finally:
        server.stop()
    transfer = {}
    with sync_playwright() as playwright:
        for name, brotli in (("nginx.conf (gzip)", False), ("nginx-brotli.conf (Brotli)", True)):
            if brotli and not BROTLI_MODULE.is_file():
                transfer[name] = "not measured: the brotli_static module is not installed"
                continue
            server = LocalNginx(site, port, work / f"nginx-{int(brotli)}", brotli=brotli)
            try:
                transfer[name] = {
                    "workers_run_as": server.user or "this user",
                    **visit_twice(playwright, url, work / f"profile-{int(brotli)}"),
                }
            finally:
                server.stop()
    sizes = {p.name: p.stat().st_size for p in sorted((site / "assets/pyodide").iterdir())}
    result = {
        "what": "empty council folder to a served site (copy example, build, nginx, first page), then the "
        "individual calculator page's transfer under nginx",
        "cpu_count": os.cpu_count(),
        "load_average": [round(x, 1) for x in os.getloadavg()],
        **{k: round(v, 1) for k, v in times.items()},
        "calculator_page_under_nginx": transfer,
        "runtime_file_bytes": sizes,
    }
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build/bench-council.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
