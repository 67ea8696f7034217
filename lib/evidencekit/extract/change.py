"""Change: how an analyst reads a figure among its words.

A figure is a level ("12% of chips") unless the words around it make it a change or a
comparison with a ``direction`` ("up 12%", "同比下降20%", "3x cheaper"); a change may name its
``basis`` ("year on year", "since 2020", "than GPT-4"); "from 38% to 47%" gives the two levels
the ``role`` of start and end; a rate keeps its denominator (``per``: "$40 per MWh"). A
multiple with a word of less after it is the inverse factor ("8x less" = ×1/8). The words are
data (``data/<lang>/change.yaml``); the conventions are in ``tests/cases/metrics/README.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from evidencekit.extract.candidates import Quantity
from evidencekit.extract.subjects import trailing_nouns
from evidencekit.lang.facts import has_unspaced
from evidencekit.lang.files import data_cache, data_root, languages
from evidencekit.lang.loader import compile_pattern, load_language_file
from evidencekit.lang.patterns import CLAUSE_BREAK, bounded

WINDOW = 40  # characters before and after a figure read for its change words
SENTENCE_WINDOW = 90  # characters before a figure read for its basis ("Since 2020, ... fell 30%")
_CLAUSE_END = re.compile(r"[.;!?。；！？\n]")
_SENTENCE_END = re.compile(r"(?<![A-Z])[.!?](?=\s)|[。！？]")


@dataclass(frozen=True)
class ChangeWords:
    """The compiled words of every language's ``change.yaml``."""

    cue: re.Pattern[str]  # a change word (or a phrase that is none) ending the words before a figure
    any_cue: re.Pattern[str]  # a change word anywhere in the words before a figure
    directions: dict[str, str | None]  # cue word -> up, down, or None (not a cue)
    after: re.Pattern[str]  # a change word right after a figure
    after_directions: dict[str, str]
    start: re.Pattern[str]  # "from" ending the words before
    end: re.Pattern[str]  # "to" ending the words before; group rest is what stands before it
    basis_words: re.Pattern[str]
    basis_names: dict[str, str]
    basis_after: tuple[re.Pattern[str], ...]
    basis_before: tuple[re.Pattern[str], ...]
    per_after: tuple[re.Pattern[str], ...]
    per_before: tuple[re.Pattern[str], ...]
    totals: re.Pattern[str]
    static_multiples: frozenset[str]
    comparison_after: tuple[re.Pattern[str], ...]  # after a multiple word: a comparison ("double America's")
    coordinated: re.Pattern[str]  # the words between two figures joined as one ("12% and 15%", 和)
    multiple_after: tuple[re.Pattern[str], ...]  # after a multiple, past a short noun: 33倍性能跃升
    restated: re.Pattern[str]  # the words between a figure and one restating it ("，也就是", ", i.e.")
    date_glue: str


def _key(word: str) -> str:
    return " ".join(word.casefold().split())


def _patterns(lang: str, data: dict[str, Any], key: str, groups: tuple[str, ...]) -> list[re.Pattern[str]]:
    path = data_root() / lang / "change.yaml"
    items = data.get(key) or []
    return [compile_pattern(p, path, None, key, groups) for p in items if isinstance(p, str)]


