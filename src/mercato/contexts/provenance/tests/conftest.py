"""Provenance test fixtures: where the team's GS1 reference data sits (beside the repository, when present)."""

from __future__ import annotations

from pathlib import Path

import pytest

# repo root is parents[5]; the shared data sits beside it
GS1_DATA = Path(__file__).resolve().parents[5] / ".." / "shared" / "data" / "gs1"


def gs1_data_or_skip(*parts: str) -> Path:
    """A path under ../shared/data/gs1, or a clean skip on a fresh clone without ../shared."""
    path = GS1_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (fresh clone without ../shared)")
    return path
