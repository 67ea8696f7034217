"""Cross-document claims (#4): schema, the corroboration rule, filters, and the bundled seeds."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import evidencekit as ek
from evidencekit.extract.themes import theme_ids
from evidencekit.report.claims import CLAIM_COLUMNS, SORT_ORDER, compare_claims

ROOT = Path(__file__).resolve().parents[1]
SEED_EN = "000_98eda4eeaede7d8e"
SEED_ZH = "001_8ad4a4114da0a702"


def write_corpus(folder: Path, texts: dict[str, str]) -> ek.Corpus:
    """One file per document (``name.txt`` or ``name.md``), read back as a corpus."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text + "\n", encoding="utf-8")
    return ek.load_corpus(folder)


def assert_schema(claims: pd.DataFrame) -> None:
    assert list(claims.columns) == list(CLAIM_COLUMNS)
    assert {c: str(t) for c, t in claims.dtypes.items()} == CLAIM_COLUMNS


@pytest.fixture(scope="module")
def seeds(seed_corpus: ek.Corpus) -> ek.Corpus:
    return seed_corpus


@pytest.fixture(scope="module")
def seed_claims(seeds: ek.Corpus) -> pd.DataFrame:
    return compare_claims(seeds)


# (id, first document, second document, same claim?)
PAIRS = [
    (
        "same power and year across languages",
        "New power demand from the AI industry will reach 50 billion watts by 2028.",
        "到2028年新增电力需求将达到500亿瓦。",
        True,
    ),
    ("same power, other year", "Data centres need 50 GW by 2028.", "Data centres need 50 GW by 2030.", False),
    ("a year on one side only", "Data centres need 50 GW by 2028.", "Data centres need 50 GW.", False),
    ("dated, within 2 %", "Data centres need 50 GW by 2028.", "Data centres need 50.9 GW by 2028.", True),
    ("dated, beyond 2 %", "Data centres need 50 GW by 2028.", "Data centres need 52 GW by 2028.", False),
    ("undated, equal", "China is 3 months behind.", "差距缩小至三个月。", True),
    ("undated, close but not equal", "Data centres need 50 GW.", "Data centres need 50.9 GW.", False),
    ("subject unknown on one side", "Data centres need 50 GW by 2028.", "They need 50 GW by 2028.", False),
    (
        "same size, other subject",
        "Data centres used 4.4% of US electricity in 2023.",
        "The US unemployment rate was 4.4% in 2023.",
        False,
    ),
    (
        "a level and a fall",
        "Data centres used 4.4% of US power in 2023.",
        "US power use fell 4.4% in 2023.",
        False,
    ),
    ("a rise and a fall", "Chip exports rose 12% in 2024.", "Chip exports fell 12% in 2024.", False),
    (
        "same rise across languages",
        "Chip exports rose 12% year on year in 2024.",
        "2024年芯片出口同比增长12%。",
        True,
    ),
    ("range vs single value", "China is three to six months behind.", "China is 3 months behind.", False),
    ("range vs range", "China is three to six months behind.", "中国落后三到六个月。", True),
    ("approximate is a hedge", "China is about 3 months behind.", "China is 3 months behind.", True),
    ("more than vs plain", "They plan more than 100 GW of capacity.", "They plan 100 GW of capacity.", False),
    (
        "at least vs more than",
        "They plan at least 100 GW of capacity.",
        "They plan more than 100 GW of capacity.",
        True,
    ),
    (
        "same percent across languages",
        "70% of AI researchers are foreign-born.",
        "70%的在美AI研究人员出生在国外。",
        True,
    ),
    ("USD vs CNY", "Stargate costs US$500 billion.", "项目投资5000亿元。", False),
    (
        "same count, same noun",
        "Qualcomm sold 60 million chips in 2024.",
        "Sales of 60 million chips were recorded in 2024.",
        True,
    ),
    (
        "same count, other noun",
        "Qualcomm sold 60 million chips in 2024.",
        "60 million soldiers died in 2024.",
        False,
    ),
]


