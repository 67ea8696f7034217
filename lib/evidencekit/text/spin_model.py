"""The model of spun text: the pair table, and which spun forms are plausible swaps.

The pairs live in ``data/<lang>/spin.yaml``. A spun form is *plausible* when jieba's
dictionary finds the repaired words around it likelier than the spun ones (a unigram
language model over ``CONTEXT`` characters on each side: 参取 -> 参与 is, 取得 is not).
:mod:`evidencekit.text.spin` scores a document with these and repairs it.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from evidencekit.errors import DataFileError
from evidencekit.lang.facts import unspaced_characters
from evidencekit.lang.files import data_cache, data_root
from evidencekit.lang.loader import languages, line_of, load_language_file
from evidencekit.lang.segmenter import word_count

CONTEXT = 3  # characters of context on each side for the plausibility check
MARGIN = 0.5  # natural-log units by which a repair must read likelier than the spun words
VETO = 3.0  # ... or its words be likelier and its word pairs not this much less likely
SINGLE = 2.0  # a one-character form (从, 取, 外) that completes no word: repaired only this much likelier


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
    analysis_conversion: str | None = None  # OpenCC configuration a text is read in ("t2s")
    source_conversion: str | None = None  # and the one that writes a repair back ("s2t")


def _pairs_of(lang: str) -> tuple[list[SpinPair], dict[str, Any]]:
    path = data_root() / lang / "spin.yaml"
    data = load_language_file(lang, "spin")  # empty when the language has no spin.yaml
    if not data:
        return [], {}
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


@data_cache
def spin_table() -> SpinTable:
    """The spin pairs of every language that has ``spin.yaml``."""
    pairs: list[SpinPair] = []
    settings: dict[str, Any] = {}
    for lang in languages():
        found, data = _pairs_of(lang)
        pairs += found
        settings = data or settings
    return build_table(
        pairs,
        threshold=float(settings.get("threshold", 0.5)),
        prior=float(settings.get("prior", 8.0)),
        conversions=(settings.get("analysis_conversion"), settings.get("source_conversion")),
    )


def build_table(
    pairs: list[SpinPair],
    threshold: float = 0.5,
    prior: float = 8.0,
    conversions: tuple[str | None, str | None] = (None, None),
    base: SpinTable | None = None,
) -> SpinTable:
    """A table of ``pairs`` (a later pair of the same spun form wins); ``base`` gives the
    threshold, prior and conversions when given."""
    if base is not None:
        threshold, prior = base.threshold, base.prior
        conversions = (base.analysis_conversion, base.source_conversion)
    by_spun = {p.spun: p for p in pairs}
    pairs = list(by_spun.values())
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
        *conversions,
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


def _score(text: str) -> float:
    """How ordinary ``text`` reads: the bigram model of the reference (``text.collocations``)
    over jieba's words, else jieba's unigram model."""
    from evidencekit.text.collocations import log_likelihood, reference, words_of

    return log_likelihood(words_of(text)) if reference() is not None else _log_probability(text)


def _context_window(text: str, start: int, end: int) -> tuple[int, int]:
    """Up to ``CONTEXT`` characters of a language without spaces (Han) on each side of
    ``[start, end)``: the words the segmenter's dictionary scores."""
    letters = unspaced_characters()
    left = start
    while left > 0 and start - left < CONTEXT and letters.match(text[left - 1]):
        left -= 1
    right = end
    while right < len(text) and right - end < CONTEXT and letters.match(text[right]):
        right += 1
    return left, right


def _plausible(
    text: str, start: int, pair: SpinPair, known: dict[str, tuple[float, float]] | None = None
) -> bool:
    """Whether undoing ``pair`` at ``start`` makes the words around it likelier.

    ``known`` holds log-probabilities already computed for this text (a window often comes
    back: the same words around the same spun form).
    """
    end = start + len(pair.spun)
    left, right = _context_window(text, start, end)
    window = text[left:right]
    if _inside_a_word(window, start - left, end - left):
        return False  # 核心 in 核心技术: the spinner swaps words, this one is not there
    repaired = text[left:start] + pair.original + text[end:right]
    known = {} if known is None else known
    scores = []
    for words in (repaired, window):
        score = known.get(words)
        if score is None:
            score = known[words] = (_score(words), _log_probability(words))
        scores.append(score)
    (bigram, unigram), (bigram_spun, unigram_spun) = scores
    if len(pair.spun) == 1 and not completes_word(text, start, pair):
        return bigram > bigram_spun + SINGLE  # one character (从, 取, 外): strong evidence only
    if bigram > bigram_spun + MARGIN:
        return True  # ordinary Chinese writes the repaired words next to each other
    return unigram > unigram_spun and bigram > bigram_spun - VETO  # likelier words, not vetoed


