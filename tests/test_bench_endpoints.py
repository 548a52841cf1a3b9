"""The bench's reference endpoints exist only when MERCATO_BENCH_ENDPOINTS=1 (never in a normal deployment)."""

from __future__ import annotations

import pytest

from conftest import Api


@pytest.mark.django_db
def test_the_bench_yardsticks_are_not_mounted_by_default() -> None:
    assert Api().get("/bench/ping").status_code == 404
    assert Api().post("/bench/hot-row?level_id=1").status_code == 404
