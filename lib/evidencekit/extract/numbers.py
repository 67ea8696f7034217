"""Numerals: the number vocabulary of every language, and Arabic digits.

The words themselves live in ``data/<lang>/numbers.yaml``; :func:`number_words` merges
them. Every parser (here, :mod:`~evidencekit.extract.positional` and
:mod:`~evidencekit.extract.spelled`) returns ``(low, high)`` so that approximate pairs
such as 两三 (2–3) come out as ranges; a single value has ``low == high``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from evidencekit.lang.files import data_cache, languages
from evidencekit.lang.loader import load_language_file

# Arabic numbers, most specific first: 3.8×10^24, 2^5, 3.8e25, 1,000 / 1，000, 1 000 (no-break space), 3.5
ARABIC = "|".join(
    (
        r"\d+(?:\.\d+)?\s?[×xX]\s?10\^[+-]?\d+",
        r"\d+(?:\.\d+)?\^[+-]?\d+",
        r"\d+(?:\.\d+)?[eE][+-]?\d+(?![A-Za-z])",
        r"\d{1,3}(?:,\d{3})+(?:\.\d+)?",  # not "，": in Chinese it separates clauses ("$20，300美元")
        r"(?<![A-Za-z\d])\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?![\d,])(?:\.\d+)?",
        r"\d+(?:\.\d+)?",
    )
)


_SEPARATORS = str.maketrans("", "", ",\u00a0\u202f\u2009 ")


@dataclass(frozen=True)
class NumberWords:
    """Every language's number vocabulary, merged (the engine reads mixed text)."""

    words: dict[str, float]
    multiples: dict[str, float]
    scales: dict[str, float]
    fractions: dict[str, float]
    articles: frozenset[str]
    suffix_scales: dict[str, tuple[float, bool]]
    han_digits: dict[str, int]
    han_units: dict[str, int]
    han_multipliers: dict[str, float]
    han_tens: dict[str, int]
    decimal_points: frozenset[str]
    approximate_pairs: frozenset[str]
    approximate_after: frozenset[str]
    share_denominators: dict[str, float]
    share_follower: str
    share_marker: str
    negative_signs: frozenset[str]
    share_words: dict[str, float]
    half: str
    article_unit_kinds: frozenset[str]
    mixed_joiner: str
    negative_words: frozenset[str]
    decimal_words: frozenset[str]
    joining_words: frozenset[str]
    amount_joiners: tuple[str, ...]

    @property
    def han_chars(self) -> str:
        return "".join([*self.han_digits, *self.han_units, *self.han_multipliers, *self.han_tens])


@data_cache
def number_words() -> NumberWords:
    """Load and merge ``numbers.yaml`` of every language."""
    merged: dict[str, dict] = {}
    lists: dict[str, set[str]] = {}
    scalars: dict[str, str] = {}
    for lang in languages():
        data = load_language_file(lang, "numbers")
        for key, value in data.items():
            if isinstance(value, dict):
                merged.setdefault(key, {}).update(value)
            elif isinstance(value, str):
                scalars[key] = value
            elif key == "suffix_scales":
                for entry in value:
                    merged.setdefault(key, {})[entry["form"]] = (
                        float(entry["value"]),
                        bool(entry.get("needs_currency", False)),
                    )
            else:
                lists.setdefault(key, set()).update(str(v) for v in value)
    return NumberWords(
        words={k.lower(): float(v) for k, v in merged.get("words", {}).items()},
        multiples={k.lower(): float(v) for k, v in merged.get("multiples", {}).items()},
        scales={k.lower(): float(v) for k, v in merged.get("scales", {}).items()},
        fractions={k.lower(): float(v) for k, v in merged.get("fractions", {}).items()},
        articles=frozenset(lists.get("articles", set())),
        suffix_scales=merged.get("suffix_scales", {}),
        han_digits={k: int(v) for k, v in merged.get("digits", {}).items()},
        han_units={k: int(v) for k, v in merged.get("units", {}).items()},
        han_multipliers={k: float(v) for k, v in merged.get("multipliers", {}).items()},
        han_tens={k: int(v) for k, v in merged.get("tens_digits", {}).items()},
        decimal_points=frozenset(lists.get("decimal_point", set())),
        approximate_pairs=frozenset(lists.get("approximate_pairs", set())),
        approximate_after=frozenset(lists.get("approximate_after", set())),
        share_denominators={k.lower(): float(v) for k, v in merged.get("share_denominators", {}).items()},
        share_follower=scalars.get("share_follower", ""),
        share_marker=scalars.get("share_marker", ""),
        negative_signs=frozenset(lists.get("negative_signs", set())),
        share_words={k: float(v) for k, v in merged.get("share_words", {}).items()},
        half=scalars.get("half", ""),
        article_unit_kinds=frozenset(lists.get("article_unit_kinds", set())),
        mixed_joiner=scalars.get("mixed_joiner", ""),
        negative_words=frozenset(w.lower() for w in lists.get("negative_words", set())),
        decimal_words=frozenset(w.lower() for w in lists.get("decimal_words", set())),
        joining_words=frozenset(w.lower() for w in lists.get("joining_words", set())),
        amount_joiners=tuple(sorted(lists.get("amount_joiners", set()))),
    )


def parse_arabic(surface: str) -> float:
    """Parse digits with thousands separators and a decimal point.

    >>> parse_arabic("13,000")
    13000.0
    >>> parse_arabic("1\u00a0000.5")
    1000.5
    >>> parse_arabic("10^25"), parse_arabic("3.8e25")
    (1e+25, 3.8e+25)
    >>> parse_arabic("10^400")  # too large for a float: infinite, and never a metric
    inf
    """
    if "^" in surface:
        base, exponent = surface.split("^")
        mantissa = re.split(r"\s?[×xX]\s?", base)
        try:
            if len(mantissa) == 2:  # 3.8×10^24
                return float(mantissa[0]) * 10.0 ** int(exponent)
            return float(base) ** int(exponent)
        except (OverflowError, ValueError):  # 10^400, or an exponent of thousands of digits
            return math.inf
    return float(surface.translate(_SEPARATORS))
