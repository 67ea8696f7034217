"""Metric extraction: numbers + units + the words around them -> :class:`Metric` records.

The engine is generic: every word it knows (numerals, units, qualifiers, range markers,
traps) comes from ``data/<lang>/*.yaml`` through ``numbers``, ``units`` and ``grammar``.
It reads mixed English/Chinese text with all languages' data at once, works on a
width-normalised copy of the text (full-width digits and signs mapped one character for
one, so offsets never move) and does no I/O.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from functools import cache

from evidencekit.extract.grammar import grammar, qualifier_name, trap_spans
from evidencekit.extract.numbers import (
    ARABIC,
    fraction_spans,
    is_tens_word,
    number_words,
    parse_arabic,
    parse_chinese,
    parse_english_words,
    slash_fraction_spans,
)
from evidencekit.extract.units import Unit, canonical_unit, unit_after, unit_before, unit_matcher
from evidencekit.lang.script import detect_language, has_han, normalise_for_matching
from evidencekit.records import Metric

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


@cache
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


def extract_metrics(text: str, lang: str | None = None, *, numbers: bool = False) -> list[Metric]:
    """Find every quantitative claim in ``text``.

    Parameters
    ----------
    text : str
        Any text, English, Chinese or mixed.
    lang : str, optional
        ``"en"`` or ``"zh"``, recorded on each metric; detected when None.
    numbers : bool, default False
        Also return bare numbers that are no claim (no unit, counted noun or year) as kind
        ``number`` with unit ``"1"``, as a number recogniser would.

    Returns
    -------
    list of Metric
        In order of appearance; ``text[m.char_start:m.char_end] == m.surface``.

    Examples
    --------
    >>> [(m.surface, m.kind, m.value_low, m.unit) for m in extract_metrics("50 billion watts by 2028")]
    [('50 billion watts', 'power', 50000000000.0, 'W'), ('2028', 'date', 2028.0, 'year')]
    >>> [(m.surface, m.value_low, m.value_high, m.unit) for m in extract_metrics("三到六个月")]
    [('三到六个月', 3.0, 6.0, 'month')]
    """
    if not text or not _may_hold_numbers(text):
        return []
    lang = lang or detect_language(text)
    work = normalise_for_matching(text)
    blocked = _Blocked(trap_spans(work, bare=numbers))
    found = [*_iso_dates(work), *_ratios(work, blocked), *_fractions(work, blocked, numbers)]
    for item in found:
        blocked.add(item.start, item.end)
    quantities = [q for q in (_assemble(work, a, blocked) for a in _atoms(work, blocked)) if q]
    found.extend(_merge_ranges(work, _merge_compounds(work, _drop_nested(quantities))))
    if numbers:
        for q in found:
            if q.kind is None and q.rule not in ("half", "article") and _is_numeral_word(work, q):
                q.kind = "number"
        found = _merge_word_ratios(work, found)
    found = _drop_rates([q for q in found if q.kind is not None], work)
    for q in found:
        _attach_qualifiers(work, q)
    found.sort(key=lambda q: (q.start, -q.end))
    return [_to_metric(text, q, lang) for q in _drop_overlaps(found)]


@cache
def _number_hint_re() -> re.Pattern[str]:
    """Anything a number could start with: digits, Han numerals, number words (not "a")."""
    words = number_words()
    shares = [w for w, v in words.share_denominators.items() if v > 1]  # "first" only after "twenty"
    vocab = {*words.words, *words.multiples, *words.scales, *words.fractions, *shares}
    alternation = "|".join(sorted(map(re.escape, vocab), key=len, reverse=True))
    han = re.escape(words.han_chars + words.half + "".join(words.share_words))
    articles = "|".join(map(re.escape, words.articles))
    return re.compile(
        rf"[0-9０-９{han}]|(?<![A-Za-z])(?:{alternation})|(?<![A-Za-z])(?:{articles})\s+(?:{_article_unit_forms()})",
        re.IGNORECASE,
    )


@cache
def _article_unit_forms() -> str:
    """Unit forms that "a"/"an" can count ("a decade"): they must not be skipped as number-free."""
    words = number_words()
    forms = [u.form for u in unit_matcher().by_form.values() if u.kind in words.article_unit_kinds]
    return "|".join(sorted(map(re.escape, forms), key=len, reverse=True)) or "(?!)"


def _may_hold_numbers(text: str) -> bool:
    """Cheap test that lets most sentences (no number at all) skip the engine."""
    return _number_hint_re().search(text) is not None


class _Blocked:
    """Spans no metric may touch: traps, and metrics already found."""

    def __init__(self, spans: list[tuple[int, int, str]]) -> None:
        self.spans = [(s, e) for s, e, _ in spans]

    def add(self, start: int, end: int) -> None:
        self.spans.append((start, end))

    def hits(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.spans)


# patterns of the hot paths, compiled once (not looked up in re's cache at every call)
_ISO_DATE = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?!\d)")
_ARABIC_WHOLE = re.compile(ARABIC)
_SCALE_WORD = re.compile(r"[ \u00a0]?([A-Za-z]+)(?![A-Za-z])")
_SCALE_SUFFIX = re.compile(r"([ \u00a0]?)([A-Za-z]+)(?![A-Za-z0-9])")
_COUNTED_WORD = re.compile(r"[ \u00a0]+((?:[A-Z][\w-]*[ \u00a0]+)?[A-Za-z][A-Za-z'-]*)")
_HAN_CHAR = re.compile(r"[\u4e00-\u9fff]")
_RATE_GAP = re.compile(r"(?:\s+[A-Za-z-]+){0,3}\s+")


def _iso_dates(work: str) -> list[Quantity]:
    out: list[Quantity] = []
    if "-" not in work:
        return out
    for m in _ISO_DATE.finditer(work):
        year = float(m.group(1))
        out.append(Quantity(m.start(), m.end(), year, year, digits=True, kind="date", rule="iso-date"))
    return out


@cache
def _ratio_hint_re() -> re.Pattern[str]:
    return re.compile(grammar().ratio_separator)


@cache
def _ratio_re() -> re.Pattern[str]:
    separator = grammar().ratio_separator
    return re.compile(rf"(?<![\d.:：∶])({ARABIC})\s*(?:{separator})\s*({ARABIC})(?![\d:：∶])")


def _ratios(work: str, blocked: _Blocked) -> list[Quantity]:
    out: list[Quantity] = []
    if not _ratio_hint_re().search(work):
        return out
    for m in _ratio_re().finditer(work):
        if blocked.hits(m.start(), m.end()):
            continue
        first, second = parse_arabic(m.group(1)), parse_arabic(m.group(2))
        if second:
            value = first / second
            out.append(Quantity(m.start(), m.end(), value, value, digits=True, kind="ratio", rule="ratio"))
    return out


def _fractions(work: str, blocked: _Blocked, numbers: bool) -> list[Quantity]:
    """Shares written as fractions (三分之一, "a third of") -> percent; mixed numbers
    (三百五又三分之一) only as bare numbers; slash fractions ("3/4") before a unit ("3/4 mile",
    "2 1/2 inches") or as bare numbers."""
    out = []
    for start, end, value, share in fraction_spans(work):
        if not blocked.hits(start, end) and (share or numbers):
            kind = "percent" if share else "number"
            out.append(Quantity(start, end, value, value, kind=kind, rule="fraction"))
    if "/" in work or "／" in work:
        out.extend(_slash_fractions(work, blocked, numbers))
    return _drop_nested(out)


def _slash_fractions(work: str, blocked: _Blocked, numbers: bool) -> list[Quantity]:
    out = []
    for start, end, value, proper in slash_fraction_spans(work):
        if blocked.hits(start, end):
            continue
        q = Quantity(start, end, value, value, digits=True, rule="fraction")
        _attach_sign(work, q)
        if proper:
            _attach_unit(work, q)
        if q.unit is not None:
            _classify(work, q, end)
        elif numbers:
            q.kind, q.unit, q.end = "number", None, end
        else:
            continue
        out.append(q)
    return out


@dataclass(frozen=True)
class _Atom:
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


def _atoms(work: str, blocked: _Blocked) -> list[_Atom]:
    atoms = [*_numeral_atoms(work), *_word_atoms(work), *_half_atoms(work), *_article_atoms(work)]
    atoms.sort(key=lambda a: a.start)
    return [a for a in atoms if not blocked.hits(a.start, a.end)]


def _half_atoms(work: str) -> list[_Atom]:
    """半 before a classifier or unit: 半年 (6 months), 半个世纪 (600 months)."""
    words = number_words()
    if not words.half or words.half not in work:
        return []
    numerals = set(words.han_chars)
    return [
        _Atom(m.start(), m.end(), 0.5, 0.5, False, False, False, 1.0, rule="half")
        for m in re.finditer(re.escape(words.half), work)
        if not (m.start() and (work[m.start() - 1] in numerals or work[m.start() - 1].isdigit()))
    ]


def _article_atoms(work: str) -> list[_Atom]:
    """ "a"/"an" before a unit of the kinds that allow it: "a decade" is one decade."""
    words = number_words()
    out = []
    for m in _article_re().finditer(work):
        found = unit_after(work, m.end())
        if found and found[0].kind in words.article_unit_kinds:
            out.append(_Atom(m.start(), m.end(), 1.0, 1.0, False, False, False, 1.0, rule="article"))
    return out


@cache
def _article_re() -> re.Pattern[str]:
    articles = "|".join(map(re.escape, number_words().articles)) or "(?!)"
    return re.compile(rf"(?<![A-Za-z])(?:{articles})(?=[ \t]+(?:{_article_unit_forms()}))", re.IGNORECASE)


def _numeral_atoms(work: str) -> list[_Atom]:
    out = []
    for m in _atom_re().finditer(work):
        atom = _numeral_atom(work, m.start(), m.end())
        if atom is not None:
            out.append(atom)
    return out


def _numeral_atom(work: str, start: int, end: int) -> _Atom | None:
    words = number_words()
    while work[end - 1].isspace():
        end -= 1
    surface = work[start:end]
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
    return _Atom(
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


def _parse_numeral(surface: str) -> tuple[float, float] | None:
    if surface.startswith("."):
        surface = "0" + surface
    if _ARABIC_WHOLE.fullmatch(surface):
        value = parse_arabic(surface)
        return value, value
    return parse_chinese(surface)


def _is_year(surface: str, low: float, high: float) -> bool:
    words = number_words()
    plain = surface.isdigit() or all(c in words.han_digits for c in surface)
    return plain and len(surface) == 4 and low == high and YEAR_RANGE[0] <= low <= YEAR_RANGE[1]


@cache
def _word_run_re() -> re.Pattern[str]:
    """Candidate runs of English number words; "and" and articles are checked afterwards.

    Digits join a run before a multiple, scale or denominator word ("3 hundred and 21"),
    denominators make word fractions ("twenty and three fifths", "a millionth").
    """
    vocab = number_words()

    def alternation(items: object) -> str:
        return "|".join(sorted(map(re.escape, items), key=len, reverse=True)) or "(?!)"  # type: ignore[call-overload]

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
    tail = rf"(?:{sep}and{sep}(?:{after_and}))"
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


def _word_atoms(work: str) -> list[_Atom]:
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
        if token[2] == "and" and not _and_continues(tokens, at):
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
        if word not in vocab.words and not word.isdigit() and word != "and":
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
    if at is None or at + 1 < len(words_in) or "and" in words_in[:at]:
        return tokens
    return tokens[:at] if words_in[at] in unit_matcher().by_form else tokens


def _word_atom(tokens: list[tuple[int, int, str]]) -> _Atom | None:
    vocab = number_words()
    tokens = _unit_denominator(tokens)
    while tokens and (tokens[-1][2] in vocab.articles or tokens[-1][2] == "and"):
        tokens = tokens[:-1]
    if not tokens or tokens[0][2] in vocab.multiples or tokens[0][2] in vocab.scales:
        return None  # "hundreds of", "dozens of", "million" alone: vague or no number
    words_in = [t[2] for t in tokens]
    digits = any(w.isdigit() for w in words_in)
    fraction = any(w in vocab.share_denominators for w in words_in)
    if digits and len(words_in) < 3 and not fraction:
        return None  # "3 hundred", "50 billion": the numeral and its scale word (_attach_scale)
    value = parse_english_words(words_in)
    if value is None and fraction:  # no fraction ("two millionth"): the number before it
        at = next(i for i, w in enumerate(words_in) if w in vocab.share_denominators)
        tens = at > 0 and is_tens_word(words_in[at - 1])
        return _word_atom(tokens[:at]) if at and not tens else None  # "twenty-third": an ordinal
    if value is None or all(w in vocab.articles for w in words_in):
        return None
    scaled = any(w in vocab.scales for w in words_in)
    return _Atom(tokens[0][0], tokens[-1][1], value, value, digits, scaled, False, 1.0)


def _assemble(work: str, atom: _Atom, blocked: _Blocked) -> Quantity | None:
    """Grow a number into a quantity: scale, unit, prefix, qualifiers, dates, counts."""
    g = grammar()
    before = work[max(0, atom.start - 24) : atom.start]
    if g.name_prefix_before.search(before) or g.vague_before.search(before):
        return None
    if g.vague_after.match(work, atom.end):
        return None
    q = Quantity(
        atom.start,
        atom.end,
        atom.low,
        atom.high,
        rule=atom.rule,
        digits=atom.digits,
        scaled=atom.scaled,
        year_like=atom.year_like,
        trailing_scale=atom.trailing_scale,
    )
    if atom.inner_more:
        q.qualifier = "more than"
    _attach_sign(work, q)
    _attach_scale(work, q)
    _attach_unit(work, q)
    _attach_prefix(work, q)
    if blocked.hits(q.start, atom.end):
        return None  # the number itself is a trap; a unit may look like one ("190 km2")
    _classify(work, q, atom.end)
    return q


@cache
def _negative_word_re() -> re.Pattern[str]:
    words = sorted(number_words().negative_words, key=len, reverse=True)
    latin = "|".join(re.escape(w) for w in words if w.isascii())
    han = "|".join(re.escape(w) for w in words if not w.isascii())
    return re.compile(rf"(?:(?<![A-Za-z])(?:{latin or '(?!)'})\s+|(?:{han or '(?!)'})\s*)$", re.IGNORECASE)


def _attach_sign(work: str, q: Quantity) -> None:
    """A sign that stands alone before a number ("+12%", "-5%"), not a range dash ("30-40")."""
    sign = work[q.start - 1 : q.start] if q.start else ""
    if sign in number_words().negative_signs:  # 负三十二
        q.low, q.high, q.start = -q.high, -q.low, q.start - 1
        return
    word = _negative_word_re().search(work[max(0, q.start - 12) : q.start])
    if word:  # "minus five", 零下5度
        q.low, q.high, q.start = -q.high, -q.low, q.start - len(word.group())
        return
    if sign not in ("+", "-", "−"):
        return
    before = work[q.start - 2] if q.start >= 2 else " "
    if before.isspace() or before in "(（:：,，=、" or "\u4e00" <= before <= "\u9fff":
        if sign != "+":
            q.low, q.high = -q.high, -q.low
        q.start -= 1


def _attach_scale(work: str, q: Quantity) -> None:
    """A scale word after digits ("50 billion", "322 hundred") or a suffix ("$1.2bn", "671B")."""
    if not q.digits:
        return
    vocab = number_words()
    found = _SCALE_WORD.match(work[q.end : q.end + 16])
    word = found.group(1).lower() if found else ""
    scale = vocab.scales.get(word) or vocab.multiples.get(word)
    if found is None or scale is None:
        found, scale = _suffix_scale(work, q)
    if found is not None and scale is not None:
        q.low, q.high, q.end, q.scaled = q.low * scale, q.high * scale, q.end + found.end(), True
        q.trailing_scale = scale


def _suffix_scale(work: str, q: Quantity) -> tuple[re.Match[str] | None, float | None]:
    """An abbreviated scale: glued ("5k", "671B", "2k名"; not "910B芯片") or spaced ("2.33 k")."""
    found = _SCALE_SUFFIX.match(work[q.end : q.end + 5])
    suffix = number_words().suffix_scales.get(found.group(2)) if found else None
    if found is None or suffix is None:
        return None, None
    after = q.end + found.end()
    if has_han(work[after : after + 1]) and not (_classifier_at(work, after) or unit_after(work, after)):
        return None, None  # a Han word after it makes a name: 910B芯片
    value, needs_currency = suffix
    if needs_currency and (found.group(1) or not unit_before(work, q.start)):
        return None, None  # "$5m" is five million; "5m" may be metres, "$5 m" anything
    return found, value


def _attach_unit(work: str, q: Quantity) -> None:
    pos = q.end
    words = number_words()
    if work[pos : pos + 1] and work[pos] in words.approximate_after:  # 十多年, 6个多月
        found = unit_after(work, pos + 1)
        if found and not found[0].requires_scale:
            q.qualifier = "more than"
            pos += 1
    found = unit_after(work, pos)
    if not found:
        return
    unit, start, end = found
    if unit.requires_scale and not q.scaled:
        return
    q.unit, q.unit_raw, q.end = unit, work[start:end], end
    q.qualifier = unit.qualifier or q.qualifier
    if words.half and work.startswith(words.half, end) and q.rule != "half":
        q.low, q.high, q.end = q.low + 0.5, q.high + 0.5, end + len(words.half)  # 一年半, 三成半


def _attach_prefix(work: str, q: Quantity) -> None:
    found = unit_before(work, q.start)
    if not found:
        return
    unit, start = found
    if q.unit is None or q.unit.unit == unit.unit:  # "4人民币 5美元": 人民币 is not 5's prefix
        q.start = start
        if q.unit is None:
            q.unit, q.unit_raw = unit, unit.form
        q.rule = "prefix"


def _classify(work: str, q: Quantity, number_end: int) -> None:
    unit = q.unit
    if q.year_like and (unit.date_if_year if unit is not None else not _classifier_at(work, q.end)):
        _classify_date(work, q, number_end)
        return
    if unit is not None:
        q.kind = unit.kind
        factor = unit.tens_factor if unit.tens_factor is not None and q.low > 10 else unit.factor
        q.low, q.high = q.low * factor + unit.offset, q.high * factor + unit.offset
        q.rule = f"{q.rule}:{unit.form}"
        return
    _classify_count(work, q)


def _classify_date(work: str, q: Quantity, number_end: int) -> None:
    """A year, with the decade ("2020s", "1990年代"), month or part of year it names."""
    g = grammar()
    q.kind, q.rule = "date", "year"
    decade = g.decade_after.match(work, number_end)
    if decade and q.low % 10 == 0:
        q.high, q.end, q.rule = q.low + 9, max(q.end, decade.end()), "decade"
        return
    if q.unit is not None:
        suffix = g.month_after.match(work, q.end)
        q.end = suffix.end() if suffix else q.end
        return
    month = g.month_before.search(work[max(0, q.start - 20) : q.start])
    if month:
        q.start -= len(month.group())


def _classify_count(work: str, q: Quantity) -> None:
    """A number written with digits or a scale word, followed by what it counts."""
    if not (q.digits or q.scaled):
        return
    g = grammar()
    if work[q.end : q.end + 1] in number_words().approximate_after and _classifier_at(work, q.end + 1):
        q.qualifier = "more than"
        q.end += 1
    rest = work[q.end : q.end + 24]
    classifier = rest[:1] if _classifier_at(work, q.end) else ""
    if classifier:
        q.end += 1
        q.kind, q.rule = "count", f"count:{classifier}"
        noun = _chinese_noun(work[q.end : q.end + 12])
        q.noun = noun or classifier
        q.end += len(noun or "")
        return
    english = _COUNTED_WORD.match(rest)
    if english and english.group(1).split()[-1].lower() not in g.count_stopwords:
        q.kind, q.rule, q.noun = "count", "count:noun", english.group(1)
        q.end += english.end()
        return
    if q.scaled and _HAN_CHAR.match(rest):
        noun = _chinese_noun(rest[:12])
        if noun:
            q.kind, q.rule, q.noun = "count", "count:noun", noun
            q.end += len(noun)


def _classifier_at(work: str, pos: int) -> bool:
    """A measure word at ``pos`` that is a word of its own (条 in 301条款 is not)."""
    if work[pos : pos + 1] not in grammar().classifiers:
        return False
    from evidencekit.lang.segmenter import first_word

    first = first_word(work[pos : pos + 6])
    return first is not None and first == work[pos]


def _chinese_noun(text: str) -> str | None:
    """The noun phrase at the start of ``text`` (jieba part-of-speech tags n*)."""
    from evidencekit.lang.segmenter import iter_pos_tags

    nouns: list[str] = []
    # tagged only as far as needed (jieba's slow model runs on an unknown stretch only when
    # it is reached): the word after a noun is read only to decide on a number or a verbal noun
    tags = iter_pos_tags(text)
    current = next(tags, None)
    while current is not None and len(nouns) < 3:
        word, flag = current
        following = None
        if flag in ("m", "vn"):  # neither starts with "n": a noun only by the word after it
            following = next(tags, None)
            after = following[1] if following is not None else ""
            glued_name = flag == "m" and not nouns and after == "eng"
            verbal = flag == "vn" and after.startswith("n")
            if not (verbal or glued_name):
                break
        elif not (flag.startswith("n") or flag == "eng"):
            break  # nouns, verbal nouns (研究人员) and Latin names (H20芯片, 5G基站)
        nouns.append(word)
        current = following if flag in ("m", "vn") else next(tags, None)
    return "".join(nouns) or None


def _attach_qualifiers(work: str, q: Quantity) -> None:
    """Adjacent qualifiers become part of the metric: "约一个季度", "more than 100 GW"."""
    if q.kind == "date":
        return
    g = grammar()
    window_start = max(0, q.start - 24)
    before = g.qualifier_before.search(work[window_start : q.start])
    if before:
        q.qualifier = qualifier_name(before.group()) or q.qualifier
        q.start = window_start + before.start()
    after = g.qualifier_after.match(work, q.end)
    if after and after.group().strip():
        q.qualifier = qualifier_name(after.group()) or q.qualifier
        q.end = after.end()


_COMPOUND_GAP = re.compile(r"\s*(?:and|又|零)?\s*", re.IGNORECASE)


def _merge_compounds(work: str, quantities: list[Quantity]) -> list[Quantity]:
    """One amount written in two units: "3 dollars 50 cents", "两美元又三美分", "五元三毛"."""
    out: list[Quantity] = []
    for q in quantities:
        previous = out[-1] if out else None
        if previous is not None and _compound(work, previous, q):
            out[-1] = replace(previous, end=q.end, low=previous.low + q.low, high=previous.high + q.high)
            continue
        out.append(q)
    return out


def _compound(work: str, big: Quantity, small: Quantity) -> bool:
    if big.unit is None or small.unit is None or big.kind != "money" or small.kind != "money":
        return False
    same = big.unit.unit == small.unit.unit and small.unit.factor < big.unit.factor
    return same and _COMPOUND_GAP.fullmatch(work[big.end : small.start]) is not None


def _merge_ranges(work: str, quantities: list[Quantity]) -> list[Quantity]:
    """Join "30-40%", "three to six months", "between 5 and 7 GW" into one metric."""
    out: list[Quantity] = []
    index = 0
    while index < len(quantities):
        first = quantities[index]
        second = quantities[index + 1] if index + 1 < len(quantities) else None
        merged = _range(work, first, second) if second else None
        if merged:
            out.append(merged)
            index += 2
        else:
            out.append(first)
            index += 1
    return out


def _range(work: str, first: Quantity, second: Quantity) -> Quantity | None:
    g = grammar()
    gap = work[first.end : second.start]
    connector = g.connector.fullmatch(gap)
    if not connector or (second.kind is None and first.unit is None):
        return None
    word = gap.strip().lower()
    opener = g.opener_before.search(work[max(0, first.start - 12) : first.start])
    if opener:
        wanted = g.openers.get(opener.group().strip().lower())
        if wanted != word:
            opener = None
    change = opener is not None and g.openers.get(opener.group().strip().lower()) in ("to", "到")
    if change and first.unit is not None and first.kind != "date":
        return None  # "from 10% to 20%" is a change between two figures, not a range
    if word == "and" and not opener:
        return None
    if first.unit is not None and second.unit is not None and first.unit.unit != second.unit.unit:
        return None  # "3 percentage points to 45%", "5 GW to 3%": two figures
    if first.kind == "date" and second.kind != "date":
        return None
    return _combine(work, first, second, opener)


def _combine(work: str, first: Quantity, second: Quantity, opener: re.Match[str] | None) -> Quantity:
    """One range from two ends; an end without a unit or scale shares the other's."""
    unit = second.unit or first.unit
    kind = second.kind if second.unit is not None or first.unit is None else first.kind
    low, high = first.low, second.high
    if unit is not None and kind != "date":
        if first.unit is None:
            low = low * unit.factor + unit.offset
        if second.unit is None:
            high = high * unit.factor + unit.offset
    if kind != "date" and not first.scaled and second.scaled and low * second.trailing_scale <= high:
        low *= second.trailing_scale
    start = first.start - (len(opener.group()) if opener else 0)
    return replace(
        second,
        start=start,
        low=min(low, high),
        high=max(low, high),
        kind=kind,
        unit=unit,
        unit_raw=second.unit_raw or first.unit_raw,
        qualifier=first.qualifier or second.qualifier,
        rule=f"range:{second.rule if second.unit is not None else first.rule}",
        noun=second.noun or first.noun,
    )


