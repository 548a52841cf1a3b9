"""Checks for any page: it fits a phone screen, prices carry the right symbol, no English is left in Chinese."""

from __future__ import annotations

import re

from playwright.sync_api import Page

_OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')].filter(el => {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (box.width === 0 || style.visibility === 'hidden' || style.position === 'fixed') return false;
    let parent = el.parentElement;  // content inside a scrolling container (wide tables) is fine
    while (parent && parent !== document.body) {
      const overflow = getComputedStyle(parent).overflowX;
      if (overflow === 'auto' || overflow === 'scroll' || overflow === 'hidden') return false;
      parent = parent.parentElement;
    }
    return box.right > width + 1;
  });
  return {scrollWidth: document.documentElement.scrollWidth, width,
          wide: wide.slice(0, 5).map(el => `<${el.tagName.toLowerCase()} class="${el.className}">` +
                                     ` right=${Math.round(el.getBoundingClientRect().right)}`)};
}"""


def overflow(page: Page) -> list[str]:
    """What sticks out to the right of the viewport (the page scrolls sideways on a phone); empty when it fits."""
    found = page.evaluate(_OVERFLOW_JS)
    if found["scrollWidth"] <= found["width"] and not found["wide"]:
        return []
    return [f"{page.url}: page is {found['scrollWidth']}px wide on a {found['width']}px screen", *found["wide"]]


def prices(page: Page) -> list[str]:
    return [text.strip() for text in page.locator(".price").all_inner_texts() if text.strip()]


# Chrome whose text must be in the reader's language: not product titles, shop names, SKUs, codes or addresses.
_CHROME = ("main h2, main label:not(.variant):not(.visually-hidden), main legend, main th, main button, main .muted, "
           "header a, header button, footer p")
_VISIBLE_TEXT_JS = """elements => elements.map(el => {
  const copy = el.cloneNode(true);  // text for screen readers only (e.g. "Remove <item>") is not chrome
  copy.querySelectorAll('.visually-hidden').forEach(hidden => hidden.remove());
  return copy.textContent;
})"""
_ENGLISH_WORDS = re.compile(r"\b[A-Za-z]{3,}(?:\s+[A-Za-z]{2,})+\b")


def english_leftovers(page: Page, allowed: set[str]) -> list[str]:
    """Phrases of two or more English words in the page's chrome, minus names in ``allowed``."""
    leftovers = []
    texts: list[str] = page.locator(_CHROME).evaluate_all(_VISIBLE_TEXT_JS)
    for text in texts:
        for name in allowed:
            text = text.replace(name, "")
        leftovers.extend(match.group() for match in _ENGLISH_WORDS.finditer(text))
    return sorted(set(leftovers))
