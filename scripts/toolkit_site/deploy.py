"""Atomic deploys: every build is written into a folder of its own and switched to only once it is complete.

    TARGET/current -> builds/ID      the live build (a symbolic link the server follows)
    TARGET/previous -> builds/ID     the one before it, kept for a rollback
    TARGET/builds/ID/site/           the published files (the server's root or alias)
    TARGET/builds/ID/server/         its server settings: nginx, Apache, the CSP (never published)

The switch is one rename(2) of a new symbolic link over `current`, so a visitor is served either the old
build or the new one, never a mixture or a missing file, and a failed build changes nothing served:
its folder is removed and `current` still names the old one. The server is pointed once at
TARGET/current/site (and includes TARGET/current/server/nginx.conf): the path never changes.

    python -m toolkit_site.deploy site TARGET SITE_URL   # `make build`: build the site into TARGET atomically
    python -m toolkit_site.deploy rollback TARGET        # back to the previous build (again: forward)
    python -m toolkit_site.deploy status TARGET          # which build is live, which is kept
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

CURRENT, PREVIOUS, BUILDS, COMPLETE = "current", "previous", "builds", ".complete"
STORE = ".store"  # one copy of each file, by content, hard-linked into every build that has it
SHARE_FROM_BYTES = 4096  # smaller files are not worth a link
STALE_SECONDS = 24 * 3600  # an unfinished build folder this old was left by a build that was killed


def new_build(target: Path) -> Path:
    """A fresh, empty build folder beside the live one (names sort by time)."""
    builds = target / BUILDS
    builds.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    folder = builds / f"{stamp}-{os.getpid()}-{time.monotonic_ns() % 10**6:06d}"
    folder.mkdir()
    return folder


def live(target: Path, which: str = CURRENT) -> Path | None:
    """The build `current` (or `previous`) names, or None."""
    link = target / which
    return (target / os.readlink(link)).resolve() if link.is_symlink() else None


def _point(target: Path, which: str, build: Path) -> None:
    """Make `target/which` name `build`: a new link, renamed over the old one in one step."""
    temporary = target / f".{which}.{os.getpid()}.{time.monotonic_ns()}"
    temporary.symlink_to(Path(BUILDS) / build.name)  # relative: the whole target can be moved
    os.replace(temporary, target / which)


def publish(target: Path, build: Path) -> Path | None:
    """Switch `current` to a complete build, keep the one it replaces as `previous`, remove older ones.
    Returns the build that was live before, if any."""
    if (target / CURRENT).exists() and not (target / CURRENT).is_symlink():
        raise RuntimeError(
            f"{target / CURRENT} is a folder, not a link: move it away (it is not a build of this tool)."
        )
    (build / COMPLETE).write_text(time.strftime("%Y-%m-%dT%H:%M:%SZ\n", time.gmtime()), encoding="utf-8")
    before = live(target)
    _point(target, CURRENT, build)
    if before and before != build.resolve():
        _point(target, PREVIOUS, before)
    prune(target)
    return before


def discard(build: Path) -> None:
    """A failed build's folder: nothing served ever pointed at it."""
    shutil.rmtree(build, ignore_errors=True)


def share_identical(build: Path, store: Path) -> int:
    """Hard-link each file of a new build to the one copy of its content in `store`: the runtime, the theme,
    the wheels and their compressed copies, the same in every council's site and every build, are stored
    once. Returns the bytes not written again. Nothing is ever written into a finished build, so sharing
    is safe; on a file system without hard links (or `store` elsewhere) every file keeps its own copy."""
    store.mkdir(parents=True, exist_ok=True)
    shared = 0
    for file in build.rglob("*"):
        if file.is_symlink() or not file.is_file() or file.stat().st_size < SHARE_FROM_BYTES:
            continue
        with file.open("rb") as stream:
            kept = store / hashlib.file_digest(stream, "sha256").hexdigest()
        temporary = file.with_name(f".{file.name}.{os.getpid()}.link")
        try:
            os.link(kept, temporary)
            os.replace(temporary, file)
            shared += file.stat().st_size
        except FileNotFoundError:  # the first copy of this content
            with contextlib.suppress(FileExistsError):  # another build stored it this moment: as good
                os.link(file, kept)
        except OSError:  # no hard links here: nothing shared, nothing lost
            temporary.unlink(missing_ok=True)
            return shared
    return shared


