"""Storage tests need the app installed; until it is wired into INSTALLED_APPS they are not collected."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.apps import apps

if not apps.is_installed("mercato.contexts.transparency"):
    collect_ignore_glob = ["test_log*.py", "test_api*.py", "test_append_only*.py"]


@pytest.fixture(autouse=True)
def _log_key_in_tmp(settings: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test signs with a fresh key file under its own HOME, never the developer's."""
    monkeypatch.delenv("MERCATO_TRANSPARENCY_KEY", raising=False)
    settings.HOME = tmp_path  # type: ignore[attr-defined]
