"""What a figure measures: its subject, and the concepts two subjects are compared by.

The subject is the counted noun of a count ("chips"), the noun phrase after an "of" right
after the figure ("4.4% of US electricity demand", "50 GW of solar", 400吉瓦的备用电力), or
else the noun phrase its clause is about, read
backwards from the figure past verbs and change words ("US annual investment in data
centres doubled", "研究人员占比达到47%"). A language written with spaces reads words against
``stops`` and ``skip`` of ``data/<lang>/subjects.yaml``; one written without them reads the
segmenter's part-of-speech tags (nouns, verbal nouns, Latin names). A duration that sizes a
lead, lag or gap has that word as its subject (:mod:`~evidencekit.extract.gaps`); how two
subjects compare is :mod:`~evidencekit.extract.concepts`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from evidencekit.extract.candidates import Quantity
from evidencekit.extract.gaps import gap_word, is_gap
from evidencekit.lang.facts import has_unspaced, segmenter_tags
from evidencekit.lang.files import data_cache, languages
from evidencekit.lang.loader import load_language_file
from evidencekit.lang.patterns import CLAUSE_BREAK, LATIN_WORD

WINDOW = 60  # characters of the clause before a figure read for its subject
TAGGED = 24  # characters next to a figure given to the segmenter (a subject of max_words words)
_CLAUSE = CLAUSE_BREAK
_DATED = re.compile(r"\d{4}")  # "in FY2025": a date, not what a figure measures
_WORD = LATIN_WORD


@dataclass(frozen=True)
class SubjectWords:
    after_links: frozenset[str]
    joiners: frozenset[str]
    stops: frozenset[str]
    skip: frozenset[str]
    max_words: int
    concepts: dict[str, frozenset[str]]  # word (case folded) -> its concept ids (用电量: power, demand)
    longest_concept: int  # words in the longest concept phrase
    kind_concepts: dict[str, str]  # a kind whose unit says what is measured -> its concept
    actors: frozenset[str]  # concepts that say who, not what
    verb_endings: frozenset[str]  # endings of verb forms that end a noun phrase ("-ing")
    time_words: frozenset[str]  # a phrase after a link starting with one is a time ("in March")
    plural_endings: frozenset[str]  # endings dropped when subjects compare ("patents" ~ "patent")
    ending_nouns: frozenset[str]  # words with such an ending that are nouns ("spending")
    relative_to_document: frozenset[str]  # "of the date of this order": a figure measured from the document


@data_cache
def subject_words() -> SubjectWords:
    sets: dict[str, set[str]] = {
        k: set()
        for k in (
            "after_links",
            "joiners",
            "stops",
            "skip",
            "verb_endings",
            "ending_nouns",
            "time_words",
            "plural_endings",
            "relative_to_document",
        )
    }
    concepts: dict[str, set[str]] = {}
    kinds: dict[str, str] = {}
    longest, max_words = 1, 1
    actors: set[str] = set()
    for lang in languages():
        data = load_language_file(lang, "subjects")
        for key, found in sets.items():
            found.update(str(w).casefold() for w in data.get(key) or [])
        max_words = max(max_words, int(data.get("max_words") or 1))
        actors.update(str(w) for w in data.get("actors") or [])
        kinds.update({str(k): str(v) for k, v in (data.get("kind_concepts") or {}).items()})
        for concept, words in (data.get("concepts") or {}).items():
            for word in words or []:
                concepts.setdefault(str(word).casefold(), set()).add(str(concept))
                longest = max(longest, len(str(word).split()))
    return SubjectWords(
        **{k: frozenset(v) for k, v in sets.items()},
        max_words=max_words,
        concepts={word: frozenset(ids) for word, ids in concepts.items()},
        longest_concept=longest,
        kind_concepts=kinds,
        actors=frozenset(actors),
    )


def read_subjects(work: str, found: list[Quantity]) -> None:
    """Set the ``subject`` of every figure of ``found`` that is not a date."""
    previous_end = 0
    for q in found:
        if q.kind not in ("date", "number", None):
            q.subject = subject_of(work, q, previous_end)
        previous_end = q.end


def subject_of(work: str, q: Quantity, previous_end: int = 0) -> str | None:
    if q.kind == "count" and q.noun:
        return q.noun
    start = max(previous_end, q.start - WINDOW)
    before = work[start : q.start]
    after = work[q.end : q.end + WINDOW]
    if q.kind == "duration":
        gap = gap_word(before, after)
        if gap:
            return gap  # "3 months behind", 差距缩小至三个月: the size of a gap
        found = _subject(work, q, before, after)
        return None if is_gap(found) else found  # 落后产能将在三年内淘汰: no gap, and no gap word
    return _subject(work, q, before, after)


def _subject(work: str, q: Quantity, before: str, after: str) -> str | None:
    unspaced = has_unspaced(before) or has_unspaced(after[:2])
    if q.basis and after.lstrip().casefold().startswith(q.basis.casefold()):
        after = ""  # "grew 12% year on year": the basis, not what is measured
    if unspaced:
        found = _tagged_after(after) or _adjacent(after)
    else:
        found = _after_subject(after) or _modified(before, after)
    if found:
        return (
            found  # "4.4% of US electricity demand", "a $100,000 H-1B fee", 400吉瓦的预备电力, 45亿美元库存
        )
    breaks = [0, *(m.end() for m in _CLAUSE.finditer(before))]
    for clause_start in reversed(breaks[-2:]):  # the figure's clause, else the one before it
        clause = before[clause_start:]
        found = _tagged_subject(clause) if unspaced else _spaced_subject(clause)
        if found:
            return found
        before = before[:clause_start].rstrip(",，、 ")
    return None


def _tagged_after(after: str) -> str | None:
    """ "70%的在美AI研究人员": the nouns after a link word right after the figure."""
    words = subject_words()
    link = next((w for w in sorted(words.after_links, key=len, reverse=True) if after.startswith(w)), None)
    if link is None:
        return None
    end = _CLAUSE.search(after)
    return _tagged_run(after[len(link) : end.start() if end else len(after)], forward=True)


def _adjacent(after: str) -> str | None:
    """ "5000亿美元Stargate项目", "45亿美元库存": the nouns glued to the figure's end."""
    if not after or after[0].isspace() or _CLAUSE.match(after) or after[0] in "/／":
        return None
    end = _CLAUSE.search(after)
    own = after[: end.start() if end else len(after)]
    found = _tagged_run(own, forward=True)
    return found if found and own.startswith(found) else None


