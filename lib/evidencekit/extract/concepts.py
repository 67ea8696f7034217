"""Concepts: what two figures' subjects name, so that claims compare like with like.

``concepts`` in ``data/<lang>/subjects.yaml`` name one thing in every language ("power
demand" and 电力需求 are {power, demand}); a word no concept knows stands for itself. The key
of a claim (:func:`claim_key`) holds the concepts and words of its subject, the concepts of
the words between its subject and the figure ("needs an additional" -> demand, new) and, for
a kind whose unit says what is measured (power, energy), that kind's concept. Its ``head``
is what the subject's last word names ("global AI patents" -> patent).

Two keys agree (:func:`same_subject`) when both say what is measured (not only who:
``actors``), each head is in the other key (unless the unit already says what is measured),
and they share at least ``overlap`` of the smaller key. A subject's bracketed topic (what a
gap is in: "lags (AI chip performance)") must agree as a whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from evidencekit.extract.subjects import subject_words
from evidencekit.lang.facts import has_unspaced
from evidencekit.lang.files import data_cache
from evidencekit.lang.patterns import CLAUSE_BREAK, LATIN_WORD, bounded

_WORD = LATIN_WORD
_CLAUSE = CLAUSE_BREAK
OVERLAP = 0.6


@dataclass(frozen=True)
class Key:
    items: frozenset[str]
    head: frozenset[str]
    by_unit: bool = False  # the kind's unit says what is measured (power, energy)
    topic: frozenset[str] = frozenset()  # what a gap is in: "lags (AI chip performance)"


def subject_key(subject: str | None) -> frozenset[str]:
    """The concepts (or else the words) of a subject.

    >>> sorted(subject_key("US electricity demand")) == sorted(subject_key("美国电力需求"))
    True
    """
    return frozenset(item for group in _groups(subject) for item in group)


def claim_key(subject: str | None, context: str = "", kind: str | None = None) -> Key:
    """The key of a claim: its subject, the concepts of ``context`` (the words of its clause
    before the figure) and its kind's concept.

    >>> a = claim_key("AI industry", "The AI industry needs an additional ", "power")
    >>> b = claim_key("新增电力需求", "到2028年新增电力需求将达到", "power")
    >>> same_subject(a, b)
    True
    """
    words = subject_words()
    subject, _, topic = (subject or "").partition(" (")
    groups = _groups(subject or None)
    items = {item for group in groups for item in group}
    if groups:
        items |= {c for group in _groups(context) for c in group if _is_concept(c)}
    concept = words.kind_concepts.get(kind or "")
    if concept and items:
        items.add(concept)
    topic_key = subject_key(topic.rstrip(")") or None)
    return Key(frozenset(items), _head(subject or None), concept is not None, topic_key)


def _head(subject: str | None) -> frozenset[str]:
    """What the subject's last word names, before a joined phrase ("top AI researchers in the
    US" -> researcher)."""
    words = subject_words()
    tokens = _tokens(subject) if subject else []
    cut = next((i for i, t in enumerate(tokens) if i and t in words.joiners), len(tokens))
    groups = _groups(" ".join(tokens[:cut]) if not has_unspaced(subject or "") else subject)
    return groups[-1] if groups else frozenset()


def same_subject(a: Key, b: Key, overlap: float = OVERLAP) -> bool:
    """Do two claim keys say the same thing is measured?

    >>> same_subject(claim_key("global AI patents"), claim_key("global AI investment"))
    False
    >>> same_subject(claim_key("China"), claim_key("中国"))  # who, not what is measured
    False
    """
    actors = subject_words().actors
    if not a.items - actors or not b.items - actors or a.topic != b.topic:
        return False  # who, not what; or gaps in different things ("lags (chips)", 落后)
    if not (a.by_unit or b.by_unit) and a.head and b.head and not (a.head & b.items and b.head & a.items):
        return False  # each head in the other: "AI infrastructure spending", "invest in AI infrastructure"
    return len(a.items & b.items) >= overlap * min(len(a.items), len(b.items))


