"""Page chrome is never evidence and never a claim (cases in tests/cases/chrome/, issue #12)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from evidencekit import metrics_table, split_sentences
from evidencekit.ingest.readers import read_document

CASES = yaml.safe_load((Path(__file__).parent / "cases/chrome/cases.yaml").read_text(encoding="utf-8"))[
    "cases"
]


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_chrome_case(case: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / f"case{case.get('suffix', '.txt')}"
    path.write_text(case["text"], encoding="utf-8")
    document = read_document(path)
    where = f"tests/cases/chrome/cases.yaml, case {case['id']}"
    sentences = [s.text for s in split_sentences(document)]
    table = metrics_table(document)
    spans = list(zip(table["char_start"], table["char_end"], strict=True))
    for chrome in case.get("chrome", []):
        start = document.text.index(chrome)
        end = start + len(chrome)
        assert not any(chrome in sentence for sentence in sentences), f"{where}: {chrome!r} is evidence"
        assert not any(s < end and start < e for s, e in spans), f"{where}: a metric overlaps {chrome!r}"
    for text in case.get("no_claims", []):
        start = document.text.index(text)
        end = start + len(text)
        assert not any(s < end and start < e for s, e in spans), f"{where}: a metric overlaps {text!r}"
    for kept in case.get("kept", []):
        assert any(kept in sentence for sentence in sentences), f"{where}: {kept!r} lost"
    for claim in case.get("claims", []):
        assert claim in set(table["surface"]), (
            f"{where}: claim {claim!r} not found in {list(table['surface'])}"
        )
    if "sentences" in case:
        assert len(sentences) == case["sentences"], f"{where}: {sentences}"
    for key in ("date", "title"):
        if key in case:
            assert document.meta[key] == case[key], f"{where}: meta {key} {document.meta[key]!r}"
