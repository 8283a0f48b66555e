"""Councils' branded copies, each in its own folder, built by one command.

    python -m toolkit_site.councils                 # every folder in councils/, two at a time
    python -m toolkit_site.councils anytown         # one council
    python -m toolkit_site.councils --serve anytown # preview it (restart after changing the folder)
    python -m toolkit_site.councils --check         # only check the folders, and list what changed upstream

Everything a council changes lives in `councils/NAME/` (see councils/example-anytown/):

    council.yml     its name, address, colours, contact details, data files, menu additions, hidden pages
    content/        pages it adds, or replaces (same path as ours), e.g. content/local/allocation.md
    data/           its own weights, thresholds and frameworks (JSON, checked against our schemas)
    logo.svg        optional

The build never writes to our files: it assembles a docs folder per council in build/councils/NAME-KEY/
(our content/, then the council's content/ on top, minus hidden pages), writes a full MkDocs config
there, checks everything the council set (failing with file, key, problem and fix) and runs
`mkdocs build --strict` into site-councils/NAME/ (or --out), removing the work folder after (--serve
keeps it while it serves). A `git pull` therefore never conflicts.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import contrast, defaults, deploy
from .council import COMPLIANCE

ROOT = Path(__file__).resolve().parents[2]
UPSTREAM_CONTENT = ROOT / "content"
SETTINGS = {
    "site_name": "the copy's name, shown in the header, the home page heading, titles and the footer",
    "site_url": 'where the copy is served, e.g. !ENV [SITE_URL, "https://toolkit.anytown.gov.uk/"]',
    "site_description": "one sentence for search engines",
    "colours": "primary: a theme colour name or #hex (checked for WCAG AA contrast)",
    "logo": "an image file in this folder",
    "contact": "name, email, phone: who to contact about this copy (footer, accessibility statement)",
    "accessibility": "the accessibility statement's details: run_by, known_issues, compliance, prepared, "
    "last_tested, tested_by",
    "calculator_data": "calculator name -> JSON file in this folder replacing that calculator's defaults",
    "local_section": "the menu heading for the council's own pages",
    "local_nav": "the council's own pages, as menu entries `- Title: path.md`",
    "hide": "our pages this copy leaves out, as paths under content/",
}
CONTACT_KEYS = ("name", "email", "phone", "address")
ACCESSIBILITY_KEYS = ("run_by", "known_issues", "compliance", "prepared", "last_tested", "tested_by", "contact")
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
REQUIRED_FRONT_MATTER = ("title", "description", "last_reviewed")


class CouncilError(Exception):
    """Everything wrong with one council's settings, one problem per line (file, key, problem, fix)."""


@dataclass
class Council:
    folder: Path
    settings: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.folder.name

    @property
    def config_file(self) -> Path:
        return self.folder / "council.yml"

    def problem(self, key: str, text: str) -> None:
        self.problems.append(f"{self.config_file}: {key}: {text}")