@pytest.mark.parametrize(("first", "second", "linked"), [p[1:] for p in PAIRS], ids=[p[0] for p in PAIRS])
def test_two_documents_state_one_claim_or_two(tmp_path: Path, first: str, second: str, linked: bool) -> None:
    claims = compare_claims(write_corpus(tmp_path, {"a.txt": first, "b.txt": second}))
    assert_schema(claims)
    assert sorted(claims["doc_id"]) == ["a", "b"], "each sentence states exactly one non-date metric"
    row = {r.doc_id: r for r in claims.itertuples()}
    assert (row["a"].claim_id == row["b"].claim_id) is linked
    assert [row["a"].sources, row["b"].sources] == ([2, 2] if linked else [1, 1])
    assert [row["a"].corroborated_by, row["b"].corroborated_by] == (["b", "a"] if linked else ["", ""])


def test_the_power_claim_row_by_row(tmp_path: Path) -> None:
    texts = {
        "en.md": "---\ntitle: Power needs\noutlet: Example Daily\ndate: 2025-12-04\n---\n"
        "New power demand from the AI industry will reach 50 billion watts by 2028.",
        "zh.txt": "到2028年新增电力需求将达到500亿瓦。",
    }
    corpus = write_corpus(tmp_path, texts)
    claims = compare_claims(corpus)
    en, zh = ({k: None if pd.isna(v) else v for k, v in r.items()} for r in claims.to_dict("records"))
    text = corpus["en"].text
    assert text[en["char_start"] : en["char_end"]] == "50 billion watts"
    assert en == {
        "claim_id": "power-5e10-2028",
        "doc_id": "en",
        "title": "Power needs",
        "outlet": "Example Daily",
        "date": "2025-12-04",
        "lang": "en",
        "kind": "power",
        "value_low": 5e10,
        "value_high": 5e10,
        "unit": "W",
        "qualifier": None,
        "direction": None,
        "per": None,
        "display": "50 GW",
        "year": 2028,
        "period": None,
        "subject": "power demand from the AI industry",
        "surface": "50 billion watts",
        "theme": "energy",
        "quote": "New power demand from the AI industry will reach 50 billion watts by 2028.",
        "char_start": text.index("50 billion"),
        "char_end": text.index(" by 2028"),
        "sources": 2,
        "corroborated_by": "zh",
        "year_basis": "sentence",
    }
    assert (zh["claim_id"], zh["lang"], zh["year"], zh["display"]) == ("power-5e10-2028", "zh", 2028, "50 GW")
    assert (zh["title"], zh["outlet"], zh["date"]) == (None, None, None)  # a plain file states none
    assert corpus["zh"].text[zh["char_start"] : zh["char_end"]] == "500亿瓦"


def test_three_sources_and_a_repeated_figure(tmp_path: Path) -> None:
    texts = {
        "a.txt": "China is 3 months behind. Later it said again: China is 3 months behind.",
        "b.txt": "差距缩小至三个月。",
        "c.txt": "China is about 3 months behind.",
        "d.txt": "China is one to two years behind.",
    }
    claims = compare_claims(write_corpus(tmp_path, texts), "duration")
    three = claims[claims["claim_id"] == "duration-3"].sort_values(["doc_id", "char_start"])
    assert list(three["doc_id"]) == ["a", "a", "b", "c"]
    assert list(three["sources"]) == [3, 3, 3, 3]  # a document repeating itself is one source
    assert list(three["corroborated_by"]) == ["b, c", "b, c", "a, c", "a, b"]
    other = claims[claims["doc_id"] == "d"]
    assert (list(other["claim_id"]), list(other["sources"])) == (["duration-12to24"], [1])


def test_matching_is_anchored_not_chained(tmp_path: Path) -> None:
    texts = {
        "a.txt": "Data centres need 50 GW by 2028.",
        "b.txt": "Data centres need 50.9 GW by 2028.",
        "c.txt": "Data centres need 51.8 GW by 2028.",
    }
    claims = compare_claims(write_corpus(tmp_path, texts))
    ids = dict(zip(claims["doc_id"], claims["claim_id"], strict=True))
    assert ids == {"a": "power-5e10-2028", "b": "power-5e10-2028", "c": "power-5.18e10-2028"}