def likelier_by(text: str, start: int, pair: SpinPair) -> float:
    """How much likelier (natural log) the words around ``start`` read in ordinary Chinese with
    ``pair`` undone than as written: the evidence a repair stands on (可以或许 -> 能够 reads
    about 6.5 nats likelier after 这家公司). Scored in the text as written, so a repair
    made beside other swaps (second pass) or by the unigram path can come out below 0."""
    end = start + len(pair.spun)
    left, right = _context_window(text, start, end)
    return _score(text[left:start] + pair.original + text[end:right]) - _score(text[left:right])


def _inside_a_word(window: str, start: int, end: int) -> bool:
    """Is ``window[start:end]`` part of a longer word of the dictionary there (核心 in 核心技术)?"""
    jieba, _ = _model()
    at = 0
    for word in jieba.lcut(window, HMM=False):
        if at <= start and end <= at + len(word):
            return len(word) > end - start
        at += len(word)
    return False


def plausible_candidates(text: str, table: SpinTable) -> list[tuple[int, SpinPair]]:
    """Plausible spun forms, left to right, longest first, never overlapping.

    Two passes: a spinner swaps neighbouring words too ("逗留正在准绳层面"), so a form whose
    neighbours are spun reads oddly either way; the second pass weighs each form the first
    one left with the first pass's repairs made around it."""
    found, rejected = _first_pass(text, table)
    if not found or not rejected:
        return found
    repaired, where = _repaired_with(text, found)
    known: dict[str, tuple[float, float]] = {}
    for start, pair in rejected:
        if _plausible(repaired, where(start), pair, known):
            found.append((start, pair))
    return sorted(found, key=lambda item: item[0])


def _first_pass(text: str, table: SpinTable) -> tuple[list[tuple[int, SpinPair]], list[tuple[int, SpinPair]]]:
    found: list[tuple[int, SpinPair]] = []
    rejected: list[tuple[int, SpinPair]] = []
    taken = 0
    known: dict[str, tuple[float, float]] = {}
    # where a spun form may start (its first character); _forms_at says which start there
    starts = table.first_pattern or table.spun_pattern
    for match in starts.finditer(text):
        start = match.start()
        if start < taken:
            continue
        forms = _forms_at(text, start, table)
        for form in forms:
            pair = table.by_spun[form]
            if _plausible(text, start, pair, known):
                found.append((start, pair))
                taken = start + len(form)
                break
        else:
            if forms:
                rejected.append((start, table.by_spun[forms[0]]))
    taken_spans = [(s, s + len(p.spun)) for s, p in found]
    ends = [e for _, e in taken_spans]
    kept = []
    for start, pair in rejected:  # a rejected form inside an accepted one is gone
        at = bisect.bisect_right(ends, start)
        if at < len(taken_spans) and taken_spans[at][0] < start + len(pair.spun):
            continue
        kept.append((start, pair))
    return found, kept


def _repaired_with(text: str, found: list[tuple[int, SpinPair]]) -> tuple[str, Any]:
    """``text`` with the swaps of ``found`` undone, and a function from an offset of ``text``
    outside them to the same place in the repaired text."""
    parts, cursor, starts, shifts, shift = [], 0, [], [], 0
    for start, pair in found:
        parts += [text[cursor:start], pair.original]
        cursor = start + len(pair.spun)
        shift += len(pair.original) - len(pair.spun)
        starts.append(start)
        shifts.append(shift)
    parts.append(text[cursor:])

    def where(offset: int) -> int:
        at = bisect.bisect_right(starts, offset) - 1
        return offset + (shifts[at] if at >= 0 else 0)

    return "".join(parts), where