def load(folder: Path) -> Council:
    """Read and check a council's folder; problems are collected, not raised, so all show at once."""
    council = Council(folder.resolve())
    if not council.config_file.is_file():
        council.problem(
            "(file)", f"there is no council.yml in {folder}. Fix: copy councils/example-anytown/council.yml."
        )
        return council
    from mkdocs.utils.yaml import get_yaml_loader  # understands !ENV, as mkdocs.yml does

    try:
        settings = yaml.load(council.config_file.read_text(encoding="utf-8"), Loader=get_yaml_loader()) or {}
    except yaml.YAMLError as problem:
        council.problem("(file)", f"not valid YAML: {problem}. Fix: correct the line it names.")
        return council
    if not isinstance(settings, dict):
        council.problem("(file)", "must be a list of `key: value` settings. Fix: start from the example's council.yml.")
        return council
    council.settings = settings
    for key in settings:
        if key not in SETTINGS:
            near = difflib.get_close_matches(str(key).replace("-", "_"), SETTINGS, n=1, cutoff=0.6)
            council.problem(
                key,
                "is not a setting this build knows, so it would be ignored. Fix: "
                + (f"did you mean `{near[0]}`?" if near else f"use one of {', '.join(SETTINGS)}."),
            )
    if not settings.get("site_name"):
        council.problem(
            "site_name", "is missing. Fix: add `site_name: Anytown Children's Services – Workload Toolkit`."
        )
    if not str(settings.get("site_url") or "").startswith(("http://", "https://")):
        council.problem(
            "site_url",
            "must be the address the copy is served from. Fix: "
            'add `site_url: !ENV [SITE_URL, "https://toolkit.anytown.gov.uk/"]`.',
        )
    check_subkeys(council, "contact", CONTACT_KEYS)
    check_subkeys(council, "accessibility", ACCESSIBILITY_KEYS)
    check_statement(council)
    check_colours(council)
    check_data(council)
    check_pages(council)
    if settings.get("logo") and not (council.folder / str(settings["logo"])).is_file():
        council.problem(
            "logo",
            f"the file {settings['logo']!r} is not in {council.folder} (paths are relative to "
            "the folder of council.yml). Fix: put the image there or correct the name.",
        )
    return council


def check_subkeys(council: Council, key: str, allowed: tuple[str, ...]) -> None:
    value = council.settings.get(key)
    if value is None:
        return
    if not isinstance(value, dict):
        council.problem(key, f"must be a group of settings ({', '.join(allowed)}). Fix: indent them under `{key}:`.")
        return
    for sub in value:
        if sub not in allowed:
            near = difflib.get_close_matches(str(sub), allowed, n=1, cutoff=0.6)
            council.problem(
                f"{key} → {sub}",
                "is not a known setting. Fix: "
                + (f"did you mean `{near[0]}`?" if near else f"use one of {', '.join(allowed)}."),
            )


def check_statement(council: Council) -> None:
    """The accessibility statement's details: a wrong value fails; a missing one leaves our template box."""
    details = council.settings.get("accessibility")
    if not isinstance(details, dict):
        details = {}
    if "compliance" in details and details["compliance"] not in COMPLIANCE:
        council.problem(
            "accessibility → compliance",
            f"{details['compliance']!r} is not one of "
            f"{', '.join(COMPLIANCE)}. Fix: say how your testing against WCAG 2.2 AA came out.",
        )
    if "known_issues" in details and not isinstance(details["known_issues"], list):
        council.problem(
            "accessibility → known_issues",
            "must be a list, one problem a line (`- The charts ...`), or `[]` when your testing found none.",
        )
    missing = [
        key
        for key in ("run_by", "known_issues", "compliance", "prepared", "last_tested", "tested_by")
        if key not in details
    ]
    if missing:
        council.notices.append(
            f"{council.config_file}: accessibility: {', '.join(missing)} not set, so the "
            "accessibility statement keeps our 'Complete before publishing' boxes for them."
        )


def check_colours(council: Council) -> None:
    colours = council.settings.get("colours") or {}
    if not isinstance(colours, dict):
        council.problem("colours", "must be a group, e.g. `colours: {primary: indigo}`.")
        return
    for sub in colours:
        if sub not in ("primary",):
            council.problem(f"colours → {sub}", "is not a known setting. Fix: use `primary`.")
    if colours.get("primary"):
        for text in contrast.brand_problems(str(colours["primary"])):
            council.problem("colours → primary", text)


def check_data(council: Council) -> None:
    from .directive import DirectiveError, load_council_data

    paths = council.settings.get("calculator_data") or {}
    if not isinstance(paths, dict):
        council.problem(
            "calculator_data", "must map calculator names to JSON files, e.g. `workload: data/workload.json`."
        )
        return
    for name, path in paths.items():
        file = council.folder / str(path)
        try:
            data = load_council_data(
                {name: str(file)},
                f"{council.config_file} → calculator_data",
                relative_to=f"the folder of council.yml: {council.folder}",
            )[name]
        except DirectiveError as problem:
            council.problems.append(str(problem))
            continue
        council.notices += defaults.changes_since(name, data, file)


