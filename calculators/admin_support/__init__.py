"""The admin_support calculator: its rule, form, data and report (see rule.py)."""

from .rule import *  # noqa: F403 - the calculator contract (kit/contract.py) is rule.py's public names
