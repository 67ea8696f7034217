"""Positional numerals: digits and units closed by multipliers (一百二十, 3万4000, 两三).

Pure functions over strings; the characters and their values live in
``data/<lang>/numbers.yaml`` (digits, units, multipliers, tens_digits, decimal_point,
approximate_pairs).
"""

from __future__ import annotations

import re

from evidencekit.extract.numbers import ARABIC, number_words, parse_arabic
from evidencekit.lang.files import data_cache


@data_cache
def _han_token_re() -> re.Pattern[str]:
    words = number_words()
    chars = re.escape(words.han_chars + "".join(words.decimal_points))
    return re.compile(rf"(?:{ARABIC})|[{chars}]")


def parse_positional(surface: str) -> tuple[float, float] | None:
    """Parse a positional numeral (Chinese 一百二十), possibly mixed with Arabic digits.

    Returns ``(low, high)``, or None when ``surface`` is not a well-formed numeral.

    >>> parse_positional("一百二十")
    (120.0, 120.0)
    >>> parse_positional("3万4000")
    (34000.0, 34000.0)
    >>> parse_positional("二十万亿")
    (20000000000000.0, 20000000000000.0)
    >>> parse_positional("两三")
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
