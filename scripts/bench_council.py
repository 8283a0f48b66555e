"""Time from an empty council folder to a served site, as the README tells a web team to do it, and
what the calculator page then transfers under nginx with the settings the build wrote.

    .venv/bin/python scripts/bench_council.py      # writes build/bench-council.json

Steps timed: copy the example folder and set the name; build it (`python -m toolkit_site.councils`);
start nginx with the generated settings; fetch the home page. Machine time only (the minutes a person
spends editing council.yml are not counted). Then, in Chromium with an empty cache, the individual
calculator page until its worked example has a result: bytes on the wire (bodies as sent plus headers,
the page's and its worker's requests) with nginx.conf (gzip) and with nginx-brotli.conf (Brotli, where
Debian's brotli_static module is installed), and a repeat visit from the browser's disk cache.
Needs nginx and Chromium (scripts/setup.sh --test).
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
from playwright.sync_api import sync_playwright  # noqa: E402
from toolkit_site.local_nginx import BROTLI_MODULE, LocalNginx  # noqa: E402

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


def main() -> int:
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
