"""WCAG 2.2 colour contrast for a council's brand colours, read from the theme's own palette.

Material for MkDocs names its colours (`teal`, `yellow` ...) and defines, per name, the primary
colour, the text drawn on it and the link colour on the page. We read those from the installed
theme's palette stylesheet, so the check follows the theme rather than a copied table.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

AA_TEXT = 4.5  # WCAG 2.2 SC 1.4.3, normal-size text
PAGE_BACKGROUND = "#ffffff"  # Material's default (light) scheme
HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")


def rgba(colour: str) -> tuple[float, float, float, float]:
    value = colour.lstrip("#")
    if len(value) == 3:  # #fff -> #ffffff
        value = "".join(c * 2 for c in value)
    channels = [int(value[i : i + 2], 16) / 255 for i in range(0, len(value), 2)]
    return (channels[0], channels[1], channels[2], channels[3] if len(channels) == 4 else 1.0)


def flatten(colour: str, background: str) -> str:
    """A colour with transparency, as it shows over `background`."""
    r, g, b, a = rgba(colour)
    br, bg, bb, _ = rgba(background)
    mixed = [round(255 * (a * c + (1 - a) * d)) for c, d in ((r, br), (g, bg), (b, bb))]
    return "#" + "".join(f"{c:02x}" for c in mixed)


def luminance(colour: str) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b, _ = rgba(colour)
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def ratio(foreground: str, background: str) -> float:
    """Contrast ratio from 1 to 21 (WCAG's formula); a transparent foreground is blended first."""
    light, dark = sorted((luminance(flatten(foreground, background)), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def nearby_passing(colour: str, against: str, minimum: float = AA_TEXT) -> str:
    """The nearest colour of the same hue that passes: darkened (or lightened) in small steps."""
    r, g, b, _ = rgba(colour)
    darker = luminance(against) > 0.5
    for step in range(1, 101):
        f = 1 - step / 100
        candidate = (r * f, g * f, b * f) if darker else tuple(c + (1 - c) * step / 100 for c in (r, g, b))
        hex_colour = "#" + "".join(f"{round(c * 255):02x}" for c in candidate)
        if ratio(hex_colour, against) >= minimum:
            return hex_colour
    return "#000000" if darker else "#ffffff"


@cache
def material_palette() -> dict[str, dict[str, str]]:
    """{name: {"primary": hex, "text_on_primary": hex, "link": hex}} for the light scheme."""
    import material  # only the build needs the theme

    css_file = next((Path(material.__file__).parent / "templates/assets/stylesheets").glob("palette.*.min.css"))
    css = css_file.read_text(encoding="utf-8")
    palette: dict[str, dict[str, str]] = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        if "slate" in selectors and ":not([data-md-color-scheme=slate])" not in selectors:
            continue
        names = re.findall(r"\[data-md-color-primary=([a-z-]+)\]", selectors)
        values = dict(re.findall(r"(--md-[a-z-]+):([^;]+)", body))
        for name in names:
            entry = palette.setdefault(name, {})
            for key, var in (
                ("primary", "--md-primary-fg-color"),
                ("text_on_primary", "--md-primary-bg-color"),
                ("link", "--md-typeset-a-color"),
            ):
                if var in values and HEX.fullmatch(values[var].strip()):
                    entry[key] = values[var].strip()
    for entry in palette.values():
        entry.setdefault("link", entry.get("primary", "#000000"))
    return {name: entry for name, entry in palette.items() if "primary" in entry and "text_on_primary" in entry}


def brand_problems(primary: str) -> list[str]:
    """Each WCAG AA failure of a primary colour (a Material name or #rrggbb), with the ratio and a fix."""
    palette = material_palette()
    if HEX.fullmatch(primary):
        colours = {"primary": primary, "text_on_primary": "#ffffff", "link": primary}
    elif primary in palette:
        colours = palette[primary]
    else:
        return [
            f"primary colour {primary!r} is neither one of the theme's colour names nor a colour like "
            f'"#1d4f91". Fix: use one of {", ".join(sorted(palette))}, or a hex colour.'
        ]
    problems = []
    checks = (
        ("text on the primary colour (the header)", colours["text_on_primary"], colours["primary"]),
        ("links on the page background", colours["link"], PAGE_BACKGROUND),
    )
    for what, foreground, background in checks:
        found = ratio(foreground, background)
        if found < AA_TEXT:
            fixed = nearby_passing(
                colours["link"] if "links" in what else colours["primary"],
                PAGE_BACKGROUND if "links" in what else flatten(foreground, "#ffffff"),
            )
            passing = sorted(name for name in palette if not _fails(palette[name]))
            problems.append(
                f"primary colour {primary} ({colours['primary']}): {what} has contrast {found:.2f}:1; WCAG AA needs "
                f'{AA_TEXT}:1. Fix: use a nearby colour that passes, "{fixed}" '
                f"({ratio(fixed, PAGE_BACKGROUND) if 'links' in what else ratio(foreground, fixed):.2f}:1), "
                f"or one of the theme's colours that pass: {', '.join(passing)}."
            )
    return problems


def _fails(colours: dict[str, str]) -> bool:
    return (
        ratio(colours["text_on_primary"], colours["primary"]) < AA_TEXT
        or ratio(colours["link"], PAGE_BACKGROUND) < AA_TEXT
    )
