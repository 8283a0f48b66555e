"""Every setting a council's council.yml may hold, declared once: the loader's checks, its "did you mean",
the README's list and councils/schemas/council.schema.json all come from this table."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Setting:
    key: str
    about: str
    kind: str = "text"  # text (shown in pages), url, path, group, list, paths (a list of paths)
    keys: tuple[str, ...] = ()  # a group's own settings
    attribute: bool = False  # also written inside HTML attributes (titles, labels): no `"` either


SETTINGS = (
    Setting(
        "site_name",
        "the copy's name, shown in the header, the home page heading, titles and the footer",
        attribute=True,
    ),
    Setting("site_url", 'where the copy is served, e.g. "https://toolkit.anytown.gov.uk/"', "url", attribute=True),
    Setting("site_description", "one sentence for search engines", attribute=True),
    Setting(
        "colours", "primary: a theme colour name or a quoted hex colour (checked for WCAG AA)", "group", ("primary",)
    ),
    Setting("logo", "an image file in this folder", "path", attribute=True),
    Setting(
        "contact",
        "name, email, phone, address: who to contact about this copy (footer, accessibility statement)",
        "group",
        ("name", "email", "phone", "address"),
    ),
    Setting(
        "accessibility",
        "the accessibility statement's details",
        "group",
        ("run_by", "known_issues", "compliance", "prepared", "last_tested", "tested_by", "contact"),
    ),
    Setting("calculator_data", "calculator name -> JSON file in this folder replacing its defaults", "group"),
    Setting("local_section", "the menu heading for the council's own pages", attribute=True),
    Setting("local_nav", "the council's own pages, as menu entries `- Title: path.md`", "list", attribute=True),
    Setting("hide", "our pages this copy leaves out, as paths under content/", "paths"),
)
BY_KEY = {setting.key: setting for setting in SETTINGS}
MAX_SITE_NAME = 70  # longer names are cut off in the header and make every title hard to read
STATEMENT_DETAILS = ("run_by", "known_issues", "compliance", "prepared", "last_tested", "tested_by")


def did_you_mean(name: str, choices: tuple[str, ...] | list[str]) -> str:
    """The fix for an unknown name: the nearest known one, or the list."""
    near = difflib.get_close_matches(str(name).replace("-", "_"), list(choices), n=1, cutoff=0.6)
    return f"did you mean `{near[0]}`?" if near else f"use one of {', '.join(choices)}."


def schema() -> dict[str, Any]:
    """A JSON Schema for council.yml, so an editor checks it as it is typed."""
    kinds: dict[str, dict[str, Any]] = {
        "text": {"type": "string"},
        "url": {"type": "string", "pattern": "^https?://.*/$"},
        "path": {"type": "string", "pattern": r"^[^\\]+$"},
        "list": {"type": "array"},
        "paths": {"type": "array", "items": {"type": "string", "pattern": r"^[^\\]+\.md$"}},
    }
    properties: dict[str, Any] = {}
    for setting in SETTINGS:
        shape = dict(kinds.get(setting.kind, {"type": "object"}))
        if setting.keys:
            shape.update(properties={key: {} for key in setting.keys}, additionalProperties=False)
        properties[setting.key] = {"description": setting.about, **shape}
    properties["site_name"]["maxLength"] = MAX_SITE_NAME
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "council.schema.json",
        "title": "A council's branded copy: councils/NAME/council.yml",
        "type": "object",
        "required": ["site_name", "site_url"],
        "properties": properties,
        "additionalProperties": False,
    }
