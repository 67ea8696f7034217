"""Theme tagging on hand-labelled sentences (tests/cases/themes/cases.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from evidencekit import tag_themes
from evidencekit.extract.themes import lexicon, themes_of

# pieces of text around English theme terms: terms in odd case, hyphens, plurals, neighbours
_TERM_PIECES = [
    "chip", "Chips", "export control", "export-controls", "GPU", "gpus", " ", "-", "x", "s",
    "bargaining chip", "Nvidia", "talent", "3", "電力", ".", "power grid", "ſ", "\u212a",
    "energy", "Energy-", "semiconductor", "AI", "ai", "data center", "datacentres",
]  # fmt: skip

CASES = yaml.safe_load((Path(__file__).parent / "cases/themes/cases.yaml").read_text(encoding="utf-8"))[
    "cases"
]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_theme_case(case: dict) -> None:
    hits = tag_themes(case["text"])
    assert themes_of(hits) == case["themes"], f"{case['id']}: {hits}"
    found = {h.term.lower() for h in hits}
    assert {t.lower() for t in case["terms"]} <= found, f"{case['id']}: {sorted(found)}"
    for hit in hits:
        assert case["text"][hit.char_start : hit.char_end].lower().startswith(hit.term.lower()[:2])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_TERM_PIECES), max_size=12).map("".join))
def test_alternation_finds_what_the_whole_pattern_finds(text: str) -> None:
    """The first-letter dispatch of the English terms is an optimisation: same matches."""
    matcher = lexicon().spaced_matcher
    expected = [(m.start(), m.end(), m.group()) for m in matcher.pattern.finditer(text)]
    assert [(m.start(), m.end(), m.group()) for m in matcher.finditer(text)] == expected
    excluded = lexicon().not_matcher
    expected = [(m.start(), m.end()) for m in excluded.pattern.finditer(text)]
    assert [(m.start(), m.end()) for m in excluded.finditer(text)] == expected
