"""Windows: a run of text too long to be one sentence, cut where a clause ends.

A file of one unpunctuated line or a table flattened into prose has no sentence end for
megabytes. Analysed as one sentence, every claim would quote all of it (memory grows with the
square of its length); cut into windows of at most :data:`MAX_SENTENCE_CHARS` characters, each
quote stays readable and every later stage is linear in the size of the document.
"""

from __future__ import annotations

from collections.abc import Iterable

MAX_SENTENCE_CHARS = 2000
"""The longest span analysed as one sentence."""

Span = tuple[int, int]


def windows(text: str, start: int, end: int, breaks: Iterable[str]) -> list[Span]:
    """``text[start:end]`` as spans of at most :data:`MAX_SENTENCE_CHARS` characters, cut
    after the last clause break (``breaks``: the ``clause_breaks`` of the sentence rules, a
    comma, 、, ;) in the second half of each window, else at its last space, else where the
    window ends. Spans carry no surrounding whitespace; nothing else is dropped.

    >>> text = "50 GW, " * 400
    >>> [(s, e) for s, e in windows(text, 0, len(text), ",")][:2]
    [(0, 1994), (1995, 2799)]
    """
    marks = tuple(breaks)
    found: list[Span] = []
    while end - start > MAX_SENTENCE_CHARS:
        cut = _cut_point(text, start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS, marks)
        found.append(strip(text, start, cut))
        start = cut
    found.append(strip(text, start, end))
    return [(s, e) for s, e in found if e > s]


def _cut_point(text: str, low: int, stop: int, breaks: tuple[str, ...]) -> int:
    after_break = max((text.rfind(mark, low, stop) for mark in breaks), default=-1)
    if after_break >= 0:
        return after_break + 1
    space = max(text.rfind(" ", low, stop), text.rfind("\n", low, stop))
    return space if space > low else stop


def strip(text: str, start: int, end: int) -> Span:
    """``(start, end)`` without the whitespace at either end of ``text[start:end]``."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
