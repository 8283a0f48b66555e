"""What makes a built site work offline and installable as an app: the service worker (at the
site's root, so its scope is the whole site wherever it is served), the web app manifest and
the app's icons.

The service worker's source is sw.js beside this file; the build fills in its version (a hash of
every file it stores, so any change to the site makes a new version), the pages and files to store
on a first visit, and the runtime files to keep once a calculator has been used, with a hash of
each (a new version copies an unchanged file from the previous version's cache, and checks every
file it stores).

Each page is marked with the version it belongs to (`data-toolkit-build` on Material's container,
which instant navigation swaps with the page), so a page can tell whether a newer version has
arrived than the one it shows.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import struct
import zlib
from collections.abc import Iterable
from pathlib import Path

SW_SOURCE = Path(__file__).with_name("sw.js")
MANIFEST = "manifest.webmanifest"
ICON_DIR = "assets/icons/"
THEME_COLOUR = (0x3F, 0x51, 0xB5)  # Material's indigo, the site's primary colour
# Not stored on a first visit: the runtime (kept only once a calculator is used), source maps,
# search languages other than English, pre-compressed copies, the web servers' settings (not
# served) and the benchmark's own page.
SKIP = ("assets/pyodide/", "assets/calculators/", "assets/javascripts/lunr/", "bench-plain/", "_server/", ".")
SKIP_SUFFIXES = (".map", ".gz", ".br", ".zst", "web.config")
CONTAINER = 'data-md-component="container"'  # Material's element that instant navigation replaces
BUILD_ATTRIBUTE = "data-toolkit-build"
MARK = re.compile(re.escape(CONTAINER) + rf'(?: {BUILD_ATTRIBUTE}="[0-9a-f]*")?')


def site_files(site_dir: Path) -> dict[str, Path]:
    """Every file a visitor may need offline: {URL relative to the site's root: file}."""
    files = {}
    for path in sorted(site_dir.rglob("*")):
        rel = path.relative_to(site_dir).as_posix()
        if not path.is_file() or rel.startswith(SKIP) or rel.endswith(SKIP_SUFFIXES) or rel == "sw.js":
            continue
        if path.name == "index.html":  # pages are asked for by their folder's URL
            rel = rel[: -len("index.html")] or "./"
        files[rel] = path
    return files


def write_offline(
    site_dir: Path,
    site_name: str,
    runtime_files: list[str],
    runtime_id: str,
    snapshot: str,
    icon: str | None = None,
    on_demand: list[str] | None = None,
) -> None:
    """Write the manifest, icons and service worker into a built site (in that order: the
    service worker's version covers the other two)."""
    write_icons(site_dir)
    write_manifest(site_dir, site_name, icon)
    files = site_files(site_dir)
    digest = hashlib.sha256(runtime_id.encode())
    for rel, file in files.items():
        digest.update(rel.encode() + b"\0" + hashlib.sha256(file.read_bytes()).digest())
    version = digest.hexdigest()[:16]
    build = {
        "version": version,
        "runtime": runtime_id,
        "pages": list(files),
        "runtimeFiles": runtime_files,
        "onDemand": on_demand or [],
        "snapshot": snapshot,
        "hashes": {path: file_hash(site_dir / path) for path in [*runtime_files, *(on_demand or [])]},
    }
    source = SW_SOURCE.read_text(encoding="utf-8").replace("__BUILD__", json.dumps(build, indent=1))
    (site_dir / "sw.js").write_text(source, encoding="utf-8")
    mark_pages(files.values(), version)


def file_hash(path: Path) -> str:
    """The SHA-256 of a file, as the service worker computes it (hex).

    A build asks for the big files' hashes twice (the snapshot's description, the service worker's
    list), the second time through a hard link to the same file: each file is read once per build."""
    stat = path.stat()
    key = (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)
    if key not in _hashes:
        digest = hashlib.sha256()
        with path.open("rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
        _hashes[key] = digest.hexdigest()
    return _hashes[key]


_hashes: dict[tuple[int, int, int, int], str] = {}  # the file (device, inode, size, modified) -> its hash


def mark_pages(files: Iterable[Path], version: str) -> None:
    """Write the version into every page (after the version is computed: it covers the pages unmarked).
    A page built by Material without the container (not one of ours) is left as it is."""
    for file in files:
        if file.suffix != ".html":
            continue
        text = file.read_text(encoding="utf-8")
        if CONTAINER not in text:
            continue
        marked = MARK.sub(f'{CONTAINER} {BUILD_ATTRIBUTE}="{version}"', text, count=1)  # a rebuild re-marks
        partial = file.with_name(f".{file.name}.{os.getpid()}.part")  # never half a page, never a shared link
        partial.write_text(marked, encoding="utf-8")
        partial.replace(file)


def write_manifest(site_dir: Path, site_name: str, icon: str | None) -> None:
    """The web app manifest: the council's site name, and its own icon if its config names one."""
    short = site_name if len(site_name) <= 24 else "Workload toolkit"
    icons = [
        {"src": f"{ICON_DIR}icon-{size}.png", "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any"}
        for size in (192, 512)
    ]
    if icon and (site_dir / icon).is_file():
        kind = {".svg": "image/svg+xml", ".png": "image/png"}.get(Path(icon).suffix.lower())
        if kind:
            icons.insert(0, {"src": icon, "sizes": "any", "type": kind})
    manifest = {
        "name": site_name,
        "short_name": short,
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#{:02x}{:02x}{:02x}".format(*THEME_COLOUR),
        "icons": icons,
    }
    (site_dir / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")


def write_icons(site_dir: Path) -> None:
    folder = site_dir / ICON_DIR
    folder.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        (folder / f"icon-{size}.png").write_bytes(icon_png(size))


def icon_png(size: int) -> bytes:
    """The toolkit's own icon, drawn here: a white card with three lines on the site's indigo."""
    blue, white = bytes(THEME_COLOUR), b"\xff\xff\xff"
    card = (size * 22 // 100, size * 78 // 100)  # left/right and top/bottom edges of the card
    lines = [
        (size * top // 100, size * (top + 7) // 100, size * right // 100)
        for top, right in ((32, 66), (46, 66), (60, 52))
    ]
    rows = []
    for y in range(size):
        if not card[0] <= y < card[1]:
            rows.append(b"\0" + blue * size)
            continue
        row = bytearray(blue * size)
        row[card[0] * 3 : card[1] * 3] = white * (card[1] - card[0])
        for top, bottom, right in lines:
            if top <= y < bottom:
                start = size * 32 // 100
                row[start * 3 : right * 3] = blue * (right - start)
        rows.append(b"\0" + bytes(row))
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")
