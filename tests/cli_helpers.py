"""Run a calculator's command line as an analyst would: a separate Python process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_cli(module: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", f"calculators.{module}", *args], input=stdin,
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
