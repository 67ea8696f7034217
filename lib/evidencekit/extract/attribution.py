"""Who a sentence quotes: "Sachs admitted that ...", "according to Sachs", "萨克斯承认".

Reporting verbs and the words that never name a person live in
``data/<lang>/attribution.yaml``. In a language written with spaces (English) names are
runs of capitalised words before a reporting verb or after "according to"; in one without
spaces (Chinese) they are the segmenter's person-name tokens (``segmenter_tags`` in
``data/<lang>/language.yaml``: jieba's ``nr``) before a reporting verb.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from evidencekit.lang.facts import segmenter_tags, writing_of
from evidencekit.lang.files import data_cache, forget_with_data
from evidencekit.lang.loader import languages, load_language_file
from evidencekit.lang.patterns import phrases

_NAME = r"(?:[A-Z][a-z]*\.\s)?[A-Z][\w'’-]*[a-z][\w'’-]*(?:\s(?:[A-Z][\w'’-]*[a-z][\w'’-]*|[A-Z]\.))*"


@dataclass(frozen=True)
class Attribution:
    """Compiled attribution rules of every language: capitalised names (languages with word
    spaces) and segmenter-tagged names (languages without)."""

    spaced_verb: re.Pattern[str]
    spaced_according: re.Pattern[str]
    not_names: frozenset[str]
    segmented_verbs: frozenset[str]
    segmented_between: int
    segmented_not_names: frozenset[str]
    act_markers: frozenset[str]  # after a reporting verb: an act, not words quoted (宣布的项目)


@data_cache
def attribution() -> Attribution:
    """Load ``attribution.yaml`` of each language that has one, merged by how names are found."""
    en, zh = _merged(spaced=True), _merged(spaced=False)  # capitalised names, tagged names
    verbs = phrases([str(v) for v in en.get("verbs", [])], ignore_case=False)
    adverbs = phrases([str(a) for a in en.get("adverbs", [])], ignore_case=False)
    according = phrases([str(a) for a in en.get("according", [])], ignore_case=True)
    return Attribution(
        re.compile(rf"(?<![\w'’-])(?P<name>{_NAME})\s+(?:(?:{adverbs})\s+)*(?:{verbs})\b"),
        re.compile(rf"\b(?i:{according})\s+(?P<name>{_NAME})"),
        frozenset(str(n) for n in [*en.get("not_names", []), *en.get("titles", [])]),
        frozenset(str(v) for v in zh.get("verbs", [])),
        int(zh.get("between", 3)),
        frozenset(str(n) for n in zh.get("not_names", [])),
        frozenset(str(m) for m in zh.get("act_markers", [])),
    )


def _merged(spaced: bool) -> dict[str, Any]:
    """The attribution rules of the languages written with (or without) spaces, merged."""
    merged: dict[str, Any] = {}
    for lang in languages():
        if writing_of(lang).word_spacing != spaced:
            continue
        for key, value in load_language_file(lang, "attribution").items():
            merged[key] = [*merged.get(key, []), *value] if isinstance(value, list) else value
    return merged


@forget_with_data
@lru_cache(maxsize=4096)  # asked once per metric of a sentence: answer once per sentence
def quoted_speaker(text: str) -> str | None:
    """The person whose words ``text`` reports, if it names one.

    >>> quoted_speaker("Sachs admitted that China was only three to six months behind.")
    'Sachs'
    >>> quoted_speaker("The US side later clarified that the gap is one to two years.") is None
    True
    >>> quoted_speaker("布坎南准确地指出，但他对人才政策语焉不详。")
    '布坎南'
    """
    rules = attribution()
    for pattern in (rules.spaced_according, rules.spaced_verb):
        for match in pattern.finditer(text):
            name = _strip_not_names(match.group("name"), rules.not_names)
            if name:
                return name
    return _segmented_speaker(text, rules)


def _strip_not_names(name: str, not_names: frozenset[str]) -> str | None:
    """Drop leading words that name no person ("Treasury Secretary Bessent" keeps "Bessent")."""
    words = name.split()
    while words and (words[0] in not_names or words[0].rstrip("'’s") in not_names):
        words.pop(0)
    if not words or " ".join(words) in not_names:
        return None
    return " ".join(words)


def _segmented_speaker(text: str, rules: Attribution) -> str | None:
    from evidencekit.lang.segmenter import pos_tags

    if not any(verb in text for verb in rules.segmented_verbs):
        return None  # no reporting verb: no need to tag every word
    names = segmenter_tags()
    tags = pos_tags(text)
    for index, (word, flag) in enumerate(tags):
        if not flag.startswith(names.person) or word in rules.segmented_not_names or len(word) < 2:
            continue
        window = tags[index + 1 : index + 2 + rules.segmented_between]
        for at, (follower, follower_flag) in enumerate(window):
            if follower in rules.segmented_verbs:
                after = window[at + 1][0] if at + 1 < len(window) else ""
                if after in rules.act_markers:  # 特朗普宣布的项目: an act, not words quoted
                    break
                return word
            if follower_flag == names.punctuation:  # punctuation ends the clause
                break
    return None
