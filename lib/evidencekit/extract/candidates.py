"""Number candidates: where a number may start and the numbers themselves.

Digits, positional numerals with multipliers (3万4000, 一百二十), runs of number words
("one hundred and twenty"), 半 and "a" before a unit. Each candidate is an :class:`Atom`;
:class:`Quantity` is the working record the later steps grow from it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from evidencekit.extract.numbers import ARABIC, number_words, parse_arabic
from evidencekit.extract.positional import parse_positional
from evidencekit.extract.spelled import is_tens_word, parse_number_words
from evidencekit.extract.units import Unit, unit_after, unit_matcher
from evidencekit.lang.files import data_cache
from evidencekit.lang.patterns import phrases

YEAR_RANGE = (1800, 2100)


@dataclass
class Quantity:
    """A number being assembled into a metric (mutable working record)."""

    start: int
    end: int
    low: float
    high: float
    digits: bool = False  # written with Arabic digits
    scaled: bool = False  # has a scale word or a 万/亿 multiplier
    year_like: bool = False
    unit: Unit | None = None
    unit_raw: str = ""
    kind: str | None = None
    qualifier: str | None = None
    noun: str | None = None
    rule: str = "number"
    trailing_scale: float = 1.0  # the multiplier a range's first end may share ("3到5万")
    direction: str | None = None  # up, down: a change or comparison (extract/change.py)
    basis: str | None = None
    role: str | None = None  # start, end: the levels of "from X to Y"
    per: str | None = None
    period: str | None = None
    year: int | None = None
    subject: str | None = None


class Blocked:
    """Spans no metric may touch: traps, and metrics already found."""

    def __init__(self, spans: list[tuple[int, int, str]]) -> None:
        self.spans = [(s, e) for s, e, _ in spans]

    def add(self, start: int, end: int) -> None:
        self.spans.append((start, end))

    def hits(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.spans)


@data_cache
def _number_hint_re() -> re.Pattern[str]:
    """Anything a number could start with: digits, Han numerals, number words (not "a")."""
    words = number_words()
    shares = [w for w, v in words.share_denominators.items() if v > 1]  # "first" only after "twenty"
    vocab = {*words.words, *words.multiples, *words.scales, *words.fractions, *shares}
    alternation = phrases(vocab, ignore_case=True, render=re.escape)
    han = re.escape(words.han_chars + words.half + "".join(words.share_words))
    articles = "|".join(map(re.escape, words.articles))
    return re.compile(
        rf"[0-9０-９{han}]|(?<![A-Za-z])(?:{alternation})|(?<![A-Za-z])(?:{articles})\s+(?:{article_unit_forms()})",
        re.IGNORECASE,
    )


@data_cache
def article_unit_forms() -> str:
    """Unit forms that "a"/"an" can count ("a decade"): they must not be skipped as number-free."""
    words = number_words()
    forms = [u.form for u in unit_matcher().by_form.values() if u.kind in words.article_unit_kinds]
    return phrases(forms, ignore_case=True, render=re.escape)


def may_hold_numbers(text: str) -> bool:
    """Cheap test that lets most sentences (no number at all) skip the engine."""
    return _number_hint_re().search(text) is not None


@data_cache
def _atom_re() -> re.Pattern[str]:
    """Arabic and Chinese numerals, mixed ("3万4000") and spaced next to Han ("7 万5 千")."""
    words = number_words()
    han = f"[{re.escape(words.han_chars)}]"
    point = f"[{re.escape(''.join(words.decimal_points))}]"
    mult = f"[{re.escape(''.join(words.han_multipliers))}]"
    more = f"[{re.escape(''.join(words.approximate_after))}]"
    gap = r"[ \t\u3000]*"
    step = (
        rf"{ARABIC}|{han}|(?<={han}){gap}(?={han}|\d)|(?<=\d){gap}(?={han})"
        rf"|{gap}{point}{gap}(?={han}|\d)|{gap}{more}{gap}(?={mult})"
    )
    return re.compile(rf"(?<![\d.])(?:{ARABIC}|{han})(?:{step})*|(?<![\w.])\.\d+")


@dataclass(frozen=True)
class Atom:
    start: int
    end: int
    low: float
    high: float
    digits: bool
    scaled: bool
    year_like: bool
    trailing_scale: float
    inner_more: bool = False
    rule: str = "number"  # "half" (半) and "article" ("a decade") are numbers only before a unit


def atoms(work: str, blocked: Blocked) -> list[Atom]:
    atoms = [*_numeral_atoms(work), *_word_atoms(work), *_half_atoms(work), *_article_atoms(work)]
    atoms.sort(key=lambda a: a.start)
    return [a for a in atoms if not blocked.hits(a.start, a.end)]


def _half_atoms(work: str) -> list[Atom]:
    """半 before a classifier or unit: 半年 (6 months), 半个世纪 (600 months)."""
    words = number_words()
    if not words.half or words.half not in work:
        return []
    numerals = set(words.han_chars)
    return [
        Atom(m.start(), m.end(), 0.5, 0.5, False, False, False, 1.0, rule="half")
        for m in re.finditer(re.escape(words.half), work)
        if not (m.start() and (work[m.start() - 1] in numerals or work[m.start() - 1].isdigit()))
    ]


def _article_atoms(work: str) -> list[Atom]:
    """ "a"/"an" before a unit of the kinds that allow it: "a decade" is one decade."""
    words = number_words()
    out = []
    for m in _article_re().finditer(work):
        found = unit_after(work, m.end())
        if found and found[0].kind in words.article_unit_kinds:
            out.append(Atom(m.start(), m.end(), 1.0, 1.0, False, False, False, 1.0, rule="article"))
    return out


@data_cache
def _article_re() -> re.Pattern[str]:
    articles = "|".join(map(re.escape, number_words().articles)) or "(?!)"
    return re.compile(rf"(?<![A-Za-z])(?:{articles})(?=[ \t]+(?:{article_unit_forms()}))", re.IGNORECASE)


def _numeral_atoms(work: str) -> list[Atom]:
    out = []
    for m in _atom_re().finditer(work):
        atom = _numeral_atom(work, m.start(), m.end())
        if atom is not None:
            out.append(atom)
    return out


def _numeral_atom(work: str, start: int, end: int) -> Atom | None:
    words = number_words()
    while work[end - 1].isspace():
        end -= 1
    surface = work[start:end]
    if surface.isascii() and surface.isdigit():  # most numbers: plain digits, nothing to untangle
        value = parse_arabic(surface)
        return Atom(start, end, value, value, True, False, _is_year(surface, value, value), 1.0)
    inner_more = any(c in words.approximate_after for c in surface)
    clean = "".join(c for c in surface if c not in words.approximate_after and not c.isspace())
    if all(c in words.han_multipliers for c in clean):
        return None  # 万 or 万万 alone is no number
    if len(clean) > 1 and (clean[-1] in words.han_units or clean[-1] in words.han_multipliers):
        unit = unit_after(work, end - 1)
        if unit and unit[1] == end - 1:  # "30亿千瓦" is 30亿 + 千瓦; "100兆瓦" is 100 + 兆瓦
            clean, end = clean[:-1], end - 1
            while work[end - 1].isspace():
                end -= 1
    parsed = _parse_numeral(clean)
    if parsed is None and len(clean) > 1 and clean[-1] in words.han_units:
        clean, end = clean[:-1], work.rindex(clean[-1], start, end)  # 九十百分位: 九十, then 百分位
        while work[end - 1].isspace():
            end -= 1
        parsed = _parse_numeral(clean)
    if parsed is None:
        return None
    trailing = 1.0
    for char in reversed(clean):
        if char not in words.han_multipliers:
            break
        trailing *= words.han_multipliers[char]
    return Atom(
        start,
        end,
        parsed[0],
        parsed[1],
        any(c.isdigit() for c in clean),
        "^" in clean
        or "e" in clean.lower()
        or any(c in words.han_multipliers or words.han_units.get(c, 0) >= 1000 for c in clean),
        _is_year(clean, *parsed),
        trailing,
        inner_more,
    )


_ARABIC_WHOLE = re.compile(ARABIC)


def _parse_numeral(surface: str) -> tuple[float, float] | None:
    if surface.startswith("."):
        surface = "0" + surface
    if _ARABIC_WHOLE.fullmatch(surface):
        value = parse_arabic(surface)
        return value, value
    return parse_positional(surface)


def _is_year(surface: str, low: float, high: float) -> bool:
    if len(surface) != 4:
        return False
    words = number_words()
    plain = surface.isdigit() or all(c in words.han_digits for c in surface)
    return plain and low == high and YEAR_RANGE[0] <= low <= YEAR_RANGE[1]


@data_cache
def _word_run_re() -> re.Pattern[str]:
    """Candidate runs of English number words; "and" and articles are checked afterwards.

    Digits join a run before a multiple, scale or denominator word ("3 hundred and 21"),
    denominators make word fractions ("twenty and three fifths", "a millionth").
    """
    vocab = number_words()

    def alternation(items: Iterable[str]) -> str:
        return phrases(items, ignore_case=True, render=re.escape)

    numeric = alternation({*vocab.words, *vocab.multiples, *vocab.scales})
    bigger = alternation({*vocab.multiples, *vocab.scales})
    dens = alternation(vocab.share_denominators)
    tens = alternation(w for w, v in vocab.words.items() if 20 <= v < 100 and v % 10 == 0)
    articles, fractions = alternation(vocab.articles), alternation(vocab.fractions)
    sep = r"(?:[ \t]*-[ \t]*|[ \t]+)"
    digits = rf"(?<![\d.,])\d+(?={sep}(?:{bigger}|{dens})(?![A-Za-z]))"
    token = rf"(?:(?:{numeric}|{dens})(?![A-Za-z])|{digits})"
    then = rf"(?=(?:{bigger}|{dens}|(?:{tens}){sep}(?:{dens}))(?![A-Za-z]))"
    lead = rf"(?:(?:{articles}|{fractions})(?:{sep}(?:{articles}))?{sep}{then})?"
    after_and = rf"(?:{articles}){sep}(?:{dens})(?![A-Za-z])|{token}|\d+(?!\.?\d|,\d)"
    tail = rf"(?:{sep}(?:{alternation(vocab.joining_words)}){sep}(?:{after_and}))"
    small = alternation(w for w, v in vocab.words.items() if v < 100)
    decimal = alternation(vocab.decimal_words)
    tail += rf"|(?:{sep}(?:{decimal})(?:{sep}(?:{small})(?![A-Za-z]))+)"
    starts = {
        w[0].lower() for w in (*vocab.words, *vocab.multiples, *vocab.scales, *vocab.share_denominators)
    }
    first = "".join(sorted(starts | {a[0].lower() for a in vocab.articles}))
    return re.compile(  # the first-letter guard rejects most positions cheaply
        rf"(?<![A-Za-z-])(?=[{re.escape(first)}\d]){lead}{token}(?:{sep}{token}|{tail})*(?![A-Za-z])",
        re.IGNORECASE,
    )


_WORD = re.compile(r"[A-Za-z]+|\d+")


def _word_atoms(work: str) -> list[Atom]:
    """Runs of English number words ("twenty-five", "one and a half", "fifty billion")."""
    out = []
    for match in _word_run_re().finditer(work):
        tokens = [
            (m.start() + match.start(), m.end() + match.start(), m.group().lower())
            for m in _WORD.finditer(match.group())
        ]
        for piece in _split_at_and(tokens):
            atom = _word_atom(piece)
            if atom is not None:
                out.append(atom)
    return out


def _split_at_and(tokens: list[tuple[int, int, str]]) -> list[list[tuple[int, int, str]]]:
    """Cut a run at an "and" that joins two numbers ("between one and two")."""
    pieces: list[list[tuple[int, int, str]]] = [[]]
    for at, token in enumerate(tokens):
        if token[2] in number_words().joining_words and not _and_continues(tokens, at):
            pieces.append([])
        else:
            pieces[-1].append(token)
    return [p for p in pieces if p]


def _and_continues(tokens: list[tuple[int, int, str]], at: int) -> bool:
    """ "one and a half", "one hundred and twenty", "twenty and three fifths", "3 hundred and
    21", but not "between one and two" nor "5 million and 20 engineers"."""
    vocab = number_words()
    previous = tokens[at - 1][2] if at else ""
    rest = [t[2] for t in tokens[at + 1 :]]
    if rest[:1] and rest[0] in vocab.articles and rest[1:] and rest[1] in vocab.share_denominators:
        return True
    for word in rest:
        if word in vocab.share_denominators:
            return True  # the fraction of a mixed number
        if word not in vocab.words and not word.isdigit() and word not in vocab.joining_words:
            break
    if rest[:1] and rest[0].isdigit():
        return previous in vocab.multiples and int(rest[0]) < 100
    small = rest[:1] and rest[0] in vocab.words and vocab.words[rest[0]] < 100
    return bool(small) and previous in (vocab.multiples.keys() | vocab.scales.keys())


