"""The files the browser needs to run the calculators: five Pyodide runtime files from the
pinned npm package, the `calculators` package as a pure-Python wheel, and (when Node is
available) a memory snapshot of Python with the calculators already imported.

The wheel is written directly (it is a zip with a fixed layout) so that it contains only the
stdlib-only calculators, is byte-for-byte reproducible and takes milliseconds to build.
Its folder is named after a hash of the source, so browsers never run a stale copy.

The snapshot lets the browser restore a started Python instead of starting one (about 5x faster).
It uses Pyodide's private snapshot API, so it is guarded three ways: `snapshot.json` beside it
records the Pyodide version and the hash of the runtime files it was made with, the build drops a
snapshot that does not match, and the worker falls back to a normal start if anything is off.
A build without Node, or where making the snapshot fails, still succeeds: it just has no snapshot.

    python -m toolkit_site.bundle SITE_DIR     # what the MkDocs hook does after each build (build.py)
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path
from typing import Any

import calculators

from .offline import file_hash, write_offline

PROJECT = Path(__file__).resolve().parents[2]
PYODIDE_DIR = PROJECT / "node_modules" / "pyodide"
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
PACKAGE_DIR = Path(calculators.__file__).resolve().parent
DIST = "toolkit_calculators"
VERSION = "0.1.0"
WHEEL_NAME = f"{DIST}-{VERSION}-py3-none-any.whl"
RUNTIME_URL = "assets/pyodide/"
BUNDLE_URL = "assets/calculators/"
SNAPSHOT = "snapshot.bin"
SNAPSHOT_META = "snapshot.json"
PACKAGES_JSON = "packages.json"
SNAPSHOT_SCRIPT = Path(__file__).with_name("make_snapshot.mjs")
# Snapshots are kept here between builds, keyed by runtime and source hashes: making one takes ~5 s.
SNAPSHOT_CACHE = Path(os.environ.get("TOOLKIT_SNAPSHOT_CACHE", PROJECT / "build" / "snapshot-cache"))


class BundleError(RuntimeError):
    """A file the browser bundle needs is missing; the message says how to fix it."""


def _sources() -> list[Path]:
    return sorted(
        p
        for p in PACKAGE_DIR.rglob("*")
        if p.is_file() and p.suffix in {".py", ".json"} and "__pycache__" not in p.parts
    )


def bundle_id() -> str:
    """A short hash of the calculators' source: changes whenever any of it changes."""
    sources = _sources()
    signature = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in sources)
    if signature not in _hashes:  # one build asks for it once per calculator; `make serve` rebuilds
        digest = hashlib.sha256()
        for path in sources:
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0" + path.read_bytes())
        _hashes[signature] = digest.hexdigest()[:12]
    return _hashes[signature]


_hashes: dict[tuple[Any, ...], str] = {}


def wheel_path() -> str:
    """The wheel's path under the bundle folder, as written into calculator pages."""
    return f"{bundle_id()}/{WHEEL_NAME}"


def build_wheel(target: Path) -> Path:
    """Write the calculators wheel into `target` and return its path."""
    target.mkdir(parents=True, exist_ok=True)
    out = target / WHEEL_NAME
    dist_info = f"{DIST}-{VERSION}.dist-info"
    files = {f"calculators/{p.relative_to(PACKAGE_DIR).as_posix()}": p.read_bytes() for p in _sources()}
    files[f"{dist_info}/METADATA"] = (
        f"Metadata-Version: 2.1\nName: {DIST}\nVersion: {VERSION}\n"
        "Summary: Social Work Workload Toolkit calculators (stdlib only)\n"
    ).encode()
    files[f"{dist_info}/WHEEL"] = (
        b"Wheel-Version: 1.0\nGenerator: toolkit_site.bundle\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    )
    record = [f"{name},sha256={_b64_digest(data)},{len(data)}" for name, data in files.items()]
    files[f"{dist_info}/RECORD"] = ("\n".join([*record, f"{dist_info}/RECORD,,"]) + "\n").encode()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as wheel:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))  # fixed: reproducible bytes
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            wheel.writestr(info, data)
    return out


