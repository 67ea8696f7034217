"""Spin pairs read off a spun copy beside its original: align the two, keep the swapped words.

A content farm copies an article and swaps words for near-synonyms. When a corpus holds both
the copy and the article it was copied from (a farm's page and the site it took it from), the
swaps need no guessing: the two texts agree except where the spinner replaced a word.

1. :func:`copies` finds pairs of documents that share many runs of ``SHINGLE`` Han characters;
2. :func:`aligned_swaps` pairs their lines the same way (a farm keeps an article's paragraphs),
   aligns each pair of lines character by character (``difflib``), widens every replaced run to
   whole words of the original and keeps runs of Han characters on both sides;
3. which side is the copy is decided by the reference model (``text.collocations``): the side
   whose words read less like ordinary Chinese, summed over all the replaced runs of the pair.

Every stage is bounded: a line is aligned with one other line, in pieces of at most ``WINDOW``
characters, so a long document costs time linear in its length.
"""

from __future__ import annotations

import difflib
import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from evidencekit.ingest.layout import split_lines
from evidencekit.lang.facts import unspaced_characters
from evidencekit.lang.segmenter import tokenizer, word_count
from evidencekit.text.spin_model import _score

SHINGLE = 4  # characters of a script without spaces (Han) per shingle
COPY_SHARE = 0.25  # share of the smaller text's shingles the other text must hold: a copy
PARAGRAPH_SHARE = 0.3  # the same for a line and the line it was copied from
WINDOW = 2000  # characters of a line aligned at once at most
MAX_WORD = 6  # characters of a swapped word at most, on either side
GAP = 1  # equal characters between two replaced runs that still make them one swap
COMMON_SHINGLE = 50  # a shingle in more texts or lines than this says nothing about copying
CONTEXT = 6  # characters of context kept with a swap
WORD = 100  # jieba count from which the shared ends of a swap are cut off its words

Span = tuple[int, int]  # start and end offsets


@dataclass(frozen=True)
class AlignedSwap:
    """``spun`` in the copy stands where ``original`` stands in the article it was copied from."""

    spun: str
    original: str
    spun_start: int  # offset in the copy
    original_start: int  # offset in the original
    gain: float  # log-likelihood the original's words gain over the copy's, in place
    context: str  # the copy around the swap
    in_first: bool = True  # the copy is the first text given to aligned_swaps


def shingles(text: str) -> set[str]:
    """Runs of ``SHINGLE`` Han characters of ``text`` (other characters skipped)."""
    letters = unspaced_characters()
    han = "".join(c for c in text if letters.match(c))
    return {han[i : i + SHINGLE] for i in range(len(han) - SHINGLE + 1)}


def _unspaced(run: str) -> bool:
    """A run of Han characters only (a swap is one word of a script without spaces)."""
    letters = unspaced_characters()
    return bool(run) and all(letters.match(c) for c in run)


def copies(texts: dict[str, str], share: float = COPY_SHARE) -> list[tuple[str, str, float]]:
    """Pairs of texts (ids in the order given) of which one holds ``share`` or more of the
    other's shingles, with that share; the most alike first."""
    return [(ids[0], ids[1], s) for ids, s in _alike(list(texts.items()), share)]


def _alike(items: list[tuple[str, str]], share: float) -> list[tuple[tuple[str, str], float]]:
    sets = {key: shingles(text) for key, text in items}
    order = {key: i for i, (key, _) in enumerate(items)}
    holders: dict[str, list[str]] = defaultdict(list)
    for key, found in sets.items():
        for shingle in found:
            holders[shingle].append(key)
    shared: Counter[tuple[str, str]] = Counter()
    for keys in holders.values():
        if 1 < len(keys) <= COMMON_SHINGLE:
            for i, a in enumerate(keys):
                for b in keys[i + 1 :]:
                    shared[(a, b) if order[a] < order[b] else (b, a)] += 1
    out = []
    for (a, b), n in shared.items():
        smaller = min(len(sets[a]), len(sets[b]))
        if smaller and n / smaller >= share:
            out.append(((a, b), round(n / smaller, 3)))
    return sorted(out, key=lambda item: (-item[1], order[item[0][0]], order[item[0][1]]))