@pytest.mark.parametrize(
    ("tolerance", "linked"),
    [(0.0, False), (0.01, False), (0.02, True), (0.05, True)],
)
def test_tolerance(tmp_path: Path, tolerance: float, linked: bool) -> None:
    corpus = write_corpus(
        tmp_path, {"a.txt": "Data centres need 50 GW by 2028.", "b.txt": "Data centres need 50.9 GW by 2028."}
    )
    claims = compare_claims(corpus, tolerance=tolerance)
    assert (claims["claim_id"].nunique() == 1) is linked


def test_dates_are_compared_exactly(tmp_path: Path) -> None:
    texts = {"a.txt": "From 2021 to 2025 it grew.", "b.txt": "From 2021 to 2026 it grew."}
    claims = compare_claims(write_corpus(tmp_path, texts), "date", tolerance=0.05)
    assert list(claims["claim_id"]) == ["date-2021to2025", "date-2021to2026"]


@pytest.mark.parametrize(
    ("kind", "kinds"),
    [
        (None, {"power", "duration", "percent"}),
        ("power", {"power"}),
        (["power", "date"], {"power", "date"}),
        (("duration",), {"duration"}),
        ("date", {"date"}),
        ("energy", set()),
    ],
)
def test_kind_filter(tmp_path: Path, kind: str | list[str] | None, kinds: set[str]) -> None:
    texts = {"a.txt": "They need 50 GW by 2028. China is three to six months behind. 70% agree."}
    claims = compare_claims(write_corpus(tmp_path, texts), kind)
    assert_schema(claims)
    assert set(claims["kind"]) == kinds


def test_theme_filter_keeps_corroboration_and_ids(seeds: ek.Corpus, seed_claims: pd.DataFrame) -> None:
    shown = 0
    for theme in theme_ids():
        only = compare_claims(seeds, theme=theme)
        assert_schema(only)
        expected = seed_claims[seed_claims["theme"] == theme].reset_index(drop=True)
        pd.testing.assert_frame_equal(only, expected)
        shown += len(only)
    assert 0 < shown == seed_claims["theme"].notna().sum()


def test_filters_reject_unknown_values(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path, {"a.txt": "Data centres need 50 GW by 2028."})
    with pytest.raises(ValueError, match="unknown kind 'watts'"):
        compare_claims(corpus, "watts")
    with pytest.raises(ValueError, match="unknown theme 'weather'"):
        compare_claims(corpus, theme="weather")
    with pytest.raises(ValueError, match="tolerance"):
        compare_claims(corpus, tolerance=1.5)


@pytest.mark.parametrize("source", ["seeds", pd.DataFrame({"doc_id": ["a"]}), 42, [1, 2]])
def test_rejects_what_is_not_documents(source: object) -> None:
    with pytest.raises(TypeError, match="expected an EvidenceSet"):
        compare_claims(source)  # type: ignore[arg-type]


