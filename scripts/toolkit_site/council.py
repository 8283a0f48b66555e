"""Settings a council's branded copy makes under `extra:` in its own config file.

A branded copy starts with `INHERIT: mkdocs.yml`. MkDocs merges dictionaries such as `extra`
but replaces lists such as `nav` and `markdown_extensions`, so the two things a council most
often adds are read from `extra`, where one line each is enough:

    extra:
      calculator_data:            # the council's own weights, thresholds and frameworks
        workload: local/data/workload.json
      local_section: Anytown procedures
      local_nav:                  # the council's own pages, shown as one extra section
        - Allocation meetings: local/allocation.md
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

from .directive import DirectiveError, load_council_data


def calculator_data_paths(extra: dict[str, Any], config_file: str) -> dict[str, str]:
    """The council's data files, resolved against the folder of its config file and checked now,
    so a mistake stops the build before any page is rendered."""
    paths = extra.get("calculator_data") or {}
    setting = f"{Path(config_file).name} → extra → calculator_data"
    if not isinstance(paths, dict):
        raise DirectiveError(f"{setting} must map calculator names to JSON files, "
                             "for example `workload: local/data/workload.json`.")
    base = Path(config_file).resolve().parent
    resolved = {name: str(base / path) for name, path in paths.items()}
    load_council_data(resolved, setting, relative_to=f"the folder of {Path(config_file).name}: {base}")
    return resolved


def local_section(extra: dict[str, Any], config_file: str, docs_dir: str | None = None) -> dict[str, list[Any]] | None:
    """The council's own pages as one navigation section, or None. A page missing from `docs_dir`
    fails here: MkDocs itself only logs it at info level, which `--strict -q` lets through."""
    pages = extra.get("local_nav")
    if not pages:
        return None
    if not isinstance(pages, list):
        raise DirectiveError(f"{Path(config_file).name} → extra → local_nav must be a list of pages, "
                             "for example `- Allocation meetings: local/allocation.md`.")
    for entry in pages:
        target = next(iter(entry.values()), None) if isinstance(entry, dict) else entry
        if docs_dir and isinstance(target, str) and not (Path(docs_dir) / target).is_file():
            raise DirectiveError(f"{Path(config_file).name} → extra → local_nav: the page {target!r} does not exist "
                                 f"in {docs_dir}. Fix: create it or remove the entry.")
    return {str(extra.get("local_section") or "Local information"): pages}


UPSTREAM_NAME = "Social Work Workload Toolkit"
# Ours, then the theme's own documented `extra` settings (so using one is not mistaken for a typo).
EXTRA_KEYS = ("calculator_data", "local_section", "local_nav", "council",
              "alternate", "analytics", "annotate", "consent", "generator", "homepage", "polyfills", "scope",
              "social", "status", "tags", "version")


def check_extra(extra: dict[str, Any], config_file: str) -> None:
    """A misspelt key under `extra` would be silently ignored: fail, naming the nearest valid key."""
    for key in extra:
        if key not in EXTRA_KEYS:
            near = difflib.get_close_matches(str(key).replace("-", "_"), EXTRA_KEYS, n=1, cutoff=0.6)
            raise DirectiveError(f"{Path(config_file).name} → extra → {key}: not a setting this site knows, so it "
                                 "would be ignored. Fix: "
                                 + (f"did you mean `{near[0]}`?" if near else f"use one of {', '.join(EXTRA_KEYS)}."))


def brand(text: str, site_name: str) -> str:
    """Our pages name the toolkit; a branded copy's pages name the copy instead (headings, titles, text)."""
    if not site_name or site_name == UPSTREAM_NAME:
        return text
    return re.sub(rf"\b(the )?{re.escape(UPSTREAM_NAME)}\b", lambda m: ("the " if m.group(1) else "") + site_name, text)
