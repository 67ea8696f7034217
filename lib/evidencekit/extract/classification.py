"""Classification: a candidate grown into a quantity of a kind, and the final :class:`Metric`.

:func:`assemble` attaches sign, scale, unit and prefix to a candidate and decides its kind
(a unit's kind, a date, a count of a noun); traps (:class:`~evidencekit.extract.candidates.Blocked`)
veto it. :func:`to_metric` turns a quantity into the record.
"""

from __future__ import annotations

import re

from evidencekit.extract.attachment import (
    attach_prefix,
    attach_scale,
    attach_sign,
    attach_unit,
    classifier_at,
    segmented_noun,
)
from evidencekit.extract.candidates import Atom, Blocked, Quantity
from evidencekit.extract.grammar import grammar
from evidencekit.extract.numbers import number_words
from evidencekit.extract.units import canonical_unit
from evidencekit.lang.facts import has_unspaced, segmenter_tags, unspaced_characters
from evidencekit.records import Metric

_GLUED_SUFFIX = re.compile(r"\d[A-Za-z]+$")  # 910B, 5K: a product name as often as a magnitude
_COUNTED_TOKEN = re.compile(r"[ \u00a0]+([A-Za-z][\w'-]*)(?![\w'-])")
_JOINERS = ("and", "or")
_MAX_NAME_WORDS = 6


def counted_phrase(rest: str, stopwords: frozenset[str]) -> tuple[str, int] | None:
    """The words a number counts and where they end in ``rest`` (the text after the number):
    a lower-case noun ("13,000 workers"), names before it ("50,000 Nvidia GB200 chips"), or
    names alone, joined by "and"/"or" ("2.1 million Hopper H100 and H200 GPUs"). A word
    running into digits is a name kept whole, never cut at its first digit; a plural name
    ("GPUs") ends the phrase.

    >>> counted_phrase(" Hopper H100 and H200 GPUs last year", frozenset({"last"}))
    ('Hopper H100 and H200 GPUs', 26)
    >>> counted_phrase(" GPUs in Memphis", frozenset({"in"}))
    ('GPUs', 5)
    """
    tokens: list[tuple[str, int]] = []
    pos = 0
    while len(tokens) < _MAX_NAME_WORDS:
        found = _COUNTED_TOKEN.match(rest, pos)
        if found is None:
            break
        tokens.append((found.group(1), found.end()))
        pos = found.end()
    taken = 0
    while taken < len(tokens):
        word = tokens[taken][0]
        if _is_name(word):
            taken += 1
            if _plural_name(word):
                break  # "GPUs", "TPUs": a plural name is the noun itself
        elif (
            word.lower() in _JOINERS and taken and taken + 1 < len(tokens) and _is_name(tokens[taken + 1][0])
        ):
            taken += 1
        else:
            break
    names_only = True
    if taken < len(tokens) and not (taken and _plural_name(tokens[taken - 1][0])):
        word = tokens[taken][0]
        if not _is_name(word) and word.lower() not in stopwords and word.lower() not in _JOINERS:
            taken += 1
            names_only = False
    if names_only and taken and not _counted_name(tokens[taken - 1][0]):
        return None  # "3 Bioenergy", "5 Other Fossil": a numbered heading, not things counted
    while taken and tokens[taken - 1][0].lower() in (*stopwords, *_JOINERS):
        taken -= 1
    if not taken:
        return None
    end = tokens[taken - 1][1]
    return rest[:end].strip(), end


def _is_name(word: str) -> bool:
    return word[0].isupper() or any(c.isdigit() for c in word)


def _counted_name(word: str) -> bool:
    """A name that can be counted alone: a product with digits (H100) or a plural (GPUs, Americans)."""
    return any(c.isdigit() for c in word) or (len(word) > 3 and word.lower().endswith("s"))


def _plural_name(word: str) -> bool:
    return len(word) > 2 and word.endswith("s") and word[:-1].isupper()


def assemble(work: str, atom: Atom, blocked: Blocked) -> Quantity | None:
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
    attach_sign(work, q)
    attach_scale(work, q)
    attach_unit(work, q)
    attach_prefix(work, q)
    if blocked.hits(q.start, atom.end):
        return None  # the number itself is a trap; a unit may look like one ("190 km2")
    classify(work, q, atom.end)
    return q


def classify(work: str, q: Quantity, number_end: int) -> None:
    unit = q.unit
    if q.year_like and (unit.date_if_year if unit is not None else not classifier_at(work, q.end)):
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
    month = g.month_before.search(work[max(0, q.start - 28) : q.start])
    if month:
        q.start -= len(month.group())


