"""The year that goes with each figure: the date that governs it, not the nearest one.

Within the text given (a sentence), a figure takes the date that stands right before it
("2021年的38%", "in 2023, capex was 0.5%") or right after it with no other figure between
("38% in 2021", "double by 2030"), whichever is closer; a date that is a change's basis
("since 2020", "than in 2019", 比2020年) governs nothing. A date's own ``period`` (``Q2``,
``H1``, ``FY``: ``periods`` in ``data/<lang>/change.yaml``) goes with its year.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import replace

from evidencekit.extract.candidates import Quantity
from evidencekit.extract.change import change_words
from evidencekit.extract.grammar import grammar
from evidencekit.lang.files import data_cache, languages
from evidencekit.lang.loader import load_language_file
from evidencekit.lang.patterns import bounded
from evidencekit.records import Metric

_SENTENCE_END = re.compile(r"(?<![A-Z])[.!?](?=\s)|[。！？]")
_BREAK = re.compile(r"[;:；：。!?！？\n()（）]")
_FAR = 1000  # a clause break between a figure and a date: that date only when no other
MAX_GAP = 400  # characters between a figure and a date beyond which the date governs nothing
_COMMA = re.compile(r"[,，、]")
_NEAR = 30  # a comma between a figure and a date: a date of the same clause comes first


@data_cache
def _periods() -> list[tuple[re.Pattern[str], str]]:
    out = []
    for lang in languages():
        for period, forms in (load_language_file(lang, "change").get("periods") or {}).items():
            latin = [f for f in forms if f.isascii()]
            other = [f for f in forms if not f.isascii()]
            parts = [rf"(?<![A-Za-z0-9])(?:{'|'.join(map(re.escape, latin))})(?![A-Za-z])"] if latin else []
            parts += [re.escape(f) for f in other]
            out.append((re.compile("|".join(parts), re.IGNORECASE), str(period)))
    return out


@data_cache
def _relative_year() -> re.Pattern[str]:
    return _words_pattern("relative_years")


def period_of(surface: str) -> str | None:
    """The period a date's surface names: "Q2 2025" -> "Q2", "2025年上半年" -> "H1"."""
    for pattern, period in _periods():
        if pattern.search(surface):
            return period
    return None


def bind_years(work: str, found: list[Quantity]) -> None:
    """Set ``year`` (and ``period``) of every quantity of ``found`` (sorted by start); a date
    governs figures of its own sentence only. Linear in the figures: each weighs at most the
    nearest date before it, the nearest after it and the date opening its sentence."""
    dates = []
    for q in found:
        if q.kind == "date":
            q.period = period_of(work[q.start : q.end])
            q.year = int(q.low) if q.low == q.high else None  # NaN: a period named alone
            if q.year is not None and not _is_basis(work, q):
                dates.append(q)  # a span of years ("2015-2020") governs no single figure
    if not dates:
        return
    ends = [m.end() for m in _SENTENCE_END.finditer(work)]
    # bare numbers take no year; a period named alone ("Q3") takes the year its sentence gives it
    figures = [q for q in found if q.kind not in ("date", "number") or (q.kind == "date" and _alone(q))]
    starts = [d.start for d in dates]
    figure_starts = [f.start for f in figures]
    for q in figures:
        at = bisect.bisect_right(ends, q.start)
        start = ends[at - 1] if at else 0
        end = ends[at] if at < len(ends) else len(work)
        first = bisect.bisect_left(starts, start)
        after = bisect.bisect_left(starts, q.end)
        candidates = [dates[i] for i in {after - 1, after} if first <= i < len(dates) and dates[i].end <= end]
        opening = dates[first] if first < len(dates) and dates[first].end <= min(end, q.start) else None
        between = figures[bisect.bisect_left(figure_starts, q.end) :]
        governing = _governing(work, q, candidates, between, (opening, start))
        if governing is None:
            governing = _span_end(work, q, dates[bisect.bisect_left(starts, q.end) :], end)
        if governing is not None:
            q.year = int(governing.low)
            q.period = q.period if q.kind == "date" else governing.period


def _alone(date: Quantity) -> bool:
    """A period named without its year ("Q3", 三季度): a date with no value (NaN)."""
    return math.isnan(date.low)


def _span_end(work: str, q: Quantity, later: list[Quantity], sentence_end: int) -> Quantity | None:
    """The end of a change measured since a year: the first later year of its sentence after a
    ``span_end_before`` word ("has nearly doubled since 2022 and amounted to … in 2024")."""
    since = _SINCE.match(q.basis or "")
    if since is None:
        return None
    for date in later:
        if date.end > sentence_end:
            return None
        if date.low > int(since.group(1)) and _ending("span_end_before").search(
            work[max(0, date.start - 12) : date.start]
        ):
            return date
    return None


