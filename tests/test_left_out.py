"""Figures that cannot be represented are left out with a reason, never passed on: the
extractor names them, a store and open_evidence mark their document with a warning and keep
its other rows."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from evidencekit import cli, extract_metrics, open_evidence
from evidencekit.archive.store import read_manifest, read_store
from evidencekit.errors import UNREPRESENTABLE

OVERFLOW_CASES = [
    # (text, surface left out)
    ("a 1e400 W plant", "1e400 W"),
    ("a 10^309 GW grid", "10^309 GW"),
    ("about " + "9" * 400 + " MW of capacity", "about " + "9" * 400 + " MW"),
    ("a 1e400 chance", "1e400 chance"),  # a count of a noun, like "1e6 users"
    ("10^309", "10^309"),  # a magnitude stated, like "10^25"
    ("花费1e400美元", "1e400美元"),
    ("$1e999 in revenue", "$1e999"),
]

KEPT_CASES = ["1e300 W", "10^25 FLOP", "3.8×10^24 FLOP", "9" * 400, "see https://example.org/1e400"]


@pytest.mark.parametrize(("text", "surface"), OVERFLOW_CASES)
def test_an_unrepresentable_value_is_left_out_with_its_reason(text: str, surface: str) -> None:
    left_out: list = []
    metrics = extract_metrics(text, left_out=left_out)
    spans = [(item.surface, text[item.char_start : item.char_end]) for item in left_out]
    assert spans == [(surface, surface)]
    assert "too large" in left_out[0].reason
    assert all(math.isfinite(m.value_low) and math.isfinite(m.value_high) for m in metrics)


@pytest.mark.parametrize("text", KEPT_CASES)
def test_representable_values_and_bare_numbers_leave_nothing_out(text: str) -> None:
    left_out: list = []
    extract_metrics(text, left_out=left_out)
    assert left_out == []


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "huge.txt").write_text("Plants.\n\nA plant of 1e400 W was planned, and 50 GW in 2028.\n")
    (folder / "fine.txt").write_text("China added 50 GW of solar power in 2024.\n")
    return folder


def test_extract_keeps_the_document_and_warns_with_the_line(corpus: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert cli.main(["extract", str(corpus), "--out", str(store)]) == 0
    files = read_manifest(store).set_index("path")
    huge = files.loc["huge.txt"]
    assert (huge["status"], huge["code"]) == ("warning", UNREPRESENTABLE)
    assert "'1e400 W' at line 3" in huge["reason"]
    assert files.loc["fine.txt", "status"] == "ok"
    metrics = read_store(store, "metrics")
    assert sorted(metrics[metrics["doc_id"] == "huge"]["surface"]) == ["2028", "50 GW"]


def test_open_evidence_marks_the_document_and_keeps_its_rows(corpus: Path) -> None:
    data = open_evidence(corpus_dir=corpus)
    assert sorted(data.metrics[data.metrics["doc_id"] == "huge"]["surface"]) == ["2028", "50 GW"]
    files = data.files.set_index("doc_id")
    assert (files.loc["huge", "status"], files.loc["huge", "code"]) == ("warning", UNREPRESENTABLE)
    assert files.loc["fine", "status"] == "ok"
