"""The layout of a text: its lines, its Markdown headings and its paragraph regions.

Offsets are into the text given, so a region's ``start``/``end`` index the decoded file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from evidencekit.records import Region

LINE_BREAK = re.compile(r"\r\n|[\n\r\u2028\u2029\x85]")
"""Every line break the kit recognises (CRLF counts as one)."""
_HEADING = re.compile(r"#{1,6}[ \t]+(?=\S)")
_CLOSING_HASHES = re.compile(r"[ \t]+#+$")


@dataclass(frozen=True)
class Line:
    """One line of a text: ``start``/``end`` bound its content without surrounding whitespace."""

    index: int
    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return self.start == self.end


def split_lines(text: str) -> list[Line]:
    """Split ``text`` at line breaks into :class:`Line` objects with stripped bounds.

    >>> [(line.start, line.end, line.text) for line in split_lines(" a \\r\\nb")]
    [(1, 2, 'a'), (5, 6, 'b')]
    """
    lines: list[Line] = []
    start = 0
    for index, found in enumerate(_iter_breaks(text)):
        lines.append(_make_line(text, index, start, found))
        start = found if found == len(text) else _after_break(text, found)
    return lines


def _iter_breaks(text: str) -> Iterator[int]:
    for found in LINE_BREAK.finditer(text):
        yield found.start()
    if not text or LINE_BREAK.match(text, len(text) - 1) is None:
        yield len(text)


def _after_break(text: str, position: int) -> int:
    found = LINE_BREAK.match(text, position)
    return found.end() if found else position


def _make_line(text: str, index: int, start: int, end: int) -> Line:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Line(index, start, end, text[start:end])


def heading_content(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Bounds of a Markdown heading's text (``### Title`` → ``Title``), or None.

    >>> heading_content("### 危险的领先劣势 ###", 0, 15), heading_content("## C#", 0, 5)
    ((4, 11), (3, 5))
    """
    found = _HEADING.match(text, start, end)
    if not found:
        return None
    content = text[found.end() : end].rstrip()
    closing = _CLOSING_HASHES.search(content)  # "## Title ##", but not "## C#"
    content = content[: closing.start()] if closing else content
    return (found.end(), found.end() + len(content)) if content else None


def paragraph_regions(
    lines: list[Line],
    keep: Callable[[Line], bool],
    kind: str = "body",
    speaker: str | None = None,
    blank_breaks: bool = True,
) -> list[Region]:
    """Group kept lines into regions; blank or dropped lines end a region, headings stand alone.

    >>> paragraph_regions(split_lines("# T\\na\\nb\\n\\nc"), lambda line: True)[:2]
    [Region(start=2, end=3, kind='heading', speaker=None), Region(start=4, end=7, kind='body', speaker=None)]
    """
    regions: list[Region] = []
    run: list[Line] = []

    def close() -> None:
        if run:
            regions.append(Region(run[0].start, run[-1].end, kind, speaker))
            run.clear()

    for line in lines:
        if line.blank and not blank_breaks:
            continue
        if line.blank or not keep(line):
            close()
        elif bounds := heading_content(line.text, 0, len(line.text)):
            close()
            regions.append(Region(line.start + bounds[0], line.start + bounds[1], "heading"))
        else:
            run.append(line)
    close()
    return regions


def cut(regions: tuple[Region, ...] | list[Region], spans: list[tuple[int, int]]) -> list[Region]:
    """``regions`` without the characters of ``spans`` (a region may fall into pieces).

    >>> cut([Region(0, 10)], [(2, 4)])
    [Region(start=0, end=2, kind='body', speaker=None), Region(start=4, end=10, kind='body', speaker=None)]
    """
    out: list[Region] = []
    ordered = sorted(spans)
    for region in regions:
        start = region.start
        for s, e in ordered:
            if e <= start or s >= region.end:
                continue
            if s > start:
                out.append(Region(start, s, region.kind, region.speaker))
            start = max(start, e)
        if start < region.end:
            out.append(Region(start, region.end, region.kind, region.speaker))
    return [r for r in out if r.end > r.start]


_FENCE = re.compile(
    r"(?m)^[ \t]{0,3}(`{3,}|~{3,})[^\n]*\n(?:.*?\n)??[ \t]{0,3}\1[ \t]*$"  # to its closing fence
    r"|^[ \t]{0,3}(`{3,}|~{3,})[^\n]*\n.*\Z",  # or, left open, to the end
    re.S,
)


def code_blocks(text: str) -> list[tuple[int, int]]:
    """The spans of fenced code blocks (``` or ~~~, to the closing fence or the end of the
    text): the numbers of code, queries and logs are never claims.

    >>> text = "Chips rose 5%.\\n```sql\\nSELECT 3 FROM t;\\n```\\nDone."
    >>> [text[s:e] for s, e in code_blocks(text)]
    ['```sql\\nSELECT 3 FROM t;\\n```']
    """
    if "```" not in text and "~~~" not in text:
        return []
    return [(m.start(), m.end()) for m in _FENCE.finditer(text)]