@data_cache
def change_words() -> ChangeWords:
    directions: dict[str, str | None] = {}
    after: dict[str, str] = {}
    links: set[str] = set()
    starts: set[str] = set()
    ends: set[str] = set()
    basis: dict[str, str] = {}
    totals: set[str] = set()
    static: set[str] = set()
    glue: set[str] = set()
    coordinators: set[str] = set()
    restatements: set[str] = set()
    patterns: dict[str, list[re.Pattern[str]]] = {}
    for lang in languages():
        data = load_language_file(lang, "change")
        for direction in ("up", "down"):
            directions.update({_key(w): direction for w in data.get(f"{direction}_before") or []})
            after.update({_key(w): direction for w in data.get(f"{direction}_after") or []})
        directions.update({_key(w): None for w in data.get("not_cues") or []})
        links.update(data.get("links") or [])
        starts.update(data.get("start_before") or [])
        ends.update(data.get("end_before") or [])
        basis.update({_key(k): str(v) for k, v in (data.get("basis_words") or {}).items()})
        totals.update(data.get("totals_before") or [])
        static.update(_key(w) for w in data.get("static_multiples") or [])
        glue.update(data.get("date_glue") or [])
        coordinators.update(str(w) for w in data.get("coordinators") or [])
        restatements.update(str(w) for w in data.get("restatements") or [])
        for key, groups in (
            ("basis_after", ()),
            ("basis_before", ()),
            ("per_after", ("per",)),
            ("per_before", ("per",)),
            ("comparison_after", ()),
            ("multiple_after", ()),
        ):
            patterns.setdefault(key, []).extend(_patterns(lang, data, key, groups))
    link = rf"(?:\s*(?:{bounded(links)}))*" if links else ""
    return ChangeWords(
        cue=re.compile(rf"(?P<word>{bounded(set(directions))}){link}\s*$", re.IGNORECASE),
        any_cue=re.compile(rf"(?P<word>{bounded(set(directions))})", re.IGNORECASE),
        directions=directions,
        after=re.compile(rf"\s*(?P<word>{bounded(set(after))})", re.IGNORECASE),
        after_directions=after,
        start=re.compile(rf"(?:{bounded(starts)})\s*$", re.IGNORECASE),
        end=re.compile(rf"(?P<rest>.*?)(?:{bounded(ends)})\s*$", re.IGNORECASE | re.DOTALL),
        basis_words=re.compile(bounded(set(basis)), re.IGNORECASE),
        basis_names=basis,
        basis_after=tuple(patterns["basis_after"]),
        basis_before=tuple(patterns["basis_before"]),
        per_after=tuple(patterns["per_after"]),
        per_before=tuple(patterns["per_before"]),
        totals=re.compile(rf"(?:{bounded(totals)})\s*$", re.IGNORECASE),
        static_multiples=frozenset(static),
        comparison_after=tuple(patterns["comparison_after"]),
        multiple_after=tuple(patterns["multiple_after"]),
        coordinated=re.compile(rf"\s*,?\s*(?:{bounded(coordinators)})\s*", re.IGNORECASE),
        restated=re.compile(
            rf"\s*[,，(（]?\s*(?:{bounded(restatements) if restatements else '(?!)'})\s*[,，:：]?\s*",
            re.IGNORECASE,
        ),
        date_glue=bounded(glue) if glue else "(?!)",
    )


def is_total(window: str) -> bool:
    """Words before "up to" that make it a total, not a bound: "adding up to 80,000 chips"."""
    return change_words().totals.search(window) is not None


def read_changes(work: str, found: list[Quantity]) -> list[Quantity]:
    """Set the direction, basis, role and denominator of every figure of ``found`` (in order);
    return the figures that stay claims (a factor word with no change about it, "a twofold
    aim", is none)."""
    words = change_words()
    dates = [q for q in found if q.kind == "date"]
    previous: Quantity | None = None
    figures = [q for q in found if q.kind not in ("date", "number")]  # a bare number is read as it is
    dropped: set[int] = set()
    for index, q in enumerate(figures):
        following = figures[index + 1].start if index + 1 < len(figures) else len(work)
        sentence_low = max(previous.end if previous else 0, q.start - SENTENCE_WINDOW)
        low = _clause_start(work, max(sentence_low, q.start - WINDOW), q.start)
        before = _without_dates(work, low, q.start, dates, words.date_glue)
        _read_before(words, work, q, before, previous if previous and previous.end >= low else None)
        high = min(following, q.end + WINDOW)
        after = _read_after(words, work, q, high)
        if (
            q.direction is None
            and index + 1 < len(figures)
            and words.coordinated.fullmatch(work[q.end : following])
        ):
            q.direction = _after_direction(words, work, figures[index + 1])  # "17.7%和16.9%的高增速"
        if q.direction is None and _listed_after(words, work, previous, q):
            q.direction = previous.direction  # type: ignore[union-attr]  # 同比增幅1712%、1121.21%
        if q.direction is None and previous is not None and _restates(words, work, previous, q):
            q.direction, q.basis = (
                previous.direction,
                q.basis or previous.basis,
            )  # "大1-2个量级，也就是10-100倍"
        if q.direction is None and q.role is None and _parenthesised(work, q):
            q.direction = _sentence_direction(
                words, work[: q.start]
            )  # "wage growth was strongest in X (4.8%)"
        _read_basis(words, work, q, (low, sentence_low), after, high)
        _read_per(words, work, q, low, high)
        if _static(words, work, q) and q.direction is None:
            dropped.add(id(q))
        previous = q
    return [q for q in found if id(q) not in dropped]


def _clause_start(work: str, low: int, start: int) -> int:
    ends = [m.end() for m in _CLAUSE_END.finditer(work, low, start)]
    return ends[-1] if ends else low


