"""The harness itself: the live server answers, Chromium renders its pages without console errors."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .conftest import PageProblems
from .screenshots import Camera

pytestmark = pytest.mark.browser


def test_home_page_loads_without_console_errors(page: Page, camera: Camera, page_problems: PageProblems) -> None:
    response = page.goto("/")
    assert response is not None and response.status == 200, f"GET / answered {response and response.status}"
    expect(page.get_by_role("link", name="Mercato").first).to_be_visible()
    expect(page.get_by_role("search")).to_be_visible()
    page.wait_for_load_state("networkidle")
    camera(page, "home")
    assert not page_problems.items, page_problems.items


def test_api_docs_load_without_console_errors(page: Page, camera: Camera, page_problems: PageProblems) -> None:
    response = page.goto("/api/v1/docs")
    assert response is not None and response.status == 200
    # Swagger UI renders the operations from /api/v1/openapi.json, served locally (no CDN).
    expect(page.locator(".opblock").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    camera(page, "api-docs")
    assert not page_problems.items, page_problems.items
