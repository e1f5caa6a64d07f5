"""One figure style for the whole book.

Figures must read in print and for colour-blind readers: a colour-blind-safe
palette (Tableau's "colorblind 10"), and a distinct line style per curve so that
no curve is told apart by colour alone.
"""

from __future__ import annotations

from itertools import cycle

__all__ = ["LINESTYLES", "line_styles", "use_book_style"]

#: Line styles to cycle through, so curves differ in more than colour.
LINESTYLES = ("-", "--", "-.", ":", (0, (5, 1, 1, 1, 1, 1)), (0, (1, 3)))


def use_book_style() -> None:
    """Set matplotlib's defaults for the book's figures (palette, sizes, grid, style cycle)."""
    import matplotlib as mpl
    from cycler import cycler

    mpl.style.use("tableau-colorblind10")
    colors = mpl.rcParams["axes.prop_cycle"].by_key()["color"]
    n = len(LINESTYLES)
    mpl.rcParams.update(
        {
            "axes.prop_cycle": cycler(color=colors[:n]) + cycler(linestyle=list(LINESTYLES)),
            "figure.figsize": (7.0, 4.0),
            "figure.dpi": 110,
            "savefig.dpi": 150,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "lines.linewidth": 2.0,
            "font.size": 11,
            "legend.frameon": False,
        }
    )


def line_styles():
    """An endless iterator over :data:`LINESTYLES`, for loops that draw many curves."""
    return cycle(LINESTYLES)
