"""Finding a decision's claim in a document's current text by its quote selector.

Every occurrence of the exact text is a candidate; the one whose surrounding text agrees
longest with the selector's prefix and suffix wins (ties: the one nearest the old offset).
Exact text that occurs nowhere any more leaves the decision an orphan. Written here rather
than taken from a library: the W3C selector is a data format, and the matching it needs on
plain text is these few lines (no fuzzy matching: a changed figure must not re-anchor).
"""

from __future__ import annotations

import os

from evidencekit.review.decisions import Selector


def locate(selector: Selector, text: str, near: int | None = None) -> tuple[int, int] | None:
    """The span of ``selector`` in ``text``, or None when its exact text is gone.

    >>> s = Selector("50 GW", "added ", " of solar")
    >>> locate(s, "Intro. 50 GW of wind; China added 50 GW of solar.")
    (34, 39)
    >>> locate(s, "nothing here") is None
    True
    """
    exact = selector.exact
    best: tuple[int, int, int] | None = None  # (score, -distance, start)
    start = text.find(exact)
    while start >= 0:
        end = start + len(exact)
        score = _common_suffix(text[max(0, start - len(selector.prefix)) : start], selector.prefix)
        score += len(os.path.commonprefix([text[end : end + len(selector.suffix)], selector.suffix]))
        distance = abs(start - near) if near is not None else 0
        candidate = (score, -distance, -start)
        if best is None or candidate > best:
            best = candidate
        start = text.find(exact, start + 1)
    if best is None:
        return None
    at = -best[2]
    return at, at + len(exact)


def _common_suffix(a: str, b: str) -> int:
    return len(os.path.commonprefix([a[::-1], b[::-1]]))