def _forms_at(text: str, start: int, table: SpinTable) -> list[str]:
    """Every spun form that starts at ``start``, longest first."""
    return [form for form in table.by_first.get(text[start], ()) if text.startswith(form, start)]


def weight_of_originals(text: str, table: SpinTable, candidates: list[tuple[int, SpinPair]]) -> float:
    """Weight of original forms the text still uses, outside the spun candidates (pooled)."""
    return pooled((form, weight) for _, weight, form in originals_at(text, table, candidates))


def weight_of_candidates(candidates: list[tuple[int, SpinPair]]) -> float:
    """Weight of the spun forms found (pooled: see :func:`pooled`)."""
    return pooled((pair.spun, pair.weight) for _, pair in candidates)


def pooled(items: Iterable[tuple[str, float]]) -> float:
    """The weight of occurrences of forms, each form counted ``1 + ln(n)`` times for ``n``
    occurrences: a spinner swaps many different words, while an ordinary text that is about
    moulds writes 模子 a dozen times; variety says "spun", repetition adds little.

    >>> round(pooled([("模子", 0.8)] * 12), 2), round(pooled([("模子", 0.8), ("手艺", 1.0)]), 2)
    (2.79, 1.8)
    """
    counts: Counter[str] = Counter()
    weights: dict[str, float] = {}
    for form, weight in items:
        counts[form] += 1
        weights[form] = max(weights.get(form, 0.0), weight)
    return sum(weights[form] * (1 + math.log(n)) for form, n in counts.items())


def originals_at(
    text: str, table: SpinTable, candidates: list[tuple[int, SpinPair]]
) -> list[tuple[int, float, str]]:
    """Where the text still uses an original form (outside the spun candidates), its weight and form.

    The weight is its pair's, times ``ABSENT`` when the text holds no spun form of that pair:
    a text that writes 信号 is not shown clean by a spinner's 旌旗灯号 that it never uses."""
    covered = [(s, s + len(p.spun)) for s, p in candidates]
    starts = [s for s, _ in covered]
    present = {p.spun for _, p in candidates}
    found = []
    for match in table.original_pattern.finditer(text):
        at = bisect.bisect_right(starts, match.start()) - 1
        if at >= 0 and match.start() < covered[at][1]:
            continue
        pairs = table.by_original[match.group()]
        weight = max(p.weight * (1.0 if p.spun in present else ABSENT) for p in pairs)
        found.append((match.start(), weight, match.group()))
    return found


# how much an original form says "clean" when the text holds no spun form of its pair: the pair
# may be another spinner's, and the tables together hold the originals of most of a text's words
ABSENT = 0.25
WORD_BELOW = 100  # jieba's count from which a word that a repair completes says "spun"


def completes_word(text: str, start: int, pair: SpinPair) -> bool:
    """Does undoing the swap at ``start`` complete a word with the characters next to it,
    a word that the spun form breaks (现正在 -> 现在, 存正在 -> 存在, 参取 -> 参与)? Ordinary
    text that writes 正在 or 取 legitimately completes no such word, nor one made of characters
    that belong to a word of their own (任何正在运行 is 任何 正在, not 何在), nor where the spun
    form makes a word of the dictionary too (复印机 beside 打印机)."""
    end = start + len(pair.spun)
    left, right = text[max(0, start - 3) : start], text[end : end + 3]
    return _crossing(left, pair.original, right) and not _crossing(left, pair.spun, right, below=1)


def _crossing(left: str, middle: str, right: str, below: int = WORD_BELOW) -> bool:
    """A word (jieba count ``below`` or more; by default a common one) made of ``middle`` and
    one or two characters of ``left`` or ``right`` next to it, characters that do not end (on
    the left) or begin (on the right) a common word with the character beyond them."""
    before = [
        left[i:] for i in range(max(0, len(left) - 2), len(left)) if not _bound(left[max(i - 1, 0) : i + 1])
    ]
    after = [right[:k] for k in range(1, min(2, len(right)) + 1) if not _bound(right[k - 1 : k + 1])]
    words = [part + middle for part in before] + [middle + part for part in after]
    return any(word_count(word) >= below for word in words)


def _bound(pair: str) -> bool:
    """Two characters that make a common word of their own (任何, 发现)."""
    return len(pair) == 2 and word_count(pair) >= WORD_BELOW
