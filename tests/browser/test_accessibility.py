"""Basic accessibility of the main pages, checked in the browser: every form control has a label (or an
accessible name), every image has alt text, one h1 per page, headings don't skip levels, and the page
declares its language."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from . import shopper_steps as shopper
from .ui_text import EN

pytestmark = pytest.mark.browser

AUDIT = """() => {
  const problems = [];
  const visible = el => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  for (const el of document.querySelectorAll('input, select, textarea')) {
    if (el.type === 'hidden' || !visible(el)) continue;
    const named = (el.labels && el.labels.length) || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')
      || el.getAttribute('title');
    if (!named) problems.push('unlabelled ' + el.tagName.toLowerCase() + ' name=' + el.name);
  }
  for (const img of document.querySelectorAll('img')) {
    if (!img.hasAttribute('alt')) problems.push('image without alt: ' + img.src);
  }
  const h1 = document.querySelectorAll('h1').length;
  if (h1 !== 1) problems.push(h1 + ' h1 elements');
  let last = 0;
  for (const h of document.querySelectorAll('main h1, main h2, main h3, main h4')) {
    const level = Number(h.tagName[1]);
    if (last && level > last + 1)
      problems.push('heading jumps from h' + last + ' to h' + level + ': ' + h.textContent.trim());
    last = level;
  }
  if (!document.documentElement.lang) problems.push('no lang on <html>');
  for (const b of document.querySelectorAll('button, a')) {
    if (visible(b) && !(b.textContent.trim() || b.getAttribute('aria-label') || b.querySelector('img[alt]')))
      problems.push('control without a name: ' + b.outerHTML.slice(0, 80));
  }
  return problems;
}"""


def _first_product_url(page: Page) -> str:
    page.goto("/")
    href = page.locator("a[href^='/p/']").first.get_attribute("href")
    assert href
    return href


@pytest.mark.parametrize("path", ["/", "/search?q=phone", "PRODUCT", "/cart", "/accounts/login/",
                                  "/accounts/register/", "/checkout"])
def test_main_pages_pass_the_basic_audit(page: Page, path: str) -> None:
    url = _first_product_url(page) if path == "PRODUCT" else path
    response = page.goto(url)
    assert response is not None and response.status < 500
    problems = page.evaluate(AUDIT)
    assert problems == [], f"{url}: {problems}"


@pytest.mark.parametrize(("login", "paths"), [
    (("merchant@mercato.demo", "mercato-merchant"),
     ["/merchant/", "/merchant/products/", "/merchant/products/new/", "/merchant/stock/", "/merchant/orders/",
      "/merchant/balance/", "/orders"]),
    (("ops@mercato.demo", "mercato-ops"), ["/console/", "/console/merchants/", "/console/orders/",
                                             "/console/payments/", "/accounts/"]),
])
def test_back_office_pages_pass_the_basic_audit(page: Page, login: tuple[str, str], paths: list[str]) -> None:
    shopper.sign_in(page, EN, *login)
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        problems = page.evaluate(AUDIT)
        assert problems == [], f"{path}: {problems}"
