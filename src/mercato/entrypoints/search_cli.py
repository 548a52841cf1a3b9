"""`mercato search ...` commands."""

from __future__ import annotations

import argparse
from typing import Any


def add_commands(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser("search", help="search commands")
    parser.add_subparsers(dest="search_command", required=True)
