"""Evidence and metrics tables of the bundled corpus: schema, provenance, and every claim."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

import evidencekit as ek
from evidencekit.evidence.schemas import EVIDENCE_COLUMNS, METRIC_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = yaml.safe_load((ROOT / "tests/cases/seeds/metrics.yaml").read_text(encoding="utf-8"))
NEVER_METRICS = [
    "V3.2",
    "GPT-5",
    "Gemini 3.0",
    "H20",
    "H800",
    "H-1B",
    "[7]",
    "[1]",
    "00:28",
    "1834609760488841",
    "17 more",
    "第二个",
    "第一次",
    "七年战争",
    "三十年战争",
]


@pytest.fixture(scope="module")
def corpus(seed_corpus: ek.Corpus) -> ek.Corpus:
    return seed_corpus


@pytest.fixture(scope="module")
def metrics(corpus: ek.Corpus) -> pd.DataFrame:
    return ek.metrics_table(corpus)


def test_metrics_table_has_the_fixed_schema(metrics: pd.DataFrame) -> None:
    assert list(metrics.columns) == list(METRIC_COLUMNS)
    assert {c: str(t) for c, t in metrics.dtypes.items()} == METRIC_COLUMNS
    assert metrics.equals(metrics.sort_values(["doc_id", "char_start"]).reset_index(drop=True))


def test_evidence_table_has_the_fixed_schema(corpus: ek.Corpus) -> None:
    for document in corpus:
        table = ek.evidence_table(document)
        assert list(table.columns) == list(EVIDENCE_COLUMNS)
        assert {c: str(t) for c, t in table.dtypes.items()} == EVIDENCE_COLUMNS


@pytest.mark.parametrize("doc_id", sorted(EXPECTED))
def test_every_claim_of_every_seed(metrics: pd.DataFrame, doc_id: str) -> None:
    rows = metrics[metrics.doc_id == doc_id]
    actual = [
        [
            r.surface,
            r.kind,
            r.value_low,
            r.value_high,
            r.unit,
            None if pd.isna(r.qualifier) else r.qualifier,
            None if pd.isna(r.year) else int(r.year),
        ]
        for r in rows.itertuples()
    ]
    expected = [[s, k, float(lo), float(hi), u, q, y] for s, k, lo, hi, u, q, y in EXPECTED[doc_id] or []]
    assert actual == expected


def test_offsets_point_into_the_raw_text(corpus: ek.Corpus, metrics: pd.DataFrame) -> None:
    for row in metrics.itertuples():
        text = corpus[row.doc_id].text
        assert text[row.char_start : row.char_end] == row.surface
        assert row.surface in row.quote


def test_evidence_quotes_point_into_the_raw_text(corpus: ek.Corpus) -> None:
    for document in corpus:
        for row in ek.evidence_table(document).itertuples():
            assert document.text[row.char_start : row.char_end] == row.quote


@pytest.mark.parametrize("trap", NEVER_METRICS)
def test_no_seed_metric_is_a_known_non_metric(metrics: pd.DataFrame, trap: str) -> None:
    assert not metrics.surface.str.contains(trap, regex=False).any()


def test_issue_2_headline_claims(metrics: pd.DataFrame) -> None:
    def one(surface: str) -> pd.Series:
        found = metrics[metrics.surface == surface]
        assert len(found) >= 1, surface
        return found.iloc[0]

    watts = one("50 billion watts")
    assert (watts.value_low, watts.unit, watts.year, watts.theme) == (5e10, "W", 2028, "energy")
    lag = one("three to six months")
    assert (lag.value_low, lag.value_high, lag.unit) == (3, 6, "month")
    cluster = one("100吉瓦")
    assert (cluster.value_low, cluster.unit, cluster.kind) == (1e11, "W", "power")


def test_evidence_row_is_readable(corpus: ek.Corpus) -> None:
    table = ek.evidence_table(corpus["000_98eda4eeaede7d8e"])
    row = table[table.quote.str.contains("50 billion watts")].iloc[0]
    assert row.metrics == "50 GW (2028)"
    assert "energy" in row.themes.split(", ")
    assert row.cites == "7, 8"


def test_comment_authors_are_speakers(corpus: ek.Corpus) -> None:
    sentences = ek.split_sentences(corpus["002_508b4d799a7d30db"])
    assert {s.speaker for s in sentences} == {"Paul Triolo", "Nicolas Palau"}


def test_tables_accept_a_document_or_a_corpus(corpus: ek.Corpus) -> None:
    document = corpus["004_42a3e7e1f291c0a6"]
    assert ek.metrics_table(document).equals(
        ek.metrics_table(corpus).query("doc_id == @document.id").reset_index(drop=True)
    )
    with pytest.raises(TypeError, match="expected a Document or a Corpus, got int"):
        ek.metrics_table(3)


def test_public_api_names_exist() -> None:
    for name in ek.__all__:
        assert getattr(ek, name) is not None, name


def test_headings_are_evidence_only_with_a_figure(corpus: ek.Corpus) -> None:
    quotes = set(ek.evidence_table(corpus["000_98eda4eeaede7d8e"]).quote)
    headings = {s.text for s in ek.split_sentences(corpus["000_98eda4eeaede7d8e"]) if s.heading}
    assert "Group 2: Energy Infrastructure Challenges" in headings
    assert not quotes & headings
