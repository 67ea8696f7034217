"""Grouped alternations and window endings match exactly what the plain expressions match."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evidencekit.extract.units import _entries, _form_pattern
from evidencekit.lang.patterns import Ending, phrases, spaced

LETTERS = "aAbBgGwWhHkK ß-$%.百分之万Kſ"
words = st.lists(st.text(LETTERS, min_size=1, max_size=5).map(str.strip).filter(bool), max_size=12)
texts = st.text(LETTERS, max_size=12)


def plain(items: list[str], render=spaced) -> str:
    ordered = sorted(set(items), key=lambda w: (-len(w), w))
    return "|".join(map(render, ordered)) or "(?!)"


def spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int] | None]:
    return [m.span() if (m := pattern.match(text, i)) else None for i in range(len(text) + 1)]


@settings(max_examples=400, deadline=None)
@given(words, texts, st.booleans())
def test_grouped_alternation_matches_as_the_plain_one(items: list[str], text: str, fold: bool) -> None:
    flags = re.IGNORECASE if fold else 0
    grouped = re.compile(phrases(items, ignore_case=fold), flags)
    assert spans(grouped, text) == spans(re.compile(plain(items), flags), text)


@settings(max_examples=400, deadline=None)
@given(words.filter(bool), texts, st.data(), st.booleans())
def test_an_ending_finds_what_the_expression_finds(
    items: list[str], head: str, data: st.DataObject, fold: bool
) -> None:
    word = data.draw(st.sampled_from(items))
    text = (
        head
        + (word.swapcase() if data.draw(st.booleans()) else word)
        + data.draw(st.sampled_from(["", " ", "  \t"]))
    )
    flags = re.IGNORECASE if fold else 0
    pattern = rf"(?:{plain(items)})\s*$"
    found, expected = Ending(pattern, items, flags).search(text), re.search(pattern, text, flags)
    assert (found and found.span()) == (expected and expected.span())


@pytest.mark.parametrize("case_sensitive", [False, True])
def test_every_unit_form_of_the_data_matches_as_before(case_sensitive: bool) -> None:
    forms = [u.form for u, cs in _entries("units") if cs == case_sensitive]
    flags = 0 if case_sensitive else re.IGNORECASE
    grouped = re.compile(phrases(forms, ignore_case=not case_sensitive, render=_form_pattern), flags)
    before = re.compile(plain(forms, _form_pattern), flags)
    text = " ".join(f"5 {form}{tail}" for form in forms for tail in ("", "s", "2", " x"))
    assert spans(grouped, text) == spans(before, text)


def test_a_pattern_that_does_not_begin_with_its_word_is_refused() -> None:
    with pytest.raises(ValueError, match="must begin with its first character"):
        phrases(["ab", "ac"], ignore_case=False, render=lambda w: "x" + w)


TRAP_PIECES = ["15 U.S.C. 4651(7)", "128 points", "3h ago", "GPT-4", " ", "1,", "2024", "年", "月", "日电"]
TRAP_PIECES += ["§ 734.9", "Q2", "v1.2.3", "第", "号", "(1)", "\n", "https://a.b/2024/", "7"]
TRAP_PIECES += ["1.5", "up ", "x"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TRAP_PIECES), max_size=40))
def test_the_trap_scan_finds_what_the_one_alternation_finds(pieces: list[str]) -> None:
    from evidencekit.extract.grammar import grammar

    text = "".join(pieces)
    for traps in (grammar().traps, grammar().bare_traps):
        assert traps.spans(text) == traps._alternation(text)


@pytest.mark.parametrize(
    ("parts", "text"),
    [
        (["a", "ab"], "abab"),  # the first expression wins where both start
        (["ab", "b+"], "abbb"),  # a later expression whose match lies inside a taken one searches again
        (["x?"], "yxy"),  # an empty match: the alternation's own rules
        (["(?<=a)b", "ab"], "aab"),  # look-behind sees the text before the search's start
    ],
)
def test_first_of_is_the_alternation(parts: list[str], text: str) -> None:
    from evidencekit.lang.patterns import FirstOf

    named = [f"(?P<t{i}>{p})" for i, p in enumerate(parts)]
    first = FirstOf([re.compile(p) for p in named], re.compile("|".join(named)))
    assert first.spans(text) == first._alternation(text)
