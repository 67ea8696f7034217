"""Where a text is spun: its paragraphs scored one by one.

A page may hold several articles, some spun and some not (a content farm's listing, a forum
thread quoting a spun article); a score over the whole page averages the spin away, and a
repair of the whole page would "repair" the clean parts. Each paragraph is scored like a
document, with the evidence of its neighbours added at a lower weight, because a short
paragraph holds too few words to decide alone (``sections`` in ``data/<lang>/spin.yaml``:
``neighbours`` on each side, ``neighbour_weight``), unless it writes the original forms
itself (their weight ``cleaner`` times its spun forms' and at least ``strong``): then it is
judged on its own words, so a clean article next to a spun one stays clean.

A paragraph is spun when its score reaches the threshold, it holds a spun form itself, and
it or its neighbours hold a form ordinary Chinese does not write: one jieba's dictionary
counts fewer than ``rare_below`` times (可以或许, 轨制, 合做), or one whose repair completes a
word it breaks (现正在 -> 现在, 参取 -> 参与), or ``distinct`` different spun forms. A text
about moulds or stratagems writes 模子 and 计谋, words that are also spun forms, but never
可以或许 or 现正在, and only the few such words of its topic. Next to a spun paragraph, one
that scores ``follow`` or more and is not clean is spun too.
"""

from __future__ import annotations

import bisect
from collections import deque
from dataclasses import dataclass
from typing import Any

from evidencekit.lang.loader import languages, load_language_file
from evidencekit.lang.script import HAN
from evidencekit.lang.segmenter import word_count
from evidencekit.text.collocations import written_in_sequence
from evidencekit.text.spin_model import SpinPair, SpinTable, completes_word, originals_at, pooled

_ENDS = frozenset("。！？!?…”」』：:；;")
SHORT_LINE = 12  # characters: a line this short is a heading, a paragraph of its own
NEIGHBOURS = 2
NEIGHBOUR_WEIGHT = 0.5
STRONG = 0.8  # the weight of original forms from which a paragraph may be judged clean
RARE_BELOW = 30  # jieba's count under which a spun form is one ordinary Chinese does not write
DISTINCT = 5  # ... or this many different spun forms: a spinner swaps many words, not one topic's
CLEANER = 3.0  # original forms this many times the spun ones: the paragraph writes them itself
FOLLOW = 0.15  # the score from which a paragraph next to a spun one is spun too


@dataclass(frozen=True)
class SpinSection:
    """One paragraph of a text: its span, its spin score and verdict, the spun forms in it."""

    start: int
    end: int
    score: float
    spun: bool
    candidates: int = 0


def paragraphs(text: str) -> list[tuple[int, int]]:
    r"""The spans of the paragraphs of ``text``: a paragraph ends at a blank line, at a line
    that ends a sentence (。！？ and the like: pages put one paragraph on a line) and at a
    short line (a heading); a hard-wrapped line that stops mid-sentence runs on.

    >>> text = "标题\n第一段。\n第二段在这一行里写了前半\n和后半。"
    >>> [text[s:e] for s, e in paragraphs(text)]
    ['标题', '第一段。', '第二段在这一行里写了前半\n和后半。']
    """
    spans: list[tuple[int, int]] = []
    start = None
    at = 0
    for line in text.split("\n"):
        end = at + len(line)
        stripped = line.strip()
        if stripped and start is None:
            start = at
        if start is not None and (not stripped or stripped[-1] in _ENDS or len(stripped) < SHORT_LINE):
            spans.append((start, end if stripped else at - 1))
            start = None
        at = end + 1
    if start is not None:
        spans.append((start, len(text)))
    return [(s, e) for s, e in spans if e > s]


def _settings() -> tuple[int, float, float, int, int, float, float]:
    listed = (load_language_file(lang, "spin").get("sections") for lang in languages())
    found: dict[str, Any] = next((f for f in listed if f), {})
    return (
        int(found.get("neighbours", NEIGHBOURS)),
        float(found.get("neighbour_weight", NEIGHBOUR_WEIGHT)),
        float(found.get("strong", STRONG)),
        int(found.get("rare_below", RARE_BELOW)),
        int(found.get("distinct", DISTINCT)),
        float(found.get("follow", FOLLOW)),
        float(found.get("cleaner", CLEANER)),
    )