_SINCE = re.compile(r"since ((?:18|19|20)\d\d)$")


def _is_basis(work: str, date: Quantity) -> bool:
    """A date that is a change's basis ("since 2020", "than in 2019", 比2020年) or says when
    something began ("founded in 1993", 成立于1993年) governs no figure."""
    return bool(_ending("basis_dates_before").search(work[max(0, date.start - 24) : date.start])) or bool(
        _ending("attribute_dates").search(work[max(0, date.start - 24) : date.start])
    )


def _governing(
    work: str,
    q: Quantity,
    dates: list[Quantity],
    figures: list[Quantity],
    opening: tuple[Quantity | None, int] = (None, 0),
) -> Quantity | None:
    """The date of the figure's own clause (the nearer one; a date right after it with "in",
    "by" first), else the date that opens the sentence ("In 2023, ..."), else the nearest."""
    near: list[tuple[int, int, Quantity]] = []
    far: list[tuple[int, int, Quantity]] = []
    for d in sorted(dates, key=lambda d: d.start):
        gap = _gap(work, q, d, figures)
        if gap is None or _relative_year().search(change_words().basis_words.sub(" ", gap)):
            continue  # "2021年推出…，去年…为25%": the figure is of "last year", not of 2021
        if d.start >= q.end and grammar().date_preposition_before.fullmatch(gap.strip() + " "):
            near.append((0, d.start, d))  # "38% in 2021", "double by 2030": the date after is the figure's
        elif _BREAK.search(gap) or _COMMA.search(gap):
            far.append((len(gap) + (_FAR if _BREAK.search(gap) else _NEAR), d.start, d))
        else:
            near.append((len(gap), d.start, d))
    if near:
        return min(near, key=lambda item: item[:2])[2]
    date, sentence_start = opening
    if (
        date is not None
        and q.start - date.end <= MAX_GAP
        and _opens(work, date, sentence_start)
        and not _relative_year().search(work[date.end : q.start])
    ):
        return date
    return min(far, key=lambda item: item[:2])[2] if far else None


def _gap(work: str, q: Quantity, d: Quantity, figures: list[Quantity]) -> str | None:
    """The text between a figure and a date; None when the date cannot govern it (it overlaps,
    or stands after another figure that is not joined to this one: "945 TWh, up from 415 TWh
    in 2024"). ``figures`` are the figures from this one's end on, in order."""
    if max(d.start - q.end, q.start - d.end) > MAX_GAP:
        return None  # too far to govern it (and a long text stays linear)
    if d.end <= q.start:
        return work[d.end : q.start]
    if d.start < q.end:
        return None
    end = q.end
    for f in figures:
        if f.start >= d.start:
            break
        if f.end <= d.start and f.start >= q.end:
            if not change_words().coordinated.fullmatch(work[end : f.start]):
                return None
            end = f.end
    return work[q.end : d.start]


def _opens(work: str, d: Quantity | Metric, sentence_start: int = 0) -> bool:
    """Does the date open its sentence ("In 2023, ...", "2023年，...", "到2030年，...")?"""
    head = work[sentence_start : d.start if isinstance(d, Quantity) else d.char_start].strip()
    return not head or bool(grammar().date_preposition_before.fullmatch(head + " "))


@data_cache
def _ending(key: str) -> re.Pattern[str]:
    """Words of ``change.yaml``'s ``key`` ending the text before a date (white space after)."""
    return re.compile(rf"(?:{_words_pattern(key).pattern})\s*$", re.IGNORECASE)


def _words_pattern(key: str) -> re.Pattern[str]:
    words = {str(w) for lang in languages() for w in load_language_file(lang, "change").get(key) or []}
    return re.compile(bounded(words), re.IGNORECASE)


def carry_opening_year(text: str, metrics: list[Metric], carried: Metric | None) -> Metric | None:
    """A date opening a sentence of clauses joined by semicolons governs every clause
    ("2021年，零售额…增长12.0%；移动支付…增长22.73%。"): a clause that names no date of its own
    takes ``carried`` (the opening date of the clause before, if that clause ended with a
    semicolon), in place. Offsets of ``metrics`` are into ``text``. Returns the date to carry
    to the next clause, or None when this one does not end with a semicolon."""
    dates = [m for m in metrics if m.kind == "date"]
    if _relative_year().search(text):
        return None  # "；去年…": the clause says its own time
    if not dates and carried is not None:
        for i, m in enumerate(metrics):
            if m.year is None and m.kind not in ("date", "number"):
                metrics[i] = replace(m, year=carried.year, period=carried.period)
    own = dates[0] if dates and _opens(text, dates[0]) else None
    if not _SEMICOLON_END.search(text):
        return None
    return own if own is not None and own.year is not None else (None if dates else carried)


_SEMICOLON_END = re.compile(r"[;；]\s*$")
