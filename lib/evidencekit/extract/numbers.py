"""Numerals: Arabic digits, Chinese numerals (with 万/亿) and English number words.

Pure functions over strings; the words themselves live in ``data/<lang>/numbers.yaml``.
Every parser returns ``(low, high)`` so that approximate pairs such as 两三 (2–3)
come out as ranges; a single value has ``low == high``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from evidencekit.lang.loader import languages, load_language_file

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

    @property
    def han_chars(self) -> str:
        return "".join([*self.han_digits, *self.han_units, *self.han_multipliers, *self.han_tens])


@cache
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
    )


def parse_arabic(surface: str) -> float:
    """Parse digits with thousands separators and a decimal point.

    >>> parse_arabic("13,000")
    13000.0
    >>> parse_arabic("1\u00a0000.5")
    1000.5
    >>> parse_arabic("10^25"), parse_arabic("3.8e25")
    (1e+25, 3.8e+25)
    """
    if "^" in surface:
        base, exponent = surface.split("^")
        mantissa = re.split(r"\s?[×xX]\s?", base)
        if len(mantissa) == 2:  # 3.8×10^24
            return float(mantissa[0]) * 10.0 ** int(exponent)
        return float(base) ** int(exponent)
    return float(surface.translate(_SEPARATORS))


@cache
def _han_token_re() -> re.Pattern[str]:
    words = number_words()
    chars = re.escape(words.han_chars + "".join(words.decimal_points))
    return re.compile(rf"(?:{ARABIC})|[{chars}]")


def parse_chinese(surface: str) -> tuple[float, float] | None:
    """Parse a Chinese numeral, possibly mixed with Arabic digits.

    Returns ``(low, high)``, or None when ``surface`` is not a well-formed numeral.

    >>> parse_chinese("一百二十")
    (120.0, 120.0)
    >>> parse_chinese("3万4000")
    (34000.0, 34000.0)
    >>> parse_chinese("二十万亿")
    (20000000000000.0, 20000000000000.0)
    >>> parse_chinese("两三")
    (2.0, 3.0)
    """
    words = number_words()
    tokens = _han_token_re().findall(surface)
    if "".join(tokens) != surface or not tokens:
        return None
    pair = "".join(tokens[:2])
    if pair in words.approximate_pairs and (len(tokens) == 2 or tokens[2] not in words.han_digits):
        low = _section_value([tokens[0], *tokens[2:]])
        high = _section_value([tokens[1], *tokens[2:]])
        return None if low is None or high is None else (low, high)
    if all(t in words.han_digits for t in tokens) and len(tokens) > 1:
        value = float("".join(str(words.han_digits[t]) for t in tokens))
        return value, value
    section = _section_value(tokens)
    return None if section is None else (section, section)


def _section_value(tokens: list[str]) -> float | None:
    """Value of numeral tokens: sections of 十/百/千 closed by 万/亿."""
    words = number_words()
    total = 0.0
    section = 0.0
    pending: float | None = None
    largest = 1.0
    previous_scale = 0.0  # the 十/百/千/万/亿 just applied, for "三万五" = 35000
    pending_is_han = False
    section_unit = 0.0  # the last 十/百/千 of the current section
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token in words.decimal_points:
            fraction, index = _fraction_digits(tokens, index)
            if not fraction or (pending is None and not section and not total):
                return None
            if pending is not None and pending_is_han and previous_scale >= 100 and section:
                pending *= previous_scale / 10  # 两千三点一 = 2300.1
            pending = float(f"{int(section + (pending or 0.0))}.{fraction}")  # 十点二 = 10.2
            section, previous_scale, pending_is_han = 0.0, 0.0, False
        elif token in words.han_units:
            if section and words.han_units[token] >= section_unit:
                return None  # 九十百: units of a section only decrease
            section += (pending or 1.0) * words.han_units[token]  # 十 = 10, 零十 = 10
            pending, previous_scale = None, float(words.han_units[token])
            section_unit = previous_scale
        elif token in words.han_tens:
            section += words.han_tens[token]
            pending, previous_scale = None, 0.0
        elif token in words.han_multipliers:
            scale = words.han_multipliers[token]
            total = _multiply(total, section + (pending or 0.0), scale, largest, previous_scale)
            largest = max(largest, scale)
            section, pending, previous_scale = 0.0, None, scale
        else:
            digit = words.han_digits.get(token)
            value = float(digit) if digit is not None else parse_arabic(token)
            if pending not in (None, 0.0):
                return None  # two numbers in a row, such as 三五 outside approximate pairs
            pending, pending_is_han = value, digit is not None
            if digit is None or digit == 0:
                previous_scale = 0.0  # 三千零五 = 3005: a zero or digits end the elision
            index += 1
            continue
        index += 1
    if pending is not None and pending_is_han and previous_scale >= 100 and section + total:
        pending *= previous_scale / 10  # elided unit: 一百五 = 150, 三万五 = 35000
    return total + section + (pending or 0.0)


def _multiply(total: float, value: float, scale: float, largest: float, previous: float) -> float:
    """Close a section with 万/亿: 3万 (3e4), 1万5千亿 (1.5e12), 二十万亿 (2e13)."""
    if value == 0.0 and previous in number_words().han_multipliers.values() and total:
        return total * scale  # 万亿: a multiplier of a multiplier
    if scale >= largest:
        return (total + (value or 1.0)) * scale
    return total + (value or 1.0) * scale


def _fraction_digits(tokens: list[str], index: int) -> tuple[str, int]:
    """The digits after a decimal point at ``index``, and the index of the last one."""
    digits = number_words().han_digits
    fraction = ""
    while index + 1 < len(tokens) and tokens[index + 1] in digits:
        index += 1
        fraction += str(digits[tokens[index]])
    return fraction, index


def parse_english_words(words_in: list[str]) -> float | None:
    """Value of a run of English number words (already split, lower-case); digits may stand
    for a word ("3 hundred and 21") and a denominator word makes a fraction.

    >>> parse_english_words(["twenty", "five"])
    25.0
    >>> parse_english_words(["one", "hundred", "and", "twenty"])
    120.0
    >>> parse_english_words(["one", "and", "a", "half"])
    1.5
    >>> parse_english_words(["fifty", "billion"])
    50000000000.0
    >>> parse_english_words(["three", "million", "and", "a", "half"])
    3500000.0
    >>> parse_english_words(["half", "million"])
    500000.0
    >>> parse_english_words(["twenty", "and", "three", "fifths"])
    20.6
    >>> round(parse_english_words(["one", "hundred", "thirty", "fifths"]), 4)
    2.8571
    """
    vocab = number_words()
    at = next((i for i, w in enumerate(words_in) if w in vocab.share_denominators), None)
    if at is not None:
        return _word_fraction(words_in, at)
    return _cardinal(words_in)


def _cardinal(words_in: list[str]) -> float | None:
    """A whole number in words: "one hundred and twenty", "3 million and a half"."""
    vocab = number_words()
    total = 0.0
    current: float | None = None
    small = 0.0  # the words since the last multiple: "three hundred and two dozens" = 300 + 2 × 12
    last_scale = 0.0  # "3 million and a half" is 3.5 million
    index = 0
    while index < len(words_in):
        word = words_in[index]
        previous = words_in[index - 1] if index else ""
        if word in vocab.decimal_words:
            fraction = _decimal_digits(words_in[index + 1 :])
            return None if fraction is None else total + (current or 0.0) + float("0." + fraction)
        if word == "and":
            index += 1
            continue
        if word in vocab.articles:
            following = words_in[index + 1] if index + 1 < len(words_in) else ""
            if following in vocab.fractions and (current is not None or last_scale):
                if current is None:
                    total += vocab.fractions[following] * last_scale
                else:
                    current += vocab.fractions[following]
                index += 2
                continue
            current, small = (current or 0.0) + 1.0, small + 1.0
        elif word in vocab.fractions:
            current = (current or 0.0) + vocab.fractions[word]
        elif word in vocab.words or word.isdigit():
            value = vocab.words[word] if word in vocab.words else float(word)
            current, small = (current or 0.0) + value, small + value
        elif word in vocab.multiples:
            current, small = _times_multiple(current, small, vocab.multiples[word]), 0.0
        elif word in vocab.scales:
            total = _times_scale(total, current, vocab.scales[word], previous in vocab.scales)
            current, last_scale, small = None, vocab.scales[word], 0.0
        else:
            return None
        index += 1
    result = total + (current or 0.0)
    return result if (total or current is not None) else None


def _times_multiple(current: float | None, small: float, multiple: float) -> float:
    """ "three hundred" = 300; "three hundred and two dozens" = 300 + 2 × 12 (the multiple
    applies to the words since the last one)."""
    if current is not None and small and current != small:
        return current + small * (multiple - 1)
    return (current or 1.0) * multiple


def _times_scale(total: float, current: float | None, scale: float, after_scale: bool) -> float:
    """ "fifty billion"; a scale right after another multiplies it ("lakh crore" = 1e12)."""
    if current is None and total and after_scale:
        return total * scale
    return total + (current if current is not None else 1.0) * scale


def _decimal_digits(words_in: list[str]) -> str | None:
    """The digits after "point": one word each ("nought three" = 03), a tens word with its
    unit or alone as two ("seventy-one" = 71, "eleven" = 11)."""
    values = number_words().words
    digits = ""
    index = 0
    while index < len(words_in):
        value = values.get(words_in[index])
        if value is None or value >= 100:
            return None
        following = values.get(words_in[index + 1]) if index + 1 < len(words_in) else None
        if value >= 20 and value % 10 == 0 and following is not None and 0 < following < 10:
            value, index = value + following, index + 1
        digits += str(int(value))
        index += 1
    return digits or None


def is_tens_word(word: str) -> bool:
    """ "twenty" ... "ninety": the tens word of a compound ("twenty-five", "one twenty-fifth")."""
    value = number_words().words.get(word)
    return value is not None and 20 <= value < 100 and value % 10 == 0


def _word_fraction(words_in: list[str], at: int) -> float | None:
    """A fraction in words: numerator words, then the denominator word at ``at``, then an
    optional scale ("a half million"); a proper fraction after "and" adds to the whole before."""
    vocab = number_words()
    after = words_in[at + 1 :]
    numerator, denominator = words_in[:at], vocab.share_denominators[words_in[at]]
    if not numerator and after[:1] and after[0] in vocab.articles:
        after = after[1:]  # "half a dozen"
    if any(w not in vocab.scales and w not in vocab.multiples for w in after):
        return None
    scale = 1.0
    for word in after:
        scale *= vocab.scales.get(word) or vocab.multiples[word]
    if denominator < 10 and numerator and is_tens_word(numerator[-1]):
        if len(numerator) > 1 and numerator[-2] != "and":  # "one twenty-fifth" = 1/25
            denominator += vocab.words[numerator[-1]]
            numerator = numerator[:-1]
        elif not words_in[at].endswith("s"):
            return None  # "twenty-third" alone is an ordinal
    if denominator == 1 or not numerator:
        has_scale = not numerator and words_in[at] in vocab.fractions and after
        return vocab.fractions[words_in[at]] * scale if has_scale else None
    mixed = _mixed_number(numerator, denominator, scale)
    if mixed is not None:
        return mixed
    top = _cardinal(numerator)
    if top is None or (top > 1 and not words_in[at].endswith("s") and not after):
        return None  # "two millionth" is an ordinal: a fraction of two or more is plural
    return top / denominator * scale


def _mixed_number(numerator: list[str], denominator: float, scale: float) -> float | None:
    """ "twenty and three fifths" (20.6), "six million and two thirds", "one billion and a half
    million" (a fraction of the scale after it, added), "two and a half billion" (all scaled)."""
    vocab = number_words()
    cut = max((i for i, w in enumerate(numerator) if w == "and"), default=None)
    if not cut:
        return None
    whole, top = _cardinal(numerator[:cut]), _cardinal(numerator[cut + 1 :])
    if whole is None or top is None or top >= denominator:
        return None  # "one hundred and thirty fifths" is 130/5
    part = top / denominator
    whole_scale = max((vocab.scales[w] for w in numerator[:cut] if w in vocab.scales), default=0.0)
    if scale != 1.0:
        return whole + part * scale if whole_scale > scale else (whole + part) * scale
    return whole + part * (whole_scale if numerator[cut - 1] in vocab.scales else 1.0)