def _merge_word_ratios(work: str, found: list[Quantity]) -> list[Quantity]:
    """Two bare numbers joined by a ratio word make a fraction: "1 over 3", "one out of three"."""
    pattern = grammar().ratio_words
    found = sorted(found, key=lambda q: (q.start, -q.end))
    out: list[Quantity] = []
    for q in found:
        previous = out[-1] if out else None
        joined = previous is not None and _bare(previous) and _bare(q) and q.low != 0
        if previous is not None and joined and pattern.fullmatch(work, previous.end, q.start):
            value = previous.low / q.low
            out[-1] = replace(previous, end=q.end, low=value, high=value, rule="fraction")
            continue
        out.append(q)
    return out


def _bare(q: Quantity) -> bool:
    return q.kind == "number" and q.unit is None and q.low == q.high


def _is_numeral_word(work: str, q: Quantity) -> bool:
    """A lone Han numeral is a number only where it is not part of a word (一切, 四川, 陆地)."""
    surface = work[q.start : q.end]
    if q.digits or len(surface) > 1 or not has_han(surface):
        return True
    from evidencekit.lang.segmenter import pos_tags

    start = max(0, q.start - 3)
    position = start
    for word, flag in pos_tags(work[start : q.end + 3]):
        if position <= q.start < position + len(word):
            return len(word) == 1 or flag.startswith("m")
        position += len(word)
    return True