def check_pages(council: Council) -> None:
    """The council's own pages (front matter, replaced upstream pages), its menu and its hidden pages."""
    own = council.folder / "content"
    for page in sorted(own.rglob("*.md")) if own.is_dir() else []:
        _check_page(council, own, page)
    _check_menu(council, own)
    _check_hidden(council)


def _check_page(council: Council, own: Path, page: Path) -> None:
    relative = page.relative_to(own).as_posix()
    text = page.read_text(encoding="utf-8")
    match = FRONT_MATTER.match(text)
    try:
        meta = yaml.safe_load(match.group(1)) if match else None
    except yaml.YAMLError as problem:
        council.problems.append(f"{page}: front matter is not valid YAML ({problem}). Fix: correct it.")
        return
    if not isinstance(meta, dict):
        council.problems.append(
            f"{page}: no front matter. Fix: start the page with `---`, "
            f"{', '.join(REQUIRED_FRONT_MATTER)}, then `---` (see the example's local page)."
        )
        return
    for key in REQUIRED_FRONT_MATTER:
        if not meta.get(key):
            council.problems.append(f"{page}: front matter key `{key}` is missing or empty. Fix: add it.")
    upstream = UPSTREAM_CONTENT / relative
    if upstream.is_file():  # a replaced page: has ours changed since the council copied it?
        now = page_hash(upstream)
        if meta.get("replaces_upstream") != now:
            council.notices.append(
                f"{page}: replaces our content/{relative}, which has changed since you copied it "
                f"(recorded {meta.get('replaces_upstream') or 'nothing'}, now {now}). Fix: compare the two, "
                f"then set `replaces_upstream: {now}` in its front matter."
            )


def _check_menu(council: Council, own: Path) -> None:
    for entry in council.settings.get("local_nav") or []:
        target = next(iter(entry.values())) if isinstance(entry, dict) and len(entry) == 1 else entry
        if not isinstance(target, str) or not target.endswith(".md"):
            council.problem(
                "local_nav", f"entry {entry!r} must look like `- Allocation meetings: local/allocation.md`."
            )
            continue
        if not (own / target).is_file() and not (UPSTREAM_CONTENT / target).is_file():
            council.problem(
                "local_nav",
                f"the page {target!r} does not exist. Fix: create {own / target} "
                "(paths are relative to the council's content/ folder) or remove the entry.",
            )
    if council.settings.get("local_nav") is not None and not isinstance(council.settings["local_nav"], list):
        council.problem("local_nav", "must be a list of pages, e.g. `- Allocation meetings: local/allocation.md`.")


def _check_hidden(council: Council) -> None:
    for hidden in council.settings.get("hide") or []:
        if not (UPSTREAM_CONTENT / str(hidden)).is_file():
            near = difflib.get_close_matches(
                str(hidden), [p.relative_to(UPSTREAM_CONTENT).as_posix() for p in UPSTREAM_CONTENT.rglob("*.md")], n=1
            )
            council.problem(
                "hide",
                f"{hidden!r} is not one of our pages. Fix: "
                + (f"did you mean {near[0]!r}?" if near else "give its path under content/."),
            )


def page_hash(path: Path) -> str:
    """A short fingerprint of one of our pages, recorded in a council's replacement as `replaces_upstream`."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def upstream_config() -> dict[str, Any]:
    from mkdocs.utils.yaml import get_yaml_loader

    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=get_yaml_loader())


def copy_content(council: Council, docs: Path, hidden: set[str]) -> None:
    """Our content/ into docs/ without the hidden pages, then the council's own content/ on top."""
    if docs.exists():
        shutil.rmtree(docs)
    shutil.copytree(
        UPSTREAM_CONTENT,
        docs,
        ignore=lambda d, names: [n for n in names if (Path(d) / n).relative_to(UPSTREAM_CONTENT).as_posix() in hidden],
    )
    own = council.folder / "content"
    if own.is_dir():
        shutil.copytree(own, docs, dirs_exist_ok=True)


