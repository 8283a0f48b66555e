"""The calculator directive: a Python-Markdown extension (built on pymdownx.blocks).

An author places a calculator anywhere in a page with

    /// calculator | workload model=time
    ///

The build renders the form from the calculator's own field definitions and writes the
worked example's result, calculated natively, into the page, so a result shows at first paint.

Configure in mkdocs.yml (a council's own data replaces the default data of a calculator):

    markdown_extensions:
      - toolkit_site.directive:
          data:
            workload: local/data/workload.json
"""

from __future__ import annotations

import json
import shlex
import xml.etree.ElementTree as etree
from pathlib import Path
from typing import Any

from markdown import Markdown
from pymdownx.blocks import BlocksExtension
from pymdownx.blocks.block import Block

import calculators

from . import bundle
from .figures import FigureProcessor
from .form import render_form

try:  # under MkDocs, a BuildError stops the build with our message instead of a traceback
    from mkdocs.exceptions import BuildError as _Base
except ImportError:  # another Python-Markdown host
    _Base = ValueError  # type: ignore[misc,assignment]

CONFIG_KEY = "mkdocs.yml → markdown_extensions → toolkit_site.directive"


class DirectiveError(_Base):
    """A calculator directive or its configuration is wrong; the message says where and how to fix it."""


def load_council_data(
    paths: dict[str, str], setting: str = f"{CONFIG_KEY} → data", relative_to: str = ""
) -> dict[str, dict[str, Any]]:
    """Read and check each data file named in the configuration, failing with file, key and fix.
    `relative_to` is the folder the paths were resolved from (default: where the build runs)."""
    if not isinstance(paths, dict):
        raise DirectiveError(
            f"{setting} must map calculator names to JSON files, for example `workload: local/data/workload.json`."
        )
    loaded = {}
    for name, path in paths.items():
        where = f"{setting} → {name}"
        if name not in calculators.CALCULATORS:
            raise DirectiveError(
                f"{where}: there is no calculator called {name!r}. "
                f"Fix: use one of {', '.join(sorted(calculators.CALCULATORS))}."
            )
        file = Path(path)
        if not file.is_file():
            raise DirectiveError(
                f"{where}: the file {path!r} does not exist (paths are relative to "
                f"{relative_to or f'the folder you run the build from: {Path.cwd()}'}). "
                "Fix: correct the path or create the file."
            )
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
            calculators.prepare(name, {}, data)
        except json.JSONDecodeError as problem:
            raise DirectiveError(
                f"{path}: not valid JSON at line {problem.lineno}, column {problem.colno}: "
                f"{problem.msg}. Fix: correct the JSON (a validator will show where)."
            ) from None
        except calculators.ConfigError as problem:
            raise DirectiveError(
                f"{path}: key `{problem.key}` {problem.message}. Fix: correct that key; "
                f"the default file calculators/data/{calculators.get(name).DATA_FILE} "
                "shows the expected shape."
            ) from None
        loaded[name] = data
    return loaded


class CalculatorBlock(Block):
    NAME = "calculator"
    ARGUMENT = True

    def on_create(self, parent: etree.Element) -> etree.Element:
        name, options = parse_argument(self.argument)
        data = council_data_for(name, self.config["council_data"])
        try:
            calc, settings = calculators.prepare(name, options, data)
        except calculators.ConfigError as problem:
            raise DirectiveError(f"calculator directive `/// calculator | {self.argument}`: {problem}") from None
        count = self.tracker.setdefault("count", {})
        count[name] = count.get(name, 0) + 1
        element_id = f"calc-{name}" + (f"-{count[name]}" if count[name] > 1 else "")
        values = calc.example(settings)
        outcome = calculators.run(name, values, options, data)
        if not outcome["ok"]:
            raise DirectiveError(
                f"calculator {name!r}: its worked example does not pass its own checks: {outcome['errors']}"
            )
        html = render_form(
            calc,
            settings,
            element_id=element_id,
            options=options,
            values=values,
            result_html=outcome["html"],
            result=outcome["result"],
            data=labelled(data, self.config["publisher"]),
            wheel=bundle.wheel_path(),
        )
        div = etree.SubElement(parent, "div", {"class": "calc-block"})
        div.text = self.md.htmlStash.store(html)
        return div


