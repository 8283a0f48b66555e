"""The Content-Security-Policy of a built site: no 'unsafe-inline' for scripts; the theme's own inline scripts
(and ours, in overrides/ and templates/) are allowed by their SHA-256 hashes, and nothing else is.

An inline script in a built page is hashed only when it is one of those templates' scripts as rendered:
each template script becomes a pattern whose Jinja parts (`{{ base_url }}` and the like) may be filled
with anything but a quote, `<`, `>` or a backslash. A script a council's page or setting put into a page
is therefore never hashed, so the browser refuses to run it; the build names the pages that have one.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import re
from functools import cache
from pathlib import Path

import material

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S | re.I)
DATA_TYPE = re.compile(r"""\btype=["']?(application/json|application/ld\+json|text/template)""", re.I)
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
FILLED = r"""[^"'<>\\]*"""  # what a template's placeholder may become inside a script
ROOT = Path(__file__).resolve().parents[2]
_ZENSICAL = importlib.util.find_spec("zensical")  # the successor builder, when installed (the test extra)
TEMPLATE_FOLDERS = (
    Path(material.__file__).parent / "templates",  # the theme's
    ROOT / "overrides",  # ours
    Path(__file__).parent / "templates",
    # Zensical's own copy of the theme starts each page with a script of its own (`__md_scope`)
    *([Path(_ZENSICAL.origin).parent / "templates"] if _ZENSICAL and _ZENSICAL.origin else []),
)


@cache
def template_scripts() -> tuple[re.Pattern[str], ...]:
    """One pattern per inline script in the theme's and our templates."""
    patterns = set()
    for folder in TEMPLATE_FOLDERS:
        for template in folder.rglob("*.html"):
            for attributes, body in INLINE_SCRIPT.findall(template.read_text(encoding="utf-8")):
                if not DATA_TYPE.search(attributes) and body.strip():
                    literal = JINJA.split(body)
                    patterns.add("".join(re.escape(part) + FILLED for part in literal[:-1]) + re.escape(literal[-1]))
    return tuple(re.compile(p, re.S) for p in sorted(patterns))


def is_template_script(body: str) -> bool:
    return any(pattern.fullmatch(body) for pattern in template_scripts())


def inline_scripts(site: Path) -> tuple[list[str], list[str]]:
    """(the sorted CSP hashes of the templates' inline scripts in the built pages, the pages holding any other
    inline script, which the policy will refuse to run)."""
    hashes, refused = set(), set()
    for page in site.rglob("*.html"):
        for attributes, body in INLINE_SCRIPT.findall(page.read_text(encoding="utf-8", errors="replace")):
            if DATA_TYPE.search(attributes):
                continue
            if is_template_script(body):
                digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
                hashes.add(f"'sha256-{digest}'")
            else:
                refused.add(page.relative_to(site).as_posix())
    return sorted(hashes), sorted(refused)


def content_security_policy(site: Path) -> str:
    scripts = " ".join(["'self'", "'wasm-unsafe-eval'", *inline_scripts(site)[0]])
    return (
        "default-src 'self'; "
        f"script-src {scripts}; "
        "style-src 'self' 'unsafe-inline'; "  # the theme sets style attributes
        "img-src 'self' data:; "  # the theme's icons are data: URLs
        "font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
    )
