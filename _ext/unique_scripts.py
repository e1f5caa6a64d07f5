"""Include each script once per page.

sphinx-thebe registers its configuration script (``const THEBE_JS_URL = ...``) each time
Sphinx reads documents; when the build reads in two passes (the execution table of the
status page asks for a second one), pages get it twice and the browser reports
"Identifier 'THEBE_JS_URL' has already been declared". This drops exact duplicates
from each page's script list.
"""

from __future__ import annotations


def _key(script):
    # An inline script is registered with filename None, and comes back as "" from the
    # pickled environment of an earlier read: both mean "no file".
    filename = str(getattr(script, "filename", script) or "")
    attributes = getattr(script, "attributes", {}) or {}
    return (filename, tuple(sorted((k, str(v)) for k, v in attributes.items())))


def drop_duplicate_scripts(app, pagename, templatename, context, doctree) -> None:
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for script in scripts:
        key = _key(script)
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def setup(app):
    app.connect("html-page-context", drop_duplicate_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