def _write_wheel(out: Path, files: dict[str, bytes], dist_info: str) -> Path:
    """A wheel with fixed timestamps and order: the same files always give the same bytes."""
    record = [f"{name},sha256={_b64_digest(data)},{len(data)}" for name, data in files.items()]
    files = {**files, f"{dist_info}/RECORD": ("\n".join([*record, f"{dist_info}/RECORD,,"]) + "\n").encode()}
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as wheel:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            wheel.writestr(info, data)
    return out


def package_wheel(name: str, target: Path) -> Path | None:
    """A pure-Python wheel of an installed package (the pinned one in .venv), for the browser to
    install only when a calculator asks for it (openpyxl, for Excel files). None if not installed."""
    try:
        dist = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return None
    version = dist.version
    out = target / f"{name}-{version}-py3-none-any.whl"
    if out.is_file():
        return out
    dist_info = f"{name}-{version}.dist-info"
    files = {}
    for file in sorted(dist.files or [], key=str):
        rel = str(file)
        if "__pycache__" in rel or rel.endswith((".pyc", "RECORD", "INSTALLER", "REQUESTED", "direct_url.json")):
            continue
        if rel.startswith(".."):  # scripts installed outside site-packages
            continue
        files[rel] = Path(file.locate()).read_bytes()
    files.setdefault(
        f"{dist_info}/WHEEL",
        b"Wheel-Version: 1.0\nGenerator: toolkit_site.bundle\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    )
    target.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f"{out.name}.{os.getpid()}.part")  # councils build in parallel: one file each
    _write_wheel(partial, files, dist_info)
    return partial.replace(out)


def write_package_wheels(folder: Path) -> list[str]:
    """Wheels of the packages calculators install on demand, and packages.json naming them."""
    from calculators.io import excel as _xlsx  # the one module that asks for packages

    found = {}
    for name in _xlsx.PACKAGES:
        wheel = package_wheel(name, SNAPSHOT_CACHE / "packages")
        if wheel is None:
            print(
                f"toolkit_site.bundle: WARNING {name} is not installed, so Excel files will not work in the "
                "browser. Fix: run `make setup`.",
                file=sys.stderr,
            )
            continue
        _place(wheel, folder / wheel.name)
        found[name] = wheel.name
    (folder / PACKAGES_JSON).write_text(json.dumps(found, indent=1) + "\n", encoding="utf-8")
    return [PACKAGES_JSON, *found.values()]


