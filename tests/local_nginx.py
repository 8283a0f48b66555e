"""Serve a built site with a real nginx and the settings the build wrote for it, on this machine:
for the server tests, the benchmarks, and a web team trying its copy before it goes live.

    .venv/bin/python tests/local_nginx.py SITE_DIR PORT      # serves until Ctrl-C

nginx runs with its own prefix, pid and temporary folders in a work folder, so it needs no system
service and leaves nothing behind. Started as root, its workers still run as an unprivileged user
(www-data, else nobody), as on a real host: the site and its parent folders must be readable by them.
The Brotli settings are used when Debian's brotli_static module is installed, the gzip-only ones otherwise.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")


def worker_user() -> str | None:
    """The user nginx's workers run as when started by root; None when not root (they stay this user)."""
    if os.geteuid() != 0:
        return None
    for name in ("www-data", "nobody"):
        try:
            return pwd.getpwnam(name).pw_name
        except KeyError:
            continue
    raise RuntimeError("no www-data or nobody user for nginx's workers")


def unreadable_by(user: str, site: Path) -> Path | None:
    """The first folder on the way to `site` that `user` cannot enter (so nginx would answer 403), or None."""
    entry = pwd.getpwnam(user)
    for folder in [*reversed(site.resolve().parents), site.resolve()]:
        mode = folder.stat()
        bits = (
            (mode.st_mode >> 6)
            if mode.st_uid == entry.pw_uid
            else ((mode.st_mode >> 3) if mode.st_gid == entry.pw_gid else mode.st_mode)
        )
        if not bits & 0o1:
            return folder
    return None


class LocalNginx:
    """nginx on 127.0.0.1:`port` serving `site` with its generated settings (or `server`, a server
    block body of your own), until stop()."""

    def __init__(
        self, site: Path, port: int, work: Path | None = None, server: str | None = None, brotli: bool | None = None
    ):
        self.port = port
        self.work = work or Path(tempfile.mkdtemp(prefix="toolkit-nginx-"))
        self.work.mkdir(parents=True, exist_ok=True)
        self.brotli = BROTLI_MODULE.is_file() if brotli is None else brotli
        self.user = worker_user()
        if self.user and (blocked := unreadable_by(self.user, site)):
            raise PermissionError(
                f"nginx's workers run as {self.user}, who cannot enter {blocked}: "
                "build the site in a folder they can read (chmod o+x)."
            )
        settings = site.parent / "server" / ("nginx-brotli.conf" if self.brotli else "nginx.conf")
        server = server or f"include {settings};"
        temp = "".join(
            f"    {kind}_temp_path {self.work}/{kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        (self.work / "nginx.conf").write_text(
            (f"load_module {BROTLI_MODULE};\n" if self.brotli else "")
            + (f"user {self.user};\n" if self.user else "")
            + f"worker_processes 1;\npid {self.work}/nginx.pid;\nerror_log {self.work}/error.log;\n"
            + "events { worker_connections 256; }\n"
            + f"http {{\n    access_log off;\n{temp}"
            + f"    server {{\n        listen 127.0.0.1:{port};\n        {server}\n    }}\n}}\n",
            encoding="utf-8",
        )
        self.args = [
            NGINX,
            "-p",
            str(self.work),
            "-c",
            str(self.work / "nginx.conf"),
            "-e",
            str(self.work / "error.log"),
        ]
        checked = subprocess.run([*self.args, "-t"], capture_output=True, text=True)
        if checked.returncode:
            raise RuntimeError(f"nginx refused its settings: {checked.stderr}")
        subprocess.run(self.args, check=True)
        self.url = f"http://127.0.0.1:{port}/"
        self._wait_until_answering()

    def _wait_until_answering(self, timeout: float = 30) -> None:
        """nginx forks and returns before it listens: wait until it answers (any status)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(self.url, timeout=2).close()
                return
            except urllib.error.HTTPError:
                return  # it answered (404 under a sub-path)
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def worker_users(self) -> set[str]:
        """The users nginx's worker processes run as (read from /proc)."""
        master = int((self.work / "nginx.pid").read_text())
        users = set()
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
            except OSError:
                continue
            if fields.get("PPid", "").strip() == str(master):
                users.add(pwd.getpwuid(int(fields["Uid"].split()[0])).pw_name)
        return users

    def stop(self) -> None:
        subprocess.run([*self.args, "-s", "quit"], check=False, capture_output=True)
        pid = self.work / "nginx.pid"
        deadline = time.monotonic() + 30
        while pid.exists() and time.monotonic() < deadline:  # quit is graceful: wait for it
            time.sleep(0.05)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    local = LocalNginx(Path(sys.argv[1]), int(sys.argv[2]))
    print(f"serving {sys.argv[1]} at {local.url} (workers as {local.user or 'this user'}); Ctrl-C stops")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        local.stop()
