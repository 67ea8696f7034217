"""Combination: quantities made of two numbers or joined into one.

ISO dates, ratios ("3:1"), fractions (三分之一, "a third of", "3/4 mile"), amounts in two
units ("3 dollars 50 cents"), ranges ("30-40%", "three to six months") and word ratios
("one out of three"); a rate ("a year" after a quantity) is no metric of its own.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import replace

from evidencekit.extract.attachment import attach_sign, attach_unit
from evidencekit.extract.candidates import Blocked, Quantity
from evidencekit.extract.classification import classify, drop_nested
from evidencekit.extract.grammar import grammar
from evidencekit.extract.numbers import ARABIC, number_words, parse_arabic
from evidencekit.extract.shares import fraction_spans, slash_fraction_spans
from evidencekit.lang.files import data_cache

# patterns of the hot paths, compiled once (not looked up in re's cache at every call)
_ISO_DATE = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?!\d)")
PERIOD = "period"
"""Rule of a period named on its own: a date whose value is not stated (NaN)."""
_RATE_GAP = re.compile(r"(?:\s+[A-Za-z-]+){0,3}\s+")


def standalone_dates(work: str, blocked: Blocked) -> list[Quantity]:
    """Periods named on their own ("Q2", "今年 Q3"): dates with no value (NaN); their ``period``
    is read from the surface and their year, when the sentence states one, by binding."""
    out: list[Quantity] = []
    for m in grammar().standalone_date.finditer(work):
        if blocked.hits(m.start(), m.end()):
            continue
        two_digits = m.groupdict().get("yy") or m.groupdict().get("fy")
        if two_digits:  # 3Q23, FY27: the year is written with two digits
            year = 2000.0 + int(two_digits)
            out.append(Quantity(m.start(), m.end(), year, year, digits=True, kind="date", rule="year"))
        else:
            out.append(Quantity(m.start(), m.end(), math.nan, math.nan, kind="date", rule=PERIOD))
    return out


def iso_dates(work: str, blocked: Blocked | None = None) -> list[Quantity]:
    """ISO dates (2024-03-01) as dates of their year; none inside a trap (a web address, a
    document number): a date in a PDF link is no claim."""
    out: list[Quantity] = []
    if "-" not in work:
        return out
    for m in _ISO_DATE.finditer(work):
        if blocked is not None and blocked.hits(m.start(), m.end()):
            continue
        year = float(m.group(1))
        out.append(Quantity(m.start(), m.end(), year, year, digits=True, kind="date", rule="iso-date"))
    return out


@data_cache
def _ratio_hint_re() -> re.Pattern[str]:
    return re.compile(grammar().ratio_separator)


@data_cache
def _ratio_re() -> re.Pattern[str]:
    separator = grammar().ratio_separator
    return re.compile(rf"(?<![\d.:：∶])({ARABIC})\s*(?:{separator})\s*({ARABIC})(?![\d:：∶])")


@data_cache
def _to_one_re() -> re.Pattern[str]:
    words = grammar().ratio_to_one
    return re.compile(rf"(?<![\d.:])({ARABIC})\s+(?:{words})\s+1(?![\d:]|[.,]\d)", re.IGNORECASE)


def ratios_to_one(work: str, blocked: Blocked) -> list[Quantity]:
    """ "outnumber them 3 to 1": a range never falls, so "N to 1" with N above 1 is a ratio,
    unless a unit or a range opener makes it a range ("from 5 to 1 percent")."""
    out: list[Quantity] = []
    for m in _to_one_re().finditer(work):
        value = parse_arabic(m.group(1))
        if value <= 1 or blocked.hits(m.start(), m.end()) or attach_unit_at(work, m.end()):
            continue
        if grammar().opener_before.search(work[max(0, m.start() - 12) : m.start()]):
            continue
        out.append(Quantity(m.start(), m.end(), value, value, digits=True, kind="ratio", rule="ratio:to-one"))
    return out


def attach_unit_at(work: str, position: int) -> bool:
    q = Quantity(position, position, 1.0, 1.0)
    attach_unit(work, q)
    return q.unit is not None


def ratios(work: str, blocked: Blocked) -> list[Quantity]:
    out: list[Quantity] = ratios_to_one(work, blocked) if grammar().ratio_to_one != "(?!)" else []
    for item in out:
        blocked.add(item.start, item.end)
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


def fractions(work: str, blocked: Blocked, numbers: bool) -> list[Quantity]:
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
    return drop_nested(out)


def _slash_fractions(work: str, blocked: Blocked, numbers: bool) -> list[Quantity]:
    out = []
    for start, end, value, proper in slash_fraction_spans(work):
        if blocked.hits(start, end):
            continue
        q = Quantity(start, end, value, value, digits=True, rule="fraction")
        attach_sign(work, q)
        if proper:
            attach_unit(work, q)
        if q.unit is not None:
            classify(work, q, end)
        elif numbers:
            q.kind, q.unit, q.end = "number", None, end
        else:
            continue
        out.append(q)
    return out


def merge_compounds(work: str, quantities: list[Quantity]) -> list[Quantity]:
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
    return same and _compound_gap().fullmatch(work[big.end : small.start]) is not None


@data_cache
def _compound_gap() -> re.Pattern[str]:
    """What may stand between the two parts of an amount: spaces and a joiner ("and", 又)."""
    joiners = "|".join(map(re.escape, number_words().amount_joiners))
    return re.compile(rf"\s*(?:{joiners or '(?!)'})?\s*", re.IGNORECASE)


def merge_ranges(work: str, quantities: list[Quantity]) -> list[Quantity]:
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
    change = opener is not None and opener.group().strip().lower() in g.change_openers
    if change and opener is not None:
        opened_at = max(0, first.start - 12) + opener.start()
        stated = g.stated_range_before.search(work[max(0, opened_at - 16) : opened_at])
        change = not (stated or g.stated_range_after.match(work, second.end))  # "range from 30 to 50 GW"
    if change and first.unit is not None and first.kind != "date":
        return None  # "from 10% to 20%" is a change between two figures, not a range
    if word not in g.connectors and not opener:
        return None  # "and" joins a range only after its opener ("between 5 and 7")
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


def merge_word_ratios(work: str, found: list[Quantity]) -> list[Quantity]:
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


def drop_rates(found: list[Quantity], work: str) -> list[Quantity]:
    """ "a year" shortly after a quantity means "per year" ("2 million wafers a year"): no metric."""
    ends = sorted(q.end for q in found)
    out = []
    for q in found:
        if q.rule.startswith("article"):
            at = bisect.bisect_right(ends, q.start)  # the last quantity ending before this one
            gap = work[ends[at - 1] : q.start] if at else ""
            if _RATE_GAP.fullmatch(gap) and not grammar().duration_preposition_before.search(gap):
                continue  # "100 TWh of electricity a year"; "grew 10-fold in a decade" is a duration
        out.append(q)
    return out
