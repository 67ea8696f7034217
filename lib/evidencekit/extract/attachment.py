"""Attachment: what a number carries with it.

A sign ("-5%", 负三), a scale word or suffix ("50 billion", "$1.2bn"), a unit after it or a
prefix before it ("$", 人民币), the measure word and noun it counts (30个项目), and the
qualifiers around it ("more than", 约, 左右).
"""

from __future__ import annotations

import re

from evidencekit.extract.candidates import Quantity
from evidencekit.extract.change import is_total
from evidencekit.extract.grammar import grammar, qualifier_name
from evidencekit.extract.numbers import number_words
from evidencekit.extract.units import unit_after, unit_before
from evidencekit.lang.facts import segmenter_tags, unspaced_characters
from evidencekit.lang.files import data_cache
from evidencekit.lang.patterns import Ending, phrases

_SCALE_WORD = re.compile(r"[ \u00a0]?([A-Za-z]+)(?![A-Za-z])")
_SCALE_SUFFIX = re.compile(r"([ \u00a0]?)([A-Za-z]+)(?![A-Za-z0-9])")


@data_cache
def _negative_word_re() -> Ending:
    words = number_words().negative_words
    latin = phrases([w for w in words if w.isascii()], ignore_case=True, render=re.escape)
    han = phrases([w for w in words if not w.isascii()], ignore_case=True, render=re.escape)
    return Ending(rf"(?:(?<![A-Za-z])(?:{latin})\s+|(?:{han})\s*)$", words, re.IGNORECASE)


def attach_sign(work: str, q: Quantity) -> None:
    """A sign that stands alone before a number ("+12%", "-5%"), not a range dash ("30-40")."""
    sign = work[q.start - 1 : q.start] if q.start else ""
    if sign in number_words().negative_signs:  # 负三十二
        q.low, q.high, q.start = -q.high, -q.low, q.start - 1
        return
    word = _negative_word_re().search(work[max(0, q.start - 12) : q.start])
    if word:  # "minus five", 零下5度
        q.low, q.high, q.start = -q.high, -q.low, q.start - len(word.group())
        return
    if sign not in ("+", "-", "−"):
        return
    before = work[q.start - 2] if q.start >= 2 else " "
    if q.start >= 3 and work[q.start - 3].isdigit() and unspaced_characters().match(before):
        return  # "2015年-2020年": a dash after a number and its unit joins a range
    if before.isspace() or before in "(（:：,，=、" or unspaced_characters().match(before):
        if sign != "+":
            q.low, q.high = -q.high, -q.low
        q.start -= 1


def attach_scale(work: str, q: Quantity) -> None:
    """A scale word after digits ("50 billion", "322 hundred") or a suffix ("$1.2bn", "671B")."""
    if not q.digits:
        return
    vocab = number_words()
    found = _SCALE_WORD.match(work[q.end : q.end + 16])
    word = found.group(1).lower() if found else ""
    scale = vocab.scales.get(word) or vocab.multiples.get(word)
    if found is None or scale is None:
        found, scale = _suffix_scale(work, q)
    if found is not None and scale is not None:
        q.low, q.high, q.end, q.scaled = q.low * scale, q.high * scale, q.end + found.end(), True
        q.trailing_scale = scale


def _suffix_scale(work: str, q: Quantity) -> tuple[re.Match[str] | None, float | None]:
    """An abbreviated scale: glued ("5k", "671B", "2k名"; not "910B芯片") or spaced ("2.33 k")."""
    found = _SCALE_SUFFIX.match(work[q.end : q.end + 5])
    suffix = number_words().suffix_scales.get(found.group(2)) if found else None
    if found is None or suffix is None:
        return None, None
    after = q.end + found.end()
    glued = unspaced_characters().match(work, after)
    if glued and not (classifier_at(work, after) or unit_after(work, after)):
        return None, None  # a word of a language without spaces after it makes a name: 910B芯片
    value, needs_currency = suffix
    if needs_currency and (found.group(1) or not unit_before(work, q.start)):
        return None, None  # "$5m" is five million; "5m" may be metres, "$5 m" anything
    return found, value


