"""Table-driven cases of corroboration and lags (#13): ``tests/cases/claims/*.yaml``.

``corroboration.yaml``: tiny documents and the figures that are one claim (``same``) or must
not be (``different``), by ``compare_claims``. ``lags.yaml``: a sentence with one duration
and whether it sizes a lead, lag or gap (the lag chart shows only those). The format is in
``tests/cases/claims/README.md``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

import evidencekit as ek
from evidencekit.extract.gaps import is_gap
from evidencekit.report.claims import compare_claims

CASES = Path(__file__).parent / "cases" / "claims"


def _load(name: str) -> list[dict[str, Any]]:
    path = CASES / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
        message = f"{path.name}: expected a mapping with the key 'cases' (a list)"
        raise ValueError(message)
    ids = [case.get("id") for case in data["cases"]]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        message = f"{path.name}: duplicate ids {duplicates}"
        raise ValueError(message)
    return list(data["cases"])


def _params(name: str) -> list[Any]:
    if not (CASES / name).is_file():
        return []
    return [
        pytest.param(case, id=case["id"], marks=[pytest.mark.xfail(reason=case["xfail"], strict=True)])
        if case.get("xfail")
        else pytest.param(case, id=case["id"])
        for case in _load(name)
    ]


def _row(claims: pd.DataFrame, corpus: ek.Corpus, doc_id: str, surface: str) -> Any:
    """The claim row of ``doc_id`` whose span overlaps ``surface`` in the document's text."""
    text = corpus[doc_id].text
    start = text.find(surface)
    assert start >= 0, f"{surface!r} is not in document {doc_id}"
    end = start + len(surface)
    rows = claims[(claims["doc_id"] == doc_id) & (claims["char_start"] < end) & (claims["char_end"] > start)]
    assert len(rows), f"no claim of {doc_id} overlaps {surface!r}: {claims[claims['doc_id'] == doc_id]}"
    return rows.iloc[0]


@pytest.mark.parametrize("case", _params("corroboration.yaml"))
def test_corroboration_case(tmp_path: Path, case: dict[str, Any]) -> None:
    for doc_id, text in case["docs"].items():
        (tmp_path / f"{doc_id}.txt").write_text(text + "\n", encoding="utf-8")
    corpus = ek.load_corpus(tmp_path)
    claims = compare_claims(corpus)
    if "same" in case:
        rows = [_row(claims, corpus, doc, surface) for doc, surface in case["same"]]
        ids = {row["claim_id"] for row in rows}
        shown = [(r["doc_id"], r["surface"], r["subject"], r["direction"], r["year"]) for r in rows]
        assert len(ids) == 1, f"expected one claim, got {sorted(ids)}: {shown}"
    if "different" in case:
        rows = [_row(claims, corpus, doc, surface) for doc, surface in case["different"]]
        ids = [row["claim_id"] for row in rows]
        shown = [(r["doc_id"], r["surface"], r["subject"], r["direction"], r["year"]) for r in rows]
        assert len(set(ids)) == len(ids), f"expected separate claims, got {ids}: {shown}"


@pytest.mark.parametrize("case", _params("lags.yaml"))
def test_lag_case(case: dict[str, Any]) -> None:
    durations = [m for m in ek.extract_metrics(case["text"]) if m.kind == "duration"]
    assert len(durations) == 1, f"expected one duration in {case['text']!r}, got {durations}"
    assert is_gap(durations[0].subject) is case["lag"], (durations[0].surface, durations[0].subject)


def test_enough_cases() -> None:
    corroboration = _params("corroboration.yaml")
    lags = _params("lags.yaml")
    assert len(corroboration) >= 40, len(corroboration)
    assert len(lags) >= 30, len(lags)