def _unit_denominator(tokens: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """ "three quarters" alone is three of a unit (quarter is a duration): stop before it. A
    mixed number ("one hundred and three quarters") or a scale after it keeps the fraction."""
    vocab = number_words()
    words_in = [t[2] for t in tokens]
    at = next((i for i, w in enumerate(words_in) if w in vocab.share_denominators), None)
    if at is None or at + 1 < len(words_in) or not vocab.joining_words.isdisjoint(words_in[:at]):
        return tokens
    return tokens[:at] if words_in[at] in unit_matcher().by_form else tokens


def _word_atom(tokens: list[tuple[int, int, str]]) -> Atom | None:
    vocab = number_words()
    tokens = _unit_denominator(tokens)
    while tokens and (tokens[-1][2] in vocab.articles or tokens[-1][2] in vocab.joining_words):
        tokens = tokens[:-1]
    if not tokens or tokens[0][2] in vocab.multiples or tokens[0][2] in vocab.scales:
        return None  # "hundreds of", "dozens of", "million" alone: vague or no number
    words_in = [t[2] for t in tokens]
    digits = any(w.isdigit() for w in words_in)
    fraction = any(w in vocab.share_denominators for w in words_in)
    if digits and len(words_in) < 3 and not fraction:
        return None  # "3 hundred", "50 billion": the numeral and its scale word (attach_scale)
    value = parse_number_words(words_in)
    if value is None and fraction:  # no fraction ("two millionth"): the number before it
        at = next(i for i, w in enumerate(words_in) if w in vocab.share_denominators)
        tens = at > 0 and is_tens_word(words_in[at - 1])
        return _word_atom(tokens[:at]) if at and not tens else None  # "twenty-third": an ordinal
    if value is None or all(w in vocab.articles for w in words_in):
        return None
    scaled = any(w in vocab.scales for w in words_in)
    return Atom(tokens[0][0], tokens[-1][1], value, value, digits, scaled, False, 1.0)
