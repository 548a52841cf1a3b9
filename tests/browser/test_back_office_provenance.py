"""The trust back offices in Chromium: a merchant uploads an EPCIS 2.0 file on the Provenance page and sees what
was captured (each event linked to its trace), a broken document lists its JSON pointers; the operator opens the
transparency log, publishes now and verifies the whole log."""

from __future__ import annotations

import json
import re
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from playwright.sync_api import Page, expect

from mercato.contexts.provenance.domain import epcis_builder as b
from mercato.contexts.provenance.domain.check_digits import mod10_check_digit

from . import merchant_steps as merchant
from . import shopper_steps as shopper
from .conftest import NewPage, PageProblems
from .page_checks import overflow
from .screenshots import Camera
from .test_accessibility import AUDIT
from .ui_text import EN

pytestmark = pytest.mark.browser

DEMO_OPERATOR = ("ops@mercato.demo", "mercato-ops")
DEMO_MERCHANT = ("merchant@mercato.demo", "mercato-merchant")
CST = timezone(timedelta(hours=8))
HONEY = "0690123450001" + mod10_check_digit("0690123450001")
APIARY = "690123400009" + mod10_check_digit("690123400009")


def _honey_batch(lot: str) -> bytes:
    """Two events about one honey batch (harvested, inspected): a small valid EPCIS 2.0 document."""
    start = datetime(2026, 5, 1, 8, 0, tzinfo=CST)
    batch = b.lot_id(HONEY, lot)
    events = [
        b.object_event(start, action="ADD", biz_step="commissioning", location=b.location_id(APIARY),
                       quantities=[b.quantity(batch, 300, "KGM")], disposition="active"),
        b.object_event(start + timedelta(days=1), action="OBSERVE", biz_step="inspecting",
                       location=b.location_id(APIARY), quantities=[b.quantity(batch, 300, "KGM")],
                       disposition="conformant"),
    ]
    return json.dumps(b.document(events, created=start + timedelta(days=2)), ensure_ascii=False).encode()


def test_merchant_uploads_an_epcis_file_and_sees_what_was_captured(new_page: NewPage, camera: Camera,
                                                                   page_problems: PageProblems) -> None:
    page = new_page()
    shopper.sign_in(page, EN, *DEMO_MERCHANT)
    merchant.open_merchant_center(page)
    merchant.section(page, "Provenance")
    assert page.evaluate(AUDIT) == []
    camera(page, "provenance")

    lot = "H" + uuid.uuid4().hex[:6].upper()
    page.get_by_label("EPCIS document (JSON or JSON-LD file)").set_input_files(
        files=[{"name": "honey.jsonld", "mimeType": "application/ld+json", "buffer": _honey_batch(lot)}])
    page.get_by_label("Capture nothing and list the problems (rollback)").check()
    shopper.button(page, "Upload and capture").click()
    expect(page.get_by_role("heading", level=1, name="EPCIS upload")).to_be_visible()
    expect(page.locator(".messages")).to_contain_text("2 events captured, 0 already recorded.")
    trace_links = page.get_by_role("link", name=re.compile(r"^Trace "))
    expect(trace_links).to_have_count(2)
    href = trace_links.first.get_attribute("href") or ""
    assert href.startswith("/trace/?id=") and lot in href, href
    assert page.evaluate(AUDIT) == [] and overflow(page) == []
    camera(page, "captured")

    trace_links.first.click()
    expect(page.locator(".trace-ids")).to_contain_text(lot)
    expect(page.locator(".trace-step")).to_have_count(2)
    camera(page, "trace")

    page.go_back()
    page.get_by_role("link", name="← Provenance").click()
    broken = json.loads(_honey_batch(lot + "X"))
    broken["epcisBody"]["eventList"][1]["bizStep"] = "tasting"
    page.get_by_label("…or paste the document").fill(json.dumps(broken))
    shopper.button(page, "Upload and capture").click()
    alert = page.get_by_role("main").get_by_role("alert").filter(has_text="JSON pointer")
    expect(alert).to_contain_text("/epcisBody/eventList/1/bizStep")
    expect(page.locator(".form-errors")).to_contain_text("nothing was captured")
    page.get_by_label("…or paste the document").fill("{not json")
    shopper.button(page, "Upload and capture").click()
    expect(page.locator(".field-error")).to_contain_text("This is not valid JSON")
    camera(page, "refused")
    assert not page_problems.items, page_problems.items


def test_operator_opens_the_transparency_log_publishes_and_verifies(page: Page, camera: Camera,
                                                                    page_problems: PageProblems) -> None:
    shopper.sign_in(page, EN, *DEMO_OPERATOR)
    page.locator("header").get_by_role("link", name=EN.console, exact=True).click()
    page.get_by_role("navigation", name="Console sections").get_by_role("link", name="Transparency log").click()
    expect(page.get_by_role("heading", level=1, name="Transparency log")).to_be_visible()
    expect(page.locator("pre.command").nth(1)).to_contain_text("mercato transparency audit --url http")
    assert page.evaluate(AUDIT) == [] and overflow(page) == []
    camera(page, "log")

    shopper.button(page, "Publish now").click()
    expect(page.locator(".messages")).to_contain_text(re.compile(
        r"queued facts appended; the signed tree head is now at size \d+\.|Nothing was waiting"))
    shopper.button(page, "Verify the whole log").click()
    expect(page.locator(".messages")).to_contain_text("The log verifies:")
    expect(page.get_by_role("cell").first).to_be_visible()
    camera(page, "verified")
    assert not page_problems.items, page_problems.items
