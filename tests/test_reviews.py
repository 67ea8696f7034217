"""Reviews: decisions recorded through the API and the JupyterLab panel survive edits of the
document (re-anchored by their quote), show in the tables and a store, and become orphans,
listed, when their text is gone. Exported tables hold exactly the rows shown."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import yaml

import evidencekit as ek
from evidencekit.report.document import claims_table
from evidencekit.report.exports import accuracy_table, export_tables
from evidencekit.report.review import ReviewPanel
from evidencekit.review.anchor import locate
from evidencekit.review.decisions import REVIEWS, Selector, read_decisions

ROOT = Path(__file__).resolve().parents[1]
DOC = "000_98eda4eeaede7d8e"
ANCHORS = yaml.safe_load((ROOT / "tests" / "cases" / "anchors.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", ANCHORS, ids=[c["id"] for c in ANCHORS])
def test_anchor_case(case):
    span = locate(Selector(**case["selector"]), case["text"])
    assert span == (tuple(case["span"]) if case["span"] else None)


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(ROOT / "seeds" / f"{DOC}.txt", folder)
    return folder


def _claim(data, surface: str) -> pd.Series:
    metrics = data.document(DOC).metrics
    return metrics[metrics["surface"] == surface].iloc[0]


def _review(corpus: Path) -> None:
    """One decision through the JupyterLab panel, three through the API."""
    data = ek.open_evidence(corpus)
    panel = ReviewPanel(data, DOC, reviewer="panel")
    panel.claim.value = _claim(data, "50 billion watts")["claim_key"]
    panel.value.value = "60000000000"
    panel.buttons["correct"].click()
    assert "recorded" in panel.status.value
    ek.review_claim(data, DOC, "reject", _claim(data, "2028")["claim_key"], reviewer="api")
    ek.review_claim(data, DOC, "confirm", _claim(data, "70%")["claim_key"], reviewer="api")
    ek.review_claim(
        data, DOC, "add", text="grand bargain", fields={"kind": "count"}, occurrence=1, reviewer="api"
    )


def _edit(corpus: Path, change) -> None:
    path = corpus / f"{DOC}.txt"
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def _state(data) -> dict[str, tuple[str, str]]:
    return {row.action: (row.status, row.surface) for row in data.document(DOC).reviews.itertuples()}


def test_reviews_survive_an_edit_above_and_show_in_tables_and_store(corpus, tmp_path):
    _review(corpus)
    decisions, problems = read_decisions(corpus / REVIEWS)
    assert [d.action for d in decisions] == ["correct", "reject", "confirm", "add"]
    assert problems == []
    line = json.loads((corpus / REVIEWS).read_text(encoding="utf-8").splitlines()[0])
    assert {"doc_id", "content_hash", "claim_key", "selector", "action", "fields", "reviewer", "time"} <= set(
        line
    )

    _edit(corpus, lambda text: "A paragraph added above every claim, by an editor.\n\n" + text)
    for data in (ek.open_evidence(corpus), _store(corpus, tmp_path)):
        assert _state(data) == {
            "correct": ("re-anchored", "50 billion watts"),
            "reject": ("re-anchored", "2028"),
            "confirm": ("re-anchored", "70%"),
            "add": ("re-anchored", "grand bargain"),
        }
        metrics = data.document(DOC).metrics.set_index("surface")
        assert metrics.loc["50 billion watts", "review"] == "corrected"
        assert metrics.loc["50 billion watts", "display"] == "60 GW"
        assert "2028" not in metrics.index  # rejected
        assert metrics.loc["70%", "review"] == "confirmed"
        assert metrics.loc["grand bargain", "review"] == "added"
        text = data.text(DOC)
        for row in data.document(DOC).metrics.itertuples():
            assert text[row.char_start : row.char_end] == row.surface

    _edit(corpus, lambda text: text.replace("50 billion watts", "more power"))
    data = ek.open_evidence(corpus)
    assert _state(data)["correct"] == ("orphan", "50 billion watts")
    orphan = data.orphans.iloc[0]
    assert orphan["reason"] == "the claim's text is no longer in the document"
    assert len(data.document(DOC).reviews) == 4  # listed, never dropped


def _store(corpus: Path, tmp_path: Path):
    from evidencekit.cli import main

    store = tmp_path / "store"
    assert main(["extract", str(corpus), "--out", str(store)]) == 0
    return ek.open_evidence(store_dir=store)


def test_a_bad_review_line_is_a_warning_naming_the_line(corpus):
    (corpus / REVIEWS).write_text("{not json\n", encoding="utf-8")
    data = ek.open_evidence(corpus)
    assert len(data.metrics) > 0
    assert any(f"{REVIEWS}:1:" in warning for warning in data.warnings)


def test_accuracy_counts_reviews_as_gold(corpus):
    _review(corpus)
    table = accuracy_table(ek.open_evidence(corpus)).set_index("doc_id")
    row = table.loc["all"]
    assert (row["confirmed"], row["corrected"], row["rejected"], row["added"]) == (1, 1, 1, 1)
    assert row["precision"] == pytest.approx(2 / 3, abs=1e-3)
    assert row["recall"] == pytest.approx(2 / 3, abs=1e-3)


def test_exported_csv_and_xlsx_hold_exactly_the_rows_of_the_table(corpus, tmp_path):
    data = ek.open_evidence(ROOT / "seeds")
    table = claims_table(data.metrics, data.documents, str(tmp_path / "page"))
    csv, xlsx = (Path(p) for p in table.files)
    shown = table.frame.astype(object).where(table.frame.notna(), None)
    read = pd.read_csv(csv, dtype=str, keep_default_na=False)
    assert list(read.columns) == list(table.frame.columns)
    assert len(read) == len(table.frame)
    expected = shown.map(lambda v: "" if v is None else str(v))
    assert read.values.tolist() == expected.values.tolist()
    sheet = openpyxl.load_workbook(xlsx, read_only=True).active
    rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == list(table.frame.columns)
    assert len(rows) - 1 == len(table.frame)
    assert [row[0] for row in rows[1:]] == list(table.frame["claim_key"])
    html = table._repr_html_()
    assert "page.claims.csv" in html
    assert "page.claims.xlsx" in html


def test_export_command_writes_every_table(tmp_path):
    data = ek.open_evidence(ROOT / "seeds")
    files = export_tables(data, tmp_path / "out", ["csv", "parquet"])
    assert {p.name for p in files} >= {"claims.csv", "metrics.parquet", "documents.csv", "reviews.csv"}
    assert len(pd.read_parquet(tmp_path / "out" / "metrics.parquet")) == len(data.metrics)


@pytest.mark.slow
def test_reviews_and_orphans_show_on_the_rebuilt_page(corpus, tmp_path):
    from evidencekit.report import build

    _review(corpus)
    _edit(
        corpus, lambda text: "A paragraph added above.\n\n" + text.replace("50 billion watts", "more power")
    )
    out = tmp_path / "out"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(build, "THEMES", ("energy",))
        report = build.build(str(corpus), out, out / "figures", ROOT / "notebooks", jobs=1, progress=False)
    assert report.failed == []
    page = (out / f"02-document-report-{DOC}.html").read_text(encoding="utf-8")
    assert "ek-rejected" in page  # the rejected 2028, struck out in the source
    assert "ek-confirmed" in page
    assert "ek-added" in page
    assert "orphan" in page
    assert (
        "the claim&#x27;s text is no longer in the document" in page
        or "the claim's text is no longer" in page
    )


def test_export_and_accuracy_commands(corpus, tmp_path, capsys):
    from evidencekit.cli import main

    assert main(["accuracy", str(corpus)]) == 0
    assert "no reviewed claim yet" in capsys.readouterr().out
    _review(corpus)
    assert main(["accuracy", str(corpus)]) == 0
    out = capsys.readouterr().out
    assert "precision" in out
    assert DOC in out
    assert main(["export", str(corpus), "--out", str(tmp_path / "x"), "--format", "xlsx"]) == 0
    claims = pd.read_excel(tmp_path / "x" / "claims.xlsx")
    assert list(claims["review"].fillna("")).count("added") == 1
    assert main(["export", "--out", str(tmp_path / "y")]) == 2  # neither a corpus nor a store
