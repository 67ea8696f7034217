"""Which words follow which in ordinary Chinese: the spin check's reference.

``data/<lang>/bigrams.tsv.gz`` holds word-pair counts derived from ordinary text
(``scripts/spin_reference.py`` says from which and how). With jieba's dictionary for how
often each word is used, they give a small bigram language model: :func:`log_likelihood`
scores a run of words, so the spin check can ask whether a repair reads more like ordinary
Chinese than the spun words ("等部门举报" stays, "可以或许" becomes "能够").
"""

from __future__ import annotations

import gzip
import itertools
import math
from dataclasses import dataclass
from typing import Any

from evidencekit.lang.files import data_cache, data_root
from evidencekit.lang.loader import languages
from evidencekit.lang.segmenter import log_total, tokenizer, word_count

SMOOTHING = 4.0  # pseudo-count of the unigram estimate in each word's successor distribution


@dataclass(frozen=True)
class Reference:
    pairs: dict[str, int]  # "a\tb" -> count
    after: dict[str, int]  # a -> count of pairs starting with a
    words: int  # words of the reference text
    kinds: dict[str, int]  # a -> how many different words follow a


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
    kinds: dict[str, int] = {}
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
            kinds[a] = kinds.get(a, 0) + 1
    return Reference(pairs, after, max(words, 1), kinds)


def log_unigram(word: str) -> float:
    return math.log(word_count(word) or 1) - log_total()


def log_next(ref: Reference, a: str, b: str) -> float:
    """log P(b | a): the pair count, smoothed with b's unigram probability (Witten-Bell: the
    more different words follow ``a`` in the reference, the likelier an unseen one is, so a
    frequent word in a new context (我们 自定义) is not judged less likely than a rare one)."""
    seen = ref.after.get(a, 0)
    count = ref.pairs.get(f"{a}\t{b}", 0)
    kinds = max(ref.kinds.get(a, 0), SMOOTHING)
    return math.log((count + kinds * math.exp(log_unigram(b))) / (seen + kinds))


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


def written_in_sequence(text: str) -> bool:
    """Does the reference write the words of ``text`` one after the other (经常 使用, 不 一样),
    every neighbouring pair of them at least once? False for one word, and without a reference."""
    ref = reference()
    words = words_of(text)
    if ref is None or len(words) < 2:
        return False
    return all(f"{a}\t{b}" in ref.pairs for a, b in itertools.pairwise(words))


def words_of(text: str) -> list[str]:
    """``text`` cut into words by jieba's dictionary (no guessing of unknown words)."""
    return [w for w in tokenizer().lcut(text, HMM=False) if w.strip()]