def context_before(quote: str, surface: str) -> str:
    """The words of the figure's clause before it in its sentence ("" when not found)."""
    at = quote.find(surface)
    if at < 0:
        return ""
    before = quote[:at]
    starts = [m.end() for m in _CLAUSE.finditer(before)]
    return before[starts[-1] if starts else 0 :]


def _singular(token: str, endings: frozenset[str]) -> str:
    """A word without its plural ending (``plural_endings``: "patents" -> "patent"; not after
    the same letter: "process" stays)."""
    for ending in endings:
        stem = token.removesuffix(ending)
        if stem != token and len(stem) > 2 and not stem.endswith(ending):
            return stem
    return token


def _is_concept(item: str) -> bool:
    return item in _concept_ids()


@data_cache
def _concept_ids() -> frozenset[str]:
    return frozenset(c for ids in subject_words().concepts.values() for c in ids)


def _groups(subject: str | None) -> list[frozenset[str]]:
    """The concepts of each word (or phrase) of a subject, in order; a word no concept knows
    stands for itself (a plural "s" dropped)."""
    if not subject:
        return []
    words = subject_words()
    tokens = _tokens(subject)
    groups: list[frozenset[str]] = []
    at = 0
    while at < len(tokens):
        for size in range(min(words.longest_concept, len(tokens) - at), 0, -1):
            phrase = " ".join(tokens[at : at + size])
            if phrase in words.concepts:
                groups.append(words.concepts[phrase])
                at += size
                break
        else:
            token = tokens[at]
            if token not in words.skip and token not in words.joiners and token not in words.stops:
                groups.append(frozenset({_singular(token, words.plural_endings)}))
            at += 1
    return groups


def _tokens(subject: str) -> list[str]:
    """Words of a subject; in an unspaced script the concept words first (longest match), then
    the segmenter's words of what is left (研究人员 stays one word)."""
    if not has_unspaced(subject):
        return [t.casefold() for t in _WORD.findall(subject)]
    from evidencekit.lang.segmenter import tokenizer

    concepts = subject_words().concepts
    longest = _longest_word()
    tokens: list[str] = []
    rest: list[str] = []

    def flush() -> None:
        if rest:
            tokens.extend(
                str(w).casefold() for w in tokenizer().cut("".join(rest), HMM=False) if str(w).strip()
            )
            rest.clear()

    at, folded = 0, subject.casefold()
    while at < len(folded):
        size = next(
            (n for n in range(min(longest, len(folded) - at), 0, -1) if folded[at : at + n] in concepts), 0
        )
        if size:
            flush()
            tokens.append(folded[at : at + size])
            at += size
        else:
            rest.append(folded[at])
            at += 1
    flush()
    return tokens


@data_cache
def _longest_word() -> int:
    """The characters of the longest concept word (the longest match tried in unspaced text)."""
    return max((len(w) for w in subject_words().concepts), default=1)


@data_cache
def _relative_to_document() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The words after a figure ("of the date of this order") or right before it (本办法施行之日起)."""
    alternation = bounded(subject_words().relative_to_document)
    return (
        re.compile(rf"^\s*(?:{alternation})", re.IGNORECASE),
        re.compile(rf"(?:{alternation})\S{{0,2}}\s*$", re.IGNORECASE),
    )


def relative_to_document(quote: str, surface: str) -> bool:
    """Is the figure measured from the document itself ("within 180 days of the date of this
    order", 自本办法施行之日起)? Such a deadline is no claim another document can corroborate.

    >>> relative_to_document("Within 180 days of the date of this order, the EPA shall act.", "180 days")
    True
    """
    at = quote.find(surface)
    if at < 0:
        return False
    after, before = _relative_to_document()
    end = at + len(surface)
    return bool(after.search(quote[end : end + 60]) or before.search(quote[max(0, at - 30) : at]))
