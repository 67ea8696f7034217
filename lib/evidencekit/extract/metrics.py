"""Metric extraction: numbers + units + the words around them -> :class:`Metric` records.

The engine is generic: every word it knows (numerals, units, qualifiers, range markers,
traps) comes from ``data/<lang>/*.yaml`` through ``numbers``, ``units`` and ``grammar``.
It reads mixed text with all languages' data at once, works on a width-normalised copy of
the text (full-width digits and signs mapped one character for one, so offsets never move)
and does no I/O. The steps, one module each: :mod:`~evidencekit.extract.candidates` (where
the numbers are), :mod:`~evidencekit.extract.attachment` (what each carries),
:mod:`~evidencekit.extract.classification` (its kind and the final record) and
:mod:`~evidencekit.extract.combination` (ranges, ratios, fractions, two-unit amounts).
"""

from __future__ import annotations

import math

from evidencekit.extract.attachment import attach_qualifiers
from evidencekit.extract.binding import bind_years
from evidencekit.extract.candidates import Blocked, Quantity, atoms, may_hold_numbers
from evidencekit.extract.change import read_changes
from evidencekit.extract.classification import (
    assemble,
    drop_nested,
    drop_overlaps,
    is_numeral_word,
    to_metric,
)
from evidencekit.extract.combination import (
    PERIOD,
    drop_rates,
    fractions,
    iso_dates,
    merge_compounds,
    merge_ranges,
    merge_word_ratios,
    ratios,
    standalone_dates,
)
from evidencekit.extract.grammar import trap_spans
from evidencekit.extract.subjects import read_subjects
from evidencekit.extract.vague import vague_atoms
from evidencekit.extract.verbal import has_verbal_multiple, verbal_multiples
from evidencekit.lang.script import detect_language, normalise_for_matching
from evidencekit.records import LeftOut, Metric


def extract_metrics(
    text: str, lang: str | None = None, *, numbers: bool = False, left_out: list[LeftOut] | None = None
) -> list[Metric]:
    """Find every quantitative claim in ``text``.

    Parameters
    ----------
    text : str
        Any text, English, Chinese or mixed.
    lang : str, optional
        A language code (a folder of ``data/``: ``"en"``, ``"zh"``), recorded on each
        metric; detected from the script when None.
    numbers : bool, default False
        Also return bare numbers that are no claim (no unit, counted noun or year) as kind
        ``number`` with unit ``"1"``, as a number recogniser would.
    left_out : list, optional
        Receives a :class:`~evidencekit.records.LeftOut` for each figure found but not kept
        (a value too large for a float), with its span and reason.

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
    >>> dropped = []
    >>> extract_metrics("a 1e400 W plant", left_out=dropped), [(d.surface, d.char_start) for d in dropped]
    ([], [('1e400 W', 2)])
    """
    if not text or not (may_hold_numbers(text) or has_verbal_multiple(text)):
        return []
    lang = lang or detect_language(text)
    work = normalise_for_matching(text)
    blocked = Blocked(trap_spans(work, bare=numbers))
    found = [*iso_dates(work, blocked), *ratios(work, blocked), *fractions(work, blocked, numbers)]
    found.extend(standalone_dates(work, blocked))
    found.extend(verbal_multiples(work, blocked))
    for item in found:
        blocked.add(item.start, item.end)
    vague = vague_atoms(work, blocked)
    quantities = [q for q in (assemble(work, a, blocked) for a in [*atoms(work, blocked), *vague]) if q]
    quantities = loosely_said(quantities, {a.start for a in vague})
    found.extend(merge_ranges(work, merge_compounds(work, drop_nested(quantities))))
    if numbers:
        for q in found:
            if q.kind is None and q.rule not in ("half", "article") and is_numeral_word(work, q):
                q.kind = "number"
        found = merge_word_ratios(work, found)
    found = drop_rates([q for q in found if q.kind is not None], work)
    for q in found:
        attach_qualifiers(work, q)
    found.sort(key=lambda q: (q.start, -q.end))
    kept = []
    for q in drop_overlaps(found):
        if representable(q):
            kept.append(q)
        elif left_out is not None:
            left_out.append(LeftOut(text[q.start : q.end], q.start, q.end, OVERFLOW))
    kept = read_changes(work, kept)
    bind_years(work, kept)
    read_subjects(work, kept)
    return [to_metric(text, q, lang) for q in kept]


def loosely_said(quantities: list[Quantity], vague_starts: set[int]) -> list[Quantity]:
    """Vague amounts are approximate; a vague span of time (数十年, "for decades") is no figure."""
    out = []
    for q in quantities:
        if q.start in vague_starts:
            if q.kind in ("duration", "date"):
                continue
            q.qualifier = q.qualifier or "approximate"
        out.append(q)
    return out


OVERFLOW = "a value too large to represent (beyond 1.8e308)"


def representable(q: Quantity) -> bool:
    """False for a value a float cannot hold ("1e400 W", a run of 400 digits): such a
    figure is no claim anyone can chart or compare, so it is not extracted."""
    if q.rule == PERIOD:
        return True  # a period named alone ("Q3") states no value
    return (q.low is None or math.isfinite(q.low)) and (q.high is None or math.isfinite(q.high))