def _after_subject(after: str) -> str | None:
    """ "4.4% of US electricity demand", "a 20% share of China's market": the phrase after a
    link word right after the figure (or after one head word: "share of")."""
    words = subject_words()
    end = _CLAUSE.search(after)
    tokens = _WORD.findall(after[: end.start() if end else len(after)])
    head: list[str] = []
    if (
        len(tokens) > 1
        and tokens[1].casefold() in words.after_links
        and tokens[0].casefold() not in words.stops
    ):
        head, tokens = [tokens[0], tokens[1]], tokens[1:]
    if not tokens or tokens[0].casefold() not in words.after_links:
        return None
    phrase: list[str] = []
    for token in tokens[1:]:
        folded = token.casefold()
        if (
            folded in words.stops
            or token[0].isdigit()
            or _DATED.search(token)
            or _verbal(token)
            or len(phrase) >= words.max_words
        ):
            break
        if folded in words.joiners and not phrase:
            break
        phrase.append(token)
    if not _trim(list(phrase)) or phrase[0].casefold() in words.time_words:
        return None  # "rose 5% in March", "spent $5 billion on Friday": a time
    return _trim(head + phrase)


def _spaced_subject(clause: str) -> str | None:
    """The noun phrase the clause is about: backwards past verbs and modifiers, then words up
    to a stop word (joiners such as "in" kept inside: "investment in data centres")."""
    words = subject_words()
    tokens = _WORD.findall(clause)
    at = len(tokens)
    edge = words.stops | words.skip | words.joiners
    while at and (
        tokens[at - 1].casefold() in edge or tokens[at - 1][0].isdigit() or _verbal(tokens[at - 1])
    ):
        at -= 1
    phrase: list[str] = []
    while at and len(phrase) < words.max_words:
        token = tokens[at - 1]
        folded = token.casefold()
        if folded in words.stops or token[0].isdigit() or _verbal(token):
            break
        phrase.insert(0, token)
        at -= 1
    while phrase and phrase[0].casefold() in words.joiners:
        phrase.pop(0)
    return _trim(phrase)


