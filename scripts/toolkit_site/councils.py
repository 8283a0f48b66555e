"""Councils' branded copies, each in its own folder, built by one command.

    python -m toolkit_site.councils                  # every council folder in councils/ (not the example)
    python -m toolkit_site.councils anytown          # one council (the example too, when named)
    python -m toolkit_site.councils --serve anytown  # preview it (restart after changing the folder)
    python -m toolkit_site.councils --check          # check the folders; fails if upstream changed what they use
    python -m toolkit_site.councils --shard 2/4      # the second quarter of the councils (CI in parallel jobs)

Everything a council changes lives in `councils/NAME/` (see councils/example-anytown/):

    council.yml     its name, address, colours, contact details, data files, menu additions, hidden pages
    content/        pages it adds, or replaces (same path as ours), e.g. content/local/allocation.md
    data/           its own weights, thresholds and frameworks (JSON, checked against our schemas)
    logo.svg        optional

The build never writes to our files: it checks everything the council set (failing with file, key, problem
and fix), assembles a docs folder in build/councils/NAME-KEY/ (council_assemble.py) and runs
`mkdocs build --strict` into a new build folder of site-councils/NAME/ (or --out), which becomes live
only when complete (deploy.py). A `git pull` therefore never conflicts.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import compress, deploy
from .council_assemble import assemble
from .council_load import Council, load
from .council_pages import page_hash
from .csp import inline_scripts

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_PREFIX = "example-"  # built only when named, or with --examples


def _lines(prefix: str, items: list[str]) -> str:
    return "".join(f"\n  {prefix}{item}" for item in items)


def upstream_diff(council_page: Path, ours: Path) -> str:
    """What changed in our page since the council copied it: from git history, the version whose
    fingerprint the council recorded, against ours now; without that version, the council's page against ours."""
    recorded = re.search(r"^replaces_upstream:\s*(\w+)", council_page.read_text(encoding="utf-8"), re.M)
    relative = ours.relative_to(ROOT).as_posix()
    then, label = council_page.read_text(encoding="utf-8"), f"your {council_page.name}"
    log = subprocess.run(["git", "log", "--format=%H", "--", relative], cwd=ROOT, capture_output=True, text=True)
    wanted = recorded.group(1) if recorded else None
    for commit in log.stdout.split() if wanted and log.returncode == 0 else []:
        old = subprocess.run(["git", "show", f"{commit}:{relative}"], cwd=ROOT, capture_output=True)
        if old.returncode == 0 and hashlib.sha256(old.stdout).hexdigest()[:12] == wanted:
            then, label = old.stdout.decode("utf-8"), f"ours when you copied it ({commit[:10]})"
            break
    import difflib

    diff = difflib.unified_diff(
        then.splitlines(), ours.read_text(encoding="utf-8").splitlines(), label, f"ours now ({relative})", lineterm=""
    )
    return "\n".join(f"    {line}" for line in diff)


def check(folder: Path, warn_only: bool = False, site_url: str | None = None) -> tuple[bool, str]:
    """Only the checks a build starts with. Fails (unless `warn_only`) when our page a council replaced, or a
    default its data was based on, changed upstream: a council's CI job stops until someone has looked."""
    council = load(folder, site_url)
    report = _lines("", council.problems) + _lines("notice: ", council.notices)
    for page, ours in council.upstream_changes:
        report += (
            f"\n  upstream changes to {ours.relative_to(ROOT)} since {page} copied it:\n{upstream_diff(page, ours)}"
        )
    stale = bool(council.upstream_changes or council.changed_defaults)
    ok = not council.problems and (warn_only or not stale)
    if council.problems:
        verdict = "FAILED, fix these in its folder:"
    elif stale:
        verdict = "upstream changed what this copy uses: review the differences below" + (
            " (--warn-only: not failing)" if warn_only else ", then record them (see each notice's Fix)"
        )
    else:
        verdict = "checked, ready to build"
    return ok, f"{council.name}: {verdict}{report}"


def build(folder: Path, out: Path, serve: bool = False, site_url: str | None = None) -> tuple[bool, str]:
    """Check, assemble and build one council. Returns (ok, report); never raises, so one
    council's mistake cannot stop the others."""
    try:
        return _build(load(folder, site_url), out.absolute(), serve)
    except Exception as problem:
        return False, f"{folder.name}: FAILED: {type(problem).__name__}: {problem}"


