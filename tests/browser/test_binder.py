"""A reader's Binder click, reproduced here.

Binder installs requirements.txt, runs postBuild and serves JupyterLab; the book's
launch button sends the reader to ``lab/tree/book/<chapter>.md``. Here a copy of the
repository gets the same postBuild (in a private Jupyter configuration directory),
JupyterLab serves it on localhost, and Chromium opens the chapter the way the button
does: it must open as a notebook with code cells and a Python kernel, and its cells
must run.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from book_chapters import CHAPTERS

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def binder(tmp_path_factory):
    """JupyterLab serving a copy of the book with postBuild applied; yields its base URL."""
    home = tmp_path_factory.mktemp("binder-home")
    repo = tmp_path_factory.mktemp("binder-repo")
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    for name in tracked:  # a copy: JupyterLab may save what it opens
        target = repo / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    env = dict(os.environ, HOME=str(home), JUPYTER_CONFIG_DIR=str(home / ".jupyter"))
    env["PATH"] = f"{BIN}{os.pathsep}{env['PATH']}"
    subprocess.run(["bash", "postBuild"], cwd=repo, env=env, check=True)
    # nbgrader, a test tool that `make test` adds to .venv, is not on Binder: its
    # JupyterLab extension (in the private configuration) and server extensions are off.
    not_on_binder = []
    if importlib.util.find_spec("nbgrader"):
        subprocess.run(
            [str(BIN / "jupyter"), "labextension", "disable", "--level=user", "@jupyter/nbgrader"],
            cwd=repo,
            env=env,
            check=True,
            capture_output=True,
        )
        for name in ["formgrader", "validate_assignment", "assignment_list", "course_list"]:
            extension = f"nbgrader.server_extensions.{name}"
            not_on_binder += ["--ServerApp.jpserver_extensions", f"{extension}=False"]
    # For the test only: render every cell (JupyterLab otherwise renders the cells in
    # view), so that the test can see every prompt and output of a notebook it runs.
    overrides = home / ".jupyter" / "labconfig" / "default_setting_overrides.json"
    settings = json.loads(overrides.read_text())
    assert "Jupytext Notebook" in json.dumps(settings), "postBuild set no jupytext viewer"
    settings["@jupyterlab/notebook-extension:tracker"] = {"windowingMode": "none"}
    overrides.write_text(json.dumps(settings))
    port = free_port()
    server = subprocess.Popen(
        [
            str(BIN / "jupyter"),
            "lab",
            "--no-browser",
            f"--port={port}",
            "--ip=127.0.0.1",
            "--IdentityProvider.token=",
            "--ServerApp.password=",
            "--allow-root",
            "--ServerApp.disable_check_xsrf=True",  # lets the test stop kernels over REST
            "--LabApp.news_url=",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            *not_on_binder,
        ],
        cwd=repo,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/api/status", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start", pytrace=False)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def shut_down_kernels(url):
    """Stop the kernels a test started, so that the next test starts on an idle machine."""
    for attempt in range(5):  # a kernel still starting can make the list fail for a moment
        try:
            with urllib.request.urlopen(f"{url}/api/kernels", timeout=10) as answer:
                kernels = json.load(answer)
            break
        except urllib.error.HTTPError:
            if attempt == 4:
                raise
            time.sleep(1)
    for kernel in kernels:
        request = urllib.request.Request(f"{url}/api/kernels/{kernel['id']}", method="DELETE")
        urllib.request.urlopen(request, timeout=30).close()


def open_lab(browser, url):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(".jp-Notebook .jp-CodeCell, .jp-FileEditor", timeout=60_000)
    return context, page


def test_a_chapter_runs_in_binder(browser, binder):
    """Run every cell of the notation page (it imports nnmath and checks its conventions)."""
    context, page = open_lab(browser, f"{binder}/lab/tree/book/notation.md")
    try:
        # JupyterLab adds the cells one after the other: wait for all of them
        expected = (
            (ROOT / "book" / "notation.md").read_text(encoding="utf-8").count("```{code-cell}")
        )
        try:
            page.wait_for_function(
                f"() => document.querySelectorAll('.jp-Notebook .jp-CodeCell').length >= {expected}",
                timeout=30_000,
            )
        except Exception:  # noqa: BLE001 - report what is shown, not a timeout
            shown = page.locator(".jp-Notebook .jp-CodeCell").count()
            pytest.fail(f"the notation page shows {shown} of its {expected} code cells")
        n_cells = page.locator(".jp-Notebook .jp-CodeCell").count()
        # the menus are Binder's: no test tool of .venv (nbgrader) adds its own
        assert page.get_by_role("menuitem", name="Run", exact=True).count() == 1
        assert page.get_by_role("menuitem", name="Nbgrader").count() == 0
        page.wait_for_function(
            "() => (document.querySelector('.jp-Toolbar-kernelName') || {}).textContent"
            " && !document.querySelector('.jp-Toolbar-kernelName').textContent.includes('No')",
            timeout=60_000,
        )
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_text("Run All Cells", exact=True).click()
        page.wait_for_function(
            f"() => Array.from(document.querySelectorAll('.jp-CodeCell .jp-InputPrompt'))"
            f".filter(p => /\\[\\d+\\]/.test(p.textContent)).length >= {n_cells}",
            timeout=120_000,
        )
        errors = page.locator(".jp-OutputArea-output[data-mime-type*='error']").count()
        assert errors == 0, "a cell raised an error in the Binder notebook"
    finally:
        context.close()
        shut_down_kernels(binder)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_binder_link_opens_the_chapter_as_a_notebook(browser, binder, chapter):
    context, page = open_lab(browser, f"{binder}/lab/tree/book/{chapter}.md")
    try:
        # A notebook, not the Markdown editor; JupyterLab renders only the cells in view.
        assert page.locator(".jp-FileEditor").count() == 0, "opened as Markdown text"
        assert page.locator(".jp-Notebook .jp-CodeCell").count() >= 1
        page.wait_for_function(
            "() => (document.querySelector('.jp-Toolbar-kernelName') || {}).textContent"
            " && document.querySelector('.jp-Toolbar-kernelName').textContent.includes('Python')",
            timeout=60_000,
        )
    finally:
        context.close()
        shut_down_kernels(binder)
