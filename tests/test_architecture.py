"""The walls between contexts are checked by import-linter contracts (pyproject.toml)."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold():
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or "lint-imports"
    result = subprocess.run([lint], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 broken" in result.stdout


def test_every_context_has_a_public_door_and_a_readme():
    contexts = ROOT / "src" / "mercato" / "contexts"
    for ctx in (p for p in contexts.iterdir() if (p / "apps.py").exists()):
        assert (ctx / "public.py").exists(), ctx.name
        readme = (ctx / "README.md").read_text()
        assert readme.splitlines()[1].startswith("Owns:"), ctx.name
