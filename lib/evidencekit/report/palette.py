"""One colour per theme, the same on every page, chart and highlight.

Themes take the Tableau 10 colours in the order of ``data/themes.yaml``; a sentence without a
theme is grey. A colour never depends on which themes a page happens to show.
"""

from __future__ import annotations

from evidencekit.extract.themes import theme_ids

TABLEAU10 = (
    "#4c78a8",
    "#f58518",
    "#e45756",
    "#72b7b2",
    "#54a24b",
    "#eeca3b",
    "#b279a2",
    "#ff9da6",
    "#9d755d",
    "#bab0ac",
)
NO_THEME = "no theme"
NO_THEME_COLOUR = "#9d9d9d"


def theme_colours() -> dict[str, str]:
    """Theme id -> colour, every theme of the taxonomy, then ``no theme``.

    >>> colours = theme_colours()
    >>> colours["energy"], colours[NO_THEME]
    ('#4c78a8', '#9d9d9d')
    """
    themes = theme_ids()
    colours = {theme: TABLEAU10[index % len(TABLEAU10)] for index, theme in enumerate(themes)}
    return {**colours, NO_THEME: NO_THEME_COLOUR}


def theme_colour(theme: str | None) -> str:
    """The colour of a theme (``no theme`` grey for None or an unknown theme)."""
    return theme_colours().get(theme or NO_THEME, NO_THEME_COLOUR)
