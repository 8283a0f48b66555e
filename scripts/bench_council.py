"""Time from an empty council folder to a served site, as the README tells a web team to do it:
copy the example folder, set the name, build, serve with the generated nginx settings, fetch the home page.

    .venv/bin/python scripts/bench_council.py      # writes build/bench-council.json

Machine time only (the minutes a person spends editing council.yml are not counted). Needs nginx.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    work = Path(tempfile.mkdtemp(prefix="bench-council-"))
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
    built = subprocess.run([sys.executable, "-m", "toolkit_site.councils", "--councils", str(councils),
                            "--out", str(work / "out")], cwd=ROOT, env=env, capture_output=True, text=True)
    if built.returncode:
        print(built.stderr, file=sys.stderr)
        return 1
    times["built_s"] = time.monotonic() - started
    site = work / "out/newtown"
    user = "user root;\n" if os.geteuid() == 0 else ""
    (work / "nginx.conf").write_text(
        f"{user}pid {work}/nginx.pid; error_log {work}/error.log;\nevents {{}}\nhttp {{ access_log off;\n"
        + "".join(f"  {k}_temp_path {work}/{k};\n" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        + f"  server {{ listen 127.0.0.1:{port}; include {site}/_server/nginx.conf; }}\n}}\n")
    args = [nginx, "-p", str(work), "-c", str(work / "nginx.conf"), "-e", str(work / "error.log")]
    subprocess.run(args, check=True)
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(url) as response:
                    assert b"Newtown" in response.read()
                break
            except OSError:
                time.sleep(0.05)
        times["served_s"] = time.monotonic() - started
    finally:
        subprocess.run([*args, "-s", "quit"], check=False)
    sizes = {p.name: p.stat().st_size for p in (site / "assets/pyodide").iterdir()}
    result = {"what": "empty council folder to a served site (copy example, build, nginx, first page)",
              "cpu_count": os.cpu_count(), **{k: round(v, 1) for k, v in times.items()}, "runtime_file_bytes": sizes}
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build/bench-council.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
