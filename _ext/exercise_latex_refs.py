r"""In the PDF, a reference to an exercise of another chapter reads "Exercise 6.11.2".

sphinx-exercise labels an exercise in LaTeX as ``exercise:<label>`` and rewrites each
reference that points into the same document to that label; a reference into another
document keeps Sphinx's ``\ref{<document>:<label>}``, which names no label in the LaTeX
file, so the PDF prints "Exercise ??". This post-transform gives a reference into another
document the same treatment, just before sphinx-exercise's own (priority 22). A solution's
title ("Solution to Exercise 2.11.1") links to its exercise by itself and is left alone.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx_exercise.nodes import exercise_enumerable_node, exercise_latex_number_reference


class CrossDocumentExerciseReferences(SphinxPostTransform):
    default_priority = 21
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        registry = getattr(self.env, "sphinx_exercise_registry", {})
        for node in list(self.document.findall(nodes.reference)):
            document, _, label = node.get("refuri", "").partition("#")
            target = registry.get(label, {}).get("node")
            if (
                node.get("refid")
                or not document
                or isinstance(node.parent, nodes.title)
                or not isinstance(target, exercise_enumerable_node)
            ):
                continue
            reference = exercise_latex_number_reference("", "", *node.children, **node.attributes)
            reference["refid"] = label
            node.replace_self(reference)


def setup(app):
    app.add_post_transform(CrossDocumentExerciseReferences)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
