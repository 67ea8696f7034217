"""Multiples stated by a word rather than a number: "doubled" (×2), "halved" (×0.5), 翻了一番 (×2).

The words are data in ``data/<lang>/numbers.yaml``: ``multiple_words`` are multiples
wherever they stand; ``multiple_words_after_cue`` only right after one of ``multiple_cues``
("could double", "more than double"; alone, "double" is an adjective: "double-digit"). Each
is a quantity of kind ``multiple`` in that kind's canonical unit; a qualifier before it
("nearly doubled") is attached later like any other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from evidencekit.extract.candidates import Blocked, Quantity
from evidencekit.lang.files import data_cache, languages
from evidencekit.lang.loader import load_language_file
from evidencekit.lang.patterns import Ending, phrases

_WINDOW = 24  # characters before a cued word searched for its cue


@dataclass(frozen=True)
class _Vocabulary:
    words: re.Pattern[str]
    values: dict[str, float]
    cued: frozenset[str]
    cue_before: Ending


def _bounded(words: list[str] | set[str]) -> str:
    """Latin words stand whole ("doubled", not "redoubled" or "double-digit")."""
    latin = [w for w in words if w[:1].isascii()]
    other = [w for w in words if not w[:1].isascii()]
    latin_words, other_words = phrases(latin, ignore_case=True), phrases(other, ignore_case=True)
    return f"(?<![A-Za-z-])(?:{latin_words})(?![A-Za-z-])|{other_words}"


@data_cache
def _vocabulary() -> _Vocabulary:
    values: dict[str, float] = {}
    cued: set[str] = set()
    cues: set[str] = set()
    for lang in languages():
        data = load_language_file(lang, "numbers")
        values.update({str(k).lower(): float(v) for k, v in (data.get("multiple_words") or {}).items()})
        after = {str(k).lower(): float(v) for k, v in (data.get("multiple_words_after_cue") or {}).items()}
        values.update(after)
        cued.update(after)
        cues.update(str(c) for c in data.get("multiple_cues") or [])
    return _Vocabulary(
        words=re.compile(_bounded(set(values)) if values else "(?!)", re.IGNORECASE),
        values=values,
        cued=frozenset(cued),
        cue_before=Ending(rf"(?<![A-Za-z])(?:{phrases(cues, ignore_case=True)})\s+$", cues, re.IGNORECASE),
    )


def has_verbal_multiple(text: str) -> bool:
    """A quick test: could ``text`` hold a multiple written as a word?"""
    return _vocabulary().words.search(text) is not None


def _key(surface: str) -> str:
    return " ".join(surface.lower().split())


def verbal_multiples(work: str, blocked: Blocked) -> list[Quantity]:
    """Every multiple written as a word in ``work``.

    >>> [(work[q.start:q.end], q.low) for work in ["Sales doubled, and 翻了两番。"]
    ...  for q in verbal_multiples(work, Blocked([]))]
    [('doubled', 2.0), ('翻了两番', 4.0)]
    """
    vocabulary = _vocabulary()
    out: list[Quantity] = []
    for found in vocabulary.words.finditer(work):
        key = _key(found.group())
        if key in vocabulary.cued and not vocabulary.cue_before.search(
            work[max(0, found.start() - _WINDOW) : found.start()]
        ):
            continue
        if blocked.hits(found.start(), found.end()):
            continue
        value = vocabulary.values[key]
        out.append(Quantity(found.start(), found.end(), value, value, kind="multiple", rule="multiple:word"))
    return out