def _drop_rates(found: list[Quantity], work: str) -> list[Quantity]:
    """ "a year" shortly after a quantity means "per year" ("2 million wafers a year"): no metric."""
    ends = sorted(q.end for q in found)
    out = []
    for q in found:
        if q.rule.startswith("article"):
            at = bisect.bisect_right(ends, q.start)  # the last quantity ending before this one
            gap = work[ends[at - 1] : q.start] if at else ""
            if _RATE_GAP.fullmatch(gap):
                continue  # "100 TWh of electricity a year"
        out.append(q)
    return out


def _drop_nested(quantities: list[Quantity]) -> list[Quantity]:
    """Drop numbers inside a larger quantity (the 1 of 2025年1月, the 百 of 百分之三十)."""
    ordered = sorted(quantities, key=lambda q: (q.start, q.start - q.end))
    out: list[Quantity] = []
    for q in ordered:
        if out and out[-1].start <= q.start and q.end <= out[-1].end:
            continue
        out.append(q)
    return out


def _drop_overlaps(found: list[Quantity]) -> list[Quantity]:
    out: list[Quantity] = []
    for q in found:
        if out and q.start < out[-1].end:
            continue
        out.append(q)
    return out


def _tidy(value: float) -> float:
    """Drop binary floating-point noise: 16.4亿 is 1,640,000,000, not 1,639,999,999.9999998."""
    return float(f"{value:.15g}")


def _to_metric(text: str, q: Quantity, lang: str) -> Metric:
    kind = q.kind or "count"
    own = q.unit is not None and q.unit.kind == kind
    unit = q.unit.unit if own and q.unit is not None else canonical_unit(kind)
    return Metric(
        surface=text[q.start : q.end],
        char_start=q.start,
        char_end=q.end,
        kind=kind,
        value_low=_tidy(q.low),
        value_high=_tidy(q.high),
        unit=unit,
        unit_raw=q.unit_raw,
        qualifier=q.qualifier,
        lang=lang,
        rule=q.rule,
        noun=q.noun,
    )
