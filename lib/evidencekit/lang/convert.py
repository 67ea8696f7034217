"""Script conversion that keeps offsets: Traditional Chinese read as Simplified, and back.

The converter is OpenCC (``opencc`` on PyPI, the maintained Open Chinese Convert); which of
its configurations a step uses is data (``analysis_conversion`` and ``source_conversion`` in
``data/<lang>/spin.yaml``: ``t2s`` and ``s2t``). :func:`convert_keeping_offsets` guarantees
one character for one character, so an offset into the converted text is an offset into the
raw file: where a phrase conversion would change the length, characters are converted one
by one instead.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any


@cache
def _converter(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


@lru_cache(maxsize=65536)
def _character(config: str, character: str) -> str:
    converted = _converter(config).convert(character)
    return converted if len(converted) == 1 else character


def convert(text: str, config: str | None) -> str:
    """``text`` converted with the OpenCC configuration ``config`` (unchanged for None)."""
    return _converter(config).convert(text) if config and text else text


def convert_keeping_offsets(text: str, config: str | None) -> str:
    """``text`` converted with ``config``, one character for each character of ``text``.

    >>> convert_keeping_offsets("經由過程機械進修", "t2s")
    '经由过程机械进修'
    >>> convert_keeping_offsets("经由过程", None)
    '经由过程'
    """
    converted = convert(text, config)
    if len(converted) == len(text) or config is None:
        return converted
    return "".join(_character(config, c) for c in text)