def _verbal(token: str) -> bool:
    """A word with a verb's ending ("projecting", "receiving") that is no noun the data lists
    (``verb_endings`` and ``ending_nouns``: "spending", "computing")."""
    words = subject_words()
    folded = token.casefold()
    return folded not in words.ending_nouns and any(
        folded.endswith(e) and len(folded) > len(e) + 2 for e in words.verb_endings
    )


def _trim(phrase: list[str]) -> str | None:
    words = subject_words()
    while phrase and phrase[0].casefold() in words.skip | words.joiners:
        phrase.pop(0)
    while phrase and phrase[-1].casefold() in words.skip | words.joiners:
        phrase.pop()
    return " ".join(phrase) or None


def trailing_nouns(text: str) -> str:
    """The run of nouns that ends ``text`` (a language without spaces), "" when none:
    中国新增太阳能装机容量 -> 太阳能装机容量."""
    found = _tagged_run(text, forward=False)
    return found if found and text.endswith(found) else ""


def _tagged_subject(clause: str) -> str | None:
    """The last run of nouns before the figure, by the segmenter's tags (研究人员占比达到 ->
    研究人员; 占全国用电量的 -> 全国用电量)."""
    return _tagged_run(clause, forward=False)


def _tagged_run(text: str, *, forward: bool) -> str | None:
    """The run of nominal words (nouns, verbal nouns, Latin names joined by hyphens, concept
    words) nearest the figure: the first one of ``text`` after it (``forward``), else the last
    one before it."""
    from evidencekit.lang.segmenter import pos_tags

    tags = segmenter_tags()
    words = subject_words()
    nominal = (tags.noun, tags.verbal_noun, tags.foreign)
    text = text[:TAGGED] if forward else text[-TAGGED:]  # a subject is a few words: tag only those
    pairs = pos_tags(text)
    tagged = [
        (w, (flag.startswith(nominal) or w.casefold() in words.concepts) and w not in words.skip)
        for w, flag in pairs
    ]
    for i in range(1, len(tagged) - 1):  # "H-1B": a hyphen between two Latin names
        if tagged[i][0] in ("-", "‑") and pairs[i - 1][1] == tags.foreign and pairs[i + 1][1] == tags.foreign:
            tagged[i] = (tagged[i][0], True)
    if not forward:
        tagged.reverse()
        pairs = pairs[::-1]
    at = 0
    if not forward and pairs and pairs[0][1] == tags.verbal_noun:
        at = 1  # 上投资5000亿美元: a verbal noun right before the figure is its verb
    while at < len(tagged) and not tagged[at][1]:
        at += 1
    phrase = []
    while at < len(tagged) and tagged[at][1]:
        phrase.append(tagged[at][0])
        at += 1
    if not forward:
        phrase.reverse()
    return "".join(phrase[: words.max_words] if forward else phrase[-words.max_words :]) or None


def _modified(before: str, after: str) -> str | None:
    """ "a $100,000 H-1B fee": a figure between an article and a noun phrase modifies that noun."""
    words = subject_words()
    tokens = _WORD.findall(before[-8:])
    if not tokens or tokens[-1].casefold() not in words.skip or not before.rstrip().endswith(tokens[-1]):
        return None
    end = _CLAUSE.search(after)
    phrase: list[str] = []
    for token in _WORD.findall(after[: end.start() if end else len(after)]):
        if token.casefold() in words.stops or token[0].isdigit() or len(phrase) >= words.max_words:
            break
        phrase.append(token)
    return _trim(phrase)