def _rare_forms(candidates: list[tuple[int, SpinPair]], below: int) -> set[str]:
    """The spun forms of ``candidates`` that ordinary Chinese does not write: words jieba's
    dictionary counts fewer than ``below`` times, or not at all (可以或许, 轨制, 合做), unlike
    手艺 or 模子. One made of words the reference writes one after the other (经常使用 is 经常
    使用, 很是 is 很 是), and a rare word of the dictionary (反例, 统共), count only in a text that
    also holds a form neither the dictionary nor the reference ever writes: a translator writes
    经常使用 ("often used") too, a spinner's page has 可以或许 beside it."""
    seldom = {p.spun for _, p in candidates if word_count(p.spun) < below}
    never = {form for form in seldom if word_count(form) == 0 and not written_in_sequence(form)}
    return seldom if never else set()


def score_sections(
    text: str, table: SpinTable, candidates: list[tuple[int, SpinPair]]
) -> tuple[SpinSection, ...]:
    """Every paragraph of ``text`` that has Han characters, scored (see the module)."""
    spans = [s for s in paragraphs(text) if HAN.search(text, s[0], s[1])]
    if not spans:
        return ()
    starts = [s for s, _ in spans]
    reach, weight, strong, rare_below, distinct, follow, cleaner = _settings()
    found: list[list[tuple[str, float]]] = [[] for _ in spans]
    kept: list[list[tuple[str, float]]] = [[] for _ in spans]
    rare: list[set[str]] = [set() for _ in spans]  # forms that ordinary Chinese does not write here
    unwritten = _rare_forms(candidates, rare_below)
    for start, pair in candidates:
        at = bisect.bisect_right(starts, start) - 1
        if at >= 0 and start < spans[at][1]:
            found[at].append((pair.spun, pair.weight))
            if pair.spun in unwritten or (pair.weight >= 0.5 and completes_word(text, start, pair)):
                rare[at].add(pair.spun)
    for start, weight, form in originals_at(text, table, candidates):
        at = bisect.bisect_right(starts, start) - 1
        if at >= 0 and start < spans[at][1]:
            kept[at].append((form, weight))
    spun = [pooled(items) for items in found]
    original = [pooled(items) for items in kept]
    counts = [len(items) for items in found]
    scores, verdicts, clean = [], [], []
    for i in range(len(spans)):
        own = spun[i] / (spun[i] + original[i] + table.prior)
        near = _near(i, len(spans), reach)
        s = spun[i] + weight * sum(spun[j] for j in near)
        o = original[i] + weight * sum(original[j] for j in near)
        clean.append(original[i] >= max(cleaner * spun[i], strong))  # it writes the original forms itself
        scores.append(own if clean[i] else s / (s + o + table.prior))
        written = rare[i].union(*(rare[j] for j in near))  # forms ordinary Chinese does not write
        variety = {form for j in (i, *near) for form, _ in found[j]}
        evident = bool(written) or len(variety) >= distinct
        verdicts.append(scores[i] >= table.threshold and counts[i] > 0 and evident)
    _spread(verdicts, scores, counts, clean, reach, follow)
    return tuple(
        SpinSection(start, end, round(scores[i], 4), verdicts[i], counts[i])
        for i, (start, end) in enumerate(spans)
    )


def _near(i: int, size: int, reach: int) -> list[int]:
    return [j for j in range(max(0, i - reach), min(size, i + reach + 1)) if j != i]


def _spread(
    verdicts: list[bool], scores: list[float], counts: list[int], clean: list[bool], reach: int, follow: float
) -> None:
    """Next to a spun paragraph (``reach`` paragraphs with spun forms on each side; lines
    without any are passed over), one with spun forms, a score of ``follow`` or more and no
    sign of being clean is spun too (a spinner leaves words it has no swap for; a short line
    of a spun page holds too few words to reach the threshold alone), in place. Linear in the
    paragraphs: each is spread from once."""
    holding = [i for i, n in enumerate(counts) if n]
    pending = deque(at for at, i in enumerate(holding) if verdicts[i])
    while pending:
        at = pending.popleft()
        for near in range(max(0, at - reach), min(len(holding), at + reach + 1)):
            i = holding[near]
            if not verdicts[i] and not clean[i] and scores[i] >= follow:
                verdicts[i] = True
                pending.append(near)


def spun_share(text: str, sections: tuple[SpinSection, ...]) -> float:
    """The share of the Han characters of ``text`` that stand in spun paragraphs."""
    total = sum(len(HAN.findall(text, s.start, s.end)) for s in sections)
    spun = sum(len(HAN.findall(text, s.start, s.end)) for s in sections if s.spun)
    return round(spun / total, 4) if total else 0.0