def _without_dates(work: str, low: int, high: int, dates: list[Quantity], glue: str) -> str:
    """The words before a figure with the dates among them (and their glue: "in", 的) left out."""
    parts, at = [], low
    for d in dates:
        if low <= d.start and d.end <= high:
            parts.append(work[at : d.start])
            at = d.end
    parts.append(work[at:high])
    if len(parts) == 1:
        return parts[0]
    joined = "\0".join(parts)
    return re.sub(rf"(?:\s*(?:{glue}))?\s*\0\s*(?:(?:{glue})\s*)?", " ", joined, flags=re.IGNORECASE)


def _direction(words: ChangeWords, window: str) -> tuple[bool, str | None]:
    """(a change word or a phrase that is none ends ``window``, its direction)."""
    found = words.cue.search(window)
    if found is None:
        return False, None
    return True, words.directions.get(_key(found.group("word")))


def _read_before(words: ChangeWords, work: str, q: Quantity, before: str, previous: Quantity | None) -> None:
    hit, direction = _direction(words, before)
    if not hit and has_unspaced(before[-2:]):
        nouns = trailing_nouns(before)  # 新增太阳能装机容量3亿千瓦: the change word before the subject
        if nouns:
            hit, direction = _direction(words, before[: -len(nouns)])
    if hit and direction is None:  # a phrase that is no change word ("set up", 甚至)
        before = ""
    if direction is not None:  # "rose by 12%", 增速为5%: a change word (with its link) ends the words
        q.direction = direction
        return
    if words.start.search(before):
        q.role = "start"
        return
    end = words.end.match(before)
    if end is not None and (_changing(words, end.group("rest")) or _continues(previous)):
        q.role = "end"  # "rose to 47%", "cut the tariff on chips to 10%", "from 38% to 47%"
        return
    if (
        q.kind == "multiple"
        and q.rule == "multiple:word"
        and not _static(words, work, q)
        and not any(p.match(work, q.end) for p in words.comparison_after)  # not "double America's"
    ):
        q.direction = "up" if q.low > 1 else "down" if q.low < 1 else None


def _read_after(words: ChangeWords, work: str, q: Quantity, high: int) -> int:
    """Read a change word right after the figure; return where the words after it begin."""
    found = words.after.match(work, q.end, high)
    if found is None:
        if q.kind == "multiple":  # 33倍性能跃升: a change word after the noun the factor is of
            q.direction = q.direction or _pattern_direction(words.multiple_after, work[q.end : high])
        return q.end
    direction = words.after_directions.get(_key(found.group("word")))
    if direction is None:
        return q.end
    if q.kind == "multiple":
        if direction == "down" and q.low > 0:
            q.low, q.high = 1 / q.high, 1 / q.low
        q.end = found.end()
    q.direction = q.direction or direction
    return found.end()


def _pattern_direction(patterns: tuple[re.Pattern[str], ...], text: str) -> str | None:
    for pattern in patterns:
        found = pattern.match(text)
        if found is not None:
            return "up" if found.groupdict().get("up") else "down" if found.groupdict().get("down") else None
    return None


def _parenthesised(work: str, q: Quantity) -> bool:
    """A figure alone in brackets after what it is of: "Assemblers (11.6%)", "火电（4.1%）"."""
    return work[q.start - 1 : q.start] in ("(", "（") and work[q.end : q.end + 1] in (")", "）")


def _sentence_direction(words: ChangeWords, before: str) -> str | None:
    """The direction of the last change word of the sentence before a bracketed figure."""
    sentence = _SENTENCE_END.split(before)[-1]
    found = [words.directions.get(_key(m.group("word"))) for m in words.any_cue.finditer(sentence)]
    return next((d for d in reversed(found) if d is not None), None)


def _after_direction(words: ChangeWords, work: str, q: Quantity) -> str | None:
    found = words.after.match(work, q.end, q.end + WINDOW)
    return words.after_directions.get(_key(found.group("word"))) if found else None


def _read_basis(
    words: ChangeWords, work: str, q: Quantity, lows: tuple[int, int], after_start: int, high: int
) -> None:
    """Basis words in the figure's clause or after it; basis patterns after it, or before it
    in its sentence ("Since 2020, imports have fallen 30%"). A pattern that names a direction
    (``up``/``down`` groups: 比上一代快1.6倍, 便宜约三成) makes the figure a comparison."""
    low, sentence_low = lows
    named = _nearest(words.basis_words, work, q, low, high)
    basis = words.basis_names.get(_key(named.group())) if named is not None else None
    if basis is None:
        basis = _basis_pattern(words, q, work[after_start:high], work[sentence_low : q.start])
    if q.direction is None and q.role is None:
        q.direction = _signed(work, q, basis if named is None or not _cut_off(work, q, named) else None)
    if q.direction is not None or q.kind == "multiple":
        q.basis = basis


