"""The year that goes with each figure: the date that governs it, not the nearest one.

Within the text given (a sentence), a figure takes the date that stands right before it
("2021年的38%", "in 2023, capex was 0.5%") or right after it with no other figure between
("38% in 2021", "double by 2030"), whichever is closer; a date that is a change's basis
("since 2020", "than in 2019", 比2020年) governs nothing. A date's own ``period`` (``Q2``,
``H1``, ``FY``: ``periods`` in ``data/<lang>/change.yaml``) goes with its year.
"""

from __future__ import annotations

import re

from evidencekit.extract.candidates import Quantity
from evidencekit.extract.change import change_words
from evidencekit.extract.grammar import grammar
from evidencekit.lang.files import data_cache, languages
from evidencekit.lang.loader import load_language_file
from evidencekit.lang.patterns import bounded

_SENTENCE_END = re.compile(r"(?<![A-Z])[.!?](?=\s)|[。！？]")
_BREAK = re.compile(r"[;:；：。!?！？\n()（）]")
_FAR = 1000  # a clause break between a figure and a date: that date only when no other
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
    governs figures of its own sentence only."""
    dates = []
    for q in found:
        if q.kind == "date":
            q.period = period_of(work[q.start : q.end])
            q.year = int(q.low) if q.low == q.high else None
            if q.low == q.high and not _is_basis(work, q):
                dates.append(q)  # a span of years ("2015-2020") governs no single figure
    if not dates:
        return
    ends = [m.end() for m in _SENTENCE_END.finditer(work)]
    figures = [q for q in found if q.kind != "date"]
    for q in figures:
        start = max((e for e in ends if e <= q.start), default=0)
        end = min((e for e in ends if e > q.end), default=len(work))
        own = [d for d in dates if start <= d.start and d.end <= end]
        mates = [f for f in figures if start <= f.start and f.end <= end]
        governing = _governing(work, q, own, mates, start) if own else None
        if governing is not None:
            q.year = int(governing.low)
            q.period = governing.period


def _is_basis(work: str, date: Quantity) -> bool:
    """A date that is a change's basis ("since 2020", "than in 2019", 比2020年) or says when
    something began ("founded in 1993", 成立于1993年) governs no figure."""
    return bool(_ending("basis_dates_before").search(work[max(0, date.start - 24) : date.start])) or bool(
        _ending("attribute_dates").search(work[max(0, date.start - 24) : date.start])
    )


def _governing(
    work: str, q: Quantity, dates: list[Quantity], figures: list[Quantity], sentence_start: int = 0
) -> Quantity | None:
    """The date of the figure's own clause (the nearer one; a date right after it with "in",
    "by" first), else the date that opens the sentence ("In 2023, ..."), else the nearest."""
    near: list[tuple[int, Quantity]] = []
    far: list[tuple[int, Quantity]] = []
    for d in dates:
        gap = _gap(work, q, d, figures)
        if gap is None or _relative_year().search(change_words().basis_words.sub(" ", gap)):
            continue  # "2021年推出…，去年…为25%": the figure is of "last year", not of 2021
        if d.start >= q.end and grammar().date_preposition_before.fullmatch(gap.strip() + " "):
            near.append((0, d))  # "38% in 2021", "double by 2030": the date after is the figure's
        elif _BREAK.search(gap) or _COMMA.search(gap):
            far.append((len(gap) + (_FAR if _BREAK.search(gap) else _NEAR), d))
        else:
            near.append((len(gap), d))
    if near:
        return min(near, key=lambda item: item[0])[1]
    opening = next((d for d in dates if d.end <= q.start and _opens(work, d, sentence_start)), None)
    if opening is not None and not _relative_year().search(work[opening.end : q.start]):
        return opening
    return min(far, key=lambda item: item[0])[1] if far else None


def _gap(work: str, q: Quantity, d: Quantity, figures: list[Quantity]) -> str | None:
    """The text between a figure and a date; None when the date cannot govern it (it overlaps,
    or stands after another figure that is not joined to this one: "945 TWh, up from 415 TWh
    in 2024")."""
    if d.end <= q.start:
        return work[d.end : q.start]
    if d.start < q.end:
        return None
    end = q.end
    for f in figures:
        if q.end <= f.start and f.end <= d.start:
            if not change_words().coordinated.fullmatch(work[end : f.start]):
                return None
            end = f.end
    return work[q.end : d.start]


def _opens(work: str, d: Quantity, sentence_start: int = 0) -> bool:
    """Does the date open its sentence ("In 2023, ...", "2023年，...", "到2030年，...")?"""
    head = work[sentence_start : d.start].strip()
    return not head or bool(grammar().date_preposition_before.fullmatch(head + " "))


@data_cache
def _ending(key: str) -> re.Pattern[str]:
    """Words of ``change.yaml``'s ``key`` ending the text before a date (white space after)."""
    return re.compile(rf"(?:{_words_pattern(key).pattern})\s*$", re.IGNORECASE)


def _words_pattern(key: str) -> re.Pattern[str]:
    words = {str(w) for lang in languages() for w in load_language_file(lang, "change").get(key) or []}
    return re.compile(bounded(words), re.IGNORECASE)