def aligned_swaps(first: str, second: str) -> list[AlignedSwap]:
    """The word swaps between two copies of one text, oriented: ``spun`` is the copy's word.

    >>> found = aligned_swaps("咱们经由过程实验证明了这一点。", "我们通过实验证明了这一点。")
    >>> [(s.spun, s.original) for s in found]
    [('咱们', '我们'), ('经由过程', '通过')]
    """
    runs = list(_replaced(first, second))
    if not runs:
        return []
    in_first = sum(_gain(first, second, a, b) for a, b in runs) >= 0  # the second reads more ordinary
    if not in_first:
        first, second = second, first
        runs = [(b, a) for a, b in runs]
    swaps = []
    for a, b in runs:  # a: the copy's run, b: the original's
        for x, y in _words(first, second, a, b):
            swaps.append(_swap(first, second, x, y, in_first))
    return swaps


def _replaced(first: str, second: str) -> Iterable[tuple[Span, Span]]:
    """Replaced runs of ``first`` and ``second``, line by line, as spans of each."""
    lines_a, lines_b = _units(first), _units(second)
    items = [(f"a{i}", p) for i, (_, p) in enumerate(lines_a)]
    items += [(f"b{i}", p) for i, (_, p) in enumerate(lines_b)]
    matched: dict[int, int] = {}
    for (x, y), _share in _alike(items, PARAGRAPH_SHARE):
        if x[0] == "a" and y[0] == "b" and int(x[1:]) not in matched:
            matched[int(x[1:])] = int(y[1:])
    _between(matched)
    for i in sorted(matched):
        start_a, text_a = lines_a[i]
        start_b, text_b = lines_b[matched[i]]
        for (a1, a2), (b1, b2) in _runs(text_a, text_b):
            yield (start_a + a1, start_a + a2), (start_b + b1, start_b + b2)


def _between(matched: dict[int, int]) -> None:
    """Lines between two paired lines, as many on each side, are paired in order: a line
    spun so much that it shares few runs with its original still sits in its place."""
    pairs = sorted(matched.items())
    for (a0, b0), (a1, b1) in itertools.pairwise(pairs):
        if 1 < a1 - a0 == b1 - b0:
            for step in range(1, a1 - a0):
                matched[a0 + step] = b0 + step


def _units(text: str) -> list[tuple[int, str]]:
    """The lines of ``text`` with their offsets, a line longer than ``WINDOW`` in pieces."""
    units = []
    for line in split_lines(text):
        for at in range(line.start, line.end, WINDOW):
            units.append((at, text[at : min(at + WINDOW, line.end)]))
    return units


def _runs(a: str, b: str) -> Iterable[tuple[Span, Span]]:
    """Replaced runs of two lines (runs ``GAP`` equal characters apart merged), of Han
    characters on both sides; characters added on one side join a word next to them (:func:`_joined`)."""
    blocks: list[list[int]] = []
    block: list[int] | None = None
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            if i2 - i1 > GAP:
                block = None  # a short equal run joins the changes on both sides of it, if any
        elif block is None:
            block = [i1, i2, j1, j2]
            blocks.append(block)
        else:
            block[1], block[3] = i2, j2
    for i1, i2, j1, j2 in blocks:
        if (i1 == i2) != (j1 == j2):
            i1, i2, j1, j2 = _joined(a, b, (i1, i2, j1, j2))
        if _unspaced(a[i1:i2]) and _unspaced(b[j1:j2]):
            yield (i1, i2), (j1, j2)


