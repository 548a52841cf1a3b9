"""Transparency test fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _log_key_in_tmp(settings: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test signs with a fresh key file under its own HOME, never the developer's."""
    monkeypatch.delenv("MERCATO_TRANSPARENCY_KEY", raising=False)
    settings.HOME = tmp_path  # type: ignore[attr-defined]
