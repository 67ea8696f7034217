"""Vague amounts: a word that stands for a range before a scale, a unit or a counted noun.

"hundreds of billions of dollars" is US$100–999 billion, "tens of millions of users" 10–99
million users, 数十亿美元 US$2–9 billion, 數千座 2,000–9,000: each is an approximate range,
a number atom like any other (the unit, the counted noun and the qualifiers around it are
attached by the usual steps). The words are data (``vague_amounts``, ``vague_scales`` and
``vague_joiners`` in ``data/<lang>/numbers.yaml``); an entry with ``needs_scale`` ("a few",
"several", 数) is an amount only before a scale ("a few billion", 数十).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from evidencekit.extract.candidates import Atom, Blocked
from evidencekit.lang.files import data_cache, languages
from evidencekit.lang.loader import load_language_file
from evidencekit.lang.patterns import phrases

RULE = "vague"


@dataclass(frozen=True)
class _Amounts:
    pattern: re.Pattern[str]
    ranges: dict[str, tuple[float, float, bool]]  # word -> (low, high, needs_scale)
    scales: dict[str, float]


def _key(text: str) -> str:
    return " ".join(text.lower().split())


@data_cache
def _amounts() -> _Amounts:
    ranges: dict[str, tuple[float, float, bool]] = {}
    scales: dict[str, float] = {}
    joiners: set[str] = set()
    for lang in languages():
        data = load_language_file(lang, "numbers")
        for entry in data.get("vague_amounts") or []:
            bounds = (float(entry["low"]), float(entry["high"]), bool(entry.get("needs_scale")))
            ranges.update({_key(str(word)): bounds for word in entry["words"]})
        scales.update({_key(str(k)): float(v) for k, v in (data.get("vague_scales") or {}).items()})
        joiners.update(str(j) for j in data.get("vague_joiners") or [])
    word = phrases(ranges, ignore_case=True)
    scale = phrases(scales, ignore_case=True)
    joiner = phrases(joiners, ignore_case=True)
    pattern = (
        rf"(?<![A-Za-z])(?P<word>{word})(?:[ \u00a0]*(?P<scale>{scale})(?![A-Za-z]))?"
        rf"(?P<joiner>[ \u00a0]+(?:{joiner})(?=[ \u00a0]))?"
    )
    return _Amounts(re.compile(pattern, re.IGNORECASE), ranges, scales)


def vague_atoms(work: str, blocked: Blocked) -> list[Atom]:
    """Every vague amount of ``work`` as an atom (rule ``vague``), low and high in units.

    >>> [(a.low, a.high) for a in vague_atoms("hundreds of billions of dollars", Blocked([]))]
    [(100000000000.0, 999000000000.0)]
    """
    amounts = _amounts()
    if not amounts.ranges:
        return []
    out: list[Atom] = []
    for found in amounts.pattern.finditer(work):
        low, high, needs_scale = amounts.ranges[_key(found["word"])]
        scale = amounts.scales[_key(found["scale"])] if found["scale"] else 1.0
        if needs_scale and not found["scale"]:
            continue
        end = found.end() if found["joiner"] else found.end("scale") if found["scale"] else found.end("word")
        if blocked.hits(found.start(), end):
            continue
        out.append(Atom(found.start(), end, low * scale, high * scale, False, True, False, 1.0, rule=RULE))
    return out
