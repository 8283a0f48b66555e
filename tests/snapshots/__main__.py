"""Regenerate the golden snapshots: python -m tests.snapshots (see tests/snapshots/__init__.py)."""

from tests.snapshots import main

raise SystemExit(main())