def _b64_digest(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def pyodide_version() -> str:
    return str(json.loads((PYODIDE_DIR / "package.json").read_text(encoding="utf-8"))["version"])


def runtime_hash() -> str:
    """A hash of the runtime files a snapshot depends on (the WebAssembly and its JavaScript), made of
    their own hashes, which the service worker's list reuses."""
    names = ("pyodide.asm.wasm", "pyodide.asm.mjs", "pyodide.mjs", "python_stdlib.zip")
    return hashlib.sha256(" ".join(file_hash(PYODIDE_DIR / name) for name in names).encode()).hexdigest()


def _place(source: Path, dest: Path) -> None:
    """Hard-link a big unchanging file into the site (instant); copy it where links are not possible."""
    dest.unlink(missing_ok=True)
    try:
        os.link(source, dest)
    except OSError:
        shutil.copyfile(source, dest)


def _modified(file: Path) -> float:
    """When a cached file was written; one another build has just removed sorts first."""
    try:
        return file.stat().st_mtime
    except FileNotFoundError:
        return 0.0


def write_snapshot(folder: Path, wheel: Path) -> str | None:
    """Write snapshot.bin and snapshot.json into `folder`, from the cache when possible.

    Returns None on success, or why there is no snapshot (the build goes on without one)."""
    meta: dict[str, Any] = {
        "pyodide": pyodide_version(),
        "runtime_sha256": runtime_hash(),
        "bundle": bundle_id(),
        "file": SNAPSHOT,
        "maker": hashlib.sha256(SNAPSHOT_SCRIPT.read_bytes()).hexdigest()[:12],  # a new way of making it: a new one
    }
    key = hashlib.sha256(json.dumps(meta, sort_keys=True).encode()).hexdigest()[:16]
    cached = SNAPSHOT_CACHE / f"{key}.bin"
    if not cached.is_file():
        node = os.environ.get("TOOLKIT_NODE", "node")
        SNAPSHOT_CACHE.mkdir(parents=True, exist_ok=True)
        partial = cached.with_name(f"{key}.{os.getpid()}.part")  # councils build in parallel: one file each
        try:
            subprocess.run(
                [node, str(SNAPSHOT_SCRIPT), str(PYODIDE_DIR), str(wheel), str(partial)],
                check=True,
                capture_output=True,
                text=True,
                timeout=180,
            )
        except (OSError, subprocess.SubprocessError) as problem:
            partial.unlink(missing_ok=True)
            detail = getattr(problem, "stderr", "") or str(problem)
            return f"{type(problem).__name__}: {detail.strip().splitlines()[-1] if detail.strip() else ''}"
        partial.replace(cached)
        for stale in sorted(SNAPSHOT_CACHE.glob("*.bin"), key=_modified)[:-3]:
            stale.unlink(missing_ok=True)  # keep the three newest: a snapshot is 31 MB (another build may sweep too)
    _place(cached, folder / SNAPSHOT)
    meta["sha256"] = file_hash(cached)
    meta["bytes"] = cached.stat().st_size
    (folder / SNAPSHOT_META).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return None


def write_bundle(site_dir: Path, site_name: str = "Social Work Workload Toolkit", icon: str | None = None) -> None:
    """Copy the Pyodide runtime and write the calculators wheel (and snapshot) into a built site,
    then what makes it work offline (service worker, web app manifest; see offline.py)."""
    missing = [name for name in RUNTIME_FILES if not (PYODIDE_DIR / name).is_file()]
    if missing:
        raise BundleError(
            f"Pyodide runtime files are missing from {PYODIDE_DIR}: {', '.join(missing)}. "
            "Fix: run `npm ci` in the project folder (or `make setup`), then build again."
        )
    runtime = site_dir / RUNTIME_URL
    runtime.mkdir(parents=True, exist_ok=True)
    for name in RUNTIME_FILES:
        dest = runtime / name
        src = PYODIDE_DIR / name
        if not dest.exists() or dest.stat().st_size != src.stat().st_size or dest.stat().st_mtime < src.stat().st_mtime:
            _place(src, dest)
    bundles = site_dir / BUNDLE_URL
    current = bundle_id()
    if bundles.is_dir():  # drop bundles of older source so a served folder holds one copy
        for old in bundles.iterdir():
            if old.is_dir() and old.name != current:
                shutil.rmtree(old)
    wheel = build_wheel(bundles / current)
    if os.environ.get("TOOLKIT_SNAPSHOT", "1") != "0":
        why_not = write_snapshot(bundles / current, wheel)
        if why_not:
            print(
                f"toolkit_site.bundle: WARNING no Python snapshot ({why_not}); calculators will start "
                "normally, only slower. Install Node 20 (`make setup`) to get it.",
                file=sys.stderr,
            )
    on_demand = [f"{BUNDLE_URL}{current}/{name}" for name in write_package_wheels(bundles / current)]
    kept = [RUNTIME_URL + name for name in RUNTIME_FILES]
    kept += [
        f"{BUNDLE_URL}{current}/{f.name}"
        for f in sorted((bundles / current).iterdir())
        if f.is_file() and f"{BUNDLE_URL}{current}/{f.name}" not in on_demand
    ]
    runtime_id = hashlib.sha256(f"{pyodide_version()} {current}".encode()).hexdigest()[:12]
    write_offline(site_dir, site_name, kept, runtime_id, SNAPSHOT, icon, on_demand)


if __name__ == "__main__":  # the same command as `python -m toolkit_site.build` (it reads the config file)
    from toolkit_site.build import main

    sys.exit(main(sys.argv[1:]))