def _joined(a: str, b: str, block: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """Characters added on one side only join the word next to them, which both sides share:
    the word after them when that makes a dictionary word of the added side (在 -> 正在), else
    the word before them (处理 -> 处理惩罚)."""
    i1, i2, j1, j2 = block
    text, at = (a, i1) if i1 == i2 else (b, j1)
    longer, start, end = (b, j1, j2) if i1 == i2 else (a, i1, i2)
    edges = _bounds(text)
    after = min((e for e in edges if e > at), default=None)
    if after is not None:
        size = after - at
        grown = longer[start : end + size]
        if size <= MAX_WORD and a[i2 : i2 + size] == b[j2 : j2 + size] and word_count(grown) > 0:
            return i1, i2 + size, j1, j2 + size
    before = max((e for e in edges if e < at), default=None)
    if before is None:
        return block
    size = at - before
    if size > MAX_WORD or size > min(i1, j1) or a[i1 - size : i1] != b[j1 - size : j1]:
        return block
    return i1 - size, i2, j1 - size, j2


def _words(copy: str, original: str, a: Span, b: Span) -> Iterable[tuple[Span, Span]]:
    """A replaced run cut into swapped words: the run widened to the original's whole words
    (jieba; the characters around it are the same in both texts), and the copy's run cut into
    as many parts, each as long as its word or twice as long (可以或许 for 能够), sharing a
    character with it where it can. Parts equal to their word are no swap."""
    (i1, i2), (j1, j2) = a, b
    edges = _bounds(original)
    while j1 > 0 and i1 > 0 and j1 not in edges and copy[i1 - 1] == original[j1 - 1]:
        i1, j1 = i1 - 1, j1 - 1
    while j2 < len(original) and i2 < len(copy) and j2 not in edges and copy[i2] == original[j2]:
        i2, j2 = i2 + 1, j2 + 1
    if i2 - i1 > MAX_WORD * 2 or j2 - j1 > MAX_WORD * 2:
        return
    cuts = [j1, *sorted(e for e in edges if j1 < e < j2), j2]
    words = [original[x:y] for x, y in itertools.pairwise(cuts)]
    parts = _split(copy[i1:i2], words)
    if not parts:
        return  # fewer characters in the copy than words in the original: no word-for-word swap
    for (x1, x2), (y1, y2) in zip(parts, itertools.pairwise(cuts), strict=True):
        if copy[i1 + x1 : i1 + x2] != original[y1:y2] and x2 - x1 <= MAX_WORD:
            yield (i1 + x1, i1 + x2), (y1, y2)


def _split(run: str, words: list[str]) -> list[Span]:
    """``run`` cut into ``len(words)`` non-empty parts, the cheapest by :func:`_cost`."""
    size = len(run)
    best: dict[tuple[int, int], tuple[float, list[Span]]] = {(0, 0): (0.0, [])}
    for k, word in enumerate(words):
        for (done, at), (cost, parts) in list(best.items()):
            if done != k:
                continue
            last = k == len(words) - 1
            for end in [size] if last else range(at + 1, size - (len(words) - k - 1) + 1):
                if end <= at:
                    continue
                total = cost + _cost(run[at:end], word)
                key = (k + 1, end)
                if key not in best or total < best[key][0]:
                    best[key] = (total, [*parts, (at, end)])
    found = best.get((len(words), size))
    return found[1] if found else [(0, size)] if len(words) == 1 else []


def _cost(part: str, word: str) -> float:
    """How unlike a swap of ``word`` the part is: 0 as long, 0.5 twice as long, else the
    difference in length; a shared character takes 0.3 off."""
    size, want = len(part), len(word)
    cost = 0.0 if size == want else 0.5 if size == 2 * want else abs(size - want)
    return cost - (0.3 if set(part) & set(word) else 0.0)


@lru_cache(maxsize=8)
def _bounds(text: str) -> frozenset[int]:
    """Where jieba's words of ``text`` start and end (the last few texts kept)."""
    edges = [0, *itertools.accumulate(len(word) for word in tokenizer().cut(text, HMM=False))]
    return frozenset(edges)


def _gain(first: str, second: str, a: Span, b: Span) -> float:
    """How much likelier the second text's words read than the first's, in this place."""
    left = first[max(0, a[0] - 3) : a[0]]
    right = first[a[1] : a[1] + 3]
    return _score(left + second[b[0] : b[1]] + right) - _score(left + first[a[0] : a[1]] + right)


def _trimmed(copy: str, original: str, a: Span, b: Span) -> tuple[Span, Span]:
    """The swap without the characters both words share at their ends, where what is left of
    the original is a word of its own (军事劣势/军事优势 -> 劣势/优势)."""
    (i1, i2), (j1, j2) = a, b
    head = 0
    while i1 + head < i2 - 1 and j1 + head < j2 - 1 and copy[i1 + head] == original[j1 + head]:
        head += 1
    tail = 0
    while (
        i2 - tail - 1 > i1 + head
        and j2 - tail - 1 > j1 + head
        and copy[i2 - tail - 1] == original[j2 - tail - 1]
    ):
        tail += 1
    core = original[j1 + head : j2 - tail]
    if (head or tail) and len(core) >= 2 and word_count(core) >= WORD:
        return (i1 + head, i2 - tail), (j1 + head, j2 - tail)
    return a, b


def _swap(copy: str, original: str, a: Span, b: Span, in_first: bool) -> AlignedSwap:
    a, b = _trimmed(copy, original, a, b)
    context = copy[max(0, a[0] - CONTEXT) : a[1] + CONTEXT].replace("\n", " ")
    gain = round(_gain(copy, original, a, b), 2)
    return AlignedSwap(copy[a[0] : a[1]], original[b[0] : b[1]], a[0], b[0], gain, context, in_first)


__all__ = ["AlignedSwap", "aligned_swaps", "copies", "shingles"]
