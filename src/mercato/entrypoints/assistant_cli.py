"""`mercato assistant ...` commands."""

from __future__ import annotations

import argparse
from typing import Any


def add_commands(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser("assistant", help="assistant commands")
    parser.add_subparsers(dest="assistant_command", required=True)
