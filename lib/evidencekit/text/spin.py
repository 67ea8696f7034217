"""Spun Chinese ("伪原创"): detect a machine-rewritten text and undo its word swaps.

Content farms rewrite copied articles by swapping words for look-alikes or near-synonyms
(在 -> 正在, 技术 -> 手艺, 优势 -> 劣势). The pairs live in ``data/<lang>/spin.yaml``; the
engine is generic (the pair table and the plausibility model in
:mod:`~evidencekit.text.spin_model`, scoring and repair here):

1. every occurrence of a spun form is a *candidate*; it is *plausible* when jieba's
   dictionary finds the repaired words around it likelier than the spun ones
   (a unigram language model over a few characters of context: 参取 -> 参与 is, 取得 is not);
2. the document's score is the weight of plausible candidates over that weight plus the
   weight of original forms the text still uses (ordinary Chinese writes 在 and 技术, spun
   Chinese writes 正在 and 手艺 instead), smoothed by a prior;
3. only a document whose score reaches the threshold is repaired, and every swap undone is
   a :class:`SpinChange` with its offsets in the input, so offsets in the repaired text map
   back to the raw file.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from evidencekit.lang.convert import convert, convert_keeping_offsets
from evidencekit.lang.segmenter import word_count
from evidencekit.text.spin_model import (
    SpinPair,
    SpinTable,
    likelier_by,
    plausible_candidates,
    spin_table,
    weight_of_candidates,
    weight_of_originals,
)
from evidencekit.text.spin_sections import SpinSection, score_sections, spun_share


@dataclass(frozen=True)
class SpinChange:
    """One swap undone: ``input[start:end] == spun`` became ``original``."""

    start: int
    end: int
    spun: str
    original: str
    repaired_start: int
    flips: bool = False
    likelier: float = 0.0  # nats by which the repaired words read likelier in ordinary Chinese
    form_count: int = 0  # how often jieba's dictionary counts the spun form (0: never written)
    note: str = ""  # where the pair was seen (its note in the pair table)

    @property
    def repaired_end(self) -> int:
        return self.repaired_start + len(self.original)


@dataclass(frozen=True)
class SpinReport:
    """What :func:`spin_report` found in one text.

    ``repaired`` equals the input when the text is not spun. Offsets in ``repaired`` map
    back to the input with :meth:`to_input` and :meth:`input_span`; the other way with
    :meth:`to_repaired`.
    """

    score: float
    spun: bool
    repaired: str
    changes: tuple[SpinChange, ...] = ()
    threshold: float = 0.5
    candidates: int = 0
    sections: tuple[SpinSection, ...] = ()  # every paragraph with Han characters, scored
    spun_share: float = 0.0  # the share of the Han characters that stand in spun paragraphs

    @cached_property
    def _starts(self) -> tuple[int, ...]:
        return tuple(c.start for c in self.changes)

    @cached_property
    def _repaired_starts(self) -> tuple[int, ...]:
        return tuple(c.repaired_start for c in self.changes)

    def to_input(self, offset: int) -> int:
        """The input offset of a repaired offset (inside a swapped word: the word's start)."""
        at = bisect.bisect_right(self._repaired_starts, offset) - 1
        if at < 0:
            return offset
        change = self.changes[at]
        if offset < change.repaired_end:
            return change.start
        return change.end + offset - change.repaired_end

    def input_span(self, start: int, end: int) -> tuple[int, int]:
        """The input span of a repaired span, widened to whole swapped words."""
        raw_start = self.to_input(start)
        at = bisect.bisect_left(self._repaired_starts, end) - 1
        if at >= 0 and end < self.changes[at].repaired_end:
            return raw_start, self.changes[at].end
        return raw_start, max(raw_start, self.to_input(end))

    def to_repaired(self, offset: int) -> int:
        """The repaired offset of an input offset (inside a swapped word: the word's start)."""
        at = bisect.bisect_right(self._starts, offset) - 1
        if at < 0:
            return offset
        change = self.changes[at]
        if offset < change.end:
            return change.repaired_start
        return change.repaired_end + offset - change.end

    def repaired_span(self, start: int, end: int) -> tuple[int, int]:
        """The repaired span of an input span, widened to whole swapped words."""
        new_start = self.to_repaired(start)
        at = bisect.bisect_left(self._starts, end) - 1
        if at >= 0 and end < self.changes[at].end:
            return new_start, self.changes[at].repaired_end
        return new_start, max(new_start, self.to_repaired(end))

    def changes_in(self, start: int, end: int) -> tuple[SpinChange, ...]:
        """The swaps undone inside the input span ``[start, end)``."""
        return tuple(c for c in self.changes if start <= c.start and c.end <= end)


def spin_report(text: str, table: SpinTable | None = None) -> SpinReport:
    """Score ``text`` for spinning and undo the swaps in its spun paragraphs.

    A Traditional-script text is read as Simplified (offsets kept) and repaired in its own
    script. ``table`` is the pair table to use (default: the built-in one; see
    :func:`evidencekit.text.spin_pairs.corpus_table` for a corpus's own pairs added to it).

    >>> report = spin_report("这家公司可以或许正在芯片手艺上连结领先。")
    >>> report.spun, report.repaired
    (True, '这家公司能够在芯片技术上保持领先。')
    >>> spin_report("這家公司可以或許正在芯片手藝上連結領先。").repaired
    '這家公司能夠在芯片技術上保持領先。'
    >>> spin_report("我们正在研究新技术。").repaired
    '我们正在研究新技术。'
    """
    table = table or spin_table()
    analysed = convert_keeping_offsets(text, table.analysis_conversion)
    if not table.pairs or not (table.first_pattern or table.spun_pattern).search(analysed):
        return SpinReport(0.0, False, text, threshold=table.threshold)  # no spun form: score 0
    candidates = plausible_candidates(analysed, table)
    spun_weight = weight_of_candidates(candidates)
    original = weight_of_originals(analysed, table, candidates)
    score = round(spun_weight / (spun_weight + original + table.prior), 4)
    sections = score_sections(analysed, table, candidates)
    share = spun_share(analysed, sections)
    spun = [s for s in sections if s.spun]
    if not spun:
        return SpinReport(score, False, text, (), table.threshold, len(candidates), sections, share)
    ends = [s.end for s in spun]
    kept = [(start, pair) for start, pair in candidates if _inside(spun, ends, start)]
    parts, changes = _repair(text, analysed, kept, table.source_conversion)
    return SpinReport(score, True, parts, changes, table.threshold, len(candidates), sections, share)


def _inside(sections: list[SpinSection], ends: list[int], offset: int) -> bool:
    at = bisect.bisect_right(ends, offset)
    return at < len(sections) and sections[at].start <= offset


def _repair(
    text: str, analysed: str, candidates: list[tuple[int, SpinPair]], back: str | None
) -> tuple[str, tuple[SpinChange, ...]]:
    """The text with the candidates' swaps undone, each written in the script of the source
    (a spun form written in Traditional gets its original in Traditional)."""
    parts: list[str] = []
    changes: list[SpinChange] = []
    cursor = 0
    shift = 0
    for start, pair in candidates:
        end = start + len(pair.spun)
        converted = _converted_around(text, analysed, start, end)
        original = convert(pair.original, back) if converted else pair.original
        parts.append(text[cursor:start])
        likelier = round(likelier_by(analysed, start, pair), 2)
        changes.append(
            SpinChange(
                start,
                end,
                text[start:end],
                original,
                start + shift,
                pair.flips,
                likelier=likelier,
                form_count=word_count(pair.spun),
                note=pair.note,
            )
        )
        parts.append(original)
        shift += len(original) - len(pair.spun)
        cursor = end
    parts.append(text[cursor:])
    return "".join(parts), tuple(changes)


SCRIPT_WINDOW = 40  # characters on each side that tell the script a swap was written in


def _converted_around(text: str, analysed: str, start: int, end: int) -> bool:
    """Was the text around ``[start, end)`` converted for analysis (written in Traditional)?
    The spun form itself may be written alike in both scripts (成果), its original not (結果)."""
    if text[start:end] != analysed[start:end]:
        return True
    left, right = max(0, start - SCRIPT_WINDOW), end + SCRIPT_WINDOW
    return sum(a != b for a, b in zip(text[left:right], analysed[left:right], strict=True)) >= 2


def simulate_spinning(text: str, rate: float = 1.0, seed: int = 0) -> tuple[str, tuple[SpinChange, ...]]:
    """Spin ordinary text the way a content farm does, with this module's own pair table.

    Every original form (longest first, left to right) is swapped for its spun form with
    probability ``rate``. Returns the spun text and the swaps made, as :class:`SpinChange`
    records whose ``start``/``end`` point into the spun text and ``repaired_start`` into
    ``text``: exactly what a perfect :func:`spin_report` would undo. The tests and
    ``bench/spin_quality.py`` measure detection and repair on such texts.

    >>> simulate_spinning("我们在研究技术")[0]
    '咱们正在研究手艺'
    """
    import random

    table = spin_table()
    chooser = random.Random(seed)
    parts: list[str] = []
    swaps: list[SpinChange] = []
    cursor, length = 0, 0
    for match in table.original_pattern.finditer(text):
        if chooser.random() >= rate:
            continue
        pair = table.by_original[match.group()][0]
        parts.append(text[cursor : match.start()])
        length += match.start() - cursor
        swaps.append(
            SpinChange(length, length + len(pair.spun), pair.spun, pair.original, match.start(), pair.flips)
        )
        parts.append(pair.spun)
        length += len(pair.spun)
        cursor = match.end()
    parts.append(text[cursor:])
    return "".join(parts), tuple(swaps)


def swap_counts(report: SpinReport) -> Any:
    """The swaps a report undid, counted: a DataFrame with ``spun``, ``original``, ``flips``,
    ``count``, ``likelier`` (the mean, in nats) and ``form_count`` (jieba's count of the form).

    >>> counts = swap_counts(spin_report("现正在正在于可以或许正在手艺上连结领先"))
    >>> counts.loc[0, "spun"], counts.loc[0, "original"], int(counts.loc[0, "count"]), len(counts)
    ('正在', '在', 3, 4)
    """
    import pandas as pd

    columns = ["spun", "original", "flips", "likelier", "form_count"]
    rows = pd.DataFrame(
        [(c.spun, c.original, c.flips, c.likelier, c.form_count) for c in report.changes], columns=columns
    )
    return count_swaps(rows)


def count_swaps(rows: Any) -> Any:
    """Swaps (a DataFrame with ``spun``, ``original``, ``flips``, one row per swap, and where
    given ``likelier`` and ``form_count``) counted, most frequent first: the table of
    :func:`swap_counts`, with the mean ``likelier`` of each pair."""
    keys = ["spun", "original", "flips"]
    grouped = rows.groupby(keys, sort=False)
    counts = grouped.size().rename("count").reset_index()
    if "likelier" in rows:
        counts["likelier"] = grouped["likelier"].mean().round(2).to_numpy()
    if "form_count" in rows:
        counts["form_count"] = grouped["form_count"].first().to_numpy()
    ordered = counts.sort_values(["count", "spun"], ascending=[False, True], kind="stable")
    return ordered.reset_index(drop=True)
