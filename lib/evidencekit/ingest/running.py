"""Running heads and feet of paged documents: lines a report prints on page after page.

A PDF report repeats its title, a copyright line ("© OECD 2024"), a chapter name or a URL at
the top or foot of every page; each copy would be an evidence row and its year a claim. A
line is running when, with its digits ignored (page numbers change), it stands among the
first or last :data:`ZONE` lines of at least :data:`MIN_SHARE` of the pages (and of at
least :data:`MIN_PAGES` pages). Such lines are cut out of the evidence regions; offsets
of everything else stay as they were.
"""

from __future__ import annotations

import re
from collections import defaultdict

from evidencekit.ingest.layout import Line, split_lines

ZONE = 3
"""How many non-empty lines at the top and at the foot of a page can be running lines."""
MIN_PAGES = 3
MIN_SHARE = 0.3
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")


def _shape(line: Line) -> str:
    """A line with its numbers and spacing ignored: "Page 3 of 10" and "Page 4 of 10" agree."""
    return _SPACES.sub(" ", _DIGITS.sub("#", line.text)).strip().lower()


def _zones(text: str, pages: tuple[int, ...]) -> list[list[Line]]:
    """The top and foot lines of every page."""
    ends = [*pages[1:], len(text)]
    zones = []
    for start, end in zip(pages, ends, strict=True):
        lines = [
            Line(line.index, line.start + start, line.end + start, line.text)
            for line in split_lines(text[start:end])
            if line.text.strip()
        ]
        zones.append(lines[:ZONE] + lines[ZONE:][-ZONE:])
    return zones


def running_lines(text: str, pages: tuple[int, ...]) -> list[tuple[int, int]]:
    """The spans of every running head or foot of ``text`` whose pages begin at ``pages``.

    >>> bodies = ["Chips rose 5%.", "Power fell.", "Talent moved.", "Rules changed."]
    >>> text = "\\f".join(f"Annual report 2024\\n{body}\\n{n}\\n" for n, body in enumerate(bodies))
    >>> starts = tuple(i + 1 for i, c in enumerate(text) if c == "\\f")
    >>> sorted({text[s:e] for s, e in running_lines(text, (0, *starts))})
    ['Annual report 2024']
    """
    if len(pages) < MIN_PAGES:
        return []
    seen: dict[str, set[int]] = defaultdict(set)
    zones = _zones(text, pages)
    for number, zone in enumerate(zones):
        for line in zone:
            seen[_shape(line)].add(number)
    needed = max(MIN_PAGES, MIN_SHARE * len(pages))
    running = {shape for shape, on in seen.items() if len(on) >= needed and any(c.isalpha() for c in shape)}
    return [(line.start, line.end) for zone in zones for line in zone if _shape(line) in running]
