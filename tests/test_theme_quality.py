"""Theme tagging against hand-labelled sentences (tests/cases/themes/labelled.yaml).

The sentences were labelled by meaning, independently of the lexicons, and none of them
is a lexicon term. These floors catch a lexicon edit that breaks tagging; the full table
(per theme, per language, dev and held-out halves) is printed by bench/theme_quality.py
and reported in the README.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from evidencekit.extract.themes import theme_ids, theme_scores
from evidencekit.lang.loader import languages, load_language_file

LABELLED = yaml.safe_load((Path(__file__).parent / "cases/themes/labelled.yaml").read_text(encoding="utf-8"))[
    "sentences"
]
SCORES = {row["theme"]: row for row in theme_scores(LABELLED)}


def test_the_set_is_large_and_covers_every_theme_in_both_languages() -> None:
    assert len(LABELLED) >= 150
    assert len({s["id"] for s in LABELLED}) == len(LABELLED)
    for lang in ("en", "zh"):
        part = [s for s in LABELLED if s["lang"] == lang]
        for theme in theme_ids():
            assert sum(theme in (s["themes"] or []) for s in part) >= 10, (lang, theme)


def test_no_labelled_sentence_is_a_lexicon_term() -> None:
    terms = {
        str(term).lower()
        for lang in languages()
        for table in load_language_file(lang, "themes")["themes"].values()
        for term in table
    }
    assert not [s["id"] for s in LABELLED if s["text"].lower().strip(" .。") in terms]


def test_overall_precision_and_recall() -> None:
    assert SCORES["all"]["precision"] >= 0.8
    assert SCORES["all"]["recall"] >= 0.65


@pytest.mark.parametrize("theme", theme_ids())
def test_every_theme_is_precise_and_found(theme: str) -> None:
    assert SCORES[theme]["precision"] >= 0.65, SCORES[theme]
    assert SCORES[theme]["recall"] >= 0.4, SCORES[theme]