@cache
def _share_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    words = number_words()
    chars = rf"[\d.{re.escape(words.han_chars)}]"
    numeral = rf"{chars}(?:{chars}|[ \t](?={chars}))*+"  # flat and possessive: no backtracking
    marker = r"\s*".join(map(re.escape, words.share_marker)) if words.share_marker else "(?!)"
    signs = f"[{re.escape(''.join(words.negative_signs))}]?" if words.negative_signs else ""
    whole = (
        rf"(?:(?P<whole>{signs}{numeral})\s*{re.escape(words.mixed_joiner)}\s*)?"
        if words.mixed_joiner
        else ""
    )
    han = re.compile(rf"{whole}(?P<den>{signs}{numeral})\s*{marker}\s*(?P<num>{signs}{numeral})")
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


@cache
def _denominator_stems() -> frozenset[str]:
    """Word endings of the share words, for a quick "is there any?" test: the last five letters
    of each singular ("third", "fifth", "eenth" for thirteenth to nineteenth, "ionth")."""
    words = number_words().share_denominators
    return frozenset(w.rstrip("s")[-5:] for w, v in words.items() if v > 1)


def _signed_chinese(surface: str) -> float | None:
    words = number_words()
    sign = -1.0 if surface[:1] in words.negative_signs else 1.0
    parsed = parse_chinese("".join(surface.split()).lstrip("".join(words.negative_signs)))
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
        den, num = _signed_chinese(m.group("den")), _signed_chinese(m.group("num"))
        whole = _signed_chinese(m.group("whole")) if m.groupdict().get("whole") else None
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
