"""Open the built book in a real browser (Chromium, headless) as a reader would.

Run with ``make browser-test``, which builds the book first. The browser is offline:
every request that leaves the book's own files is blocked and recorded, so these
tests also prove that the HTML is self-contained (math included). Every console
error, and every request for one of the book's own files that fails (a missing file,
an HTTP error such as 404), is an error of the page.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
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


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # the test reports what failed, not every request
        pass


@pytest.fixture(scope="session")
def served_book():
    """The built book served over HTTP on localhost, as the published site serves it."""
    handler = functools.partial(Quiet, directory=str(HTML))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


# The book's own files: opened from disk, or from the local server above.
OWN = ("file://", "data:", "http://127.0.0.1:")


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
        self.page.on("requestfailed", self._request_failed)
        self.page.on("response", self._response)

    def _console(self, message):
        if message.type == "error":
            self.errors.append(message.text)

    def _request_failed(self, request):
        if request.url.startswith(OWN):  # outside requests fail on purpose (_route)
            self.errors.append(f"request failed: {request.url} ({request.failure})")

    def _response(self, response):
        if response.status >= 400:
            self.errors.append(f"HTTP {response.status}: {response.url}")

    def _route(self, route):
        url = route.request.url
        if url.startswith(OWN):
            route.continue_()
        else:
            self.outside_requests.append(url)
            route.abort()

    def open(self, relative: str, root: Path = HTML):
        return self.open_url((root / relative).as_uri())

    def open_url(self, url: str):
        self.page.goto(url, wait_until="load")
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
