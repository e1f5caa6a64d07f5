"""Open the built book in a real browser (Chromium, headless) as a reader would.

Run with ``make browser-test``, which builds the book first. The browser is offline:
every request that leaves the book's own files is blocked and recorded, so these
tests also prove that the HTML is self-contained (math included).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HTML = ROOT / "_build" / "html"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail(
            "Chromium was not found: install it (Debian: apt-get install chromium) "
            "or set CHROMIUM to its path",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not (HTML / "index.html").exists():
        pytest.fail("the book is not built: run `make book` first", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


class Reader:
    """One offline page view: outside requests blocked and recorded, errors collected."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.outside_requests: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", self._console)

    def _console(self, message):
        # The theme logs this when the reader has no stored light/dark choice yet.
        if message.type == "error" and "invalid theme mode" not in message.text:
            self.errors.append(message.text)

    def _route(self, route):
        url = route.request.url
        if url.startswith(("file://", "data:")):
            route.continue_()
        else:
            self.outside_requests.append(url)
            route.abort()

    def open(self, relative: str, root: Path = HTML):
        self.page.goto((root / relative).as_uri(), wait_until="load")
        # Sphinx loads MathJax only on pages with math; MathJax 3 resolves this promise
        # once such a page is typeset.
        if self.page.locator("script[src*='mathjax']").count():
            self.page.wait_for_function(
                "() => window.MathJax && window.MathJax.startup && window.MathJax.startup.promise",
                timeout=20_000,
            )
            self.page.evaluate("() => window.MathJax.startup.promise")
        return self.page

    def close(self):
        self.context.close()


@pytest.fixture
def reader(browser):
    view = Reader(browser)
    yield view
    view.close()
