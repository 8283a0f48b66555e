"""Reading a council's folder and checking everything in it before a build: each problem names the file,
the key, what is wrong and the fix, and all of them are collected so they show at once."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import contrast, defaults
from .council import COMPLIANCE
from .council_pages import check_pages
from .council_settings import BY_KEY, MAX_SITE_NAME, SETTINGS, STATEMENT_DETAILS, did_you_mean

EMAIL = re.compile(r"[^@\s<>\"()\[\]]+@[^@\s<>\"()\[\]]+\.[^@\s<>\"()\[\]]+")
PHONE = re.compile(r"[0-9+() .\-]{6,}(?:\s*(?:ext\.?|extension)\s*[0-9]+)?", re.I)


@dataclass
class Council:
    folder: Path
    settings: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    upstream_changes: list[tuple[Path, Path]] = field(default_factory=list)  # (its page, our changed page)
    changed_defaults: list[str] = field(default_factory=list)  # data files whose defaults changed upstream

    @property
    def name(self) -> str:
        return self.folder.name

    @property
    def config_file(self) -> Path:
        return self.folder / "council.yml"

    def problem(self, key: str, text: str) -> None:
        self.problems.append(f"{self.config_file}: {key}: {text}")


class _Loader(yaml.SafeLoader):
    """YAML with `!ENV [NAME, default]`, as mkdocs.yml has; SITE_URL is not read here (see `load`)."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    items = [loader.construct_scalar(node)] if isinstance(node, yaml.ScalarNode) else None
    items = items or loader.construct_sequence(node)
    names, default = (items[:-1], items[-1]) if len(items) > 1 else (items, None)
    for name in names:
        if name != "SITE_URL" and name in os.environ:
            value = yaml.safe_load(os.environ[name]) if os.environ[name] else ""
            return value if isinstance(value, (str, int, float, bool)) else os.environ[name]
    return default


_Loader.add_constructor("!ENV", _env)


def load(folder: Path, site_url: str | None = None) -> Council:
    """Read and check a council's folder. `site_url` overrides its own (a staging host, the tests): with many
    councils built at once, each keeps the address in its own council.yml unless one is given for it."""
    council = Council(folder.resolve())
    if not council.config_file.is_file():
        council.problem("(file)", f"there is no council.yml in {folder}. Fix: copy councils/example-anytown/.")
        return council
    text = council.config_file.read_text(encoding="utf-8")
    try:
        settings = yaml.load(text, Loader=_Loader) or {}
    except yaml.YAMLError as problem:
        council.problem("(file)", f"not valid YAML: {problem}. Fix: correct the line it names.")
        return council
    if not isinstance(settings, dict):
        council.problem("(file)", "must be a list of `key: value` settings. Fix: start from the example's council.yml.")
        return council
    council.settings = settings
    if site_url:
        settings["site_url"] = site_url
    for key in settings:
        if key not in BY_KEY:
            council.problem(
                key,
                "is not a setting this build knows, so it would be ignored. Fix: " + did_you_mean(key, list(BY_KEY)),
            )
    check_empty(council, text)
    check_name_and_address(council)
    check_text(council)
    check_paths(council)
    for setting in SETTINGS:
        if setting.keys:
            check_group(council, setting.key, setting.keys)
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


def check_empty(council: Council, text: str) -> None:
    """A setting left empty: most often a hex colour written unquoted, which YAML reads as a comment."""
    for key, value in council.settings.items():
        pairs = value.items() if isinstance(value, dict) else []
        for name, item in [(key, value), *((f"{key} → {sub}", v) for sub, v in pairs)]:
            if item is not None or key in ("hide", "local_nav", "calculator_data"):
                continue
            leaf = name.rsplit(" → ", 1)[-1]
            comment = re.search(rf"^\s*{re.escape(leaf)}:\s*(#\S*)", text, re.M)
            council.problem(
                name,
                f"is empty: YAML reads everything after an unquoted # as a comment, so `{leaf}: {comment.group(1)}` "
                f'is empty. Fix: quote it: `{leaf}: "{comment.group(1)}"`.'
                if comment
                else "is empty. Fix: give it a value, or remove the line.",
            )


