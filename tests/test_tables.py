"""open_evidence: the tables of a corpus and of its extraction store are the same tables,
and everything that reads them (claims, charts, notebooks) accepts either."""

from __future__ import annotations

import importlib.util
import shutil
import stat
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd
import papermill
import pytest

from evidencekit import open_evidence
from evidencekit.archive.runs import extract
from evidencekit.archive.sets import TABLE_COLUMNS, EvidenceSet, as_evidence
from evidencekit.archive.store import StoreError
from evidencekit.evidence.tables import document_table
from evidencekit.ingest.corpus import load_corpus
from evidencekit.report.build import kernel_name
from evidencekit.report.build.pages import KERNEL_CONFIG
from evidencekit.report.charts import chart_spec, figure_set, theme_figures
from evidencekit.report.claims import compare_claims
from evidencekit.text.spin import spin_report, swap_counts

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SPUN = "001_8ad4a4114da0a702"  # the bundled document written by a content farm


def _generate(out: Path, docs: int) -> None:
    spec = importlib.util.spec_from_file_location("generate_corpus", REPO / "bench" / "generate_corpus.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(out, docs, seed=7, mean_kb=1.5, per_folder=4)


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory, paged: Any) -> tuple[EvidenceSet, EvidenceSet]:
    """A corpus (seeds, generated documents in subfolders, a PDF and a Word file with pages,
    broken files) and its store."""
    corpus = tmp_path_factory.mktemp("corpus") / "corpus"
    shutil.copytree(SEEDS, corpus)
    for path in corpus.iterdir():
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    _generate(corpus / "generated", 12)
    (corpus / "zz binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (corpus / "zz_empty.md").write_text("")
    paged.pdf(
        corpus / "paged_brief.pdf", [["Chip exports"], [{"picture": 1}], ["Demand reaches 50 GW by 2028."]]
    )
    paged.docx(corpus / "paged_memo.docx", [["Exports fell 20% in 2024."], ["The grid adds 40 GW."]])
    paged.pdf(corpus / "zz_scan.pdf", [[{"picture": 2}]])
    (corpus / "zz_front.md").write_text("---\ntitle: [unclosed\n---\nText with 5 GW.\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("store") / "store"
    extract(corpus, out, progress=False)
    return open_evidence(corpus_dir=corpus), open_evidence(corpus_dir=corpus, store_dir=out)


@pytest.mark.parametrize("table", list(TABLE_COLUMNS))
def test_store_and_corpus_give_the_same_table(both: tuple[EvidenceSet, EvidenceSet], table: str) -> None:
    parsed, stored = both
    assert list(getattr(stored, table).columns) == list(TABLE_COLUMNS[table])
    assert len(getattr(parsed, table)) > 0
    pd.testing.assert_frame_equal(getattr(stored, table), getattr(parsed, table))


def test_store_and_corpus_give_the_same_pages(both: tuple[EvidenceSet, EvidenceSet]) -> None:
    for data in both:
        metrics = data.metrics.set_index("doc_id")
        assert metrics.loc["paged_brief", "page"].tolist() == [3, 3]
        assert metrics.loc["paged_memo", "page"].tolist() == [1, 1, 2]
        assert metrics.loc["001_8ad4a4114da0a702", "page"].isna().all()
        documents = data.documents.set_index("doc_id")
        assert (documents.loc["paged_brief", "pages"], documents.loc["paged_brief", "empty_pages"]) == (
            3,
            "2",
        )


def test_store_and_corpus_name_the_same_files(both: tuple[EvidenceSet, EvidenceSet]) -> None:
    parsed, stored = both
    columns = ["path", "doc_id", "status", "code", "reason"]
    ordered = [
        frame.sort_values("path", ignore_index=True)[columns] for frame in (parsed.files, stored.files)
    ]
    pd.testing.assert_frame_equal(ordered[1], ordered[0])
    assert stored.ids == parsed.ids
    # + a PDF and a Word file, and broken front matter: read, with a warning (issue #12)
    assert len(stored.ids) == 5 + 12 + 2 + 1
    assert "zz_front" in stored.ids
    assert sorted(stored.errors) == sorted(parsed.errors)
    assert [e.split(":")[0] for e in sorted(stored.errors)] == ["zz binary.txt"]
    assert sorted(w.split(":")[0] for w in stored.warnings) == ["zz_empty.md", "zz_front.md", "zz_scan.pdf"]


def test_one_document_reads_only_its_rows(both: tuple[EvidenceSet, EvidenceSet]) -> None:
    parsed, stored = both
    for data in both:
        one = data.document(SPUN)
        assert one.ids == (SPUN,)
        for table in TABLE_COLUMNS:
            whole = getattr(parsed, table)
            expected = whole[whole["doc_id"] == SPUN].reset_index(drop=True)
            pd.testing.assert_frame_equal(getattr(one, table), expected)
    pd.testing.assert_series_equal(stored.meta(SPUN), parsed.meta(SPUN))
    assert stored.meta(SPUN)["url"] is None
    assert stored.meta(SPUN)["lang"] == "zh"
    only = open_evidence(store_dir=stored.source.removeprefix("store "), docs=[SPUN])
    pd.testing.assert_frame_equal(only.metrics, stored.document(SPUN).metrics)


def test_unknown_document_suggests_close_ids(both: tuple[EvidenceSet, EvidenceSet]) -> None:
    _, stored = both
    with pytest.raises(KeyError, match=f"did you mean {SPUN}"):
        stored.document(SPUN[:-1] + "x")


def test_swaps_count_what_the_spin_report_undid(both: tuple[EvidenceSet, EvidenceSet]) -> None:
    _, stored = both
    text = load_corpus(SEEDS)[SPUN].text
    expected = swap_counts(spin_report(text))
    pd.testing.assert_frame_equal(stored.swaps(SPUN), expected, check_dtype=False)
    assert int(stored.meta(SPUN)["swaps"]) == int(expected["count"].sum())
    assert bool(stored.meta(SPUN)["spun"])
    assert stored.swaps("000_98eda4eeaede7d8e").empty


def test_the_swaps_page_says_what_each_repair_stands_on(both: tuple[EvidenceSet, EvidenceSet]) -> None:
    """Spun: the pairs with count, mean likelier (nats) and jieba's count of the form; a form
    ordinary Chinese never writes (可以或许) counts 0. Not spun: one sentence."""
    from evidencekit.report.document import Prose, ReportTable, swaps_table

    _, stored = both
    table = swaps_table(stored.document(SPUN), SPUN)
    assert isinstance(table, ReportTable)
    assert list(table.frame.columns) == ["spun", "original", "count", "likelier", "form_count", "flips"]
    row = table.frame.set_index("spun").loc["可以或许"]
    assert row["original"] == "能够"
    assert row["form_count"] == 0
    assert row["likelier"] > 0
    assert int(table.frame["count"].sum()) == int(stored.meta(SPUN)["swaps"])
    plain = swaps_table(stored.document("004_42a3e7e1f291c0a6"), "004_42a3e7e1f291c0a6")
    assert isinstance(plain, Prose)
    assert "Not spun" in repr(plain)


def test_claims_and_charts_read_a_store(both: tuple[EvidenceSet, EvidenceSet]) -> None:
    parsed, stored = both
    pd.testing.assert_frame_equal(compare_claims(stored), compare_claims(parsed))
    pd.testing.assert_frame_equal(
        compare_claims(stored, theme="energy"), compare_claims(parsed, theme="energy")
    )
    charts = figure_set(stored)
    assert {name: chart_spec(c) for name, c in charts.items()} == {
        name: chart_spec(c) for name, c in figure_set(parsed).items()
    }
    theme = theme_figures("chip-control", stored)
    assert list(theme) == list(theme_figures("chip-control", parsed))


def test_documents_are_accepted_as_they_were() -> None:
    corpus = load_corpus(SEEDS)
    data = as_evidence(corpus)
    pd.testing.assert_frame_equal(data.documents, document_table(corpus))
    assert as_evidence(data) is data
    assert as_evidence(corpus[SPUN]).ids == (SPUN,)
    with pytest.raises(TypeError, match="expected an EvidenceSet"):
        as_evidence(3)
    with pytest.raises(ValueError, match="corpus_dir"):
        open_evidence()


def test_an_empty_store_path_means_the_corpus() -> None:
    data = open_evidence(corpus_dir=SEEDS, store_dir="")
    assert data.source.startswith("corpus ")
    assert len(data) == 5


def test_a_missing_store_is_named(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"nowhere: not an extraction store .*evidencekit extract"):
        open_evidence(store_dir=tmp_path / "nowhere")


WIDGET = "application/vnd.jupyter.widget-view+json"  # a widget's random model id (nbval skips it too)


def _outputs(nb: nbformat.NotebookNode) -> list[list[dict[str, object]]]:
    """Each code cell's outputs, without execution counts and widget model ids."""
    cells = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            cells.append([_comparable(out) for out in cell.outputs])
    return cells


def _comparable(output: dict[str, object]) -> dict[str, object]:
    kept = {k: v for k, v in output.items() if k != "execution_count"}
    if isinstance(kept.get("data"), dict):
        kept["data"] = {k: v for k, v in kept["data"].items() if k != WIDGET}  # type: ignore[union-attr]
    return kept


@pytest.mark.slow
@pytest.mark.parametrize("name", ["02-document-report", "03-theme-report"])
def test_a_notebook_reads_a_store_and_shows_what_the_committed_one_shows(
    tmp_path_factory: pytest.TempPathFactory, name: str
) -> None:
    """The committed notebooks ran on seeds/; on a store extracted from seeds/ they show the same."""
    out = tmp_path_factory.getbasetemp() / "seeds-store"
    if not out.exists():
        extract(SEEDS, out, progress=False)
    notebook = REPO / "notebooks" / f"{name}.ipynb"
    ran = papermill.execute_notebook(
        str(notebook),
        None,
        parameters={"store_dir": str(out), "corpus_dir": "/nonexistent: the store is read, not the corpus"},
        kernel_name=kernel_name(),
        cwd=str(REPO / "notebooks"),
        progress_bar=False,
        config=KERNEL_CONFIG,
    )
    committed = nbformat.read(notebook, as_version=4)
    skip = 2  # the parameters cell and papermill's injected one have no outputs
    assert _outputs(ran)[skip:] == _outputs(committed)[1:]
