"""Sphinx extension: author-year citations in round brackets, "Nielsen (2015)".

sphinxcontrib-bibtex's ``author_year`` style writes "Nielsen [2015]" and
"[Nielsen, 2015]". Textbooks write round brackets; this registers the same style with
round brackets as ``author_year_round``, which ``_config.yml`` selects with
``bibtex_reference_style``. (The recipe is the one sphinxcontrib-bibtex documents for
custom referencing styles.)
"""

from __future__ import annotations

import dataclasses

import sphinxcontrib.bibtex.plugin
from sphinxcontrib.bibtex.style.referencing import BracketStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle


def _round() -> BracketStyle:
    # "(Goodfellow et al., 2016; Krogh and Hertz, 1992)": works apart by semicolons
    return BracketStyle(left="(", right=")", sep="; ", sep2="; ", last_sep="; ")


@dataclasses.dataclass
class RoundAuthorYearReferenceStyle(AuthorYearReferenceStyle):
    """``author_year`` with every bracket round."""

    bracket_parenthetical: BracketStyle = dataclasses.field(default_factory=_round)
    bracket_textual: BracketStyle = dataclasses.field(default_factory=_round)
    bracket_author: BracketStyle = dataclasses.field(default_factory=_round)
    bracket_label: BracketStyle = dataclasses.field(default_factory=_round)
    bracket_year: BracketStyle = dataclasses.field(default_factory=_round)


sphinxcontrib.bibtex.plugin.register_plugin(
    "sphinxcontrib.bibtex.style.referencing", "author_year_round", RoundAuthorYearReferenceStyle
)


def setup(app):
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
