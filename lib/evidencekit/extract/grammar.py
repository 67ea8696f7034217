"""The words around numbers: qualifiers, range markers, dates, counted nouns and traps.

Compiled once from ``data/<lang>/grammar.yaml`` of every language. The engine in
``metrics.py`` asks these matchers questions; it holds no words of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from evidencekit.lang.files import data_cache
from evidencekit.lang.loader import languages, load_language_file
from evidencekit.lang.patterns import Ending, FirstOf, phrases


@dataclass(frozen=True)
class Grammar:
    """Compiled grammar of every language."""

    qualifier_before: Ending
    qualifier_after: re.Pattern[str]
    qualifiers: dict[str, str]
    connector: re.Pattern[str]
    connectors: frozenset[str]  # lower-case: each joins a range alone ("to"); the rest need an opener ("and")
    ratio_separator: str  # between two Arabic numbers ("100:1", "100比1")
    ratio_words: re.Pattern[str]  # Latin words between two bare numbers: a fraction ("1 over 3")
    ratio_to_one: str  # "3 to 1": words that join a ratio to one (a range never falls)
    openers: dict[str, str]
    change_openers: frozenset[str]  # openers of a change between two figures ("from 10% to 20%")
    stated_range_before: Ending  # "range from 30 to 50 GW": a stated range after all
    stated_range_after: re.Pattern[str]  # "从2000亿元到3000亿元不等"
    opener_before: Ending
    date_preposition_before: re.Pattern[str]
    duration_preposition_before: re.Pattern[str]  # "in a decade" is a span of time, not "a decade" as a rate
    month_before: re.Pattern[str]
    month_after: re.Pattern[str]
    standalone_date: re.Pattern[str]  # a period named on its own ("Q2"): a date with no value
    decade_after: re.Pattern[str]
    count_stopwords: frozenset[str]
    vague_before: Ending
    vague_after: re.Pattern[str]
    referential_before: Ending  # "这两个方针": a spelled number after these refers, not counts
    classifiers: frozenset[str]
    digit_classifiers: frozenset[str]  # count only after digits: 36次, but 两次 is "twice"
    name_prefix_before: Ending
    traps: FirstOf
    trap_names: tuple[str, ...]
    bare_traps: FirstOf  # traps named bare_*: only checked when bare numbers are asked for
    bare_trap_names: tuple[str, ...]


def _phrases(items: list[str] | set[str], fold: bool = True) -> str:
    """Alternation of phrases, longest first, spaces matching any whitespace; ``fold`` when
    the expression ignores case."""
    return phrases(items, ignore_case=fold)


def _bounded(items: list[str] | set[str], fold: bool = True) -> str:
    """Latin phrases must stand as whole words; Han phrases need no boundary."""
    latin = [p for p in items if p[0].isascii()]
    han = [p for p in items if not p[0].isascii()]
    return f"(?<![A-Za-z])(?:{_phrases(latin, fold)})(?![A-Za-z])|(?:{_phrases(han, fold)})"


def _ending(items: list[str]) -> Ending:
    """Phrases that end the words before a number (white space may follow), any case."""
    return Ending(rf"(?:{_bounded(items)})\s*$", items, re.IGNORECASE)


def _merged() -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for lang in languages():
        for key, value in load_language_file(lang, "grammar").items():
            if key == "trap_patterns":  # names may repeat across languages
                value = {f"{lang}:{name}": pattern for name, pattern in value.items()}
            if isinstance(value, dict):
                merged.setdefault(key, {}).update(value)
            else:
                merged.setdefault(key, []).extend(value or [])
    return merged


@data_cache
def grammar() -> Grammar:
    """Compile the grammar of every language into one set of matchers."""
    data = _merged()
    before, after = data.get("qualifiers_before", {}), data.get("qualifiers_after", {})
    connectors = [str(c) for c in data.get("range_connectors", [])]
    openers = {k.lower(): v for k, v in data.get("range_openers", {}).items()}
    month_alt = _phrases(list(data.get("month_names", {})))
    prefixes = [p.replace("{months}", month_alt) for p in data.get("date_prefixes", [])]
    patterns = data.get("trap_patterns", {})
    traps = _trap_patterns({k: v for k, v in patterns.items() if not _is_bare(k)}, data.get("names", []))
    bare = _trap_patterns({k: v for k, v in patterns.items() if _is_bare(k)}, [])
    ordinals = data.get("ordinal_prefixes", [])
    separators = [str(s) for s in data.get("ratio_separators", [])]
    return Grammar(
        qualifier_before=_ending(list(before)),
        qualifier_after=re.compile(rf"\s*(?:{_bounded(list(after))})", re.IGNORECASE),
        qualifiers={k.lower(): v for k, v in {**before, **after}.items()},
        connector=re.compile(rf"\s*(?:{_bounded(connectors + list(openers.values()))})\s*", re.IGNORECASE),
        connectors=frozenset(c.lower() for c in connectors),
        openers=openers,
        change_openers=frozenset(str(o).lower() for o in data.get("change_openers", [])),
        stated_range_before=_ending(data.get("stated_range_before", [])),
        stated_range_after=re.compile(
            rf"\s*(?:{_bounded(data.get('stated_range_after', []))})", re.IGNORECASE
        ),
        ratio_separator=_phrases([s for s in separators if not _is_latin_word(s)], fold=False),
        ratio_words=re.compile(
            rf"\s+(?:{_phrases([s for s in separators if _is_latin_word(s)])})\s+", re.IGNORECASE
        ),
        ratio_to_one=_phrases([str(w) for w in data.get("ratio_to_one", [])]),
        opener_before=_ending(list(openers)),
        date_preposition_before=re.compile(
            rf"(?:{_bounded(data.get('date_prepositions', []))})[\s-]*$", re.IGNORECASE
        ),
        duration_preposition_before=re.compile(
            rf"(?:{_bounded(data.get('duration_prepositions', []))})\s+$", re.IGNORECASE
        ),
        month_before=re.compile(rf"(?:{'|'.join(prefixes) or '(?!)'})$", re.IGNORECASE),
        month_after=re.compile("|".join(data.get("date_suffixes", [])) or "(?!)"),
        standalone_date=re.compile("|".join(data.get("standalone_dates", [])) or "(?!)"),
        decade_after=re.compile(_phrases(data.get("decade_suffixes", []), fold=False) + r"(?![A-Za-z])"),
        count_stopwords=frozenset(w.lower() for w in data.get("count_stopwords", [])),
        vague_before=_ending(data.get("vague_before", [])),
        vague_after=re.compile(rf"\s*(?:{_bounded(data.get('vague_after', []), fold=False)})"),
        referential_before=_ending(data.get("referential_before", [])),
        classifiers=frozenset(data.get("classifiers", [])),
        digit_classifiers=frozenset(data.get("digit_classifiers", [])),
        name_prefix_before=Ending(
            rf"(?<![A-Za-z])(?:{_phrases(data.get('name_prefixes', []), fold=False)})[ \u00a0]$"
            + (f"|(?:{_phrases(ordinals, fold=False)})$" if ordinals else ""),
            [*data.get("name_prefixes", []), *ordinals],
        ),
        traps=traps[0],
        trap_names=traps[1],
        bare_traps=bare[0],
        bare_trap_names=bare[1],
    )


def _is_bare(name: str) -> bool:
    """ "en:bare_pronoun_one": a trap of bare numbers only ("which one", never a metric anyway)."""
    return name.split(":", 1)[-1].startswith("bare_")


def _is_latin_word(phrase: str) -> bool:
    """ "over", "out of": Latin letters and spaces only (not ":", "-to-", 比)."""
    return phrase.isascii() and phrase.replace(" ", "").isalpha()


def _trap_patterns(patterns: dict[str, str], listed: list[str]) -> tuple[FirstOf, tuple[str, ...]]:
    """All traps as one alternation, one named group each, scanned by :class:`FirstOf`
    (each expression on its own, the same matches as the alternation's one pass).

    Patterns match case-insensitively, except list numbering, which needs its case and
    anchors each line (``(?m)`` in the data becomes a scoped flag here).
    """
    parts: list[str] = []
    names: list[str] = []
    for index, (name, pattern) in enumerate(patterns.items()):
        multiline = pattern.startswith("(?m)")
        body = pattern[4:] if multiline else pattern
        flags = ("m" if multiline else "") + ("" if name.endswith(":list_number") else "i")
        parts.append(f"(?P<t{index}>(?{flags}:{body}))" if flags else f"(?P<t{index}>{body})")
        names.append(name)
    if listed:
        parts.append(f"(?P<t{len(names)}>{_bounded([str(n) for n in listed], fold=False)})")
        names.append("name")
    alternation = re.compile("|".join(parts) or "(?!)")
    return FirstOf([re.compile(part) for part in parts], alternation), tuple(names)


def qualifier_name(phrase: str) -> str | None:
    """The qualifier a phrase stands for.

    >>> qualifier_name("More  than"), qualifier_name("左右")
    ('more than', 'approximate')
    """
    return grammar().qualifiers.get(re.sub(r"\s+", " ", phrase.strip()).lower())


def trap_spans(text: str, bare: bool = False) -> list[tuple[int, int, str]]:
    """Spans of ``text`` that are never metrics (citations, URLs, model names, ...); with
    ``bare``, also what is never a bare number ("which one").

    >>> [name for *_, name in trap_spans("DeepSeek's V3 [5][6] at 00:28")]
    ['en:glued_name', 'en:citation', 'en:citation', 'en:time_of_day']
    >>> [name for *_, name in trap_spans("Which one do you want?", bare=True)]
    ['en:bare_pronoun_one']
    """
    g = grammar()
    spans = _spans(text, g.traps, g.trap_names)
    return spans + _spans(text, g.bare_traps, g.bare_trap_names) if bare else spans


def _spans(text: str, traps: FirstOf, names: tuple[str, ...]) -> list[tuple[int, int, str]]:
    return [(start, end, names[index]) for start, end, index in traps.spans(text)]
