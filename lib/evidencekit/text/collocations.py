"""Which words follow which in ordinary Chinese: the spin check's reference.

``data/<lang>/bigrams.tsv.gz`` holds word-pair counts derived from ordinary text
(``scripts/spin_reference.py`` says from which and how). With jieba's dictionary for how
often each word is used, they give a small bigram language model: :func:`log_likelihood`
scores a run of words, so the spin check can ask whether a repair reads more like ordinary
Chinese than the spun words ("等部门举报" stays, "可以或许" becomes "能够"), and
:func:`unlikely_pairs` finds word pairs that ordinary Chinese does not write although both
words are common (可以 + 或许): the evidence of spinning that needs no pair table.
"""

from __future__ import annotations

import gzip
import itertools
import math
from dataclasses import dataclass
from functools import cache
from typing import Any

from evidencekit.lang.files import data_cache, data_root
from evidencekit.lang.loader import languages

SMOOTHING = 4.0  # pseudo-count of the unigram estimate in each word's successor distribution


@dataclass(frozen=True)
class Reference:
    pairs: dict[str, int]  # "a\tb" -> count
    after: dict[str, int]  # a -> count of pairs starting with a
    before: dict[str, int]  # b -> count of pairs ending with b
    words: int  # words of the reference text


@data_cache
def reference() -> Reference | None:
    """The pair counts of the first language that ships ``bigrams.tsv.gz`` (None when none does)."""
    for lang in languages():
        path = data_root() / lang / "bigrams.tsv.gz"
        if path.exists():
            return _read(path)
    return None


def _read(path: Any) -> Reference:
    pairs: dict[str, int] = {}
    after: dict[str, int] = {}
    before: dict[str, int] = {}
    words = 0
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#"):
                key, _, value = line[1:].strip().partition("\t")
                words = int(value) if key == "words" else words
                continue
            a, b, count = line.rstrip("\n").split("\t")
            n = int(count)
            pairs[f"{a}\t{b}"] = n
            after[a] = after.get(a, 0) + n
            before[b] = before.get(b, 0) + n
    return Reference(pairs, after, before, max(words, 1))


@cache
def _unigram() -> tuple[dict[str, int], float]:
    from evidencekit.lang.segmenter import tokenizer

    jieba = tokenizer()
    return jieba.FREQ, math.log(jieba.total)


def log_unigram(word: str) -> float:
    freq, log_total = _unigram()
    return math.log(freq.get(word) or 1) - log_total


def log_next(ref: Reference, a: str, b: str) -> float:
    """log P(b | a): the pair count, smoothed with b's unigram probability."""
    seen = ref.after.get(a, 0)
    count = ref.pairs.get(f"{a}\t{b}", 0)
    return math.log((count + SMOOTHING * math.exp(log_unigram(b))) / (seen + SMOOTHING))


def log_likelihood(words: list[str]) -> float:
    """The log-probability of a run of words: the first by jieba's dictionary, each next one
    given the one before (without a reference: every word by the dictionary alone)."""
    ref = reference()
    if not words:
        return 0.0
    total = log_unigram(words[0])
    for a, b in itertools.pairwise(words):
        total += log_next(ref, a, b) if ref is not None else log_unigram(b)
    return total


def words_of(text: str) -> list[str]:
    """``text`` cut into words by jieba's dictionary (no guessing of unknown words)."""
    from evidencekit.lang.segmenter import tokenizer

    return [w for w in tokenizer().lcut(text, HMM=False) if w.strip()]


@dataclass(frozen=True)
class UnlikelyPair:
    """Two neighbouring words that ordinary Chinese does not write together."""

    start: int
    end: int
    first: str
    second: str
    expected: float  # how often the reference would hold the pair if the words were independent
    seen: int  # how often it does


def unlikely_pairs(text: str, min_expected: float = 2.0, min_word: int = 2) -> list[UnlikelyPair]:
    """The neighbouring words of ``text`` (each of ``min_word`` characters or more) that the
    reference never holds together although both are common enough that it would hold them
    ``min_expected`` times by chance."""
    ref = reference()
    if ref is None:
        return []
    out = []
    at = 0
    previous: tuple[int, str] | None = None
    from evidencekit.lang.segmenter import tokenizer

    for word in tokenizer().cut(text, HMM=False):
        start = text.find(word, at)
        at = start + len(word)
        if len(word) < min_word or not word.strip():
            previous = None
            continue
        if previous is not None and previous[0] + len(previous[1]) == start:
            first = previous[1]
            expected = ref.after.get(first, 0) * ref.before.get(word, 0) / ref.words
            seen = ref.pairs.get(f"{first}\t{word}", 0)
            if seen == 0 and expected >= min_expected:
                out.append(UnlikelyPair(previous[0], at, first, word, round(expected, 2), seen))
        previous = (start, word)
    return out
