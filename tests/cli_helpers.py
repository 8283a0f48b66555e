"""Run a calculator's command line as an analyst would, in this process (quick) or as a real one.

`run_cli` calls the same `main()` that `python -m calculators.NAME` runs, with its own standard
input, output and error, and gives back what a process would: return code, stdout and stderr.
`run_cli_process` starts a real Python process; one smoke test (tests/calculators/test_registry.py) uses it,
so the module entry points themselves stay tested.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from functools import partial
from pathlib import Path

import calculators.__main__
from calculators.hosts import cli as _cli

ROOT = Path(__file__).resolve().parents[1]


def run_cli(module: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    standard_input = io.TextIOWrapper(io.BytesIO((stdin or "").encode("utf-8")), encoding="utf-8")
    with (
        contextlib.redirect_stdout(stdout),
        contextlib.redirect_stderr(stderr),
        _stdin(standard_input),
        contextlib.chdir(ROOT),
    ):
        try:
            main = calculators.__main__.main if module == "__main__" else partial(_cli.main, module)
            code = main(list(args))
        except SystemExit as leaving:  # argparse leaves this way on a usage error or --help
            code = leaving.code if isinstance(leaving.code, int) else 2
    # text=True in a real process reads "\r\n" as "\n"; read the same here
    text = [s.getvalue().replace("\r\n", "\n").replace("\r", "\n") for s in (stdout, stderr)]
    return subprocess.CompletedProcess([module, *args], code, *text)


@contextlib.contextmanager
def _stdin(stream: io.TextIOWrapper):
    saved, sys.stdin = sys.stdin, stream
    try:
        yield
    finally:
        sys.stdin = saved


def run_cli_process(module: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", f"calculators.{module}", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