def prune_store(store: Path) -> None:
    """Copies no build holds any more (their only link is the store's own)."""
    for kept in store.iterdir() if store.is_dir() else []:
        try:
            if kept.stat().st_nlink == 1:
                kept.unlink()
        except FileNotFoundError:
            continue


def prune(target: Path) -> None:
    """Keep the live and the previous build, and builds still being written by another process."""
    kept = {live(target), live(target, PREVIOUS)}
    for folder in (target / BUILDS).iterdir():
        if folder.resolve() in kept:
            continue
        finished = (folder / COMPLETE).is_file()
        if finished or time.time() - folder.stat().st_mtime > STALE_SECONDS:
            shutil.rmtree(folder, ignore_errors=True)


def rollback(target: Path) -> str:
    """Swap `current` and `previous`: the build before is live again, one command, no rebuild."""
    now, before = live(target), live(target, PREVIOUS)
    if not before or not before.is_dir() or now is None:
        raise RuntimeError(f"{target} has no previous build to go back to (it keeps one, after a second build).")
    _point(target, CURRENT, before)
    _point(target, PREVIOUS, now)
    return f"{target}: live build is now {before.name} (was {now.name}); {settings_note(target, now)}"


def settings_note(target: Path, before: Path | None) -> str:
    """Whether the server must reload: its settings (the CSP's hashes, mostly) differ from the last build's."""
    now = live(target)
    if now is None or before is None:
        return f"point your server at {target / CURRENT / 'site'} (see {target / CURRENT / 'server'})"
    old, new = before / "server" / "nginx.conf", now / "server" / "nginx.conf"
    same = old.is_file() and new.is_file() and old.read_bytes() == new.read_bytes()
    return "server settings unchanged" if same else "server settings changed: reload the server (nginx -s reload)"


def legacy_note(target: Path) -> str:
    """A target built by an older version held the site directly; it keeps being served until the server moves."""
    if (target / "index.html").is_file():
        return (
            f"\n  notice: {target} also holds a site built by an older version (index.html, _server/). "
            f"Point your server at {target / CURRENT / 'site'}, include {target / CURRENT / 'server'}/nginx.conf "
            "(or the Apache file there), reload it, then delete the old files."
        )
    return ""


def build_site(target: Path, site_url: str) -> int:
    """`make build`: mkdocs into a new build folder, its server settings beside it, then the switch."""
    from .server_config import write_server_configs

    if not site_url.endswith("/"):  # without it, pages under the path are not found
        print(f"SITE_URL {site_url!r} has no trailing slash: building for {site_url + '/'!r}")
        site_url += "/"
    build = new_build(target)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_url}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(build / "site")], env=env)
    if done.returncode != 0:
        discard(build)
        print(f"build FAILED: nothing served changed ({live(target) or 'no build yet'} is still live)", file=sys.stderr)
        return 1
    write_server_configs(build / "site", site_url, build / "server", served=target / CURRENT / "site")
    share_identical(build, target / STORE)  # with the previous build: a rebuild writes only what changed
    before = publish(target, build)
    prune_store(target / STORE)
    print(f"built {build.name} into {target / CURRENT}; {settings_note(target, before)}{legacy_note(target)}")
    return 0


def main(argv: list[str]) -> int:
    try:
        if len(argv) == 3 and argv[0] == "site":
            return build_site(Path(argv[1]).absolute(), argv[2])
        if len(argv) == 2 and argv[0] == "rollback":
            print(rollback(Path(argv[1]).absolute()))
            return 0
        if len(argv) == 2 and argv[0] == "status":
            target = Path(argv[1]).absolute()
            print(f"{target}: current {live(target)}, previous {live(target, PREVIOUS)}")
            return 0
    except (RuntimeError, OSError) as problem:
        print(f"deploy: {problem}", file=sys.stderr)
        return 1
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
