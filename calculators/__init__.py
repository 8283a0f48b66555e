"""The toolkit's calculators: plain Python, standard library only.

Every calculator is one module shaped like the others; `kit.contract.Calculator` lists what each
declares, and the registry test checks every module against it:

- ``NAME``, ``TITLE`` and ``DATA_FILE`` (its default data in ``calculators/data``, or None);
- ``OPTIONS``: the page options it takes and their values, checked once by ``prepare()``;
- ``settings(options, data)`` checks the data file, raising ConfigError;
- ``form(settings)`` lists the Fields (and Tables) the web form is rendered from;
- ``example(settings)`` gives the raw values of the worked example shown before Python loads;
- ``read(values, settings)`` turns raw values into typed inputs, raising InputErrors;
- ``calculate(inputs, settings)`` does the arithmetic and returns a result dataclass;
- ``report(result, settings)`` describes how to show the result (see ``kit.report``);
- ``downloads(inputs, result, settings)`` lists files the user can save (``kit.report.Download``);
- ``CSV_TABLE`` names the table field a CSV file fills (browser import and command line), and
  ``csv_template(settings)`` is the file the "CSV template" button saves;
- ``ACTIONS`` ({name: button label}) and ``act(action, values, settings)`` return new raw values,
  for buttons such as "suggest a plan";
- ``RECORD_FORMAT`` and ``JSON_ROWS`` read files other tools of the toolkit saved.

A calculator that needs no downloads, actions or template declares the shared default from
``kit.contract`` (``downloads = no_downloads``), so nothing is probed with hasattr.

``run()`` strings these together; the browser, the command line and the tests all use it.
"""

from .engine import act, as_plain, run
from .kit.errors import ConfigError, FieldError, InputErrors
from .kit.fields import Field, Table
from .registry import CALCULATORS, get, prepare

__all__ = [
    "CALCULATORS",
    "ConfigError",
    "Field",
    "FieldError",
    "InputErrors",
    "Table",
    "act",
    "as_plain",
    "get",
    "prepare",
    "run",
]
