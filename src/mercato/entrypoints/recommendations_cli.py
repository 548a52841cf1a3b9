"""`mercato recommendations ...` commands."""

from __future__ import annotations

import argparse
from typing import Any


def add_commands(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser("recommendations", help="recommendations commands")
    parser.add_subparsers(dest="recommendations_command", required=True)
