"""Serve MathJax from the book itself, so that its math renders offline.

Sphinx loads MathJax from a CDN by default: a reader without a network connection,
or opening the HTML from a download, would see raw TeX. This extension copies the
MathJax 3 component the book uses (TeX and MathML input, CommonHTML output, with its
fonts and the TeX extensions it may autoload) from the pinned PyPI package
``django-static-mathjax`` into ``_static/mathjax`` and points Sphinx at it.
Nothing is downloaded at build time.
"""

from __future__ import annotations

import shutil
from importlib.resources import files
from pathlib import Path

COMPONENT = "tex-mml-chtml.js"
# What the component loads next to itself: TeX extensions (autoload), the CHTML fonts,
# and the accessibility/menu pieces of the right-click menu.
SUBDIRS = ("input", "output/chtml", "ui", "a11y", "adaptors")


def mathjax_source() -> Path:
    return Path(str(files("mathjax"))) / "static" / "mathjax" / "es5"


def set_path(app, config) -> None:
    config.mathjax_path = f"mathjax/{COMPONENT}"


def copy_mathjax(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    source = mathjax_source()
    target = Path(app.outdir) / "_static" / "mathjax"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source / COMPONENT, target / COMPONENT)
    for sub in SUBDIRS:
        if (source / sub).is_dir():
            shutil.copytree(source / sub, target / sub, dirs_exist_ok=True)


def setup(app):
    if not (mathjax_source() / COMPONENT).is_file():
        raise RuntimeError(
            f"MathJax's {COMPONENT} was not found in the django-static-mathjax package; "
            "install requirements.txt"
        )
    app.connect("config-inited", set_path)
    app.connect("build-finished", copy_mathjax)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
