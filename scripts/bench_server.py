"""A small static web server for benchmarks: gzip, cache headers and ETags like a real host,
and a count of the bytes it sends (what a visitor's connection carries).

Python's own http.server sends no cache headers and never compresses, so on it every repeat
visit downloads the 9.6 MB runtime again; no real host behaves like that.

    server = BenchServer(site_dir); server.url ...; server.sent() ...; server.shutdown()
"""

from __future__ import annotations

import gzip
import mimetypes
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".css": "text/css",
    ".json": "application/json",
    ".wasm": "application/wasm",
    ".svg": "image/svg+xml",
    ".webmanifest": "application/manifest+json",
    ".xml": "application/xml",
    ".bin": "application/octet-stream",
    ".zip": "application/zip",
    ".whl": "application/zip",
    ".png": "image/png",
    ".txt": "text/plain",
}
NOT_COMPRESSED = {".png", ".whl", ".gz", ".br", ".woff2", ".jpg"}
# Pages and the files that name the current build must be checked on each visit; files whose
# name or folder changes with their content can be kept for a year.
REVALIDATE = (".html", "sw.js", ".webmanifest", "snapshot.json", "search_index.json", "sitemap.xml", "/")
IMMUTABLE = ("/assets/calculators/",)


class Counter:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.log: list[tuple[str, int, int]] = []  # (path, status, bytes on the wire)

    def add(self, path: str, status: int, size: int) -> None:
        with self.lock:
            self.log.append((path, status, size))

    def take(self) -> list[tuple[str, int, int]]:
        with self.lock:
            out, self.log = self.log, []
        return out


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    root: Path
    counter: Counter
    compressed: dict[tuple[str, int], bytes]

    def log_message(self, *args) -> None:
        pass

    def do_HEAD(self) -> None:
        self.respond(body=False)

    def do_GET(self) -> None:
        self.respond(body=True)

    def respond(self, body: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        file = (self.root / path.lstrip("/")).resolve()
        if file.is_dir():
            file = file / "index.html"
        if not file.is_file() or self.root not in file.parents:
            return self.finish_response(path, 404, {"Content-Type": "text/plain"}, b"not found", body)
        stat = file.stat()
        kind = TYPES.get(file.suffix) or mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        gz = "gzip" in self.headers.get("Accept-Encoding", "") and file.suffix not in NOT_COMPRESSED
        etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}{"-gz" if gz else ""}"'
        if path.endswith(REVALIDATE):
            cache = "no-cache"
        elif any(part in path for part in IMMUTABLE):
            cache = "public, max-age=31536000, immutable"
        else:
            cache = "public, max-age=86400"
        headers = {"Content-Type": kind, "Cache-Control": cache, "ETag": etag, "Vary": "Accept-Encoding"}
        if self.headers.get("If-None-Match") == etag:
            return self.finish_response(path, 304, headers, b"", body)
        data = self.gzipped(file, stat.st_mtime_ns) if gz else file.read_bytes()
        if gz:
            headers["Content-Encoding"] = "gzip"
        self.finish_response(path, 200, headers, data, body)

    @classmethod
    def gzipped(cls, file: Path, mtime: int) -> bytes:
        key = (str(file), mtime)
        if key not in cls.compressed:
            cls.compressed[key] = gzip.compress(file.read_bytes(), 6, mtime=0)
        return cls.compressed[key]

    def finish_response(self, path: str, status: int, headers: dict[str, str], data: bytes, body: bool) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        head = sum(len(k) + len(v) + 4 for k, v in headers.items()) + 40
        if body and status == 200:
            for start in range(0, len(data), 1 << 16):
                self.wfile.write(data[start : start + (1 << 16)])
        self.counter.add(path, status, head + (len(data) if body and status == 200 else 0))


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # a browser closing a connection mid-file is normal, not news


class BenchServer:
    def __init__(self, root: Path, port: int = 0) -> None:
        self.counter = Counter()
        handler = type("BoundHandler", (Handler,), {"root": root.resolve(), "counter": self.counter, "compressed": {}})
        self.httpd = QuietServer(("127.0.0.1", port), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.precompress(handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @staticmethod
    def precompress(handler: type[Handler]) -> None:
        """Compress every file once before the first request, as a host serving the build's .gz
        copies does: else the first visit measured waits a second or more while this server gzips
        the 31 MB snapshot and the 9.6 MB runtime (0.9 s to the first byte, measured)."""
        for file in sorted(handler.root.rglob("*")):
            if file.is_file() and file.suffix not in NOT_COMPRESSED:
                handler.gzipped(file.resolve(), file.stat().st_mtime_ns)

    def sent(self) -> list[tuple[str, int, int]]:
        """Requests answered since the last call: (path, status, bytes sent)."""
        return self.counter.take()

    def shutdown(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
