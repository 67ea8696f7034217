"""Figures of reports: a figure's title, its subtitle and the labels of its chart are no evidence.

A report (mostly a PDF) sets each chart as a title line ("Figure 2. Wage inequality has
increased ..."), a subtitle ("Occupation level log change (2014 to 2018) ..."), the chart's
axis and series labels, then a source or note line. The periods and numbers of that block
describe the chart; the text's claims are elsewhere. ``figures`` in
``data/<lang>/chrome.yaml`` match the title line, ``figure_ends`` the line that closes the
block (kept: a note may state a claim). A title with no end line within
:data:`MAX_FIGURE_LINES` lines is left out alone, so a stray match never swallows a page.
"""

from __future__ import annotations

import re

from evidencekit.ingest.chrome import MAX_CHROME_CHARS, chrome_rules
from evidencekit.ingest.layout import Line, split_lines

MAX_FIGURE_LINES = 40
"""Lines a figure block may hold from its title to its end line (charts have few labels)."""


def figure_blocks(text: str) -> list[tuple[int, int]]:
    """The spans of figure blocks: from a figure's title line to the line before its end line.

    >>> text = "Wages rose.\\nFigure 1. Wages, 2014-18\\nlog change\\n0.5\\nSource: OECD.\\nThey rose 5%."
    >>> [text[s:e] for s, e in figure_blocks(text)]
    ['Figure 1. Wages, 2014-18\\nlog change\\n0.5']
    """
    rules = chrome_rules()
    if not rules.figures:
        return []
    lines = [line for line in split_lines(text) if not line.blank]
    spans = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if _matches(rules.figures, line):
            end = _end_of(lines, index, rules.figure_ends)
            spans.append((line.start, lines[end].end))
            index = end
        index += 1
    return spans


def _end_of(lines: list[Line], title: int, ends: tuple[re.Pattern[str], ...]) -> int:
    """The index of the last line of the figure whose title is ``lines[title]``."""
    for index in range(title + 1, min(title + 1 + MAX_FIGURE_LINES, len(lines))):
        if _matches(ends, lines[index]):
            return index - 1
    return title


def _matches(patterns: tuple[re.Pattern[str], ...], line: Line) -> bool:
    return len(line.text) <= MAX_CHROME_CHARS and any(pattern.fullmatch(line.text) for pattern in patterns)
