"""Fractions in text: shares (三分之一, "a third of"), mixed numbers, slash fractions ("3/4").

Each finder returns ``(start, end, value, flag)`` spans of the text it is given.
"""

from __future__ import annotations

import re

from evidencekit.extract.numbers import number_words
from evidencekit.extract.positional import parse_positional
from evidencekit.lang.files import data_cache


@data_cache
def _share_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    words = number_words()
    chars = rf"[\d.{re.escape(words.han_chars)}]"
    numeral = rf"{chars}(?:{chars}|[ \t](?={chars}))*+"  # flat and possessive: no backtracking
    marker = r"\s*".join(map(re.escape, words.share_marker)) if words.share_marker else "(?!)"
    signs = f"[{re.escape(''.join(words.negative_signs))}]?" if words.negative_signs else ""
    # whole and denominator start where a numeral starts: a match can begin nowhere inside a
    # run that it did not begin at the run's start (linear on long runs of numerals)
    first = rf"{signs}(?<!{chars}){numeral}"
    whole = rf"(?:(?P<whole>{first})\s*{re.escape(words.mixed_joiner)}\s*)?" if words.mixed_joiner else ""
    han = re.compile(rf"{whole}(?P<den>{first})\s*{marker}\s*(?P<num>{signs}{numeral})")
    counts = "|".join(sorted((re.escape(w) for w in [*words.words, *words.articles]), key=len, reverse=True))
    shares = [w for w, v in words.share_denominators.items() if v > 1]  # "first" only in compounds
    denominators = "|".join(sorted(map(re.escape, shares), key=len, reverse=True))
    follower = re.escape(words.share_follower) if words.share_follower else "(?!)"
    starts = {w[0].lower() for w in [*words.words, *words.articles, *shares]}
    guard = f"(?=[{re.escape(''.join(sorted(starts)))}\\d])"  # rejects most positions cheaply
    latin = re.compile(
        rf"(?<![A-Za-z]){guard}(?:(?P<num>{counts}|\d+)\s*-?\s*)?(?P<den>{denominators or '(?!)'})"
        rf"(?![A-Za-z])(?P<of>(?=\s+{follower}\b))?",
        re.IGNORECASE,
    )
    return han, latin


@data_cache
def _denominator_stems() -> frozenset[str]:
    """Word endings of the share words, for a quick "is there any?" test: the last five letters
    of each singular ("third", "fifth", "eenth" for thirteenth to nineteenth, "ionth")."""
    words = number_words().share_denominators
    return frozenset(w.rstrip("s")[-5:] for w, v in words.items() if v > 1)


def _signed_positional(surface: str) -> float | None:
    words = number_words()
    sign = -1.0 if surface[:1] in words.negative_signs else 1.0
    parsed = parse_positional("".join(surface.split()).lstrip("".join(words.negative_signs)))
    return None if parsed is None else sign * parsed[0]


def fraction_spans(text: str) -> list[tuple[int, int, float, bool]]:
    """Fractions: (start, end, value, is_share).

    A share ("三分之一", "a third of") is given in percent; a mixed number ("三百五又三分之一",
    "负一又二分之一") as its value, with ``is_share`` False.

    >>> text = "三分之一的人口, two-thirds of chips, half of them, 一半"
    >>> [round(v, 2) for _, _, v, _ in fraction_spans(text)]
    [33.33, 66.67, 50.0, 50.0]
    >>> [round(v, 3) for _, _, v, _ in fraction_spans("三百 五又三分之一")]
    [350.333]
    """
    words = number_words()
    out: list[tuple[int, int, float, bool]] = []
    for word, share in words.share_words.items():
        out.extend((m.start(), m.end(), share, True) for m in re.finditer(re.escape(word), text))
    return sorted([*out, *_han_fractions(text), *_latin_shares(text)])


def _han_fractions(text: str) -> list[tuple[int, int, float, bool]]:
    out: list[tuple[int, int, float, bool]] = []
    if not number_words().share_marker or number_words().share_marker[0] not in text:
        return out
    for m in _share_res()[0].finditer(text):
        den, num = _signed_positional(m.group("den")), _signed_positional(m.group("num"))
        whole = _signed_positional(m.group("whole")) if m.groupdict().get("whole") else None
        lone = len("".join(m.group("den").split())) == 1
        if not den or num is None or (lone and abs(den) in (100.0, 1000.0, 10000.0) and whole is None):
            continue  # 百分之/千分之/万分之 are percent prefixes (units); 一百分之二 is a fraction
        if whole is not None:
            value = whole + (num / den if whole >= 0 else -num / den)
            out.append((m.start(), m.end(), value, False))
        else:
            out.append((m.start(), m.end(), num / den * 100, True))
    return out


def _latin_shares(text: str) -> list[tuple[int, int, float, bool]]:
    words = number_words()
    out: list[tuple[int, int, float, bool]] = []
    lowered = text.lower()
    follower = words.share_follower.lower()
    if (follower and follower not in lowered) or not any(w in lowered for w in _denominator_stems()):
        return out  # a share needs its follower ("of") and a denominator word
    for m in _share_res()[1].finditer(text):
        denominator = words.share_denominators[m.group("den").lower()]
        if m.group("num") is None and denominator != 2:
            continue  # "half of" stands alone; "quarters of" needs a count ("all quarters of" is none)
        numerator = (m.group("num") or "one").lower()
        value: float | None = words.words.get(numerator, 1.0 if numerator in words.articles else None)
        if value is None and numerator.isdigit():
            value = float(numerator)
        if value is None:
            continue
        if m.group("of") is not None:
            out.append((m.start(), m.end(), value / denominator * 100, True))  # "a third of": a share
    return out


# a digit first (a fast scan), then the check that it starts a number: "1 4/3", "3/4"
_SLASH = re.compile(r"(\d(?<![\d/.]\d)\d*)(?:\s+(\d+))?\s*[/／]\s*(\d+)(?![\d/])")


def slash_fraction_spans(text: str) -> list[tuple[int, int, float, bool]]:
    """Fractions written with a slash ("3/4", "1 4/3"): (start, end, value, is_proper). Dates
    look alike, so the engine reads them only before a unit (a proper fraction: "3/4 mile") or
    when asked for bare numbers.

    >>> slash_fraction_spans("1 4/3 and 3/4")
    [(0, 5, 2.333333333333333, False), (10, 13, 0.75, True)]
    """
    out = []
    for m in _SLASH.finditer(text):
        whole, top = (m.group(1), m.group(2)) if m.group(2) else (None, m.group(1))
        top, bottom = float(top), float(m.group(3))
        if bottom:
            value = (float(whole) if whole else 0.0) + top / bottom
            out.append((m.start(), m.end(), value, top < bottom))
    return out
