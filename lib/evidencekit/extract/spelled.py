"""Numbers spelled out in words: "one hundred and twenty", "fifty billion", "three fifths".

Pure functions over lists of lower-case words; the words live in
``data/<lang>/numbers.yaml`` (words, multiples, scales, fractions, share_denominators,
articles, decimal_words).
"""

from __future__ import annotations

from evidencekit.extract.numbers import number_words


def parse_number_words(words_in: list[str]) -> float | None:
    """Value of a run of number words (English; already split, lower-case); digits may stand
    for a word ("3 hundred and 21") and a denominator word makes a fraction.

    >>> parse_number_words(["twenty", "five"])
    25.0
    >>> parse_number_words(["one", "hundred", "and", "twenty"])
    120.0
    >>> parse_number_words(["one", "and", "a", "half"])
    1.5
    >>> parse_number_words(["fifty", "billion"])
    50000000000.0
    >>> parse_number_words(["three", "million", "and", "a", "half"])
    3500000.0
    >>> parse_number_words(["half", "million"])
    500000.0
    >>> parse_number_words(["twenty", "and", "three", "fifths"])
    20.6
    >>> round(parse_number_words(["one", "hundred", "thirty", "fifths"]), 4)
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
        if word in vocab.joining_words:
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
        if len(numerator) > 1 and numerator[-2] not in vocab.joining_words:  # "one twenty-fifth" = 1/25
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
    cut = max((i for i, w in enumerate(numerator) if w in vocab.joining_words), default=None)
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