def _nearest(pattern: re.Pattern[str], work: str, q: Quantity, low: int, high: int) -> re.Match[str] | None:
    """The match of ``pattern`` in ``work[low:high]`` that belongs to the figure: the one not cut
    off from it by a comma, else the nearer ("+69% YoY, +12% QoQ"; 同比减少8.5%，环比上升2.1%)."""
    after = pattern.search(work, q.end, high)
    matches = list(pattern.finditer(work, low, q.start))
    before = matches[-1] if matches else None
    if before is None or after is None:
        return before or after
    cut = (_cut_off(work, q, before), _cut_off(work, q, after))
    if cut[0] != cut[1]:
        return after if cut[0] else before
    return after if after.start() - q.end < q.start - before.end() else before


def _cut_off(work: str, q: Quantity, named: re.Match[str]) -> bool:
    """True when a clause break (a comma, a semicolon, a bracket…) stands between the figure and ``named``."""
    gap = work[named.end() : q.start] if named.end() <= q.start else work[q.end : named.start()]
    return CLAUSE_BREAK.search(gap) is not None


def _signed(work: str, q: Quantity, basis: str | None) -> str | None:
    """A sign written before a figure states a change: "+69% YoY", "EPS $0.81 (+33% y/y)";
    a minus does only with a basis ("-3.2% QoQ"), since "a margin of -5%" is a level. (The sign
    is part of the figure: ``attachment.attach_sign`` put it there and made the value negative.)"""
    if work.startswith("+", q.start):
        return "up"
    return "down" if q.high < 0 and basis is not None else None


def _read_per(words: ChangeWords, work: str, q: Quantity, low: int, high: int) -> None:
    after = work[q.end : high]
    for pattern in words.per_after:
        found = pattern.match(after)
        if found is not None:
            q.per = found.group("per")  # the surface stays the figure; `per` keeps the denominator
            return
    before = work[low : q.start]
    for pattern in words.per_before:  # searched in the clause: 每吉瓦智算中心投资约100亿美元
        found = pattern.search(before)
        if found is not None:
            q.per = found.group("per")
            return


def _static(words: ChangeWords, work: str, q: Quantity) -> bool:
    """A factor word ("twofold") that is a claim only beside a change word ("a twofold rise")."""
    return q.rule == "multiple:word" and _key(work[q.start : q.end].split()[-1]) in words.static_multiples


def _basis_pattern(words: ChangeWords, q: Quantity, after: str, before: str) -> str | None:
    for pattern, text in [
        *((p, after) for p in words.basis_after),
        *((p, before) for p in words.basis_before),
    ]:
        found = pattern.search(text)
        if found is None:
            continue
        groups = found.groupdict()
        if q.direction is None and q.role is None:
            q.direction = "up" if groups.get("up") else "down" if groups.get("down") else None
        if groups.get("since"):
            return f"since {groups['since']}"
        if groups.get("base"):
            return groups["base"].strip().rstrip(".,;:") or None
    return None


def _changing(words: ChangeWords, rest: str) -> bool:
    """A change word in the clause before "to"/至: a word of two letters or more anywhere in it
    ("cut the tariff on chips to"), a one-character word only where it ends (升至, not 高校…达到)."""
    clause = re.split(r"[,，、;；]", rest)[-1].rstrip()
    return any(
        words.directions.get(_key(m.group("word"))) is not None
        and (len(m.group("word")) > 1 or m.end() == len(clause))
        for m in words.any_cue.finditer(clause)
    )


def _listed_after(words: ChangeWords, work: str, previous: Quantity | None, q: Quantity) -> bool:
    """``q`` follows a change of its own kind in a list ("rose 12% and 15%", 增幅1712%、1121.21%,
    高7.3和1.1个百分点): the change word before the first one governs both."""
    return (
        previous is not None
        and previous.direction is not None
        and previous.kind == q.kind
        and words.coordinated.fullmatch(work[previous.end : q.start]) is not None
    )


def _continues(previous: Quantity | None) -> bool:
    """The figure before began a change ("from 38%") or was one ("rose 12% to $5 billion")."""
    return previous is not None and (previous.role == "start" or previous.direction is not None)


def _restates(words: ChangeWords, work: str, previous: Quantity, q: Quantity) -> bool:
    """``q`` restates the figure right before it ("，也就是10-100倍", ", i.e. 75%")."""
    return words.restated.fullmatch(work[previous.end : q.start]) is not None
