"""(6) Provenance: a tea batch captured in EPCIS by three signing parties, published by the embedded scheduler's
transparency job, then opened from its GS1 Digital Link on a phone and on a desktop (in Chinese): the timeline, a
verified mark per step, the QR code, nothing wider than the screen. The product page links to the trace too."""

from __future__ import annotations

import re
import time
import uuid

import httpx
import pytest
from e2e.live_server import LiveServer
from playwright.sync_api import Page, expect

from mercato.entrypoints.storefront.tests.provenance_data import STEPS, TEA, captures, party_key, signature_header

from .conftest import PHONE, NewPage, PageProblems
from .page_checks import overflow
from .screenshots import Camera
from .test_accessibility import AUDIT

pytestmark = pytest.mark.browser

DEMO_MERCHANT = ("merchant@mercato.demo", "mercato-merchant")
PUBLISH_WAIT_SECONDS = 40  # the scheduler publishes every 5 s


def _api(server: LiveServer, token: str | None = None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.Client(base_url=f"{server.base_url}/api/v1", headers=headers, timeout=60.0)


@pytest.fixture(scope="module")
def tea_batch(mercato: LiveServer) -> dict[str, str]:
    """A tea product with a GTIN in the demo merchant's shop, and a batch of it with a published journey."""
    with _api(mercato) as anonymous:
        token = anonymous.post("/auth/token", json=dict(zip(("email", "password"), DEMO_MERCHANT, strict=True)))
        token.raise_for_status()
        category = anonymous.get("/categories").json()["items"][0]["id"]
    lot = "L" + uuid.uuid4().hex[:6].upper()
    with _api(mercato, token.json()["token"]) as merchant:
        product = merchant.post("/products", json={
            "title": {"zh-Hans": "明前龙井绿茶 250 克", "en": "Mingqian Longjing green tea 250 g"},
            "description": "云雾茶园手工采摘。Hand-picked.", "category": category,
            "variants": [{"sku": f"TEA-{lot}", "gtin": TEA, "price": {"amount": "128.00", "currency": "CNY"}}]})
        assert product.status_code == 201, product.text
        for (name, role, gln), document in captures(lot):
            key, public = party_key()
            party = merchant.post("/provenance/parties",
                                  json={"name": name, "role": role, "public_key": public, "gln": gln})
            assert party.status_code == 201, party.text
            header = signature_header(key, party.json()["id"], document)
            capture = merchant.post("/epcis/capture", json=document, headers={"Mercato-Signature": header})
            assert capture.status_code == 202, capture.text
    path = f"/01/{TEA}/10/{lot}"
    deadline = time.monotonic() + PUBLISH_WAIT_SECONDS
    with _api(mercato) as anonymous:
        while True:
            steps = anonymous.get("/provenance/trace", params={"id": f"https://id.gs1.org{path}"}).json()["steps"]
            if len(steps) == STEPS and all(step["verified"] for step in steps):
                break
            assert time.monotonic() < deadline, f"not all steps verified after {PUBLISH_WAIT_SECONDS}s: {steps}"
            time.sleep(1)
    return {"path": path, "lot": lot, "product": product.json()["id"]}


def _check_trace(page: Page, lot: str, verified: str) -> None:
    expect(page.locator(".trace-ids")).to_contain_text(lot)
    expect(page.locator(".trace-step")).to_have_count(STEPS)
    expect(page.locator(".trace-step .proof--verified")).to_have_count(STEPS)
    expect(page.locator(".trace-step .proof--verified").first).to_contain_text(verified)
    expect(page.locator(".trace-step .signed")).to_have_count(STEPS)
    expect(page.locator(".qr svg")).to_be_visible()
    times = page.locator(".trace-step time").evaluate_all("nodes => nodes.map(n => n.getAttribute('datetime'))")
    assert times == sorted(times), times  # oldest first


def test_6_trace_from_a_digital_link_on_a_phone(new_page: NewPage, tea_batch: dict[str, str], camera: Camera,
                                                page_problems: PageProblems) -> None:
    page = new_page(**PHONE)
    response = page.goto(tea_batch["path"])
    assert response is not None and response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Mingqian Longjing green tea 250 g")
    _check_trace(page, tea_batch["lot"], "Verified in the transparency log")
    expect(page.locator(".trace-step").nth(5)).to_contain_text("2.1 – 6.4 °C")
    camera(page, "trace-phone")
    camera.readme(page, "phone-trace")
    assert overflow(page) == []
    assert page.evaluate(AUDIT) == []
    assert not page_problems.items, page_problems.items


def test_6_trace_from_the_product_page_on_a_desktop_in_chinese(new_page: NewPage, tea_batch: dict[str, str],
                                                               camera: Camera, page_problems: PageProblems) -> None:
    page = new_page(locale="zh-CN")
    page.goto(f"/p/mingqian-longjing-green-tea-250-g-{tea_batch['product']}")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    section = page.locator("section.provenance")
    expect(section.locator(".qr svg")).to_be_visible()
    camera(page, "product")
    section.get_by_role("link", name="追溯此商品").click()
    expect(page.locator(".empty")).to_contain_text("尚无供应链事件记录")  # the GTIN alone: pick the batch
    page.get_by_role("link", name=tea_batch["lot"], exact=True).click()
    expect(page).to_have_url(re.compile(re.escape(tea_batch["path"]) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("明前龙井绿茶 250 克")
    _check_trace(page, tea_batch["lot"], "已在透明日志中验证")
    camera(page, "trace-desktop")
    camera.readme(page, "storefront-trace")
    assert overflow(page) == []
    bundle = page.get_by_role("link", name="下载证明包")
    with page.expect_download() as download:
        bundle.click()
    assert download.value.suggested_filename == "provenance-proof-bundle.json"
    assert not page_problems.items, page_problems.items


def test_6_a_mistyped_code_and_the_trace_page_without_javascript(new_page: NewPage, tea_batch: dict[str, str],
                                                                 camera: Camera, page_problems: PageProblems) -> None:
    page = new_page(**PHONE)
    wrong = f"/01/{TEA[:-1]}{(int(TEA[-1]) + 1) % 10}/10/{tea_batch['lot']}"
    response = page.goto(wrong)
    assert response is not None and response.status == 400
    expect(page.get_by_role("alert")).to_contain_text("A check digit is wrong")
    assert overflow(page) == [] and page.evaluate(AUDIT) == []
    camera(page, "wrong-check-digit")
    page_problems.items.clear()  # the 400 itself is the point; the browser logs it as a console error

    plain = new_page(java_script_enabled=False)
    plain.goto("/trace/")
    plain.get_by_label("Digital Link or EPC identifier").fill(f"https://id.gs1.org{tea_batch['path']}")
    plain.get_by_role("button", name="Trace", exact=True).click()
    expect(plain.locator(".trace-step .proof--verified")).to_have_count(STEPS)
    camera(plain, "trace-without-javascript")
    assert not page_problems.items, page_problems.items
