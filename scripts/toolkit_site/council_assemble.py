"""A council's copy assembled for MkDocs: our content/, the council's content/ on top, hidden pages left out
(and links to them turned into plain text), its colour and logo, and a full MkDocs config pointing at it."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from .council_load import Council
from .council_pages import UPSTREAM_CONTENT, unlink_hidden

ROOT = Path(__file__).resolve().parents[2]


def upstream_config() -> dict[str, Any]:
    from mkdocs.utils.yaml import get_yaml_loader

    config: dict[str, Any] = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=get_yaml_loader())
    return config


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
    if hidden:  # our pages link to each other (the sources page to every one): those links become text
        pages = {p.relative_to(docs).as_posix(): p for p in docs.rglob("*.md")}
        council.notices += [f"hide: {line}" for line in unlink_hidden(pages, hidden)[0]]
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