def brand(config: dict[str, Any], council: Council, docs: Path) -> None:
    """The council's colour (a theme colour name, or a hex colour as a stylesheet) and logo, into the theme."""
    s = council.settings
    theme = config["theme"]
    theme["custom_dir"] = str(ROOT / theme["custom_dir"])
    primary = str((s.get("colours") or {}).get("primary") or "")
    if primary:
        is_hex = primary.startswith("#")
        theme["palette"] = [
            {
                **theme["palette"][0],
                "primary": "custom" if is_hex else primary,
                "accent": "custom" if is_hex else primary,
            }
        ]
        if is_hex:
            (docs / "assets/css").mkdir(parents=True, exist_ok=True)
            (docs / "assets/css/council-colours.css").write_text(custom_colour_css(primary), encoding="utf-8")
            config["extra_css"] = [*config.get("extra_css", []), "assets/css/council-colours.css"]
    if s.get("logo"):
        shutil.copy2(council.folder / s["logo"], docs / Path(s["logo"]).name)
        theme["logo"] = Path(s["logo"]).name
        theme["favicon"] = Path(s["logo"]).name


def assemble(council: Council, work: Path) -> Path:
    """build/councils/NAME-KEY/: our content, the council's pages on top, hidden pages left out; a full
    MkDocs config pointing at it. Returns the config file."""
    docs = work / "docs"
    hidden = {str(h) for h in council.settings.get("hide") or []}
    copy_content(council, docs, hidden)
    s = council.settings
    config = upstream_config()
    config.update(
        site_name=s["site_name"],
        site_url=s["site_url"],
        docs_dir=str(docs),
        hooks=[str(ROOT / h) for h in config.get("hooks", [])],
        watch=[str(ROOT / w) for w in config.get("watch", [])] + [str(council.folder)],
    )
    if s.get("site_description"):
        config["site_description"] = s["site_description"]
    brand(config, council, docs)
    config["nav"] = menu(config.get("nav") or [], hidden, s)
    for i, ext in enumerate(config["markdown_extensions"]):
        if ext == "toolkit_site.directive" or (isinstance(ext, dict) and "toolkit_site.directive" in ext):
            data = {name: str(council.folder / path) for name, path in (s.get("calculator_data") or {}).items()}
            config["markdown_extensions"][i] = {"toolkit_site.directive": {"data": data, "publisher": s["site_name"]}}
    config["extra"] = {
        **config.get("extra", {}),
        "council": {
            "contact": s.get("contact") or {},
            "accessibility": s.get("accessibility") or {},
            "folder": council.name,
        },
    }
    config_file = work / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return config_file


def custom_colour_css(primary: str) -> str:
    return (
        "/* written by the council build from council.yml → colours → primary */\n"
        f":root, [data-md-color-primary=custom] {{ --md-primary-fg-color: {primary}; "
        f"--md-primary-fg-color--light: {primary}; --md-primary-fg-color--dark: {primary}; "
        "--md-primary-bg-color: #fff; --md-primary-bg-color--light: #ffffffb3; "
        f"--md-typeset-a-color: {primary}; --md-accent-fg-color: {primary}; }}\n"
    )


def menu(nav: list[Any], hidden: set[str], settings: dict[str, Any]) -> list[Any]:
    """Our menu without the hidden pages, plus the council's own section."""

    def keep(entries: list[Any]) -> list[Any]:
        kept = []
        for entry in entries:
            value = next(iter(entry.values())) if isinstance(entry, dict) else entry
            if isinstance(value, list):
                children = keep(value)
                if children:
                    kept.append({next(iter(entry)): children} if isinstance(entry, dict) else children)
            elif value not in hidden:
                kept.append(entry)
        return kept

    nav = keep(nav)
    if settings.get("local_nav"):
        nav.append({str(settings.get("local_section") or "Local information"): settings["local_nav"]})
    return nav