def test_empty_corpus_gives_an_empty_table(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    for source in (ek.load_corpus(tmp_path / "empty"), []):
        claims = compare_claims(source)
        assert claims.empty
        assert_schema(claims)


def test_a_single_document(seeds: ek.Corpus, seed_claims: pd.DataFrame) -> None:
    alone = compare_claims(seeds[SEED_EN])
    assert set(alone["doc_id"]) == {SEED_EN}
    assert set(alone["sources"]) == {1}
    assert set(alone["claim_id"]) <= set(seed_claims["claim_id"])


def test_seed_table_is_sorted_and_stable(seeds: ek.Corpus, seed_claims: pd.DataFrame) -> None:
    assert_schema(seed_claims)
    resorted = seed_claims.sort_values(SORT_ORDER, kind="stable", na_position="last")
    assert seed_claims.equals(resorted.reset_index(drop=True))
    assert "date" not in set(seed_claims["kind"])
    assert compare_claims(seeds).equals(seed_claims)
    for row in seed_claims.itertuples():
        assert seeds[row.doc_id].text[row.char_start : row.char_end] in row.quote
        same = seed_claims[seed_claims["claim_id"] == row.claim_id]
        assert row.sources == same["doc_id"].nunique()
        others = sorted(set(same["doc_id"]) - {row.doc_id})
        assert row.corroborated_by == ", ".join(others)


def test_seed_power_claims_linked_across_languages(seed_claims: pd.DataFrame) -> None:
    """50 billion watts by 2028 (000, English) and 500亿瓦 (001, spun Chinese) are one claim.

    Seed 001 is a reshuffled copy: 到2028年 stands in another sentence than 500亿瓦, so the
    Chinese row takes the year from its document (year_basis "document").
    """
    power = seed_claims[seed_claims["kind"] == "power"]
    en = power[(power["doc_id"] == SEED_EN) & (power["value_low"] == 5e10)].iloc[0]
    zh = power[(power["doc_id"] == SEED_ZH) & (power["value_low"] == 5e10)].iloc[0]
    assert (en["display"], zh["display"]) == ("50 GW", "50 GW")
    assert en["claim_id"] == zh["claim_id"] == "power-5e10-2028"
    assert (en["year_basis"], zh["year_basis"]) == ("sentence", "document")
    assert (en["sources"], zh["sources"]) == (2, 2)


def test_undated_figure_takes_a_year_only_its_document_states(tmp_path: Path) -> None:
    texts = {
        "en.txt": "New power demand from the AI industry will reach 50 billion watts by 2028.",
        "zh.txt": "到2028年，美国将面临挑战。\n\n新增电力需求将达到500亿瓦。",
        "other.txt": "到2030年。\n\n新增电力需求将达到500亿瓦。",
    }
    claims = compare_claims(write_corpus(tmp_path, texts), "power").set_index("doc_id")
    assert claims.loc["zh", "claim_id"] == claims.loc["en", "claim_id"] == "power-5e10-2028"
    assert claims.loc["zh", "year_basis"] == "document"
    assert pd.isna(claims.loc["other", "year"])
    assert claims.loc["other", "claim_id"] != "power-5e10-2028"


def test_seed_percent_claim_is_corroborated_across_languages(seed_claims: pd.DataFrame) -> None:
    seventy = seed_claims[seed_claims["claim_id"] == "percent-70"].sort_values("doc_id")
    assert list(seventy["doc_id"]) == [SEED_EN, SEED_ZH]
    assert list(seventy["lang"]) == ["en", "zh"]
    assert list(seventy["corroborated_by"]) == [SEED_ZH, SEED_EN]


def test_corroborated_claims_one_liner(seed_claims: pd.DataFrame) -> None:
    corroborated = seed_claims[seed_claims["sources"] >= 2]
    assert len(corroborated) > 0
    assert (corroborated["corroborated_by"] != "").all()
    assert (seed_claims[seed_claims["sources"] < 2]["corroborated_by"] == "").all()


def test_seed_gap_of_three_months_is_one_claim(seed_claims: pd.DataFrame) -> None:
    """差距缩小至约一个季度 (001) and 领先优势仅有三个月 (003) size the same gap (#13)."""
    three = seed_claims[seed_claims["claim_id"] == "duration-3"].sort_values("doc_id")
    assert list(three["doc_id"]) == [SEED_ZH, "003_9fe6c5c9c9ee8f17"]
    assert set(three["subject"]) == {"差距", "领先优势"}


@pytest.mark.parametrize(
    ("text", "surface", "year"),
    [
        ("2021年，零售额突破10万亿元，同比增长12.0%；移动支付1512.28亿笔，同比增长22.73%。", "22.73%", 2021),
        ("In 2021, retail sales rose 12%; mobile payments grew 22.7%.", "22.7%", 2021),
        ("2021年，零售额增长12.0%；2022年，移动支付增长22.73%。", "22.73%", 2022),
        ("2021年，零售额增长12.0%。移动支付增长22.73%。", "22.73%", None),
        ("2021年，零售额增长12.0%；去年移动支付增长22.73%。", "22.73%", None),
    ],
)
def test_a_date_opening_clauses_joined_by_semicolons_governs_them_all(
    tmp_path: Path, text: str, surface: str, year: int | None
) -> None:
    metrics = ek.metrics_table(write_corpus(tmp_path, {"doc.txt": text}))
    row = metrics[metrics["surface"] == surface].iloc[0]
    assert (None if pd.isna(row["year"]) else int(row["year"])) == year
