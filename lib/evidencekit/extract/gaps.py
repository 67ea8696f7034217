"""Gaps: a duration that sizes a lead, a lag or a gap between competitors.

"China is three to six months behind", 差距缩小至三个月, "a two-year lead": the duration's
subject is the gap word, and only such durations go into the "how far behind" chart. A
duration whose clause holds a gap word is no gap when the word belongs to a phrase that sizes
nothing between competitors ("behind schedule", 落后产能) or when the duration is the period
something happened in ("over the past five years", 在过去五年). The words are data in
``data/<lang>/subjects.yaml`` (``gap_words``, ``gap_after``, ``not_gaps``, ``period_before``).

A gap may say what it is in ("one to two years in terms of AI chip performance", 在芯片方面
落后两年): the subject then carries that topic in brackets, "lags (AI chip performance)", so
that a lag in chips and a lag in models are not one claim (``gap_topics``, patterns with a
``topic`` group).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from evidencekit.lang.files import data_cache, data_root, languages
from evidencekit.lang.loader import compile_pattern, load_language_file
from evidencekit.lang.patterns import CLAUSE_BREAK, bounded

_CLAUSE = CLAUSE_BREAK


@dataclass(frozen=True)
class GapWords:
    gap: re.Pattern[str]  # a gap word (of either list) anywhere in the duration's clause
    after: re.Pattern[str]  # a gap word right after the duration (two words between at most)
    not_gaps: re.Pattern[str]
    period: re.Pattern[str]  # a period word right before the duration
    topics: tuple[re.Pattern[str], ...]  # what a gap is in ("in terms of AI chip performance")


@data_cache
def gap_words() -> GapWords:
    keys = ("gap_words", "gap_after", "not_gaps", "period_before", "after_links")
    found: dict[str, set[str]] = {k: set() for k in keys}
    topics = []
    for lang in languages():
        data = load_language_file(lang, "subjects")
        for key, words in found.items():
            words.update(str(w) for w in data.get(key) or [])
        path = data_root() / lang / "subjects.yaml"
        patterns = data.get("gap_topics") or []
        topics += [compile_pattern(p, path, None, "gap_topics", ("topic",)) for p in patterns]
    return GapWords(
        gap=re.compile(bounded(found["gap_words"] | found["gap_after"]), re.IGNORECASE),
        after=re.compile(
            rf"^[\s-]*(?:[A-Za-z]+[\s-]+){{0,2}}(?:(?:{bounded(found['after_links'])})\s*)?"
            rf"(?P<word>{bounded(found['gap_after'])})",
            re.IGNORECASE,
        ),
        not_gaps=re.compile(bounded(found["not_gaps"]), re.IGNORECASE),
        period=re.compile(rf"(?:{bounded(found['period_before'])})\s*$", re.IGNORECASE),
        topics=tuple(topics),
    )


def gap_word(before: str, after: str) -> str | None:
    """The gap word that makes a duration the size of a gap, from the words of its clause
    ``before`` and ``after`` it; None when it sizes no gap.

    >>> gap_word("China is ", " behind the US."), gap_word("The fab is ", " behind schedule.")
    ('behind', None)
    >>> gap_word("over the past ", " the gap grew"), gap_word("a ", "-year military lead")
    (None, 'lead')
    """
    words = gap_words()
    starts = [m.end() for m in _CLAUSE.finditer(before)]
    own_before = before[starts[-1] if starts else 0 :]
    end = _CLAUSE.search(after)
    own_after = after[: end.start() if end else len(after)]
    if words.period.search(own_before):
        return None  # "over the past two years", 在过去五年: a period, not a gap's size
    right_after = words.after.match(own_after)
    clause = words.not_gaps.sub(" ", own_before + " \0 " + own_after)
    anywhere = words.gap.search(clause)
    found = right_after.group("word") if right_after else anywhere.group() if anywhere else None
    if found is None:
        return None
    topic = next((m.group("topic").strip() for p in words.topics if (m := p.search(clause))), None)
    return f"{found} ({topic})" if topic else found


def is_gap(subject: str | None) -> bool:
    """Does a duration's subject say it is the size of a gap (a lead or a lag)?

    >>> is_gap("behind"), is_gap("落后"), is_gap("ban"), is_gap(None)
    (True, True, False, False)
    """
    return subject is not None and gap_words().gap.fullmatch(subject.split(" (")[0].strip()) is not None