def check_name_and_address(council: Council) -> None:
    s = council.settings
    if not s.get("site_name"):
        council.problem(
            "site_name", "is missing. Fix: add `site_name: Anytown Children's Services – Workload Toolkit`."
        )
    elif len(str(s["site_name"])) > MAX_SITE_NAME:
        council.problem(
            "site_name",
            f"is {len(str(s['site_name']))} characters; the header and every page's title show about 40 before "
            f"they are cut or wrap. Fix: shorten it to {MAX_SITE_NAME} or fewer, e.g. `Anytown – Workload Toolkit`.",
        )
    url = str(s.get("site_url") or "")
    if not url.startswith(("http://", "https://")) or " " in url:
        council.problem(
            "site_url",
            "must be the address the copy is served from. Fix: add `site_url: https://toolkit.anytown.gov.uk/`.",
        )
    elif not url.endswith("/"):
        s["site_url"] = url + "/"
        council.notices.append(
            f"{council.config_file}: site_url: {url!r} has no trailing slash; the build uses {url + '/'!r} "
            "(without it, pages under the path would not be found). Fix: add the slash in council.yml."
        )


def _strings(value: Any, key: str) -> list[tuple[str, str]]:
    """Every text in a setting, keys of its entries included (a menu entry's title), with where it is."""
    if isinstance(value, dict):
        found = [(f"{key} → {k}", str(k)) for k in value] if key.startswith("local_nav") else []
        return found + [pair for k, v in value.items() for pair in _strings(v, f"{key} → {k}")]
    if isinstance(value, list):
        return [pair for i, item in enumerate(value) for pair in _strings(item, f"{key}[{i}]")]
    return [(key, value)] if isinstance(value, str) else []


def check_text(council: Council) -> None:
    """Settings are plain text: HTML in one is refused, never written into a page (where a script would run)."""
    for key, value in council.settings.items():
        attribute = BY_KEY[key].attribute if key in BY_KEY else True
        for where, text in _strings(value, str(key)):
            if "<" in text or ">" in text:
                council.problem(
                    where,
                    f"holds HTML ({text[:60]!r}): settings are plain text and are never read as HTML. "
                    "Fix: remove the < and > (write 'less than', or use a page in content/ for formatted text).",
                )
            elif attribute and '"' in text:
                council.problem(
                    where,
                    f"holds a straight double quote ({text[:60]!r}), which this setting cannot carry into "
                    "the page's labels and titles. Fix: use typographic quotes “ ” or none.",
                )
    contact = council.settings.get("contact")
    if isinstance(contact, dict):
        if contact.get("email") and not EMAIL.fullmatch(str(contact["email"])):
            council.problem(
                "contact → email", f"{contact['email']!r} is not an email address. Fix: e.g. team@anytown.gov.uk."
            )
        if contact.get("phone") and not PHONE.fullmatch(str(contact["phone"])):
            council.problem("contact → phone", f"{contact['phone']!r} is not a phone number. Fix: e.g. 01234 567890.")


def check_paths(council: Council) -> None:
    """A path written the Windows way (`data\\workload.json`) is not found on the server that builds."""
    s = council.settings
    data = s["calculator_data"] if isinstance(s.get("calculator_data"), dict) else {}
    menu = [e for e in s["local_nav"] if isinstance(e, dict)] if isinstance(s.get("local_nav"), list) else []
    hidden = s["hide"] if isinstance(s.get("hide"), list) else []
    paths = [("logo", s.get("logo"))] + [(f"calculator_data → {k}", v) for k, v in data.items()]
    paths += [("local_nav", v) for entry in menu for v in entry.values()] + [("hide", h) for h in hidden]
    for key, path in paths:
        if isinstance(path, str) and "\\" in path:
            council.problem(
                key, f"{path!r} uses \\. Fix: write paths with / ({path.replace(chr(92), '/')!r}), on Windows too."
            )


def check_group(council: Council, key: str, allowed: tuple[str, ...]) -> None:
    value = council.settings.get(key)
    if value is None:
        return
    if not isinstance(value, dict):
        council.problem(key, f"must be a group of settings ({', '.join(allowed)}). Fix: indent them under `{key}:`.")
        return
    for sub in value:
        if sub not in allowed:
            council.problem(f"{key} → {sub}", "is not a known setting. Fix: " + did_you_mean(str(sub), allowed))


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
    missing = [key for key in STATEMENT_DETAILS if key not in details]
    if missing:
        council.notices.append(
            f"{council.config_file}: accessibility: {', '.join(missing)} not set, so the "
            "accessibility statement keeps our 'Complete before publishing' boxes for them."
        )


def check_colours(council: Council) -> None:
    colours = council.settings.get("colours") or {}
    if not isinstance(colours, dict):
        council.problem("colours", 'must be a group, e.g. `colours: {primary: indigo}` or `primary: "#1d4f91"`.')
        return
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
        notices = defaults.changes_since(name, data, file)
        council.notices += notices
        if defaults.changed_values(name, data):
            council.changed_defaults.append(str(file))
