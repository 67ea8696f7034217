"""Chinese word segmentation through jieba, loaded once and quietly."""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator
from functools import cache
from typing import Any


@cache
def tokenizer() -> Any:
    """A jieba tokenizer, initialised once without log output."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba.dt


def word_count(word: str) -> int:
    """How often jieba's dictionary counts ``word`` (0 for a word it does not hold)."""
    return int(tokenizer().FREQ.get(word) or 0)


@cache
def log_total() -> float:
    """The log of the total count of jieba's dictionary (a unigram model's denominator)."""
    return math.log(tokenizer().total)


@cache
def _posseg() -> Any:
    import jieba.posseg

    tokenizer()
    return jieba.posseg.POSTokenizer(tokenizer())


def pos_tags(text: str) -> list[tuple[str, str]]:
    """Words of ``text`` with their jieba part-of-speech flags.

    >>> pos_tags("芯片")
    [('芯片', 'n')]
    """
    return [(pair.word, pair.flag) for pair in _posseg().cut(text)]


def iter_pos_tags(text: str) -> Iterator[tuple[str, str]]:
    """:func:`pos_tags`, word by word: the same words and tags, but jieba runs its slow hidden
    Markov model on a run of unknown characters only when it reaches that run, so a caller
    that stops early skips that work.

    >>> next(iter_pos_tags("芯片出口"))
    ('芯片', 'n')
    """
    for pair in _posseg().cut(text):
        yield pair.word, pair.flag


def words(text: str) -> list[tuple[str, int, int]]:
    """Words of ``text`` with their offsets (jieba's tokenize)."""
    return [(w, s, e) for w, s, e in tokenizer().tokenize(text)]


def first_word(text: str) -> str | None:
    """The first dictionary word of ``text`` (jieba without its hidden Markov model, which
    glues unknown characters into guessed words: 个算力 of 3个算力中心), without cutting the
    rest of ``text``.

    >>> first_word("个项目的"), first_word("")
    ('个', None)
    """
    for word in tokenizer().cut(text, HMM=False):
        return str(word)
    return None
