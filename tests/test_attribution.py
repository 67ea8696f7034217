"""Who a sentence quotes (tests/cases/attribution/cases.yaml) and speakers in evidence rows."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from evidencekit import evidence_table, load_corpus
from evidencekit.extract.attribution import quoted_speaker

HERE = Path(__file__).parent
CASES = yaml.safe_load((HERE / "cases/attribution/cases.yaml").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_quoted_speaker(case: dict) -> None:
    assert quoted_speaker(case["text"]) == case["speaker"]


def test_speakers_and_outlets_of_the_seeds() -> None:
    rows = evidence_table(load_corpus(HERE.parent / "seeds"))
    by_doc = {doc: set(group.speaker.dropna()) for doc, group in rows.groupby("doc_id")}
    assert "Sachs" in by_doc["004_42a3e7e1f291c0a6"]  # news: the person quoted
    assert by_doc["002_508b4d799a7d30db"] <= {"Paul Triolo", "Nicolas Palau"}  # comments: their authors
    assert "Dwarkesh Patel" in by_doc["003_9fe6c5c9c9ee8f17"]  # transcript: the front matter's speaker
    news = rows[rows.doc_id == "004_42a3e7e1f291c0a6"]
    assert set(news.outlet) == {"toutiao.com"}
