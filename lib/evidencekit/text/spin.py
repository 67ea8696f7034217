"""Spun Chinese ("伪原创"): detect a machine-rewritten text and undo its word swaps.

Content farms rewrite copied articles by swapping words for look-alikes or near-synonyms
(在 -> 正在, 技术 -> 手艺, 优势 -> 劣势). The pairs live in ``data/<lang>/spin.yaml``; this
module is the generic engine:

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
import math
import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

from evidencekit.errors import DataFileError
from evidencekit.lang.loader import DATA_ROOT, languages, line_of, load_language_file
from evidencekit.lang.script import has_han

_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
CONTEXT = 3  # characters of context on each side for the plausibility check


@dataclass(frozen=True)
class SpinPair:
    """One swap a spinner makes: ``original`` was replaced by ``spun``."""

    spun: str
    original: str
    weight: float = 0.5
    flips: bool = False
    note: str = ""


@dataclass(frozen=True)
class SpinTable:
    """The pairs of every language, with the score's threshold and prior."""

    pairs: tuple[SpinPair, ...]
    threshold: float
    prior: float
    spun_pattern: re.Pattern[str]  # zero-width lookahead: every start of any spun form
    by_spun: dict[str, SpinPair]
    original_pattern: re.Pattern[str]
    by_original: dict[str, tuple[SpinPair, ...]]
    by_first: dict[str, tuple[str, ...]] = field(default_factory=dict)  # first character -> spun forms
    first_pattern: re.Pattern[str] | None = None  # any first character of a spun form


@dataclass(frozen=True)
class SpinChange:
    """One swap undone: ``input[start:end] == spun`` became ``original``."""

    start: int
    end: int
    spun: str
    original: str
    repaired_start: int
    flips: bool = False

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


def _pairs_of(lang: str) -> tuple[list[SpinPair], dict[str, Any]]:
    path = DATA_ROOT / lang / "spin.yaml"
    if not path.is_file():
        return [], {}
    data = load_language_file(lang, "spin")
    pairs = []
    for entry in data["pairs"]:
        pairs.append(_pair(path, entry))
    return pairs, data


def _pair(path: Any, entry: Any) -> SpinPair:
    if not isinstance(entry, dict) or not entry.get("spun") or not entry.get("original"):
        message = 'each pair needs "spun" and "original", e.g. {spun: 手艺, original: 技术, note: ...}'
        raise DataFileError(path, message, line=line_of(path, str(entry)[:20]), key="pairs")
    spun, original = str(entry["spun"]), str(entry["original"])
    line = line_of(path, f"spun: {spun},")
    unknown = set(entry) - {"spun", "original", "weight", "flips", "note"}
    if unknown:
        message = (
            f'pair "{spun}": unknown keys {sorted(unknown)}; allowed: spun, original, weight, flips, note'
        )
        raise DataFileError(path, message, line=line, key=spun)
    weight = entry.get("weight", 0.5)
    if not isinstance(weight, int | float) or not 0 < weight <= 1:
        message = f'pair "{spun}" has weight {weight!r}; expected a number in (0, 1]'
        raise DataFileError(path, message, line=line, key=spun)
    if not entry.get("note"):
        message = f'pair "{spun}" -> "{original}" has no "note"; say where the swap was seen'
        raise DataFileError(path, message, line=line, key=spun)
    return SpinPair(spun, original, float(weight), bool(entry.get("flips", False)), str(entry["note"]))