def attach_unit(work: str, q: Quantity) -> None:
    pos = q.end
    words = number_words()
    if work[pos : pos + 1] and work[pos] in words.approximate_after:  # 十多年, 6个多月
        found = unit_after(work, pos + 1)
        if found and not found[0].requires_scale:
            q.qualifier = "more than"
            pos += 1
    found = unit_after(work, pos)
    if not found:
        return
    unit, start, end = found
    if unit.requires_scale and not q.scaled:
        return
    q.unit, q.unit_raw, q.end = unit, work[start:end], end
    q.qualifier = unit.qualifier or q.qualifier
    if words.half and work.startswith(words.half, end) and q.rule != "half":
        q.low, q.high, q.end = q.low + 0.5, q.high + 0.5, end + len(words.half)  # 一年半, 三成半


def attach_prefix(work: str, q: Quantity) -> None:
    found = unit_before(work, q.start)
    if not found:
        return
    unit, start = found
    if q.unit is None or q.unit.unit == unit.unit:  # "4人民币 5美元": 人民币 is not 5's prefix
        q.start = start
        if q.unit is None:
            q.unit, q.unit_raw = unit, unit.form
        q.rule = "prefix"


def attach_qualifiers(work: str, q: Quantity) -> None:
    """Adjacent qualifiers become part of the metric: "约一个季度", "more than 100 GW"."""
    if q.kind == "date":
        return
    g = grammar()
    window_start = max(0, q.start - 24)
    before = g.qualifier_before.search(work[window_start : q.start])
    if (
        before
        and qualifier_name(before.group()) == "at most"
        and is_total(work[max(0, window_start - 16) : window_start + before.start()])
    ):
        before = None  # "adding up to 80,000 chips" is a total, not a bound
    if before:
        q.qualifier = qualifier_name(before.group()) or q.qualifier
        q.start = window_start + before.start()
    after = g.qualifier_after.match(work, q.end)
    if (
        after
        and not after.group()[-1].isalnum()
        and (after.group()[0].isspace() or _symbol_next(work, after.end()))
    ):
        after = None  # a sign as a qualifier is glued and ends the figure: "40%+", not "9.83e-3 +/- 1e-5"
    if after and after.group().strip():
        q.qualifier = qualifier_name(after.group()) or q.qualifier
        q.end = after.end()


def _symbol_next(work: str, pos: int) -> bool:
    return work[pos : pos + 1] in ("/", "-", "±") or work[pos : pos + 1].isdigit()


def classifier_at(work: str, pos: int) -> bool:
    """A measure word at ``pos`` that is a word of its own (条 in 301条款 is not)."""
    if work[pos : pos + 1] not in grammar().classifiers:
        return False
    from evidencekit.lang.segmenter import first_word

    first = first_word(work[pos : pos + 6])
    return first is not None and first == work[pos]


def segmented_noun(text: str) -> str | None:
    """The noun phrase at the start of ``text``, a language without spaces, by the segmenter's
    part-of-speech tags (``segmenter_tags`` in ``data/<lang>/language.yaml``)."""
    from evidencekit.lang.segmenter import iter_pos_tags

    t = segmenter_tags()
    glue = (t.numeral, t.verbal_noun)  # neither is a noun: one only by the word after it
    nouns: list[str] = []
    # tagged only as far as needed (jieba's slow model runs on an unknown stretch only when
    # it is reached): the word after a noun is read only to decide on a number or a verbal noun
    tags = iter_pos_tags(text)
    current = next(tags, None)
    while current is not None and len(nouns) < 3:
        word, flag = current
        following = None
        if flag in glue:
            following = next(tags, None)
            after = following[1] if following is not None else ""
            glued_name = flag == t.numeral and not nouns and after == t.foreign
            verbal = flag == t.verbal_noun and after.startswith(t.noun)
            if not (verbal or glued_name):
                break
        elif not (flag.startswith(t.noun) or flag == t.foreign):
            break  # nouns, verbal nouns (研究人员) and Latin names (H20芯片, 5G基站)
        nouns.append(word)
        current = following if flag in glue else next(tags, None)
    return "".join(nouns) or None
