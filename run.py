#!/usr/bin/env python3
"""Bootstrap for a fresh clone, with nothing but Python 3.11+:

    python3 run.py demo     # create .venv, install, migrate, seed the demo data, serve on http://127.0.0.1:8000
    python3 run.py test     # create .venv with the dev tools and run the test suite (SQLite)

Any further arguments are passed on (to `mercato demo` or to pytest).
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")


def ensure_venv(extras: str) -> None:
    marker = VENV / f".installed-{extras or 'core'}"
    stamp = str((ROOT / "pyproject.toml").stat().st_mtime)
    if marker.exists() and marker.read_text() == stamp:
        return
    if not (BIN / "python").exists():
        print("creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    target = f".[{extras}]" if extras else "."
    print(f"installing mercato{f'[{extras}]' if extras else ''} into .venv ...", flush=True)
    subprocess.run([str(BIN / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "-e", target], cwd=ROOT, check=True)
    marker.write_text(stamp)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("demo", "test"):
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    if sys.version_info < (3, 11):  # noqa: UP036  (run.py may be started by an older python3)
        print("Mercato needs Python 3.11 or newer", file=sys.stderr)
        return 2
    if command == "demo":
        ensure_venv("")
        return subprocess.call([str(BIN / "mercato"), "demo", *rest], cwd=ROOT)
    ensure_venv("dev")
    return subprocess.call([str(BIN / "python"), "-m", "pytest", *rest], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
