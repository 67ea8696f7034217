"""Chinese word segmentation through jieba, loaded once and quietly."""

from __future__ import annotations

import logging
from functools import cache
from typing import Any


@cache
def tokenizer() -> Any:
    """A jieba tokenizer, initialised once without log output."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba.dt


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


def words(text: str) -> list[tuple[str, int, int]]:
    """Words of ``text`` with their offsets (jieba's tokenize)."""
    return [(w, s, e) for w, s, e in tokenizer().tokenize(text)]