@cache
def spin_table() -> SpinTable:
    """The spin pairs of every language that has ``spin.yaml``."""
    pairs: list[SpinPair] = []
    threshold, prior = 0.5, 8.0
    for lang in languages():
        found, data = _pairs_of(lang)
        pairs += found
        if data:
            threshold, prior = float(data["threshold"]), float(data["prior"])
    by_spun = {p.spun: p for p in pairs}
    by_original: dict[str, list[SpinPair]] = {}
    for pair in pairs:
        by_original.setdefault(pair.original, []).append(pair)
    spun_alt = "|".join(re.escape(s) for s in sorted(by_spun, key=len, reverse=True)) or "(?!)"
    original_alt = "|".join(re.escape(s) for s in sorted(by_original, key=len, reverse=True)) or "(?!)"
    by_first: dict[str, list[str]] = {}
    for form in sorted(by_spun, key=len, reverse=True):
        by_first.setdefault(form[0], []).append(form)
    return SpinTable(
        tuple(pairs),
        threshold,
        prior,
        re.compile(f"(?=({spun_alt}))"),
        by_spun,
        re.compile(original_alt),
        {k: tuple(v) for k, v in by_original.items()},
        {k: tuple(v) for k, v in by_first.items()},
        re.compile("[" + "".join(map(re.escape, by_first)) + "]") if by_first else re.compile("(?!)"),
    )


@cache
def _model() -> tuple[Any, float]:
    """jieba's tokenizer and the log of its dictionary's total count."""
    from evidencekit.lang.segmenter import tokenizer

    jieba = tokenizer()
    return jieba, math.log(jieba.total)


def _log_probability(text: str) -> float:
    """Log-probability of ``text`` under jieba's dictionary (its best segmentation).

    The value of ``jieba.calc`` over ``jieba.get_DAG`` (``route[0][0]``), computed in one
    loop without building the DAG and the route: the same words, the same floating-point
    operations in the same order (``log(freq) - log(total) + best of the rest``), so the
    very same number; only the best value is kept, not which word ends it.
    """
    if not text:
        return 0.0
    jieba, log_total = _model()
    freq = jieba.FREQ
    size = len(text)
    best_from = [0.0] * (size + 1)
    for start in range(size - 1, -1, -1):
        best: float | None = None
        end = start
        fragment = text[start]
        while end < size and fragment in freq:  # every dictionary word starting here
            count = freq[fragment]
            if count:
                value = math.log(count) - log_total + best_from[end + 1]
                if best is None or value > best:
                    best = value
            end += 1
            fragment = text[start : end + 1]
        if best is None:  # no word starts here: the character alone
            best = math.log(freq.get(text[start]) or 1) - log_total + best_from[start + 1]
        best_from[start] = best
    return best_from[0]


def _han_window(text: str, start: int, end: int) -> tuple[int, int]:
    """Up to ``CONTEXT`` Han characters on each side of ``[start, end)``."""
    left = start
    while left > 0 and start - left < CONTEXT and _HAN_RUN.match(text[left - 1]):
        left -= 1
    right = end
    while right < len(text) and right - end < CONTEXT and _HAN_RUN.match(text[right]):
        right += 1
    return left, right


def _plausible(text: str, start: int, pair: SpinPair, known: dict[str, float] | None = None) -> bool:
    """Whether undoing ``pair`` at ``start`` makes the words around it likelier.

    ``known`` holds log-probabilities already computed for this text (a window often comes
    back: the same words around the same spun form).
    """
    end = start + len(pair.spun)
    left, right = _han_window(text, start, end)
    window = text[left:right]
    repaired = text[left:start] + pair.original + text[end:right]
    if known is None:
        return _log_probability(repaired) > _log_probability(window)
    scores = []
    for words in (repaired, window):
        score = known.get(words)
        if score is None:
            score = known[words] = _log_probability(words)
        scores.append(score)
    return scores[0] > scores[1]


def _candidates(text: str, table: SpinTable) -> list[tuple[int, SpinPair]]:
    """Plausible spun forms, left to right, longest first, never overlapping."""
    found: list[tuple[int, SpinPair]] = []
    taken = 0
    known: dict[str, float] = {}
    # where a spun form may start (its first character); _forms_at says which start there
    starts = table.first_pattern or table.spun_pattern
    for match in starts.finditer(text):
        start = match.start()
        if start < taken:
            continue
        for form in _forms_at(text, start, table):
            pair = table.by_spun[form]
            if _plausible(text, start, pair, known):
                found.append((start, pair))
                taken = start + len(form)
                break
    return found


def _forms_at(text: str, start: int, table: SpinTable) -> list[str]:
    """Every spun form that starts at ``start``, longest first."""
    return [form for form in table.by_first.get(text[start], ()) if text.startswith(form, start)]


