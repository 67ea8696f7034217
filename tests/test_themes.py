"""Theme tagging on hand-labelled sentences (tests/cases/themes/cases.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from evidencekit import tag_themes
from evidencekit.themes import themes_of

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