def _classify_count(work: str, q: Quantity) -> None:
    """A number followed by what it counts: written with digits or a scale word, or a spelled
    number of at least two before a measure word (三家公司, 七个标准; 一个 is an article)."""
    g = grammar()
    if not (q.digits or q.scaled) and not _spelled_count(work, q):
        return
    if work[q.end : q.end + 1] in number_words().approximate_after and classifier_at(work, q.end + 1):
        q.qualifier = "more than"
        q.end += 1
    if _spaced_classifier(work, q.end):
        q.end += 1  # "8000 个芯片": a space typed between digits and their measure word
    rest = work[q.end : q.end + 24]
    classifier = rest[:1] if classifier_at(work, q.end) else ""
    if classifier:
        noun = segmented_noun(work[q.end + 1 : q.end + 13])
        if noun is not None and noun.lower() in g.count_stopwords:
            return  # 四个方面, 两件大事: the parts of an argument, not things counted
        q.end += 1
        q.kind, q.rule = "count", f"count:{classifier}"
        q.noun = noun or classifier
        q.end += len(noun or "")
        return
    english = counted_phrase(work[q.end : q.end + 64], g.count_stopwords)
    if english is not None:
        q.kind, q.rule, q.noun = "count", "count:noun", english[0]
        q.end += english[1]
        return
    if q.scaled and unspaced_characters().match(rest):
        noun = segmented_noun(rest[:12])
        if noun:
            q.kind, q.rule, q.noun = "count", "count:noun", noun
            q.end += len(noun)
            return
    if q.scaled and q.digits and not _GLUED_SUFFIX.search(work, q.start, q.end):
        q.kind, q.rule = "count", "count:scaled"  # "sales reached 17 million", 14亿: a magnitude stated
    elif q.scaled and q.trailing_scale >= 1e4 and work[q.start : q.start + 1] in number_words().han_digits:
        q.kind, q.rule = "count", "count:scaled"  # 花两百亿, 三千万: a magnitude in numerals (not 千万, 万一)


def _spaced_classifier(work: str, pos: int) -> bool:
    return (
        work[pos : pos + 1] in (" ", "\u00a0")
        and pos > 0
        and work[pos - 1].isdigit()
        and classifier_at(work, pos + 1)
    )


def _spelled_count(work: str, q: Quantity) -> bool:
    """三家公司 counts; 一个 is an article and 这两个方针 refers back (``referential_before``)."""
    g = grammar()
    before = work[max(0, q.start - 8) : q.start]
    if q.low < 2 or work[q.end : q.end + 1] in g.digit_classifiers or g.referential_before.search(before):
        return False
    return classifier_at(work, q.end)


def is_numeral_word(work: str, q: Quantity) -> bool:
    """A lone numeral character of a language without spaces is a number only where the
    segmenter does not make it part of a word (一切, 四川, 陆地)."""
    surface = work[q.start : q.end]
    if q.digits or len(surface) > 1 or not has_unspaced(surface):
        return True
    from evidencekit.lang.segmenter import pos_tags

    start = max(0, q.start - 3)
    position = start
    for word, flag in pos_tags(work[start : q.end + 3]):
        if position <= q.start < position + len(word):
            return len(word) == 1 or flag.startswith(segmenter_tags().numeral)
        position += len(word)
    return True


def drop_nested(quantities: list[Quantity]) -> list[Quantity]:
    """Drop numbers inside a larger quantity (the 1 of 2025年1月, the 百 of 百分之三十)."""
    ordered = sorted(quantities, key=lambda q: (q.start, q.start - q.end))
    out: list[Quantity] = []
    for q in ordered:
        if out and out[-1].start <= q.start and q.end <= out[-1].end:
            continue
        out.append(q)
    return out


def drop_overlaps(found: list[Quantity]) -> list[Quantity]:
    out: list[Quantity] = []
    for q in found:
        if out and q.start < out[-1].end:
            continue
        out.append(q)
    return out


def _tidy(value: float) -> float:
    """Drop binary floating-point noise: 16.4亿 is 1,640,000,000, not 1,639,999,999.9999998."""
    value = float(value)
    if value.is_integer() and abs(value) < 1e15:
        return value  # already exact to 15 digits (the common case, and the cheap one)
    return float(f"{value:.15g}")


def to_metric(text: str, q: Quantity, lang: str) -> Metric:
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
        direction=q.direction,
        basis=q.basis,
        role=q.role,
        period=q.period,
        year=q.year,
        per=q.per,
        subject=q.subject,
    )
