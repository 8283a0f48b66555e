"""Brotli and gzip copies of each compressible file of a built site (NAME.br, NAME.gz), which the servers
send as they are: the largest file (the WebAssembly runtime) is compressed once, at build time, as tightly
as each format allows, and through a cache shared by every build, so a file the same in every council's
site (the runtime, the theme's scripts, the calculators' wheels) is compressed once for them all.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import threading
from pathlib import Path

import brotli

# .zip and .whl are compressed archives, but a second gzip pass still trims Python's standard library by 45 KB
COMPRESS = {"html", "css", "js", "mjs", "json", "webmanifest", "wasm", "svg", "xml", "txt", "map", "bin", "zip", "whl"}
# Most files are the same in every build and every council's site (the runtime, Material's scripts, the
# calculators' wheels): their compressed copies are kept in a cache shared by every build, by content.
COMPRESSED_CACHE = Path(__file__).resolve().parents[2] / "build" / "gzip-cache"
CACHE_FROM_BYTES = 4_000  # smaller files compress in well under a millisecond
CACHE_LIMIT_BYTES = 200_000_000  # the least recently used copies go beyond this, for one site
CACHE_PER_COUNCIL_BYTES = 2_000_000  # each council's own pages' copies: 1.3 MB measured (68 pages, .br and .gz)
ENCODINGS = ("br", "gz")  # file suffix of each pre-compressed copy, preferred first


def _level(raw: bytes, suffix: str, name: str) -> int:
    """The gzip or Brotli setting for a file. Brotli's best (11) for what is compressed once and cached:
    a minute for the 9.6 MB runtime, 0.8 MB smaller than gzip. 9 for pages, which differ in every build
    (5x quicker, about 1 KB more a page: 64 pages, 447 KB at 11, 507 KB at 9), and for archives, which
    are compressed already (11 saves 0.4% more of the standard library's zip, in 50x the time). Quick
    settings for the 31 MB memory snapshot, which changes with every change to the calculators."""
    snapshot = len(raw) > 16_000_000
    if suffix == "gz":
        return 6 if snapshot else 9
    if snapshot:
        return 5
    return 9 if name.endswith((".html", ".zip", ".whl")) else 11


def _compress(raw: bytes, suffix: str, name: str) -> bytes:
    level = _level(raw, suffix, name)
    if suffix == "gz":
        return gzip.compress(raw, compresslevel=level, mtime=0)
    packed: bytes = brotli.compress(raw, quality=level, lgwin=24)
    return packed


def compressed(raw: bytes, suffix: str, name: str) -> bytes:
    """`raw` gzip- or brotli-compressed (`name`, the file's, chooses the setting), through the cache
    shared by every build."""
    if len(raw) < CACHE_FROM_BYTES:
        return _compress(raw, suffix, name)
    key = f"{hashlib.sha256(raw).hexdigest()[:32]}-{_level(raw, suffix, name)}"
    cached = COMPRESSED_CACHE / f"{key}.{suffix}"
    try:
        packed = cached.read_bytes()
        os.utime(cached)  # used again: the sweep keeps what is used most recently
        return packed
    except FileNotFoundError:
        pass
    COMPRESSED_CACHE.mkdir(parents=True, exist_ok=True)
    # Councils build in parallel, in processes and in threads of one process: a name of its own each.
    partial = cached.with_name(f"{cached.name}.{os.getpid()}.{threading.get_ident()}.part")
    packed = _compress(raw, suffix, name)
    partial.write_bytes(packed)
    partial.replace(cached)
    return packed


def cache_limit(sites: int = 1) -> int:
    """Big enough for what `sites` builds use at once: the shared files, and every site's own pages."""
    return CACHE_LIMIT_BYTES + max(0, sites - 1) * CACHE_PER_COUNCIL_BYTES


def sweep_cache(limit: int | None = None) -> None:
    """Remove the least recently used compressed copies beyond `limit` (a snapshot's copies, 12 MB, change
    with every change to the calculators). Copies still being written (.part) are left."""
    limit = cache_limit() if limit is None else limit
    used = []
    for file in (f for suffix in ENCODINGS for f in COMPRESSED_CACHE.glob(f"*.{suffix}")):
        try:
            status = file.stat()
        except FileNotFoundError:  # another build's sweep has just removed it
            continue
        used.append((status.st_mtime, status.st_size, file))
    kept = 0
    for _, size, file in sorted(used, reverse=True):
        kept += size
        if kept > limit:
            file.unlink(missing_ok=True)


def precompress(site: Path, sweep: bool = True) -> int:
    """Write NAME.br and NAME.gz beside each compressible file where that saves bytes; returns the bytes
    the smaller copies save. Many builds at once sweep the cache once, after all of them (`sweep=False`)."""
    saved = 0
    for file in site.rglob("*"):
        if file.is_file() and file.suffix.lstrip(".") in COMPRESS:
            raw = file.read_bytes()
            smallest = len(raw)
            for suffix in ENCODINGS:
                packed = compressed(raw, suffix, file.name)
                if len(packed) < len(raw) - 1024:
                    file.with_name(f"{file.name}.{suffix}").write_bytes(packed)
                    smallest = min(smallest, len(packed))
            saved += len(raw) - smallest
    if sweep:
        sweep_cache()
    return saved