def _original_weight(text: str, table: SpinTable, candidates: list[tuple[int, SpinPair]]) -> float:
    """Weight of original forms the text still uses, outside the spun candidates."""
    covered = [(s, s + len(p.spun)) for s, p in candidates]
    starts = [s for s, _ in covered]
    total = 0.0
    for match in table.original_pattern.finditer(text):
        at = bisect.bisect_right(starts, match.start()) - 1
        if at >= 0 and match.start() < covered[at][1]:
            continue
        total += max(p.weight for p in table.by_original[match.group()])
    return total


def spin_report(text: str) -> SpinReport:
    """Score ``text`` for spinning and, when it is spun, undo the swaps.

    >>> report = spin_report("这家公司可以或许正在芯片手艺上连结领先。")
    >>> report.spun, report.repaired
    (True, '这家公司能够在芯片技术上保持领先。')
    >>> spin_report("我们正在研究新技术。").repaired
    '我们正在研究新技术。'
    """
    table = spin_table()
    if not table.pairs or not has_han(text):
        return SpinReport(0.0, False, text, threshold=table.threshold)
    candidates = _candidates(text, table)
    spun_weight = sum(p.weight for _, p in candidates)
    original_weight = _original_weight(text, table, candidates)
    score = spun_weight / (spun_weight + original_weight + table.prior)
    if score < table.threshold:
        return SpinReport(round(score, 4), False, text, threshold=table.threshold, candidates=len(candidates))
    return _repair(text, candidates, round(score, 4), table.threshold)


def _repair(text: str, candidates: list[tuple[int, SpinPair]], score: float, threshold: float) -> SpinReport:
    parts: list[str] = []
    changes: list[SpinChange] = []
    cursor = 0
    shift = 0
    for start, pair in candidates:
        parts.append(text[cursor:start])
        changes.append(
            SpinChange(start, start + len(pair.spun), pair.spun, pair.original, start + shift, pair.flips)
        )
        parts.append(pair.original)
        shift += len(pair.original) - len(pair.spun)
        cursor = start + len(pair.spun)
    parts.append(text[cursor:])
    return SpinReport(
        score,
        True,
        "".join(parts),
        tuple(changes),
        threshold,
        len(candidates),
    )


def simulate_spinning(text: str, rate: float = 1.0, seed: int = 0) -> tuple[str, tuple[SpinChange, ...]]:
    """Spin ordinary text the way a content farm does, with this module's own pair table.

    Every original form (longest first, left to right) is swapped for its spun form with
    probability ``rate``. Returns the spun text and the swaps made, as :class:`SpinChange`
    records whose ``start``/``end`` point into the spun text and ``repaired_start`` into
    ``text``: exactly what a perfect :func:`spin_report` would undo. The tests and
    ``bench/spin_quality.py`` measure detection and repair on such texts.

    >>> simulate_spinning("我们在研究技术")[0]
    '我们正在研究手艺'
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
    """The swaps a report undid, counted: a DataFrame with ``spun``, ``original``, ``flips``, ``count``.

    >>> counts = swap_counts(spin_report("现正在正在于可以或许正在手艺上连结领先"))
    >>> counts.loc[0, "spun"], counts.loc[0, "original"], int(counts.loc[0, "count"]), len(counts)
    ('正在', '在', 3, 4)
    """
    import pandas as pd

    rows = pd.DataFrame(
        [(c.spun, c.original, c.flips) for c in report.changes], columns=["spun", "original", "flips"]
    )
    return count_swaps(rows)


def count_swaps(rows: Any) -> Any:
    """Swaps (a DataFrame with ``spun``, ``original``, ``flips``, one row per swap) counted,
    most frequent first: the table of :func:`swap_counts`."""
    counts = rows.groupby(["spun", "original", "flips"], sort=False).size().rename("count").reset_index()
    ordered = counts.sort_values(["count", "spun"], ascending=[False, True], kind="stable")
    return ordered.reset_index(drop=True)