def check(folder: Path) -> tuple[bool, str]:
    """Only the checks a build starts with: problems, and notices of what changed upstream."""
    council = load(folder)
    lines = [f"\n  {p}" for p in council.problems] + [f"\n  notice: {n}" for n in council.notices]
    verdict = "FAILED, fix these in its folder:" if council.problems else "checked, ready to build"
    return not council.problems, f"{council.name}: {verdict}" + "".join(lines)


def build(folder: Path, out: Path, serve: bool = False) -> tuple[bool, str]:
    """Check, assemble and build one council. Returns (ok, report); never raises, so one
    council's mistake cannot stop the others."""
    try:
        return _build(folder, out, serve)
    except Exception as problem:
        return False, f"{folder.name}: FAILED: {type(problem).__name__}: {problem}"


def _build(folder: Path, out: Path, serve: bool) -> tuple[bool, str]:
    started = time.monotonic()
    council = load(folder)
    notices = "".join(f"\n  notice: {n}" for n in council.notices)
    if council.problems:
        return False, f"{council.name}: FAILED, fix these in its folder:" + "".join(
            f"\n  {p}" for p in council.problems
        ) + notices
    # one work folder per council folder and output, so two builds at once (councils of the same name
    # elsewhere, or one council built for two addresses side by side, as the tests do) never share one
    key = hashlib.sha256(f"{council.folder}\0{out.resolve()}".encode()).hexdigest()[:8]
    work = ROOT / "build" / "councils" / f"{council.name}-{key}"
    config = assemble(council, work)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "serve" if serve else "build", "--strict", "-f", str(config)]
    if serve:
        os.execve(sys.executable, command, env)
    out = out.absolute()
    target = deploy.new_build(out)  # beside the live build: nothing served changes until the switch
    try:
        result = subprocess.run([*command, "-d", str(target / "site")], env=env, capture_output=True, text=True)
        if result.returncode == 0:
            from .server_config import write_server_configs

            write_server_configs(target / "site", council.settings["site_url"], target / "server", out / "current/site")
    except BaseException:
        deploy.discard(target)
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)  # each build has its own: kept, they would pile up
    if result.returncode != 0:
        deploy.discard(target)
        return False, (
            f"{council.name}: FAILED, nothing served changed ({deploy.live(out) or 'no build yet'} is still live); "
            f"mkdocs build --strict said:\n{result.stderr.strip()}" + notices
        )
    before = deploy.publish(out, target)
    took = time.monotonic() - started
    return True, (
        f"{council.name}: built into {out / deploy.CURRENT} ({target.name}) in {took:.1f} s; "
        f"{deploy.settings_note(out, before)}{deploy.legacy_note(out)}" + notices
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m toolkit_site.councils", description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="council folders under councils/ (default: all)")
    parser.add_argument("--councils", type=Path, default=ROOT / "councils", help="where the council folders are")
    parser.add_argument("--out", type=Path, default=ROOT / "site-councils", help="one site folder per council here")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="councils built at once")
    parser.add_argument("--serve", action="store_true", help="preview one council (restart after changing its folder)")
    parser.add_argument("--check", action="store_true", help="check the folders and list upstream changes; no build")
    args = parser.parse_args(argv)
    folders = [args.councils / n for n in args.names] or sorted(
        p for p in args.councils.iterdir() if (p / "council.yml").is_file()
    )
    if not folders:
        print(f"No council folders in {args.councils}. Copy councils/example-anytown to start one.", file=sys.stderr)
        return 1
    if args.serve:
        build(folders[0], args.out / folders[0].name, serve=True)
    if args.check:  # seconds, not minutes: after a `git pull`, see what changed upstream before building
        outcomes = [check(f) for f in folders]
    else:
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:  # each build is its own process
            outcomes = list(pool.map(lambda f: build(f, args.out / f.name), folders))
    for ok, report in outcomes:
        print(report, file=sys.stdout if ok else sys.stderr)
    failed = [f.name for f, (ok, _) in zip(folders, outcomes, strict=True) if not ok]
    if failed:
        print(f"{len(failed)} of {len(folders)} councils failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
