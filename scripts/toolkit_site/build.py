"""The one step after the pages are rendered, whichever tool rendered them: it adds to a built site
the browser bundle (bundle.py: the Pyodide runtime, the calculators' wheel and snapshot), what
makes it work offline (offline.py: the service worker, the web app manifest, the icons), and the
calculator pages' list of the code they load (preload.py).

MkDocs' hook calls `finish_site` after each build; after a tool that runs no MkDocs hooks (Zensical),
run it yourself:

    python -m toolkit_site.build SITE_DIR [SITE_NAME] [-f CONFIG_FILE]
    python -m toolkit_site.bundle SITE_DIR [SITE_NAME] [-f CONFIG_FILE]     (the same)

The site's name (shown by the installed app) and its logo (the app's icon) are read from the config
file (`mkdocs.yml` in the current folder unless -f names another) when they are not given, following
`INHERIT:` and `!ENV` as MkDocs does. Compressed copies and the web servers' settings are deployment's
steps (server_config.py, run by deploy.py and councils.py on the site this leaves).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

import yaml

from .bundle import BundleError, write_bundle
from .preload import add_preloads

CONFIG_FILE = "mkdocs.yml"


def finish_site(site_dir: Path, site_name: str, logo: str | None = None) -> None:
    """Make a built site's calculators work: the runtime, the wheel, the snapshot, the service worker.
    `logo` is the theme's logo (a path inside the site), the installed app's icon when it sets one."""
    add_preloads(site_dir)  # first: the service worker's list is made from the finished pages
    write_bundle(site_dir, site_name, logo)


def site_settings(config_file: Path) -> tuple[str, str | None]:
    """(site_name, the theme's logo or None) from a config file, as MkDocs would read them."""
    config = read_config(config_file)
    name, theme = config.get("site_name"), config.get("theme")
    if not name:
        raise BundleError(f"{config_file} sets no site_name. Fix: add `site_name: ...` to it.")
    logo = theme.get("logo") if isinstance(theme, dict) else None
    return str(name), str(logo) if logo else None


def read_config(config_file: Path) -> dict[str, Any]:
    """A MkDocs-style config file as a dictionary: `!ENV` resolved, `INHERIT:` merged (dictionaries key
    by key, lists replaced, as MkDocs does), tags naming Python objects read as nothing (not needed here)."""
    if not config_file.is_file():
        raise BundleError(
            f"there is no config file {config_file} (looked from {Path.cwd()}). Fix: run from the project "
            "folder, or name the file with -f."
        )
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=CONFIG_LOADER) or {}
    parent = config.pop("INHERIT", None)
    if parent:
        config = _merged(read_config(config_file.parent / str(parent)), config)
    return dict(config)


def _environment(loader: Any, node: Any) -> Any:
    """`!ENV NAME` or `!ENV [NAME, OTHER_NAME, default]`: the first variable set, else the default;
    a value is typed as YAML would type it written in the file (MkDocs does the same)."""
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = node.value
        names = [loader.construct_scalar(item) for item in (items[:-1] if len(items) > 1 else items)]
        default = loader.construct_object(items[-1]) if len(items) > 1 else None
    for name in names:
        if name in os.environ:
            tag = loader.resolve(yaml.ScalarNode, os.environ[name], (True, False))
            return loader.construct_object(yaml.ScalarNode(tag, os.environ[name]))
    return default


def _nothing(loader: Any, suffix: str, node: Any) -> None:
    return None


# PyYAML's safe loader plus the tags MkDocs config files use (made with type(): PyYAML ships no types).
CONFIG_LOADER: Any = type("ConfigLoader", (yaml.SafeLoader,), {})
CONFIG_LOADER.add_constructor("!ENV", _environment)
CONFIG_LOADER.add_multi_constructor("tag:yaml.org,2002:python/", _nothing)  # e.g. a theme's emoji functions
CONFIG_LOADER.add_multi_constructor("!", _nothing)  # MkDocs' `!relative` and the like


def _merged(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    merged = dict(parent)
    for key, value in child.items():
        both_dicts = isinstance(value, dict) and isinstance(merged.get(key), dict)
        merged[key] = _merged(merged[key], value) if both_dicts else value
    return merged


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m toolkit_site.build", description=__doc__.split("\n\n")[0])
    parser.add_argument("site_dir", type=Path, help="the built site (the folder holding index.html)")
    parser.add_argument("site_name", nargs="?", help="the site's name (default: site_name in the config file)")
    parser.add_argument("-f", "--config-file", type=Path, help=f"the site's config file (default: ./{CONFIG_FILE})")
    args = parser.parse_args(argv)
    try:
        if not (args.site_dir / "index.html").is_file():
            raise BundleError(f"{args.site_dir} holds no built site (no index.html). Fix: build the site first.")
        config_file = args.config_file or Path(CONFIG_FILE)
        if args.site_name and not args.config_file and not config_file.is_file():
            name, logo = args.site_name, None  # the old form, `SITE_DIR NAME`, run from anywhere
        else:
            name, logo = site_settings(config_file)
        finish_site(args.site_dir, args.site_name or name, logo)
    except BundleError as problem:
        print(f"toolkit_site.build: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