def _build(council: Council, out: Path, serve: bool) -> tuple[bool, str]:
    started = time.monotonic()
    if council.problems:
        return False, f"{council.name}: FAILED, fix these in its folder:" + _lines("", council.problems) + _lines(
            "notice: ", council.notices
        )
    # one work folder per council folder and output, so two builds at once (councils of the same name
    # elsewhere, or one council built for two addresses side by side, as the tests do) never share one
    key = hashlib.sha256(f"{council.folder}\0{out}".encode()).hexdigest()[:8]
    work = ROOT / "build" / "councils" / f"{council.name}-{key}"
    config = assemble(council, work)
    notices = _lines("notice: ", council.notices)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "serve" if serve else "build", "--strict", "-f", str(config)]
    if serve:
        os.execve(sys.executable, command, env)
    target = deploy.new_build(out)  # beside the live build: nothing served changes until the switch
    try:
        result = subprocess.run([*command, "-d", str(target / "site")], env=env, capture_output=True, text=True)
        if result.returncode == 0:
            from .server_config import write_server_configs

            site_url = council.settings["site_url"]
            write_server_configs(target / "site", site_url, target / "server", out / "current/site", sweep=False)
            deploy.share_identical(target, out.parent / deploy.STORE)
            refused = inline_scripts(target / "site")[1]
            if refused:  # a council page's own <script>: not the theme's, so the policy will not run it
                notices += _lines(
                    "notice: ", [f"inline scripts that will not run (not the theme's): {', '.join(refused)}"]
                )
    except BaseException:
        deploy.discard(target)
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)  # each build has its own: kept, they would pile up
    if result.returncode != 0:
        deploy.discard(target)
        still = deploy.live(out) or "no build yet"
        return False, (
            f"{council.name}: FAILED, nothing served changed ({still} is still live); "
            f"mkdocs build --strict said:\n{result.stderr.strip()}" + notices
        )
    before = deploy.publish(out, target)
    took = time.monotonic() - started
    return True, (
        f"{council.name}: built into {out / deploy.CURRENT} ({target.name}) in {took:.1f} s; "
        f"{deploy.settings_note(out, before)}{deploy.legacy_note(out)}" + notices
    )


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m toolkit_site.councils", description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="council folders under councils/ (default: all but the example)")
    parser.add_argument("--councils", type=Path, default=ROOT / "councils", help="where the council folders are")
    parser.add_argument("--out", type=Path, default=ROOT / "site-councils", help="one site folder per council here")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="councils built at once")
    parser.add_argument("--serve", action="store_true", help="preview one council (restart after changing its folder)")
    parser.add_argument("--check", action="store_true", help="check the folders and what changed upstream; no build")
    parser.add_argument("--warn-only", action="store_true", help="with --check: report upstream changes, exit 0")
    parser.add_argument("--examples", action="store_true", help="build the example folders too")
    parser.add_argument("--shard", default="1/1", help="I/N: only the I-th of N equal shares (parallel CI jobs)")
    parser.add_argument(
        "--site-url",
        action="append",
        default=[],
        metavar="NAME=URL",
        help="serve council NAME from URL instead of its council.yml's site_url (also SITE_URL_NAME)",
    )
    return parser.parse_args(argv)


def chosen(args: argparse.Namespace) -> list[Path]:
    """The named folders, or every council folder but the examples; then this shard's share of them."""
    folders = [args.councils / n for n in args.names] or sorted(
        p
        for p in args.councils.iterdir()
        if (p / "council.yml").is_file() and (args.examples or not p.name.startswith(EXAMPLE_PREFIX))
    )
    index, _, count = args.shard.partition("/")
    if not (index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count)):
        raise SystemExit(f"--shard {args.shard}: give I/N with 1 <= I <= N, e.g. --shard 2/4")
    return folders[int(index) - 1 :: int(count)]


def addresses(args: argparse.Namespace, folders: list[Path]) -> dict[str, str]:
    """Per-council addresses: --site-url NAME=URL, then SITE_URL_NAME; SITE_URL only when one council is built
    (with many, each keeps the address in its own council.yml)."""
    given = dict(item.split("=", 1) for item in args.site_url if "=" in item)
    plain = [item for item in args.site_url if "=" not in item]
    found = {}
    for folder in folders:
        variable = "SITE_URL_" + re.sub(r"\W", "_", folder.name).upper()
        url = given.get(folder.name) or os.environ.get(variable)
        if not url and len(folders) == 1:
            url = (plain or [""])[0] or os.environ.get("SITE_URL")
        if url:
            found[folder.name] = url
    return found


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    folders = chosen(args)
    if not folders:
        print(
            f"No council folders in {args.councils} (the example is built only when named, or with --examples). "
            "Copy councils/example-anytown to start one.",
            file=sys.stderr,
        )
        return 1
    urls = addresses(args, folders)
    if os.environ.get("SITE_URL") and len(folders) > 1:
        print("SITE_URL is set but applies to one council only: each keeps its own site_url (or SITE_URL_NAME).")
    if args.serve:
        build(folders[0], args.out / folders[0].name, serve=True, site_url=urls.get(folders[0].name))
    if args.check:  # seconds, not minutes: after a `git pull`, see what changed upstream before building
        outcomes = [check(f, args.warn_only, urls.get(f.name)) for f in folders]
    else:
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:  # each build is its own process
            outcomes = list(pool.map(lambda f: build(f, args.out / f.name, site_url=urls.get(f.name)), folders))
        compress.sweep_cache(compress.cache_limit(len(folders)))
        deploy.prune_store(args.out / deploy.STORE)
    for ok, report in outcomes:
        print(report, file=sys.stdout if ok else sys.stderr)
    failed = [f.name for f, (ok, _) in zip(folders, outcomes, strict=True) if not ok]
    if failed:
        print(f"{len(failed)} of {len(folders)} councils failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


__all__ = ["assemble", "build", "check", "load", "main", "page_hash"]

if __name__ == "__main__":
    sys.exit(main())
