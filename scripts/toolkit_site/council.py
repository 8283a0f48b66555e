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

import re
from pathlib import Path
from typing import Any

from .council_settings import did_you_mean
from .directive import DirectiveError, load_council_data


def calculator_data_paths(extra: dict[str, Any], config_file: str) -> dict[str, str]:
    """The council's data files, resolved against the folder of its config file and checked now,
    so a mistake stops the build before any page is rendered."""
    paths = extra.get("calculator_data") or {}
    setting = f"{Path(config_file).name} → extra → calculator_data"
    if not isinstance(paths, dict):
        raise DirectiveError(
            f"{setting} must map calculator names to JSON files, for example `workload: local/data/workload.json`."
        )
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
        raise DirectiveError(
            f"{Path(config_file).name} → extra → local_nav must be a list of pages, "
            "for example `- Allocation meetings: local/allocation.md`."
        )
    for entry in pages:
        target = next(iter(entry.values()), None) if isinstance(entry, dict) else entry
        if docs_dir and isinstance(target, str) and not (Path(docs_dir) / target).is_file():
            raise DirectiveError(
                f"{Path(config_file).name} → extra → local_nav: the page {target!r} does not exist "
                f"in {docs_dir}. Fix: create it or remove the entry."
            )
    return {str(extra.get("local_section") or "Local information"): pages}


UPSTREAM_NAME = "Social Work Workload Toolkit"
# Ours, then the theme's own documented `extra` settings (so using one is not mistaken for a typo).
EXTRA_KEYS = (
    "calculator_data",
    "local_section",
    "local_nav",
    "council",
    "alternate",
    "analytics",
    "annotate",
    "consent",
    "generator",
    "homepage",
    "polyfills",
    "scope",
    "social",
    "status",
    "tags",
    "version",
)


def check_extra(extra: dict[str, Any], config_file: str) -> None:
    """A misspelt key under `extra` would be silently ignored: fail, naming the nearest valid key."""
    for key in extra:
        if key not in EXTRA_KEYS:
            raise DirectiveError(
                f"{Path(config_file).name} → extra → {key}: not a setting this site knows, so it "
                "would be ignored. Fix: " + did_you_mean(str(key), EXTRA_KEYS)
            )


def brand(text: str, site_name: str) -> str:
    """Our pages name the toolkit; a branded copy's pages name the copy instead (headings, titles, text)."""
    if not site_name or site_name == UPSTREAM_NAME:
        return text
    return re.sub(rf"\b(the )?{re.escape(UPSTREAM_NAME)}\b", lambda m: ("the " if m.group(1) else "") + site_name, text)


# The accessibility statement's details a council sets in council.yml (accessibility, contact) fill the
# statement's sections marked `/// statement | SECTION`; a section whose details are not set keeps
# our "Complete before publishing" box, so nothing is filled with made-up text.
STATEMENT_SECTION = re.compile(r"^/// statement \| (\w+)\n(.*?)^///[ \t]*$\n?", re.S | re.M)
COMPLIANCE = {
    "full": "This website is fully compliant with the Web Content Accessibility Guidelines version 2.2 AA standard.",
    "partial": "This website is partially compliant with the Web Content Accessibility Guidelines version 2.2 AA "
    "standard, due to the non-compliances listed below.",
    "not": "This website is not compliant with the Web Content Accessibility Guidelines version 2.2 AA standard. "
    "The non-compliances are listed below.",
}


def _date(value: Any) -> str:
    return value.strftime("%-d %B %Y") if hasattr(value, "strftime") else str(value)


def statement_section(section: str, council: dict[str, Any], site_url: str) -> str | None:
    """The council's own text for one section of the statement, or None when it has not set the details."""
    details, contact = council.get("accessibility") or {}, council.get("contact") or {}
    run_by, email, phone = details.get("run_by"), contact.get("email"), contact.get("phone")
    tested = details.get("last_tested") and details.get("tested_by")
    if section == "owner" and run_by:
        return f"This statement covers <{site_url}>, run by {run_by}."
    if section == "issues" and isinstance(details.get("known_issues"), list):
        if details["known_issues"]:
            return "We know these parts of the website are not fully accessible:\n\n" + "".join(
                f"- {issue}\n" for issue in details["known_issues"]
            )
        if tested:
            return (
                f"We know of no problems: none were found when {details['tested_by']} last tested the website, "
                f"on {_date(details['last_tested'])}."
            )
    if section in ("contact", "reporting") and (email or phone):
        ways = [f"email [{email}](mailto:{email})" if email else "", f"call {phone}" if phone else ""]
        how = " or ".join(w for w in ways if w)
        if section == "contact":
            return f"To ask for this information in another format, {how}."
        who = f" {contact['name']} deals with reports." if contact.get("name") else ""
        return f"To report a problem, {how}.{who}"
    if section == "compliance" and details.get("compliance") in COMPLIANCE:
        return COMPLIANCE[details["compliance"]]
    if section == "preparation" and details.get("prepared") and tested:
        return (
            f"This statement was prepared on {_date(details['prepared'])}. The website was last tested on "
            f"{_date(details['last_tested'])} by {details['tested_by']}."
        )
    return None


def accessibility_statement(markdown: str, council: dict[str, Any] | None, site_url: str) -> str:
    """The statement page with each `/// statement | SECTION` block replaced by the council's own details
    where it has set them, and by our template box where it has not."""

    def fill(match: re.Match[str]) -> str:
        own = statement_section(match.group(1), council or {}, site_url) if council else None
        return (own + "\n") if own else match.group(2)

    return STATEMENT_SECTION.sub(fill, markdown)
