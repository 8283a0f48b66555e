"""Render a calculator's accessible form from its field definitions (Jinja2 template)."""

from __future__ import annotations

import json
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from calculators import Field, Table
from calculators.io.limits import MAX_BYTES
from calculators.kit.contract import Calculator

_env = Environment(
    loader=PackageLoader("toolkit_site", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def _json_attr(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), sort_keys=True)


def _script_json(value: Any) -> Markup:
    # Inside <script type="application/json">, only "</" could end the element early.
    return Markup(json.dumps(value, separators=(",", ":")).replace("</", "<\\/"))


def groups(items: tuple[Field | Table, ...]) -> list[dict[str, Any]]:
    """Consecutive fields with the same group share one fieldset; a table is its own fieldset."""
    out: list[dict[str, Any]] = []
    for item in items:
        if isinstance(item, Table):
            out.append({"label": item.label, "table": item, "fields": []})
        elif out and not out[-1]["table"] and out[-1]["label"] == item.group:
            out[-1]["fields"].append(item)
        else:
            out.append({"label": item.group, "table": None, "fields": [item]})
    return out


def render_form(
    calc: Calculator,
    settings: Any,
    *,
    element_id: str,
    options: dict[str, str],
    values: dict[str, Any],
    result_html: str,
    result: dict[str, Any],
    data: dict[str, Any] | None,
    wheel: str,
) -> str:
    """The form starts blank (tables with their fewest rows, all empty): a worked example is only
    ever filled in on purpose, from `values` written into the page as data, so no made-up answer
    can be saved as a real one. The example's result (`result_html`) shows, labelled, until then."""
    template = _env.get_template("calculator.html")
    items = tuple(calc.form(settings))
    blank: dict[str, list[dict[str, Any]]] = {t.name: [{}] * t.min_rows for t in items if isinstance(t, Table)}
    return template.render(
        id=element_id,
        name=calc.NAME,
        title=calc.TITLE,
        options=_json_attr(options),
        groups=groups(items),
        values=blank,
        example_json=_script_json(values),
        result_html=Markup(result_html),
        result_json=_json_attr(result),
        data_json=_script_json(data) if data is not None else None,
        wheel=wheel,
        csv_table=getattr(calc, "CSV_TABLE", None),
        actions=getattr(calc, "ACTIONS", {}),
        max_file=f"{MAX_BYTES // (1024 * 1024)} MB",
    )
