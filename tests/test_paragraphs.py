"""Lines join into paragraphs where the text was wrapped (cases in tests/cases/paragraphs/)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from evidencekit import metrics_table, split_sentences
from evidencekit.records import Document, Meta

CASES = yaml.safe_load((Path(__file__).parent / "cases/paragraphs/cases.yaml").read_text(encoding="utf-8"))[
    "cases"
]


def _document(text: str) -> Document:
    return Document("case", Path("case.txt"), text, text, Meta())


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_paragraph_case(case: dict[str, Any]) -> None:
    document = _document(case["text"])
    sentences = split_sentences(document)
    where = f"tests/cases/paragraphs/cases.yaml, case {case['id']}"
    assert [s.text for s in sentences] == case["sentences"], where
    for sentence in sentences:
        assert document.text[sentence.char_start : sentence.char_end] == sentence.text, where
    if "claims" in case:
        table = metrics_table(document)
        assert list(table["surface"]) == case["claims"], where
        for start, end, surface in zip(table["char_start"], table["char_end"], table["surface"], strict=True):
            assert document.text[start:end] == surface, where