class DefaultsBlock(Block):
    """Wording that labels our default data ("the project's own illustration"):

        /// defaults | workload
        The weights below are the project's own illustration.
        ///

    shown as written while the calculator uses our defaults, and replaced by a line naming the
    council's data when the council supplies its own, so its copy never calls its figures ours."""

    NAME = "defaults"
    ARGUMENT = True

    def on_create(self, parent: etree.Element) -> etree.Element:
        return etree.SubElement(parent, "div", {"class": "calc-defaults-note"})

    def on_end(self, block: etree.Element) -> None:
        name = (self.argument or "").strip()
        if name not in calculators.CALCULATORS:
            raise DirectiveError(
                f"defaults block `/// defaults | {name}`: name a calculator, one of "
                f"{', '.join(sorted(calculators.CALCULATORS))}."
            )
        data = council_data_for(name, self.config["council_data"])
        if data is None:
            return
        for child in list(block):
            block.remove(child)
        note = etree.SubElement(block, "p")
        note.text = (
            f"The figures this calculator uses are {self.config['publisher'] or 'this site'}'s own "
            f"(version {data.get('version') or 'not given'}), not the project's defaults."
        )


class StatementBlock(Block):
    """A section of the accessibility statement template, `/// statement | owner`. A council's MkDocs
    build puts its own details in place of each section before the page is read (the hook's
    council.accessibility_statement); a section still here keeps our "Complete before publishing" box,
    as written and without a wrapper, so our page comes out the same from a tool that runs no hooks."""

    NAME = "statement"
    ARGUMENT = True

    def on_create(self, parent: etree.Element) -> etree.Element:
        self.parent_element = parent
        return etree.SubElement(parent, "div")

    def on_end(self, block: etree.Element) -> None:
        at = list(self.parent_element).index(block)
        self.parent_element[at : at + 1] = list(block)  # the section's own content, in the block's place


class HowToBlock(Block):
    """The how-to above a calculator, folded into "How to use this calculator":

        /// how-to
        ## How to use it
        ...
        ///

    Built open, so a wide screen (and a browser without scripts) shows it as before; on a phone
    the page folds it (content/assets/js/how-to.js), so the calculator starts within one screen."""

    NAME = "how-to"
    ARGUMENT = None  # optional: a summary other than "How to use this calculator"

    def on_create(self, parent: etree.Element) -> etree.Element:
        details = etree.SubElement(parent, "details", {"class": "calc-howto", "open": "open"})
        summary = etree.SubElement(details, "summary")
        summary.text = (self.argument or "").strip() or "How to use this calculator"
        return details


def council_data_for(name: str, council: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    """A council's data for this calculator: its own entry, or that of a calculator sharing its
    default data file (so one STAR framework file serves both observation and collation)."""
    if name in council:
        return council[name]
    if not council:  # our own site: nothing to look up
        return None
    shared = calculators.get(name).DATA_FILE
    return next((data for other, data in council.items() if shared == calculators.get(other).DATA_FILE), None)


def labelled(data: dict[str, Any] | None, publisher: str) -> dict[str, Any] | None:
    """The council's data with a line saying whose it is and which version, shown beside every
    result in the browser: it travels with the data, so a result without it visibly used defaults."""
    if data is None:
        return None
    version = data.get("version") or "no version given"
    return {**data, "data_used": f"{publisher or 'this site'}'s own data, version {version}"}


def parse_argument(argument: str) -> tuple[str, dict[str, str]]:
    """`workload model=time` -> ("workload", {"model": "time"})."""
    words = shlex.split(argument or "")
    if not words:
        raise DirectiveError("calculator directive: name a calculator, for example `/// calculator | workload`")
    options = {}
    for word in words[1:]:
        key, sep, value = word.partition("=")
        if not sep:
            raise DirectiveError(
                f"calculator directive `/// calculator | {argument}`: option {word!r} must look "
                "like key=value, for example model=time"
            )
        options[key] = value
    if words[0] not in calculators.CALCULATORS:
        raise DirectiveError(
            f"calculator directive `/// calculator | {argument}`: unknown calculator "
            f"{words[0]!r}. Fix: use one of {', '.join(sorted(calculators.CALCULATORS))}."
        )
    return words[0], options


class CalculatorExtension(BlocksExtension):
    def __init__(self, *args: Any, **kwargs: Any):
        self.config = {
            "data": [{}, "calculator name -> path of a JSON data file replacing its default data"],
            "publisher": ["", "who supplied that data (the council's site name), shown with each result"],
        }
        super().__init__(*args, **kwargs)

    def extendMarkdownBlocks(self, md: Markdown, block_mgr: Any) -> None:
        council = load_council_data(self.getConfig("data"))
        shared = {"council_data": council, "publisher": self.getConfig("publisher")}
        block_mgr.register(CalculatorBlock, shared)
        block_mgr.register(DefaultsBlock, shared)
        block_mgr.register(StatementBlock, {})
        block_mgr.register(HowToBlock, {})
        # `{{ workload: full_time_hours }}` in a page: the figure from the data this site's calculators use
        md.inlinePatterns.register(FigureProcessor(council, council_data_for, DirectiveError), "toolkit_figure", 185)


def makeExtension(*args: Any, **kwargs: Any) -> CalculatorExtension:
    return CalculatorExtension(*args, **kwargs)
