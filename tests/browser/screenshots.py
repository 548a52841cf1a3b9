"""Where the browser tests keep their pictures.

Every main page a journey visits is saved, full length, under ``artifacts/screenshots/<test>/<step>.png`` so a
failing CI run can be read after the fact. With ``MERCATO_README_SCREENSHOTS=1`` a few chosen pages are also
written to ``docs/screenshots/`` for the README (viewport-sized, which reads better than a full page).
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

from playwright.sync_api import Error, Page

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS_DIR = REPO_ROOT / "artifacts" / "screenshots"
README_DIR = REPO_ROOT / "docs" / "screenshots"


_LOAD_IMAGES_JS = """async () => {
  const images = [...document.images];
  images.forEach(image => { if (image.loading === 'lazy') image.loading = 'eager'; });
  await Promise.all(images.map(image => image.complete ? null :
    new Promise(done => { image.onload = image.onerror = done; setTimeout(done, 2000); })));
}"""


def load_lazy_images(page: Page) -> None:
    """A full-page picture should show the images below the fold, which the page loads lazily."""
    with contextlib.suppress(Error):  # e.g. a page with JavaScript disabled
        page.evaluate(_LOAD_IMAGES_JS)


def readme_screenshots_wanted() -> bool:
    return os.environ.get("MERCATO_README_SCREENSHOTS", "") not in ("", "0", "false", "no")


def safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-") or "page"


class Camera:
    """Numbered full-page screenshots of one test: ``01-home.png``, ``02-search.png``..."""

    def __init__(self, test_name: str) -> None:
        self.folder = ARTIFACTS_DIR / safe_name(test_name)
        self.count = 0
        for old in self.folder.glob("*.png"):  # keep only this run's pictures
            old.unlink()

    def __call__(self, page: Page, step: str) -> Path:
        self.count += 1
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{self.count:02d}-{safe_name(step)}.png"
        load_lazy_images(page)
        page.screenshot(path=str(path), full_page=True)
        return path

    def readme(self, page: Page, name: str) -> Path | None:
        """A polished viewport screenshot for the README, only when MERCATO_README_SCREENSHOTS is set."""
        if not readme_screenshots_wanted():
            return None
        README_DIR.mkdir(parents=True, exist_ok=True)
        path = README_DIR / f"{safe_name(name)}.png"
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(path), full_page=False, animations="disabled", caret="hide")
        return path
